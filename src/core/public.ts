import type { TabsessionConfig } from '../config';
import type { SessionEvent, SessionEventListener } from '../events';
import { Session as SessionCore, type BaseFetch } from './session';

/**
 * Internal channel from a public `SessionClient` to its core. Module-private: the package entry does not
 * export it, so `run`, `emit` and the refresh are not part of the public API.
 */
const cores = new WeakMap<SessionClient, SessionCore>();

/** Internal: the core behind a `SessionClient`, for the transports (fetch, XHR, axios, ky) and tests. */
export function coreOf(session: SessionClient): SessionCore {
  const core = cores.get(session);
  // A development check: in production a foreign object fails at its first use instead (a TypeError too).
  if (core === undefined && typeof process !== 'undefined' && process.env.NODE_ENV !== 'production') throw new TypeError('not a SessionClient');
  return core as SessionCore;
}

/**
 * One SDK instance, as apps see it: the session functions and event subscription, nothing more. What
 * runs requests, refreshes and broadcasts events to other tabs stays inside: it is not part of what a
 * release promises to keep, and a `SessionClient` passed around the app cannot be used to fire events or
 * start a refresh. It is no security boundary: a script of the same origin is trusted and can post to
 * the cross-tab channel itself (the threat model: `eventFromOtherTab` in src/events.ts).
 *
 * @example
 * const session = createClient({ apiDomain: 'https://api.example.com' });
 * if (await session.doesSessionExist()) console.log(await session.getUserId());
 */
export class SessionClient {
  // The core lives only in the module's WeakMap (not a #private field: a `#` in the published
  // declarations breaks apps whose TypeScript targets ES5).
  constructor(config: TabsessionConfig, baseFetch: BaseFetch) {
    cores.set(this, new SessionCore(config, baseFetch));
  }

  /** True when the SDK touches requests to this URL (the API's host or the backend domain, not the refresh URL). */
  intercepts(url: string): boolean {
    return coreOf(this).intercepts(url);
  }

  /** Subscribes to session events; returns the unsubscribe function. */
  on<A extends SessionEvent['action']>(action: A | '*', listener: SessionEventListener<A>): () => void {
    return coreOf(this).on(action, listener);
  }

  doesSessionExist(): Promise<boolean> {
    return coreOf(this).doesSessionExist();
  }

  attemptRefreshingSession(): Promise<boolean> {
    return coreOf(this).attemptRefreshingSession();
  }

  getUserId(): Promise<string> {
    return coreOf(this).getUserId();
  }

  getAccessTokenPayloadSecurely(): Promise<Record<string, unknown>> {
    return coreOf(this).getAccessTokenPayloadSecurely();
  }

  getAccessToken(): Promise<string | undefined> {
    return coreOf(this).getAccessToken();
  }

  signOut(): Promise<void> {
    return coreOf(this).signOut();
  }

  /**
   * Starts a session from tokens the app obtained itself, for protocols that take them (`tabsession/oauth2`:
   * the token response of an authorization-code exchange). Every tab uses them from then on.
   * @example
   * await session.adopt(await exchangeCode(code)); // { access_token, refresh_token, expires_in }
   */
  adopt(tokens: unknown): Promise<void> {
    return coreOf(this).adopt(tokens);
  }

  /** Stops listening to other tabs. The instance must not be used afterwards. */
  destroy(): void {
    coreOf(this).destroy();
  }
}
