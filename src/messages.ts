/**
 * The long text of every error and diagnostic tabsession raises, by its short stable code. Development
 * builds put the text in `error.message`; production builds (`process.env.NODE_ENV === 'production'`)
 * leave this table out and say only `tabsession TS…` with the values (docs/production.md).
 * docs/error-codes.md is this table (test/unit/error-codes.test.ts keeps them equal): a new code goes at
 * the end, and a code is never reused for another meaning. `{0}`, `{1}`… are the values of the error.
 */
export const MESSAGES = {
  // init() and its options (CONFIG)
  TS001: 'tabsession init: config must be an object',
  TS002: 'tabsession init: unknown option {0}; did you mean {1}?',
  TS003: 'tabsession init: {0} must be a bare domain such as ".example.com", got {1}',
  TS004: 'tabsession init: apiDomain is required, e.g. "https://api.example.com"',
  TS005: 'tabsession init: apiDomain "{0}" is not a valid URL',
  TS006: 'tabsession init: apiDomain must be http(s), got {0}',
  TS007: 'tabsession init: apiDomain must be an origin without a path (that is apiBasePath): {0}',
  TS008: 'tabsession init: apiBasePath must be a path such as "/auth"',
  TS009: 'tabsession init: {0} must be an integer {1}, got {2}',
  TS010: 'tabsession init: sessionExpiredStatusCode and invalidClaimStatusCode must differ',
  TS011: 'tabsession init: tokenTransferMethod must be "cookie" or "header", got {0}',
  TS012: 'tabsession init: {0} must be a {1}',
  TS013: 'tabsession init: {0} must have a {1}() method',
  TS014: 'tabsession init: sessionTokenBackendDomain must name a site, not a bare suffix ({0})',
  TS015: "tabsession init: sessionTokenFrontendDomain {0} does not cover this page's host {1}",
  TS016:
    "tabsession init: interceptXMLHttpRequest: true needs the XMLHttpRequest patch, which is opt-in: import { xhr } from 'tabsession/xhr' and pass interceptXMLHttpRequest: xhr",
  TS017: "tabsession init: interceptXMLHttpRequest must be false or the xhr of 'tabsession/xhr'",
  TS018: 'refreshAndRedirect: loginPath must be the path of the login page',
  TS019: 'tabsession init: apiDomain {0} has no scheme, and a server has no page protocol to take: write "https://{1}"',
  // The session functions
  TS020: 'tabsession: call init({ apiDomain }) first',
  TS021: 'tabsession: no window/document (server-side rendering): session functions reject',
  TS022: 'tabsession: no window/document (server-side rendering): init() did nothing',
  TS023: 'no session exists',
  TS024: 'sign-out failed ({0}){1}',
  // The refresh (REFRESH_FAILED, MAX_REFRESH_ATTEMPTS)
  TS030: 'waited longer than {0} s for the lock {1}; the session is kept',
  TS031: 'the session refresh is rate-limited until {0}; the session is kept',
  TS032: 'the session refresh took longer than {0} s; the session is kept',
  TS033: 'the session refresh request failed; the session is kept',
  TS034: 'the session refresh answered {0} (rate-limited) until {1}; the session is kept',
  TS035: 'the session refresh answered {0}; the session is kept',
  TS036: 'the API still answered {0} after {1} session refreshes',
  TS037: 'lockFactory: lock not granted',
  // What the backend or another tab sent (INVALID_RESPONSE, MALFORMED_FRONT_TOKEN)
  TS040: 'the response body is not JSON',
  TS041: 'the response body has no valid claimValidationErrors array',
  TS042: 'the stored {0} is not a valid header value; it is not sent',
  TS043: 'refresh answered 200 without a front-token (duplicate cookies cleared, or a proxy or CORS drops it)',
  TS044: 'dropped a message from another tab: not a session event',
  TS045: 'front-token is not base64-encoded UTF-8 JSON',
  TS046: 'front-token JSON must be {uid, ate, up}',
  TS047: 'the sFrontToken cookie is malformed',
  // The platform (FALLBACK, STORAGE)
  TS050: 'no Web Locks: no storage either: tabs do not exclude each other',
  TS051:
    'no Web Locks: no IndexedDB either: the localStorage lease is best effort (two tabs may refresh at once, and a backend that detects token reuse may then end the session)',
  TS052: 'no Web Locks: the IndexedDB lease makes others wait up to 5 s for a tab closed mid-refresh',
  TS053: 'no IndexedDB: the cross-tab refresh decision is ordered only in Chromium (others may refresh twice)',
  TS054: 'localStorage refused the refresh lease ({0}): the lock holds in this tab only',
  TS055: 'sFrontToken (domain {0}) did not stick: cookies are blocked here, or sessionTokenFrontendDomain is refused',
  // Added later (a code is never reused: new ones go here)
  TS056: 'IndexedDB failed ({0}): this refresh runs without reliable cross-tab exclusion; IndexedDB is tried again on the next one',
  TS057: 'addAxiosInterceptors: expected an axios instance (axios or axios.create()), with interceptors and create()',
  TS058: "the cookieHandler's {0} failed: {1}",
  TS059: '{0} refused the refresh cooldown: other tabs may refresh before it ends',
  TS060: 'the clock skew hook threw; the skew is unchanged',
  TS061: 'oauth2() needs a tokenEndpoint and a clientId',
  TS062: 'the tokens have no access token (an access_token in a token response)',
  TS063: 'IndexedDB failed ({0}): this refresh is ordered by the session cookie, only in Chromium (others may refresh twice); IndexedDB is tried again on the next one',
} as const;

export type ErrorCode = keyof typeof MESSAGES;

/** The long text of `code` with its values filled in. */
export const describeError = (code: ErrorCode, values: readonly unknown[]): string =>
  MESSAGES[code].replace(/\{(\d)\}/g, (_, i: string) => String(values[Number(i)]));
