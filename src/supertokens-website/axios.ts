import type { AxiosInstance } from 'axios';
import { interceptAxios, type AxiosSend } from '../axios/adapter';
import { tabsessionError } from '../errors';

/**
 * The drop-in's `addAxiosInterceptors`: the session adapter of `tabsession/axios`, so an instance gets the
 * session with or without the XMLHttpRequest patch, handled once when both are on. The drop-in cannot import
 * axios (its apps need not have it), so each attempt goes through axios's own dispatch on a copy of the
 * instance without interceptors or defaults (`instance.create()`): the app's interceptors still run once,
 * around the whole exchange. With no request interceptor, axios calls the adapter synchronously, so its
 * XMLHttpRequest is opened inside `withoutInterception` as with `tabsession/axios`.
 */
export function addDropinAxiosInterceptors(instance: unknown): void {
  if (!isAxiosInstance(instance)) {
    throw tabsessionError('CONFIG', 'TS057');
  }
  const bare = instance.create();
  // The attempt's config is complete (merged and transformed): nothing of the instance's may be merged in
  // again, such as a default header that an app's interceptor removed.
  for (const key of Object.keys(bare.defaults)) Reflect.deleteProperty(bare.defaults, key);
  const send: AxiosSend = {
    // Never the config's own adapter (ours); no setting: axios's default, as its dispatch picks it. Already
    // transformed: the body is not serialised twice, and the response is parsed once, by the caller's dispatch.
    adapter:
      (setting) =>
      ({ adapter: _, ...config }) =>
        bare.request({ ...config, ...(setting === undefined ? {} : { adapter: setting }), transformRequest: [], transformResponse: [] }),
  };
  interceptAxios(instance, send);
}

function isAxiosInstance(value: unknown): value is AxiosInstance {
  const candidate = value as Partial<AxiosInstance> | undefined;
  return typeof value === 'function' && typeof candidate?.create === 'function' && typeof candidate.interceptors?.request?.use === 'function';
}
