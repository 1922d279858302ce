import { isTabsessionError, tabsessionError, type ErrorCode } from './errors';
import { singleDocument } from './env';
import { isIpOrLocalhost } from './state/hostname';
import type { SessionEvent } from './events';
import type { RefreshLock } from './lock/types';
import type { TabMessenger } from './sync/messenger';
import type { ProtocolFactory } from './core/protocol';
import type { DateProvider } from './state/clock';
import type { CookieHandler } from './state/cookies';
import type { XMLHttpRequestPatch } from './transports/xhr/install';

/** Where the default lock and messenger and the refresh cooldown keep their entries. The default is `localStorage`. */
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
  /**
   * @internal Not a documented option: the tests' way to shorten the refresh bound instead of waiting
   * 30 s. The longest a refresh may take, and the longest a tab waits for the refresh lock; past it the
   * refresh is abandoned (its request aborted, any late answer ignored) and ends as REFRESH_FAILED.
   */
  refreshTimeoutMs?: number;
  /** Receives every session event (docs/protocol.md section 7), including those caused by other tabs. */
  onHandleEvent?: (event: SessionEvent) => void;
  /** Sees and may change the SDK's own refresh and sign-out requests before they are sent. */
  preAPIHook?: (context: PreAPIHookContext) => { url: string; requestInit: RequestInit } | Promise<{ url: string; requestInit: RequestInit }>;
  /** Sees the responses of the SDK's own refresh and sign-out requests. */
  postAPIHook?: (context: PostAPIHookContext) => void | Promise<void>;
  /** Patch `window.fetch` in `init()`. Default true; with false, use the exported `fetch`. */
  patchGlobalFetch?: boolean;
  /**
   * Patch `window.XMLHttpRequest` in `init()`, so XHR-based code gets the session too: pass the `xhr` of
   * `tabsession/xhr` (opt-in, so apps that do not use XHR do not bundle it). Default false (the
   * script-tag build and `tabsession/supertokens-website` turn it on).
   * @example
   * import { xhr } from 'tabsession/xhr';
   * init({ apiDomain: 'https://api.example.com', interceptXMLHttpRequest: xhr });
   */
  interceptXMLHttpRequest?: false | XMLHttpRequestPatch;
  /** The cross-tab refresh lock. Default: Web Locks, else a localStorage lease. */
  lock?: RefreshLock;
  /** How session events reach other tabs. Default: BroadcastChannel, else localStorage events. */
  messenger?: TabMessenger;
  /**
   * Where non-fatal problems go (a malformed header, a listener that threw). Default `console.warn`.
   * Each diagnostic of tabsession reaches one function once per page (a function shared by several
   * clients hears it once); FALLBACK diagnostics are not given in happy-dom or jsdom, where no other
   * tab can exist.
   */
  onDiagnostic?: (error: unknown) => void;
  /** Where the SDK's frontend cookies are read and written. Default `document.cookie`. */
  cookieHandler?: CookieHandler;
  /**
   * Storage for the default cross-tab lock and messenger (when `lock`/`messenger` are not given) and for
   * the refresh cooldown after a rate limit. Default `localStorage`.
   */
  storage?: StorageHandler;
  /** The clock the access-token expiry is checked against; its skew is corrected from each new token's `iat`. */
  dateProvider?: DateProvider;
  /**
   * The app runs inside a third-party iframe: the SDK's cookies are written `SameSite=None; Secure`.
   * @example
   * init({ apiDomain: 'https://api.example.com', isInIframe: window.self !== window.top });
   */
  isInIframe?: boolean;
  /**
   * The session protocol: how requests carry the session, how it is refreshed and where it is kept.
   * Default: the SuperTokens protocol (docs/protocol.md), configured by the options above.
   * @example
   * import { oauth2 } from 'tabsession/oauth2';
   * createClient({ apiDomain: 'https://api.example.com', protocol: oauth2({ tokenEndpoint: 'https://id.example.com/oauth/token', clientId: 'spa' }) });
   */
  protocol?: ProtocolFactory;
}

/** What leaving an option out means. The normalised config's type is derived from it and `TabsessionConfig`. */
const DEFAULTS = {
  apiBasePath: '/auth',
  tokenTransferMethod: 'cookie',
  sessionExpiredStatusCode: 401,
  invalidClaimStatusCode: 403,
  maxRetryAttemptsForSessionRefresh: 10,
  refreshTimeoutMs: 30_000,
  autoAddCredentials: true,
  patchGlobalFetch: true,
  interceptXMLHttpRequest: false,
  isInIframe: false,
  onDiagnostic: (error: unknown) => console.warn('[tabsession]', error),
} satisfies Partial<TabsessionConfig>;

type Defaulted = keyof typeof DEFAULTS;
type Option<K extends keyof TabsessionConfig> = Exclude<TabsessionConfig[K], undefined>;

/** The config after `normaliseConfig`: every option with a default has a value, and the API's URLs are derived. */
export type NormalisedConfig = { [K in Defaulted]: Option<K> } & {
  [K in Exclude<keyof TabsessionConfig, Defaulted | 'apiDomain'>]: Option<K> | undefined;
} & {
  apiOrigin: string;
  apiHostname: string;
  refreshUrl: string;
  signOutUrl: string;
};

