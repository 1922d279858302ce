import type { TabsessionConfig } from './config';
import { coreOf, SessionClient } from './core/public';
import { parseJsonBody } from './core/body';
import { replaceGlobal } from './core/globals';
import { claimErrorsOf } from './protocol/supertokens';
import { inBrowser, notInBrowser } from './env';
import { tabsessionError } from './errors';
import type { ClaimValidationError, SessionEvent, SessionEventListener, SessionEventType } from './events';
import { wrapFetch } from './transports/fetch';

// The public surface, chosen on purpose. Deliberately not exported: the normalised config and
// `normaliseConfig`, `isApiUrl` (the interception rule, read it through `session.intercepts(url)`),
// the cookie store, the XHR patch's classes, `withoutInterception` (the adapters' contract with the core)
// and `parseJsonBody`: internals that may change in any release.
export type { TabsessionConfig, PreAPIHookContext, PostAPIHookContext, APIAction } from './config';
export type { Exchange, HeaderBag } from './core/exchange';
export type { ClaimValidationError, SessionEvent, SessionEventType, SessionEventListener } from './events';
export type { RefreshLock } from './lock/types';
export type { TabMessenger, TabMessage } from './sync/messenger';
export { TabsessionError, isTabsessionError, type TabsessionErrorType } from './errors';
export { idbLock, memoryLock, storageLock, webLocksLock } from './lock';
export { broadcastChannelMessenger, storageMessenger } from './sync/messenger';
export { createDateProvider, type DateProvider } from './state/clock';
export type { CookieHandler } from './state/cookies';
export type { StorageHandler } from './config';
export type { XMLHttpRequestPatch } from './transports/xhr/install';
export { SessionClient };

let current: SessionClient | undefined;
/** The platform's fetch, kept when `init` patches `window.fetch`; the SDK's own calls always use it. */
let platformFetch: typeof fetch | undefined;
/** Set on globalThis to the fetch `init` installed as `window.fetch`, undefined when none. */
const PATCHED_FETCH = Symbol.for('tabsession.patchedFetch');
/** Undoes the XMLHttpRequest patch; set while `init` has it installed. */
let unpatchXMLHttpRequest: (() => void) | undefined;

/**
 * The platform's fetch, never tabsession's patched `window.fetch`: what the SDK's own calls use, and
 * what a layer that handles the session itself (the axios adapter, a hook) must call underneath.
 *
 * @example
 * const health = await nativeFetch('https://api.example.com/health'); // no session headers, no refresh
 */
export const nativeFetch: typeof globalThis.fetch = (input, init) => (platformFetch ?? globalThis.fetch)(input, init);

/** The default instance made by `init()`; a clear error before that. */
export function getClient(): SessionClient {
  if (current === undefined && !inBrowser()) throw notInBrowser('TS021');
  if (current === undefined) throw tabsessionError('NOT_INITIALISED', 'TS020');
  return current;
}

/**
 * fetch with the session attached: requests to the API get the session headers, survive an expired
 * access token (one shared refresh, then a retry), and everything else passes through untouched.
 * `init()` installs it as `window.fetch` unless `patchGlobalFetch: false`.
 *
 * @example
 * import { init, fetch } from 'tabsession';
 * init({ apiDomain: 'https://api.example.com', patchGlobalFetch: false });
 * const orders = await fetch('https://api.example.com/orders').then((r) => r.json());
 */
export const fetch: typeof globalThis.fetch = wrapFetch(() => coreOf(getClient()), nativeFetch);

/**
 * A fetch bound to one SDK instance (default: the one `init()` made), over the unpatched platform fetch.
 * Transports built on fetch (ky) use it, so a request is never handled twice.
 *
 * @example
 * const tab = createClient({ apiDomain: 'https://api.example.com' });
 * const tabFetch = createFetch(tab);
 */
export function createFetch(session?: SessionClient): typeof globalThis.fetch {
  return session ? wrapFetch(() => coreOf(session), nativeFetch) : fetch;
}

/**
 * Starts the SDK. Validates the config (development builds: a bad option throws a `CONFIG` error and
 * changes nothing), and patches `window.fetch` (and `XMLHttpRequest` when given the `xhr` of
 * `tabsession/xhr`) once, however often `init` is called.
 *
 * Outside a browser (server-side rendering: no `window`/`document`) it validates the config and does
 * nothing else: it patches nothing, opens no cross-tab channel, reports one NOT_IN_BROWSER diagnostic
 * (`onDiagnostic`, default `console.warn`), and the session functions then reject with NOT_IN_BROWSER.
 *
 * @example
 * init({
 *   apiDomain: 'https://api.example.com',
 *   onHandleEvent: (event) => { if (event.action === 'UNAUTHORISED') location.assign('/login'); },
 * });
 */
