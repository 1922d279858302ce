/**
 * The protocol's session errors (docs/protocol.md section 4) and the mock's own 4xx errors for
 * bad input. Session errors are data here; applying their token effects lives in guard.ts.
 */
export const SESSION_ERROR_TYPES = [
  'TRY_REFRESH_TOKEN',
  'UNAUTHORISED',
  'TOKEN_THEFT_DETECTED',
  'INVALID_CLAIM',
  'CLEAR_DUPLICATE_SESSION_COOKIES',
  'GENERAL_ERROR',
  // Not a protocol error: a rate limiter in front of the backend (429 with Retry-After: 1), for cooldown tests.
  'RATE_LIMITED',
] as const;

export type SessionErrorType = (typeof SESSION_ERROR_TYPES)[number];

/** Where a session error is answered: it changes GENERAL_ERROR's shape (sign-out may answer it as a 200 body: docs/protocol.md section 4). */
export type ErrorSite = 'api' | 'refresh' | 'signout';

export function isSessionErrorType(value: unknown): value is SessionErrorType {
  return typeof value === 'string' && (SESSION_ERROR_TYPES as readonly string[]).includes(value);
}

export interface ClaimValidationError {
  readonly id: string;
  readonly reason: Readonly<Record<string, unknown>>;
}

/** What the response does to the browser's tokens. */
export type TokenEffect = 'untouched' | 'clear' | 'revoke-and-clear' | 'clear-older-domain';

export interface SessionErrorResponse {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly tokens: TokenEffect;
}

export const CLEAR_DUPLICATE_MESSAGE =
  'The request contains multiple session cookies. We are clearing the cookie from olderCookieDomain. ' +
  'Session will be refreshed in the next refresh call.';

/** Used when INVALID_CLAIM is forced and no real validator ran. */
const FORCED_CLAIM_ERRORS: readonly ClaimValidationError[] = [
  { id: 'st-ev', reason: { message: 'wrong value', expectedValue: true, actualValue: false } },
];

/** Status, body and token effect of a session error, with the seeds' defaults. */
export function sessionErrorResponse(
  type: SessionErrorType,
  site: ErrorSite,
  claimValidationErrors: readonly ClaimValidationError[] = FORCED_CLAIM_ERRORS,
): SessionErrorResponse {
  switch (type) {
    case 'TRY_REFRESH_TOKEN':
      return { status: 401, body: { message: 'try refresh token' }, tokens: 'untouched' };
    case 'UNAUTHORISED':
      return { status: 401, body: { message: 'unauthorised' }, tokens: 'revoke-and-clear' };
    case 'TOKEN_THEFT_DETECTED':
      return { status: 401, body: { message: 'token theft detected' }, tokens: 'revoke-and-clear' };
    case 'INVALID_CLAIM':
      return { status: 403, body: { message: 'invalid claim', claimValidationErrors }, tokens: 'untouched' };
    case 'CLEAR_DUPLICATE_SESSION_COOKIES':
      return { status: 200, body: { message: CLEAR_DUPLICATE_MESSAGE }, tokens: 'clear-older-domain' };
    case 'RATE_LIMITED':
      return { status: 429, body: { message: 'too many requests' }, tokens: 'untouched' };
    case 'GENERAL_ERROR':
      // Sign-out reports failures in a 200 body, as the SuperTokens sign-out API does.
      return site === 'signout'
        ? { status: 200, body: { status: 'GENERAL_ERROR', message: 'general error' }, tokens: 'untouched' }
        : { status: 500, body: { message: 'general error' }, tokens: 'untouched' };
  }
}

/** A 4xx the mock answers for bad input. Thrown by routes, turned into JSON by the engine. */
export class HttpError extends Error {
  override readonly name = 'HttpError' as const;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, message: string, headers: Readonly<Record<string, string>> = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

/** Bad input to the test-control API; a TypeError so in-process callers get the usual "bad argument" error. */
export class InvalidInputError extends TypeError {
  override readonly name = 'InvalidInputError' as const;
}

/** The JSON answer for an error thrown by a route: a 4xx for bad input, else a 500 (and `log` is told). */
export function describeError(error: unknown, log: (message: string) => void): { status: number; message: string; headers: Readonly<Record<string, string>> } {
  if (error instanceof HttpError) return { status: error.status, message: error.message, headers: error.headers };
  if (error instanceof InvalidInputError) return { status: 400, message: error.message, headers: {} };
  log(`mock backend: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { status: 500, message: 'internal error in the mock backend', headers: {} };
}