/**
 * Every option `TabsessionConfig` has (the type makes a new option missing here a compile error), and what
 * `normaliseConfig` checks its value is: `boolean` or `function`, or the methods an object must have
 * (space-separated): every method the SDK calls on it, so a partial object fails at `init`, not at the
 * first refresh, sign-out or `destroy()`. '' is checked on its own below (strings and numbers with rules
 * of their own).
 */
const OPTIONS: Record<keyof TabsessionConfig, string> = {
  apiDomain: '',
  apiBasePath: '',
  sessionTokenFrontendDomain: '',
  sessionTokenBackendDomain: '',
  sessionExpiredStatusCode: '',
  invalidClaimStatusCode: '',
  autoAddCredentials: 'boolean',
  tokenTransferMethod: '',
  maxRetryAttemptsForSessionRefresh: '',
  refreshTimeoutMs: '',
  onHandleEvent: 'function',
  preAPIHook: 'function',
  postAPIHook: 'function',
  patchGlobalFetch: 'boolean',
  interceptXMLHttpRequest: '',
  lock: 'run',
  messenger: 'post subscribe close',
  onDiagnostic: 'function',
  cookieHandler: 'getCookie setCookie',
  storage: 'getItem setItem removeItem',
  dateProvider: 'now setClientClockSkewInMillis',
  isInIframe: 'boolean',
  protocol: 'function',
};

/** Levenshtein distance, case-insensitive: `cookiehandler` is one edit from nothing we know, `apidomain` none from `apiDomain`. */
function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[y.length]!;
}

