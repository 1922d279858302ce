import type { TabsessionConfig } from '../config';
import type { SessionEvent, SessionEventListener } from '../events';
import { Session as SessionCore, type BaseFetch } from './session';

/**
 * Internal channel from a public `Session` to its core. Module-private: the package entry does not
 * export it, so page scripts cannot reach `run`, `emit` or the refresh through a `Session`.
 */
const cores = new WeakMap<Session, SessionCore>();

/** Internal: the core behind a `Session`, for the transports (fetch, XHR, axios, ky) and tests. */
export function coreOf(session: Session): SessionCore {
  const core = cores.get(session);
  if (core === undefined) throw new TypeError('tabsession: not a Session made by init() or createSession()');
  return core;
}

/**
 * One SDK instance, as apps see it: the session functions and event subscription, nothing more. What
 * runs requests, refreshes and broadcasts events to other tabs stays inside, so no script on the page
 * can forge a `SIGN_OUT` for every tab or start a refresh through it.
 *
 * @example
 * const session = createSession({ apiDomain: 'https://api.example.com' });
 * if (await session.doesSessionExist()) console.log(await session.getUserId());
 */
export class Session {
  readonly #core: SessionCore;

  constructor(config: TabsessionConfig, baseFetch: BaseFetch) {
    this.#core = new SessionCore(config, baseFetch);
    cores.set(this, this.#core);
  }

  /** True when the SDK touches requests to this URL (the API's host or the backend domain, not the refresh URL). */
  intercepts(url: string): boolean {
    return this.#core.intercepts(url);
  }

  /** Subscribes to session events; returns the unsubscribe function. */
  on<A extends SessionEvent['action']>(action: A | '*', listener: SessionEventListener<A>): () => void {
    return this.#core.on(action, listener);
  }

  doesSessionExist(): Promise<boolean> {
    return this.#core.doesSessionExist();
  }

  attemptRefreshingSession(): Promise<boolean> {
    return this.#core.attemptRefreshingSession();
  }

  getUserId(): Promise<string> {
    return this.#core.getUserId();
  }

  getAccessTokenPayloadSecurely(): Promise<Record<string, unknown>> {
    return this.#core.getAccessTokenPayloadSecurely();
  }

  getAccessToken(): Promise<string | undefined> {
    return this.#core.getAccessToken();
  }

  signOut(): Promise<void> {
    return this.#core.signOut();
  }

  /** Stops listening to other tabs. The instance must not be used afterwards. */
  destroy(): void {
    this.#core.destroy();
  }
}
