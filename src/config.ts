import { TabsessionError } from './errors';
import type { SessionEvent } from './events';
import type { RefreshLock } from './lock/types';
import type { TabMessenger } from './sync/messenger';
import type { DateProvider } from './state/clock';
import type { CookieHandler } from './state/cookies';

/** Where the default lock and messenger keep their entries. The default is `localStorage`. */
export type StorageHandler = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The calls the SDK makes on its own behalf, which `preAPIHook` / `postAPIHook` can see and change. */
export type APIAction = 'REFRESH_SESSION' | 'SIGN_OUT';

export interface PreAPIHookContext {
  action: APIAction;
  url: string;
  requestInit: RequestInit;
}
export interface PostAPIHookContext extends PreAPIHookContext {
  fetchResponse: Response;
}

export interface TabsessionConfig {
  /** Where the API lives, e.g. `https://api.example.com`. Required. Requests to this host are intercepted. */
  apiDomain: string;
  /** Path of the auth routes on the API. Default `/auth` (refresh: `{apiBasePath}/session/refresh`). */
  apiBasePath?: string;
  /** Domain attribute of the SDK's own cookies, to share the session with subdomains. Default: this host only. */
  sessionTokenFrontendDomain?: string;
  /** Also intercept requests to this domain and its subdomains, e.g. `.example.com`. */
  sessionTokenBackendDomain?: string;
  /** Status meaning "access token expired, try refreshing". Default 401. */
  sessionExpiredStatusCode?: number;
  /** Status meaning "a claim failed validation". Default 403; must differ from `sessionExpiredStatusCode`. */
  invalidClaimStatusCode?: number;
  /** Send cookies with intercepted requests (`credentials: 'include'`) unless the caller chose. Default true. */
  autoAddCredentials?: boolean;
  /** `cookie` (httpOnly cookies, the default) or `header` (`Authorization: Bearer`, tokens kept by the SDK). */
  tokenTransferMethod?: 'cookie' | 'header';
  /** Refresh-and-retry rounds for one request before it fails with MAX_REFRESH_ATTEMPTS. Default 10. */
  maxRetryAttemptsForSessionRefresh?: number;
  /** Receives every session event (PROTOCOL.md section 7), including those caused by other tabs. */
  onHandleEvent?: (event: SessionEvent) => void;
  /** Sees and may change the SDK's own refresh and sign-out requests before they are sent. */
  preAPIHook?: (context: PreAPIHookContext) => { url: string; requestInit: RequestInit } | Promise<{ url: string; requestInit: RequestInit }>;
  /** Sees the responses of the SDK's own refresh and sign-out requests. */
  postAPIHook?: (context: PostAPIHookContext) => void | Promise<void>;
  /** Patch `window.fetch` in `init()`. Default true; with false, use the exported `fetch`. */
  patchGlobalFetch?: boolean;
  /**
   * Patch `window.XMLHttpRequest` in `init()`, so XHR-based code gets the session too. Default true.
   * @example
   * init({ apiDomain: 'https://api.example.com', interceptXMLHttpRequest: false }); // leave XHR alone
   */
  interceptXMLHttpRequest?: boolean;
  /** The cross-tab refresh lock. Default: Web Locks, else a localStorage lease. */
  lock?: RefreshLock;
  /** How session events reach other tabs. Default: BroadcastChannel, else localStorage events. */
  messenger?: TabMessenger;
  /** Where non-fatal problems go (a malformed header, a listener that threw). Default `console.warn`. */
  onDiagnostic?: (error: unknown) => void;
  /** Where the SDK's frontend cookies are read and written. Default `document.cookie`. */
  cookieHandler?: CookieHandler;
  /** Storage for the default cross-tab lock and messenger (when `lock`/`messenger` are not given). Default `localStorage`. */
  storage?: StorageHandler;
  /** The clock the access-token expiry is checked against; its skew is corrected from each new token's `iat`. */
  dateProvider?: DateProvider;
  /**
   * The app runs inside a third-party iframe: the SDK's cookies are written `SameSite=None; Secure`.
   * @example
   * init({ apiDomain: 'https://api.example.com', isInIframe: window.self !== window.top });
   */
  isInIframe?: boolean;
}