/** The known option closest to `name` by edit distance. */
export function nearestOption(name: string, known: readonly string[] = Object.keys(OPTIONS)): string {
  let best = known[0] ?? '';
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/**
 * Plain JavaScript gets no compiler to catch `isInIframe` or `sesionExpiredStatusCode`: an unknown option
 * is a CONFIG error naming the nearest known one, never silently dropped. `accepted` lists extra keys a
 * caller knowingly passes through (the supertokens-website compatibility entry accepts the `appInfo`
 * and `recipeId` of supertokens-web-js), so they pass.
 */
export function rejectUnknownOptions(config: object, accepted: readonly string[] = []): void {
  for (const key of Object.keys(config)) {
    if (Object.hasOwn(OPTIONS, key) || accepted.includes(key)) continue;
    fail('TS002', JSON.stringify(key), JSON.stringify(nearestOption(key)));
  }
}

const fail = (code: ErrorCode, ...values: unknown[]): never => {
  throw tabsessionError('CONFIG', code, values);
};

const checkDomainName = (name: string, value: unknown): void => {
  if (value !== undefined && (typeof value !== 'string' || !/^\.?[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(value))) {
    fail('TS003', name, JSON.stringify(value));
  }
};

/** What each reporter was told, by kind (type and message). */
const told = new WeakMap<(error: unknown) => void, Set<string>>();

/**
 * The one place diagnostics go through on their way to `onDiagnostic`:
 * - a diagnostic of tabsession is said once per page and kind (type and message), across clients: a
 *   reporter shared by several clients (the default `console.warn` is) hears it once, not per client or
 *   per request. Errors thrown by the app's own code (a listener, a hook) are each passed on.
 * - FALLBACK diagnostics name a cross-tab guarantee lost; in a single document (happy-dom, jsdom) there
 *   is no other tab, so nothing is lost and nothing is said.
 * - a broken `onDiagnostic` must not fail a good request: what it throws is dropped.
 */
const reporter = (report: (error: unknown) => void) => {
  const kinds = told.get(report) ?? new Set<string>();
  told.set(report, kinds);
  return (error: unknown): void => {
    if (isTabsessionError(error)) {
      if (error.type === 'FALLBACK' && singleDocument()) return;
      const kind = `${error.type} ${error.message}`;
      if (kinds.has(kind)) return;
      kinds.add(kind);
    }
    try {
      report(error);
    } catch {
      // Nowhere left to report to.
    }
  };
};

/** The app's options over the defaults (an option given as undefined takes the default). */
function withDefaults(config: TabsessionConfig): TabsessionConfig & NormalisedConfig {
  const merged: Record<string, unknown> = { ...DEFAULTS };
  for (const [name, value] of Object.entries(config)) if (value !== undefined) merged[name] = value;
  return merged as unknown as TabsessionConfig & NormalisedConfig;
}

/** The API's URL; a schemeless `apiDomain` takes the page's scheme (a server has no page to take it from). */
function apiUrl(apiDomain: string): URL {
  const hasScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(apiDomain);
  if (!hasScheme && typeof location === 'undefined') fail('TS019', JSON.stringify(apiDomain), apiDomain.trim());
  try {
    return new URL(hasScheme ? apiDomain : `${location.protocol}//${apiDomain}`);
  } catch {
    return fail('TS005', apiDomain);
  }
}

/**
 * Validates the app's config (development builds: see `validate`) and fills in the defaults, once.
 * Production builds keep only what the derived URLs need; every other mistake is caught in development.
 */
export function normaliseConfig(config: TabsessionConfig, accepted: readonly string[] = []): NormalisedConfig {
  // Written out (not a shared constant) so bundlers that define process.env.NODE_ENV drop the checks.
  if (typeof process !== 'undefined' && process.env.NODE_ENV !== 'production') validate(config, accepted);
  const { apiDomain, ...options } = withDefaults(config);
  // The XMLHttpRequest patch is opt-in: `true` (the old default) must say where it went, in every build.
  if ((options.interceptXMLHttpRequest as unknown) === true) fail('TS016');
  const api = apiUrl(apiDomain);
  const apiBasePath = ('/' + options.apiBasePath.replace(/^\/+|\/+$/g, '')).replace(/^\/$/, '');
  const origin = api.origin;
  return {
    ...options,
    apiOrigin: origin,
    apiHostname: api.hostname,
    apiBasePath,
    refreshUrl: `${origin}${apiBasePath}/session/refresh`,
    signOutUrl: `${origin}${apiBasePath}/signout`,
    sessionTokenBackendDomain: options.sessionTokenBackendDomain?.replace(/^\./, '').toLowerCase(),
    onDiagnostic: reporter(options.onDiagnostic),
  };
}

/**
 * Development builds: every mistake in the config is a `CONFIG` error at `init`, not a confusing failure
 * at the first request. Reads the options as `normaliseConfig` will (defaults filled in).
 */
function validate(config: TabsessionConfig, accepted: readonly string[]): void {
  if (typeof config !== 'object' || config === null) fail('TS001');
  rejectUnknownOptions(config, accepted);
  const { apiDomain, ...options } = withDefaults(config);
  if (typeof apiDomain !== 'string' || apiDomain.trim() === '') fail('TS004');
  const api = apiUrl(apiDomain);
  if (api.protocol !== 'http:' && api.protocol !== 'https:') fail('TS006', api.protocol);
  if (api.pathname !== '/' || api.search !== '' || api.hash !== '') fail('TS007', JSON.stringify(apiDomain));

  const rawBase = options.apiBasePath;
  if (typeof rawBase !== 'string' || /[?#\s]/.test(rawBase)) fail('TS008');

  const integer = (name: 'sessionExpiredStatusCode' | 'invalidClaimStatusCode' | 'maxRetryAttemptsForSessionRefresh' | 'refreshTimeoutMs', min: number, max?: number): void => {
    const value = options[name] as number;
    if (!Number.isInteger(value) || value < min || value > (max ?? value)) {
      fail('TS009', name, max ? `from ${min} to ${max}` : `>= ${min}`, String(value));
    }
  };
  integer('sessionExpiredStatusCode', 400, 599);
  integer('invalidClaimStatusCode', 400, 599);
  integer('maxRetryAttemptsForSessionRefresh', 0);
  integer('refreshTimeoutMs', 1);
  const { sessionExpiredStatusCode, invalidClaimStatusCode, tokenTransferMethod } = options;
  if (sessionExpiredStatusCode === invalidClaimStatusCode) fail('TS010');
  if (tokenTransferMethod !== 'cookie' && tokenTransferMethod !== 'header') fail('TS011', JSON.stringify(tokenTransferMethod));
  for (const [name, kind] of Object.entries(OPTIONS)) {
    const value = (options as Record<string, unknown>)[name];
    if (value === undefined || kind === '') continue;
    if (kind === 'boolean' || kind === 'function') {
      if (typeof value !== kind) fail('TS012', name, kind);
    } else {
      for (const method of kind.split(' ')) {
        if (typeof (value as Record<string, unknown> | null)?.[method] !== 'function') fail('TS013', name, method);
      }
    }
  }
  const xhr = options.interceptXMLHttpRequest as unknown;
  if (xhr !== false && xhr !== true && (xhr as XMLHttpRequestPatch | null)?.kind !== 'XMLHttpRequest') fail('TS017');

  checkDomainName('sessionTokenBackendDomain', options.sessionTokenBackendDomain);
  const backendDomain = options.sessionTokenBackendDomain?.replace(/^\./, '').toLowerCase();
  // A bare suffix ("com") would send credentials to every host under it.
  if (backendDomain !== undefined && !backendDomain.includes('.')) fail('TS014', JSON.stringify(backendDomain));
  const frontendDomain = options.sessionTokenFrontendDomain;
  checkDomainName('sessionTokenFrontendDomain', frontendDomain);
  // A cookie domain the page is not on makes the browser drop every write: the session could never exist.
  const pageHost = typeof location === 'undefined' ? '' : location.hostname.toLowerCase();
  const frontendBare = frontendDomain?.replace(/^\./, '').toLowerCase();
  if (frontendBare !== undefined && pageHost !== '' && !isIpOrLocalhost(pageHost) && pageHost !== frontendBare && !pageHost.endsWith(`.${frontendBare}`)) {
    fail('TS015', JSON.stringify(frontendDomain), pageHost);
  }
}