export function init(config: TabsessionConfig): SessionClient {
  const next = new SessionClient(config, nativeFetch);
  current?.destroy();
  current = next;
  if (!inBrowser()) {
    coreOf(next).config.onDiagnostic(notInBrowser('TS022'));
    return next;
  }
  const patched = platformFetch !== undefined;
  const { patchGlobalFetch, interceptXMLHttpRequest } = coreOf(next).config;
  if (patchGlobalFetch && !patched) {
    platformFetch = globalThis.fetch;
    setGlobalFetch(fetch);
  } else if (!patchGlobalFetch && patched) {
    setGlobalFetch(platformFetch as typeof fetch);
    platformFetch = undefined;
  }
  // Marks what is installed, so `tabsession/msw` can tell msw that it was started after init() (see docs/testing-your-app.md).
  (globalThis as Record<symbol, unknown>)[PATCHED_FETCH] = platformFetch && fetch;
  if (interceptXMLHttpRequest && unpatchXMLHttpRequest === undefined) {
    unpatchXMLHttpRequest = interceptXMLHttpRequest.install_(() => coreOf(getClient()));
  } else if (!interceptXMLHttpRequest && unpatchXMLHttpRequest !== undefined) {
    unpatchXMLHttpRequest();
    unpatchXMLHttpRequest = undefined;
  }
  return next;
}

/** Some environments (and fetch mocks) define `fetch` read-only but configurable: redefine it there. */
function setGlobalFetch(value: typeof globalThis.fetch): void {
  replaceGlobal('fetch', value);
}

/**
 * A separate SDK instance that patches nothing: for tests and for apps with several API domains.
 * Instances that share a `lock` (and, in one page, the cookie jar) refresh once between them.
 *
 * @example
 * const lock = memoryLock();
 * const tabA = createClient({ apiDomain, lock });
 * const tabB = createClient({ apiDomain, lock });
 */
export function createClient(config: TabsessionConfig): SessionClient {
  return new SessionClient(config, nativeFetch);
}

/**
 * @example
 * if (await doesSessionExist()) showDashboard(); else showLogin();
 */
export const doesSessionExist = (): Promise<boolean> => getClient().doesSessionExist();

/**
 * Refreshes the session; for the server-rendered refresh page (docs/protocol.md section 8).
 * @example
 * location.replace((await attemptRefreshingSession()) ? redirectBack : '/login');
 */
export const attemptRefreshingSession = (): Promise<boolean> => getClient().attemptRefreshingSession();

/**
 * @example
 * const userId = await getUserId(); // throws NO_SESSION when signed out
 */
export const getUserId = (): Promise<string> => getClient().getUserId();

/**
 * The access-token payload, refreshed first if the access token has expired.
 * @example
 * const { role } = await getAccessTokenPayloadSecurely();
 */
export const getAccessTokenPayloadSecurely = (): Promise<Record<string, unknown>> =>
  getClient().getAccessTokenPayloadSecurely();

/**
 * Header mode only: the raw access token, e.g. for a WebSocket handshake.
 * @example
 * const socket = new WebSocket(`wss://api.example.com/live?token=${await getAccessToken()}`);
 */
export const getAccessToken = (): Promise<string | undefined> => getClient().getAccessToken();

/**
 * @example
 * await signOut(); location.assign('/');
 */
export const signOut = (): Promise<void> => getClient().signOut();

/**
 * Subscribes to session events (also delivered to `onHandleEvent`); `'*'` for all. Returns the unsubscribe.
 * @example
 * const stop = onSessionEvent('SIGN_OUT', (event) => { if (event.fromOtherTab) location.assign('/'); });
 */
export function onSessionEvent<A extends SessionEventType>(action: A | '*', listener: SessionEventListener<A>): () => void {
  if (!inBrowser()) return () => {}; // on the server no session event ever happens
  return getClient().on(action, listener);
}

/**
 * The failed claims of an INVALID_CLAIM (403) response: a fetch `Response`, an axios response or error
 * response (`{ data }`), or an already-parsed body.
 * @example
 * if (res.status === 403) for (const { id } of await getInvalidClaimsFromResponse({ response: res })) …
 */
export async function getInvalidClaimsFromResponse({
  response,
}: {
  response: Response | { data: unknown } | { claimValidationErrors: unknown };
}): Promise<ClaimValidationError[]> {
  let body: unknown = response;
  if (typeof (response as Response).clone === 'function') {
    try {
      body = await parseJsonBody(response);
    } catch (cause) {
      throw tabsessionError('INVALID_RESPONSE', 'TS040', [], { cause });
    }
  } else if (typeof response === 'object' && response !== null && 'data' in response) {
    body = response.data;
  }
  return claimErrorsOf(body);
}

export type { SessionEvent as TabsessionEvent };