export interface NormalisedConfig {
  apiOrigin: string;
  apiHostname: string;
  apiBasePath: string;
  refreshUrl: string;
  signOutUrl: string;
  sessionTokenFrontendDomain: string | undefined;
  sessionTokenBackendDomain: string | undefined;
  sessionExpiredStatusCode: number;
  invalidClaimStatusCode: number;
  autoAddCredentials: boolean;
  tokenTransferMethod: 'cookie' | 'header';
  maxRetryAttemptsForSessionRefresh: number;
  onHandleEvent: ((event: SessionEvent) => void) | undefined;
  preAPIHook: TabsessionConfig['preAPIHook'];
  postAPIHook: TabsessionConfig['postAPIHook'];
  patchGlobalFetch: boolean;
  interceptXMLHttpRequest: boolean;
  lock: RefreshLock | undefined;
  messenger: TabMessenger | undefined;
  onDiagnostic: (error: unknown) => void;
  cookieHandler: CookieHandler | undefined;
  storage: StorageHandler | undefined;
  dateProvider: DateProvider | undefined;
  isInIframe: boolean;
}

const fail = (message: string): never => {
  throw new TabsessionError('CONFIG', `tabsession init: ${message}`);
};

const optionalFunction = <T>(name: string, value: T | undefined): T | undefined => {
  if (value !== undefined && typeof value !== 'function') fail(`${name} must be a function`);
  return value;
};

const statusCode = (name: string, value: unknown, fallback: number): number => {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 400 || value > 599) {
    fail(`${name} must be an HTTP error status (an integer from 400 to 599), got ${String(value)}`);
  }
  return value as number;
};

const domainName = (name: string, value: unknown): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\.?[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(value)) {
    fail(`${name} must be a bare domain such as ".example.com" (no scheme, port or path), got ${JSON.stringify(value)}`);
  }
  return value as string;
};

/** A reporter that cannot throw into the SDK: a broken `onDiagnostic` must not fail a good request. */
const safeReporter =
  (report: (error: unknown) => void) =>
  (error: unknown): void => {
    try {
      report(error);
    } catch {
      // Nowhere left to report to.
    }
  };

/**
 * Validates the app's config and fills in the defaults, once. Every mistake is a `CONFIG` error here,
 * not a confusing failure at the first request.
 */
