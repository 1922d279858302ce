/**
 * Session verification for protected routes (what supertokens-node's getSession/verifySession do) and answering with
 * session errors, token effects included.
 */
import type { Reply, RouteHandler, RouteRequest } from './http.js';
import type { BackendContext } from './context.js';
import type { ForceTarget } from './control.js';
import { sessionErrorResponse } from './errors.js';
import type { ClaimValidationError, ErrorSite, SessionErrorType } from './errors.js';
import type { AuthMode } from './options.js';
import type { SessionRecord } from './sessions.js';
import type { AccessTokenClaims } from './tokens.js';
import { clearOlderDomainCookies, clearTokens, readAccessToken, readRefreshToken } from './transport.js';

export interface VerifiedSession {
  readonly session: SessionRecord;
  readonly claims: AccessTokenClaims;
  readonly via: AuthMode;
}

export type SessionCheck =
  | { readonly kind: 'ok'; readonly verified: VerifiedSession }
  /** No access token at all. */
  | { readonly kind: 'none' }
  | { readonly kind: 'error'; readonly error: 'TRY_REFRESH_TOKEN' | 'UNAUTHORISED'; readonly reason: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Verifies the request's access token. Never throws; garbage input is a TRY_REFRESH_TOKEN, as in SuperTokens. */
export async function checkSession(req: RouteRequest, ctx: BackendContext): Promise<SessionCheck> {
  const presented = readAccessToken(req);
  const token = presented.token;
  if (token === undefined) return { kind: 'none' };
  // Two sAccessToken cookies: we cannot tell which is current; refreshing clears the stale one.
  if (token.via === 'cookie' && presented.cookieCount > 1) {
    return { kind: 'error', error: 'TRY_REFRESH_TOKEN', reason: 'duplicate access-token cookies' };
  }
  const check = await ctx.issuer.verify(token.token, ctx.options.now());
  if (!check.ok && check.reason !== 'expired') {
    return { kind: 'error', error: 'TRY_REFRESH_TOKEN', reason: `access token ${check.reason === 'signature' ? 'has a bad signature' : 'is malformed'}` };
  }
  const session = ctx.store.get(check.claims.sessionHandle);
  // Checked before expiry: a revoked session should end the client's session, not send it to refresh.
  if (session === undefined || session.revoked) return { kind: 'error', error: 'UNAUTHORISED', reason: 'session revoked' };
  if (!check.ok) return { kind: 'error', error: 'TRY_REFRESH_TOKEN', reason: 'access token expired' };

  // Anti-CSRF applies to state-changing cookie-mode requests only: a Bearer header cannot be forged cross-site.
  if (token.via === 'cookie' && !SAFE_METHODS.has(req.method)) {
    if (ctx.options.antiCsrf === 'VIA_CUSTOM_HEADER' && req.header('rid') === undefined) {
      return { kind: 'error', error: 'TRY_REFRESH_TOKEN', reason: 'anti-csrf check failed: no rid header' };
    }
    const expected = check.claims.antiCsrfToken;
    if (ctx.options.antiCsrf === 'VIA_TOKEN' && expected !== undefined && req.header('anti-csrf') !== expected) {
      return { kind: 'error', error: 'TRY_REFRESH_TOKEN', reason: 'anti-csrf check failed: anti-csrf header missing or wrong' };
    }
  }
  ctx.store.accessTokenUsed(session, Number(check.claims.jti));
  return { kind: 'ok', verified: { session, claims: check.claims, via: token.via } };
}

export interface SessionErrorOptions {
  /** The session to revoke when the error revokes (UNAUTHORISED, TOKEN_THEFT_DETECTED). */
  readonly handle?: string | undefined;
  readonly claimValidationErrors?: readonly ClaimValidationError[];
  /** UNAUTHORISED without clearing: a failed CSRF check must not let another site log the user out. */
  readonly keepTokens?: boolean;
  /** For CLEAR_DUPLICATE_SESSION_COOKIES: which cookie kinds were duplicated. */
  readonly duplicated?: { readonly access: boolean; readonly refresh: boolean };
  /** Why, for people reading traffic: sent as `x-mock-reason` (not part of the protocol). */
  readonly reason?: string;
}

/** Answers with a session error and applies its effects: server-side revocation, then the browser's tokens. */
export function sendSessionError(res: Reply, ctx: BackendContext, type: SessionErrorType, site: ErrorSite, options: SessionErrorOptions = {}): void {
  const spec = sessionErrorResponse(type, site, options.claimValidationErrors);
  if (options.reason !== undefined) res.set('x-mock-reason', options.reason);
  if (type === 'RATE_LIMITED') res.set('Retry-After', '1');
  if (spec.tokens === 'revoke-and-clear' && options.handle !== undefined) ctx.store.revoke(options.handle);
  if ((spec.tokens === 'revoke-and-clear' || spec.tokens === 'clear') && options.keepTokens !== true) clearTokens(res, ctx.transport);
  if (spec.tokens === 'clear-older-domain') {
    const { olderCookieDomain, olderCookiePath } = ctx.state.config;
    clearOlderDomainCookies(
      res,
      ctx.transport,
      { domain: olderCookieDomain ?? undefined, path: olderCookiePath },
      options.duplicated ?? { access: true, refresh: false },
    );
  }
  res.json(spec.body, spec.status);
}

/** The session a request refers to, for the token effects of a forced error. Expired tokens still count. */
export async function sessionHandleOf(req: RouteRequest, ctx: BackendContext, site: ForceTarget): Promise<string | undefined> {
  const now = ctx.options.now();
  if (site === 'refresh') {
    const token = readRefreshToken(req).token;
    if (token === undefined) return undefined;
    const lookup = ctx.store.lookupRefreshToken(token.token, now);
    return lookup.kind === 'unknown' ? undefined : lookup.session.handle;
  }
  const token = readAccessToken(req).token;
  if (token === undefined) return undefined;
  const check = await ctx.issuer.verify(token.token, now);
  return check.ok || check.reason === 'expired' ? check.claims.sessionHandle : undefined;
}

export interface SessionRouteOptions {
  /** false: a request without any access token reaches the handler with `undefined` (optional session). */
  readonly required: boolean;
  readonly site: 'api' | 'signout';
  /** Counted when the handler is reached, before any forced error. */
  readonly counter?: 'apiCalls' | 'signOuts';
  /**
   * Lets a route answer TRY_REFRESH_TOKEN / UNAUTHORISED itself (the SSR redirect). Server-side effects
   * (revocation) have already happened; return true when the response was sent.
   */
  readonly onSessionError?: (res: Reply, error: SessionErrorType) => boolean;
}

/** Wraps a handler with forced errors and session verification. */
export function sessionRoute(
  ctx: BackendContext,
  options: SessionRouteOptions,
  handler: (req: RouteRequest, res: Reply, verified: VerifiedSession | undefined) => void | Promise<void>,
): RouteHandler {
  const fail = (res: Reply, error: SessionErrorType, handle: string | undefined, reason: string): void => {
    if (options.onSessionError !== undefined) {
      if (sessionErrorResponse(error, options.site).tokens === 'revoke-and-clear' && handle !== undefined) ctx.store.revoke(handle);
      if (options.onSessionError(res, error)) return;
    }
    sendSessionError(res, ctx, error, options.site, { handle, reason });
  };
  return async (req, res) => {
    if (options.counter !== undefined) ctx.state.count(options.counter);
    const forced = ctx.state.takeForced(options.site);
    if (forced !== undefined) {
      fail(res, forced, await sessionHandleOf(req, ctx, options.site), 'forced by /__mock/force');
      return;
    }
    const check = await checkSession(req, ctx);
    if (check.kind === 'error') {
      // A revoked session's handle is already revoked; nothing else to revoke.
      fail(res, check.error, undefined, check.reason);
      return;
    }
    if (check.kind === 'none') {
      if (options.required) fail(res, 'UNAUTHORISED', undefined, 'no access token');
      else await handler(req, res, undefined);
      return;
    }
    await handler(req, res, check.verified);
  };
}
