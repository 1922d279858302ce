import axios, { getAdapter, type AxiosInstance } from 'axios';
import type { SessionClient } from '../core/public';
import { interceptAxios, type AxiosSend } from './adapter';

/** Through the axios module's own adapters. */
const fromAxios: AxiosSend = { adapter: getAdapter };

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
  return interceptAxios(instance, fromAxios, options.session, axios.defaults.adapter);
}
