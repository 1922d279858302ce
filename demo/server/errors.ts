/**
 * The protocol's session errors (PROTOCOL.md section 4, seed 000) and the mock's own 4xx errors for
 * bad input. Session errors are data here; applying their token effects lives in guard.ts.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';

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

/** Where a session error is answered: it changes GENERAL_ERROR's shape (seed 001, PROTOCOL section 4). */
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

/** A 4xx the mock answers for bad input. Thrown by handlers, turned into JSON by `errorHandler`. */
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

/** 405 with `Allow`, for known paths called with the wrong method. */
export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  const allow = allowed.includes('GET') ? [...allowed, 'HEAD'] : [...allowed];
  return (req, res) => {
    res
      .status(405)
      .set('Allow', allow.join(', '))
      .json({ message: `method ${req.method} not allowed; use ${allow.join(', ')}` });
  };
}

export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ message: `no route for ${req.method} ${req.path}` });
};

/**
 * The last middleware: every thrown or rejected error ends here as JSON, so nothing reaches Express's
 * HTML error page or crashes the process. Unknown errors are 500 and logged; the rest are 4xx.
 */
export function errorHandler(log: (message: string) => void): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { status, message, headers } = describeError(error);
    if (status >= 500) log(`mock backend: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    res.status(status).set(headers).json({ message });
  };
}

interface ErrorDescription {
  readonly status: number;
  readonly message: string;
  readonly headers: Readonly<Record<string, string>>;
}

function describeError(error: unknown): ErrorDescription {
  if (error instanceof HttpError) return { status: error.status, message: error.message, headers: error.headers };
  if (error instanceof InvalidInputError) return { status: 400, message: error.message, headers: {} };
  // body-parser marks its errors with a `type`; they are the client's fault.
  if (typeof error === 'object' && error !== null && 'type' in error) {
    const type = (error as { type: unknown }).type;
    if (type === 'entity.parse.failed') return { status: 400, message: 'malformed JSON body', headers: {} };
    if (type === 'entity.too.large') {
      const limit = (error as { limit?: unknown }).limit;
      return { status: 413, message: `request body too large (limit ${String(limit)} bytes)`, headers: {} };
    }
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { status, message: `bad request body (${String(type)})`, headers: {} };
    }
  }
  return { status: 500, message: 'internal error in the mock backend', headers: {} };
}
