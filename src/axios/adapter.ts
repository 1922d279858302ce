// Types only: this module is shared with the supertokens-website drop-in, whose apps may not have axios.
import type { AxiosAdapter, AxiosError, AxiosHeaders, AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { parseJsonBody } from '../core/body';
import { withoutInterception } from '../core/bypass';
import type { HeaderBag } from '../core/exchange';
import { coreOf, type SessionClient } from '../core/public';
import { inBrowser } from '../env';
import { TabsessionError, isTabsessionError } from '../errors';
import { getClient } from '../index';

export type AdapterSpec = InternalAxiosRequestConfig['adapter'];

/**
 * How the session adapter sends an attempt: `tabsession/axios` through the axios module's adapters, the
 * drop-in (which must not import axios) through the instance it is given.
 */
export interface AxiosSend {
  /** Sends `config` through the adapter `setting` names (undefined: axios's default), as axios would. */
  adapter(setting: AdapterSpec, config: InternalAxiosRequestConfig): AxiosAdapter;
}

/** One attempt as axios answered it: a response, or the error axios raises for its status (a 401). */
interface Outcome {
  response: AxiosResponse;
  /** Built once per response: the core reads several session headers from it. */
  headers: AxiosHeaders;
  error?: AxiosError;
}

/** Our adapters, each mapped to the adapter setting it replaced, so a reused config is never wrapped twice. */
const wrapped = new WeakMap<AxiosAdapter, AdapterSpec>();
/** Shared by `tabsession/axios` and the drop-in: an instance given the session by both is handled once. */
const installed = new WeakMap<AxiosInstance, () => void>();

/** Installs the session adapter on `instance` (see `addAxiosInterceptors` in ./index.ts); idempotent. */
export function interceptAxios(instance: AxiosInstance, send: AxiosSend, own?: SessionClient, fallback?: AdapterSpec): () => void {
  const existing = installed.get(instance);
  if (existing) return existing;
  // The adapter is chosen here but decides at dispatch, when every request interceptor has had its say.
  const id = instance.interceptors.request.use((config) => {
    config.adapter = sessionAdapter(instance, send, adapterSetting(config.adapter) ?? instance.defaults.adapter ?? fallback, own);
    return config;
  });
  const remove = () => {
    instance.interceptors.request.eject(id);
    installed.delete(instance);
  };
  installed.set(instance, remove);
  return remove;
}

/** The adapter setting behind `adapter`, looking through one of ours. */
function adapterSetting(adapter: AdapterSpec): AdapterSpec {
  return typeof adapter === 'function' && wrapped.has(adapter) ? wrapped.get(adapter) : adapter;
}

/** axios's own test (`isAxiosError`), which works across copies of axios. */
const isAxiosError = (error: unknown): error is AxiosError => typeof error === 'object' && error !== null && (error as AxiosError).isAxiosError === true;

function sessionAdapter(instance: AxiosInstance, axios: AxiosSend, setting: AdapterSpec, own: SessionClient | undefined): AxiosAdapter {
  const adapter: AxiosAdapter = async (config) => {
    if (!inBrowser()) return axios.adapter(setting, config)(config); // on the server: pass through untouched
    const session = coreOf(own ?? getClient());
    const url = instance.getUri(config);
    if (!session.intercepts(url)) return axios.adapter(setting, config)(config);

    // Handled once: this layer owns the request, so each attempt goes past tabsession's global patches.
    // The XHR adapter builds its XMLHttpRequest synchronously, inside withoutInterception; the fetch
    // adapter calls fetch later, so the fetch it is given (axios >= 1.12 reads env.fetch) steps inside.
    const fetch = config.env?.fetch ?? globalThis.fetch;
    const base: InternalAxiosRequestConfig = {
      ...config,
      env: { ...config.env, fetch: (input: RequestInfo | URL, init?: RequestInit) => withoutInterception(() => fetch(input, init)) },
    };
    const send = axios.adapter(setting, base);
    // The AxiosHeaders class of the axios that sends (dispatchRequest made config.headers one).
    const Headers = config.headers.constructor as typeof AxiosHeaders;
    const chosen = config.withCredentials;
    // A real AbortSignal only (axios also accepts look-alikes and CancelToken, which its adapter handles).
    const signal = typeof AbortSignal !== 'undefined' && config.signal instanceof AbortSignal ? config.signal : undefined;
    let outcome: Outcome;
    try {
      outcome = await session.run<Outcome>({
        signal,
        async send(decorate) {
          // A fresh copy per attempt: the retry starts from the caller's headers, with the new tokens.
          const headers = Headers.concat(config.headers);
          const outgoing = { headers: headerBag(headers), credentials: chosen === undefined ? undefined : chosen ? 'include' : ('same-origin' as RequestCredentials) };
          decorate(outgoing);
          const attempt: InternalAxiosRequestConfig = { ...base, headers };
          if (outgoing.credentials !== undefined) attempt.withCredentials = outgoing.credentials === 'include';
          try {
            const response = await withoutInterception(() => send(attempt));
            return { response, headers: Headers.from(response.headers as AxiosHeaders) };
          } catch (error) {
            // validateStatus rejects a 401: inside the exchange it is an answer, not a failure.
            if (isAxiosError(error) && error.response) {
              return { response: error.response, headers: Headers.from(error.response.headers as AxiosHeaders), error };
            }
            throw error;
          }
        },
        status: (outcome) => outcome.response.status,
        url: (outcome) => (outcome.response.request as { responseURL?: unknown } | undefined)?.responseURL?.toString() ?? '',
        header: (outcome, name) => headerValue(outcome.headers.get(name)),
        json: (outcome) => parseJsonBody(outcome.response.data),
      });
    } catch (error) {
      // Aborted while waiting for a refresh: the signal's reason goes up, and axios's dispatch, which checks
      // the signal whenever an adapter fails, throws its CanceledError instead, as for any aborted request.
      // axios treats any `error.response` as its own response object and rewrites it; a REFRESH_FAILED
      // carries the refresh's fetch Response there, so hand axios the same error without it.
      if (isTabsessionError(error) && error.response) {
        throw new TabsessionError(error.type, error.message, { status: error.status, retryAfter: error.retryAfter, cause: error, code: error.code });
      }
      throw error;
    }
    if (outcome.error) throw outcome.error;
    return outcome.response;
  };
  wrapped.set(adapter, setting);
  return adapter;
}

function headerValue(value: unknown): string | null {
  return value === undefined || value === null || value === false ? null : String(value);
}

function headerBag(headers: AxiosHeaders): HeaderBag {
  return {
    get: (name) => headerValue(headers.get(name)),
    set: (name, value) => void headers.set(name, value),
  };
}
