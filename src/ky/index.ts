import type { KyInstance, Options } from 'ky';
import type { SessionClient } from '../core/public';
import { isTabsessionError } from '../errors';
import { coreOf } from '../core/public';
import { createFetch, getClient } from '../index';
import { wrapFetch } from '../transports/fetch';

type RetrySetting = NonNullable<Options['retry']>;
type ShouldRetry = NonNullable<Exclude<RetrySetting, number>['shouldRetry']>;

/** Fetches that already carry the session; wrapping one again would handle its 401 twice. */
const sessionFetches = new WeakSet<object>();

/**
 * A ky instance with the session: `instance.extend` with tabsession's fetch, which sends API requests
 * through the session (headers, one shared refresh, replay) over the platform's unpatched fetch, so a
 * request is handled once even when `window.fetch` is patched too. ky hands each call a fresh Request
 * and the session fetch clones it per attempt, so `ky.post(url, { json })` survives an expired token.
 *
 * A fetch the instance already had (a polyfill, a test double) stays underneath. ky's own retries skip
 * session errors (REFRESH_FAILED, MAX_REFRESH_ATTEMPTS): the session already retried, and another round
 * would only refresh again. A final 401 is ky's usual `HTTPError`.
 *
 * @example
 * import ky from 'ky';
 * import { init } from 'tabsession';
 * import { withSession } from 'tabsession/ky';
 *
 * init({ apiDomain: 'https://api.example.com' });
 * const api = withSession(ky.create({ prefix: 'https://api.example.com' })); // ky 1: prefixUrl
 * const order = await api.post('orders', { json: { item: 42 } }).json();
 *
 * // With an instance of its own (createClient), for a second API:
 * const billingApi = withSession(ky.create({ prefixUrl: billingDomain }), { session: billing });
 */
export function withSession(instance: KyInstance, options: { session?: SessionClient } = {}): KyInstance {
  // The function form of extend (ky >= 1.5) shows the parent's options, so its fetch and retry are kept.
  return instance.extend((parent) => ({
    fetch: sessionFetchOver(parent.fetch, options.session),
    retry: withoutSessionRetries(parent.retry),
  }));
}

function sessionFetchOver(own: Options['fetch'], session: SessionClient | undefined): typeof fetch {
  if (own !== undefined && sessionFetches.has(own)) return own;
  const fetch = own === undefined ? createFetch(session) : wrapFetch(() => coreOf(session ?? getClient()), own);
  sessionFetches.add(fetch);
  return fetch;
}

function withoutSessionRetries(retry: RetrySetting | undefined): RetrySetting {
  const options = typeof retry === 'number' ? { limit: retry } : { ...retry };
  const own: ShouldRetry | undefined = options.shouldRetry;
  options.shouldRetry = (state) => (isTabsessionError(state.error) ? false : own?.(state));
  return options;
}
