import axios, {
  AxiosHeaders,
  CanceledError,
  getAdapter,
  isAxiosError,
  type AxiosAdapter,
  type AxiosError,
  type AxiosInstance,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import { coreOf } from '../core/public';
import { inBrowser } from '../env';
import { parseJsonBody } from '../core/body';
import { withoutInterception } from '../core/bypass';
import type { HeaderBag } from '../core/exchange';
import type { SessionClient } from '../core/public';
import { TabsessionError, isTabsessionError } from '../errors';
import { getClient } from '../index';

type AdapterSpec = InternalAxiosRequestConfig['adapter'];

/** One attempt as axios answered it: a response, or the error axios raises for its status (a 401). */
interface Outcome {
  response: AxiosResponse;
  /** Built once per response: the core reads several session headers from it. */
  headers: AxiosHeaders;
  error?: AxiosError;
}

/** Our adapters, each mapped to the adapter setting it replaced, so a reused config is never wrapped twice. */
const wrapped = new WeakMap<AxiosAdapter, AdapterSpec>();
const installed = new WeakMap<AxiosInstance, () => void>();

/**
 * Gives an axios instance the session: requests to the API get the session headers and
 * `withCredentials: true` (unless set), and a 401 leads to one shared refresh, then the same request again.
 * Returns a function that removes the interceptor. Calling it again for the same instance changes nothing.
 *
 * Each attempt re-sends the already transformed request through axios's own adapter, so a retried POST
 * carries the same body and Content-Type (its data is not stringified twice). The app's interceptors run
 * once, around the whole exchange; its error interceptors see the final 401 as the usual AxiosError, and
 * a session that cannot be kept as a `TabsessionError` (REFRESH_FAILED, MAX_REFRESH_ATTEMPTS).
 *
 * @example
 * import axios from 'axios';
 * import { init } from 'tabsession';
 * import { addAxiosInterceptors } from 'tabsession/axios';
 *
 * init({ apiDomain: 'https://api.example.com' });
 * const api = axios.create({ baseURL: 'https://api.example.com' });
 * addAxiosInterceptors(api);
 * const { data } = await api.post('/orders', { item: 42 }); // refreshed and retried if the token expired
 *
 * // With an instance of its own (createClient), for a second API:
 * addAxiosInterceptors(billingApi, { session: billing });
 */
export function addAxiosInterceptors(instance: AxiosInstance = axios, options: { session?: SessionClient } = {}): () => void {
  const existing = installed.get(instance);
  if (existing) return existing;
  // The adapter is chosen here but decides at dispatch, when every request interceptor has had its say.
  const id = instance.interceptors.request.use((config) => {
    config.adapter = sessionAdapter(instance, adapterSetting(config.adapter) ?? instance.defaults.adapter ?? axios.defaults.adapter, options.session);
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

function sessionAdapter(instance: AxiosInstance, setting: AdapterSpec, own: SessionClient | undefined): AxiosAdapter {
  const adapter: AxiosAdapter = async (config) => {
    if (!inBrowser()) return getAdapter(setting, config)(config); // on the server: pass through untouched
    const session = coreOf(own ?? getClient());
    const url = instance.getUri(config);
    if (!session.intercepts(url)) return getAdapter(setting, config)(config);

    // Handled once: this layer owns the request, so each attempt goes past tabsession's global patches.
    // The XHR adapter builds its XMLHttpRequest synchronously, inside withoutInterception; the fetch
    // adapter calls fetch later, so the fetch it is given (axios >= 1.12 reads env.fetch) steps inside.
    const fetch = config.env?.fetch ?? globalThis.fetch;
    const base: InternalAxiosRequestConfig = {
      ...config,
      env: { ...config.env, fetch: (input: RequestInfo | URL, init?: RequestInit) => withoutInterception(() => fetch(input, init)) },
    };
    const send = getAdapter(setting, base);
    const chosen = config.withCredentials;
    // A real AbortSignal only (axios also accepts look-alikes and CancelToken, which its adapter handles).
    const signal = typeof AbortSignal !== 'undefined' && config.signal instanceof AbortSignal ? config.signal : undefined;
    let outcome: Outcome;
    try {
      outcome = await session.run<Outcome>({
        signal,
        async send(decorate) {
          // A fresh copy per attempt: the retry starts from the caller's headers, with the new tokens.
          const headers = AxiosHeaders.concat(config.headers);
          const outgoing = { headers: headerBag(headers), credentials: chosen === undefined ? undefined : chosen ? 'include' : ('same-origin' as RequestCredentials) };
          decorate(outgoing);
          const attempt: InternalAxiosRequestConfig = { ...base, headers };
          if (outgoing.credentials !== undefined) attempt.withCredentials = outgoing.credentials === 'include';
          try {
            const response = await withoutInterception(() => send(attempt));
            return { response, headers: AxiosHeaders.from(response.headers as AxiosHeaders) };
          } catch (error) {
            // validateStatus rejects a 401: inside the exchange it is an answer, not a failure.
            if (isAxiosError(error) && error.response) {
              return { response: error.response, headers: AxiosHeaders.from(error.response.headers as AxiosHeaders), error };
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
      // Aborted while waiting for a refresh: what axios itself throws for an aborted request.
      if (signal?.aborted && error === signal.reason) throw new CanceledError(undefined, config);
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