export function normaliseConfig(config: TabsessionConfig): NormalisedConfig {
  if (typeof config !== 'object' || config === null) fail('config must be an object');
  const { apiDomain } = config;
  if (typeof apiDomain !== 'string' || apiDomain.trim() === '') fail('apiDomain is required, e.g. "https://api.example.com"');
  let api: URL;
  try {
    const withScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(apiDomain) ? apiDomain : `${location.protocol}//${apiDomain}`;
    api = new URL(withScheme);
  } catch {
    return fail(`apiDomain ${JSON.stringify(apiDomain)} is not a valid URL`);
  }
  if (api.protocol !== 'http:' && api.protocol !== 'https:') fail(`apiDomain must be http(s), got ${api.protocol}`);
  if (api.pathname !== '/' || api.search !== '' || api.hash !== '') {
    fail(`apiDomain must be an origin without a path (put the path in apiBasePath), got ${JSON.stringify(apiDomain)}`);
  }

  const rawBase = config.apiBasePath ?? '/auth';
  if (typeof rawBase !== 'string' || /[?#\s]/.test(rawBase)) fail(`apiBasePath must be a path such as "/auth"`);
  const apiBasePath = ('/' + rawBase.replace(/^\/+|\/+$/g, '')).replace(/^\/$/, '');

  const sessionExpiredStatusCode = statusCode('sessionExpiredStatusCode', config.sessionExpiredStatusCode, 401);
  const invalidClaimStatusCode = statusCode('invalidClaimStatusCode', config.invalidClaimStatusCode, 403);
  if (sessionExpiredStatusCode === invalidClaimStatusCode) {
    fail(`sessionExpiredStatusCode and invalidClaimStatusCode must differ (both are ${sessionExpiredStatusCode})`);
  }

  const tokenTransferMethod = config.tokenTransferMethod ?? 'cookie';
  if (tokenTransferMethod !== 'cookie' && tokenTransferMethod !== 'header') {
    fail(`tokenTransferMethod must be "cookie" or "header", got ${JSON.stringify(tokenTransferMethod)}`);
  }

  const maxRetries = config.maxRetryAttemptsForSessionRefresh ?? 10;
  if (typeof maxRetries !== 'number' || !Number.isInteger(maxRetries) || maxRetries < 0) {
    fail(`maxRetryAttemptsForSessionRefresh must be an integer >= 0, got ${String(maxRetries)}`);
  }

  for (const name of ['autoAddCredentials', 'patchGlobalFetch', 'interceptXMLHttpRequest', 'isInIframe'] as const) {
    if (config[name] !== undefined && typeof config[name] !== 'boolean') fail(`${name} must be a boolean`);
  }
  if (config.lock !== undefined && typeof config.lock?.run !== 'function') fail('lock must have a run(name, task) method');
  if (config.messenger !== undefined && (typeof config.messenger?.post !== 'function' || typeof config.messenger.subscribe !== 'function')) {
    fail('messenger must have post(message) and subscribe(listener) methods');
  }
  if (config.cookieHandler !== undefined && (typeof config.cookieHandler?.getCookie !== 'function' || typeof config.cookieHandler.setCookie !== 'function')) {
    fail('cookieHandler must have getCookie() and setCookie(cookie) methods');
  }
  if (config.storage !== undefined && typeof config.storage?.getItem !== 'function') fail('storage must have getItem, setItem and removeItem');
  if (config.dateProvider !== undefined && typeof config.dateProvider?.now !== 'function') fail('dateProvider must have a now() method');

  const backendDomain = domainName('sessionTokenBackendDomain', config.sessionTokenBackendDomain)?.replace(/^\./, '').toLowerCase();
  // A bare suffix ("com") would send credentials to every host under it.
  if (backendDomain !== undefined && !backendDomain.includes('.')) {
    fail(`sessionTokenBackendDomain must name a site such as ".example.com", not a bare suffix (${JSON.stringify(backendDomain)})`);
  }
  const frontendDomain = domainName('sessionTokenFrontendDomain', config.sessionTokenFrontendDomain);
  // A cookie domain the page is not on makes the browser drop every write: the session could never exist.
  const pageHost = typeof location === 'undefined' ? '' : location.hostname.toLowerCase();
  const frontendBare = frontendDomain?.replace(/^\./, '').toLowerCase();
  if (frontendBare !== undefined && pageHost !== '' && pageHost !== 'localhost' && !/^[\d.]+$|:/.test(pageHost) && pageHost !== frontendBare && !pageHost.endsWith(`.${frontendBare}`)) {
    fail(`sessionTokenFrontendDomain ${JSON.stringify(frontendDomain)} does not cover this page's host ${pageHost}`);
  }
  const origin = api.origin;
  return {
    apiOrigin: origin,
    apiHostname: api.hostname,
    apiBasePath,
    refreshUrl: `${origin}${apiBasePath}/session/refresh`,
    signOutUrl: `${origin}${apiBasePath}/signout`,
    sessionTokenFrontendDomain: frontendDomain,
    sessionTokenBackendDomain: backendDomain,
    sessionExpiredStatusCode,
    invalidClaimStatusCode,
    autoAddCredentials: config.autoAddCredentials ?? true,
    tokenTransferMethod,
    maxRetryAttemptsForSessionRefresh: maxRetries,
    onHandleEvent: optionalFunction('onHandleEvent', config.onHandleEvent),
    preAPIHook: optionalFunction('preAPIHook', config.preAPIHook),
    postAPIHook: optionalFunction('postAPIHook', config.postAPIHook),
    patchGlobalFetch: config.patchGlobalFetch ?? true,
    interceptXMLHttpRequest: config.interceptXMLHttpRequest ?? true,
    lock: config.lock,
    messenger: config.messenger,
    cookieHandler: config.cookieHandler,
    storage: config.storage,
    dateProvider: config.dateProvider,
    isInIframe: config.isInIframe ?? false,
    onDiagnostic: safeReporter(optionalFunction('onDiagnostic', config.onDiagnostic) ?? ((error) => console.warn('[tabsession]', error))),
  };
}

/**
 * PROTOCOL.md section 2: is this URL the API's (its host on any port or scheme, or the backend domain
 * and its subdomains), other than the refresh endpoint? Everything else passes through untouched.
 */
export function isApiUrl(config: NormalisedConfig, url: string): boolean {
  if (url.includes('superTokensDoNotDoInterception')) return false;
  let parsed: URL;
  try {
    // Relative URLs resolve as fetch and XHR resolve them: against the document's base URL (<base href>).
    parsed = new URL(url, typeof document !== 'undefined' ? document.baseURI : typeof location !== 'undefined' ? location.href : undefined);
  } catch {
    return false; // fetch will reject the URL itself; nothing of ours should ride on it
  }
  // The refresh endpoint is the SDK's own: an app's call to it (through any transport) must not start
  // another refresh on its 401.
  if (`${parsed.origin}${parsed.pathname}` === config.refreshUrl) return false;
  const hostname = parsed.hostname.toLowerCase();
  if (hostname === config.apiHostname) return true;
  const domain = config.sessionTokenBackendDomain;
  return domain !== undefined && (hostname === domain || hostname.endsWith(`.${domain}`));
}
