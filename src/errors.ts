import { describeError, type ErrorCode } from './messages';

export type { ErrorCode };

/**
 * Every error tabsession raises or reports. Callers branch on `type`, never on the message.
 *
 * - `CONFIG`: `init()` was given a bad option; or a diagnostic: the app's own code that the SDK calls (a
 *   `dateProvider` or clock-skew hook, the drop-in's `cookieHandler`) threw, with its error as `cause`.
 * - `NOT_INITIALISED`: a session function was called before `init()`.
 * - `NO_SESSION`: the function needs a session and there is none.
 * - `REFRESH_FAILED`: the refresh endpoint answered 5xx (or another non-401 failure) or the network failed,
 *   the refresh or the wait for it took longer than the refresh bound, or the refresh is cooling down after
 *   a rate limit (`retryAfter` says until when). The session is left intact; `response` or `cause` holds
 *   what happened.
 * - `MAX_REFRESH_ATTEMPTS`: the API kept answering 401 after `maxRetryAttemptsForSessionRefresh` refreshes.
 * - `MALFORMED_FRONT_TOKEN`: a `front-token` header or cookie is not base64 JSON of the expected shape.
 * - `INVALID_RESPONSE`: a response body is not what the protocol promises (e.g. a 403 without claim errors).
 * - `SIGN_OUT_FAILED`: the sign-out endpoint answered an error.
 * - `STORAGE`: a diagnostic: a storage write did not stick (blocked cookies) or threw (a full or blocked
 *   localStorage under the lease or the refresh cooldown, an IndexedDB that refused the cooldown); the
 *   message says what is lost.
 * - `FALLBACK`: a diagnostic: a browser API is missing or failing, so a weaker fallback is used; the message
 *   says which cross-tab guarantee is lost (not given in happy-dom or jsdom, where no other tab exists).
 * - `NOT_IN_BROWSER`: a session function ran where there is no `window`/`document` (server-side rendering).
 */
export type TabsessionErrorType =
  | 'CONFIG'
  | 'NOT_INITIALISED'
  | 'NO_SESSION'
  | 'REFRESH_FAILED'
  | 'MAX_REFRESH_ATTEMPTS'
  | 'MALFORMED_FRONT_TOKEN'
  | 'INVALID_RESPONSE'
  | 'SIGN_OUT_FAILED'
  | 'FALLBACK'
  | 'STORAGE'
  | 'NOT_IN_BROWSER';

export interface TabsessionErrorDetails {
  /** The HTTP response that caused the error, when there is one (a fetch `Response`). */
  response?: Response | undefined;
  /** The status of that response, also set when the response is not a fetch `Response`. */
  status?: number | undefined;
  /** REFRESH_FAILED of a rate-limited refresh: when the refresh may be tried again. */
  retryAfter?: Date | undefined;
  cause?: unknown;
  /** The short code (docs/error-codes.md); set by tabsession for its own errors. */
  code?: ErrorCode | undefined;
}

/**
 * @example
 * try { await fetch('/api/orders') } catch (error) {
 *   if (isTabsessionError(error) && error.type === 'REFRESH_FAILED') showOfflineBanner();
 * }
 */
export class TabsessionError extends Error {
  override readonly name = 'TabsessionError' as const;
  readonly type: TabsessionErrorType;
  readonly response: Response | undefined;
  readonly status: number | undefined;
  /**
   * REFRESH_FAILED because the refresh was rate-limited (429, or 503 with `Retry-After`): when it may be
   * tried again. Until then requests in every tab fail fast with this error; the session is kept.
   */
  readonly retryAfter: Date | undefined;

  /**
   * The short stable code of this error (`TS035`), the same in development and production builds;
   * docs/error-codes.md gives its long text, which development builds put in `message`.
   */
  readonly code: ErrorCode | undefined;

  constructor(type: TabsessionErrorType, message: string, details: TabsessionErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.type = type;
    this.code = details.code;
    this.response = details.response;
    this.status = details.status ?? details.response?.status;
    this.retryAfter = details.retryAfter;
  }
}

/**
 * The error tabsession raises: its `code`, and as `message` the code's long text with `values` filled in
 * (src/messages.ts) in development builds, or only the code and the values in production builds.
 */
export function tabsessionError(type: TabsessionErrorType, code: ErrorCode, values: readonly unknown[] = [], details: TabsessionErrorDetails = {}): TabsessionError {
  return new TabsessionError(
    type,
    // Written out (not a shared constant) so bundlers that define process.env.NODE_ENV fold it and
    // drop the message table from production builds; safe where `process` is undefined.
    typeof process !== 'undefined' && process.env.NODE_ENV !== 'production' ? describeError(code, values) : ['tabsession', code, ...values].join(' '),
    { ...details, code },
  );
}

/**
 * True for any tabsession error, including one from another realm (an iframe or a second copy of the
 * library), where `instanceof` fails.
 */
export function isTabsessionError(value: unknown): value is TabsessionError {
  return (
    value instanceof TabsessionError ||
    (typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'TabsessionError' &&
      typeof (value as { type?: unknown }).type === 'string')
  );
}
