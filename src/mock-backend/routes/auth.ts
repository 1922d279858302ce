/**
 * The auth API under apiBasePath: sign-in, refresh with rotation and theft detection (docs/protocol.md
 * sections 5 and 4), sign-out (section 6).
 */
import type { BackendContext } from '../context.js';
import { HttpError } from '../errors.js';
import { sendSessionError, sessionHandleOf, sessionRoute } from '../guard.js';
import type { Reply, Route, RouteRequest } from '../http.js';
import { clientLeftDuringDelay } from '../delay.js';
import { antiCsrfTokenFor, issueTokens } from '../issue.js';
import { clearTokens, readAccessToken, readRefreshToken, requestedAuthMode } from '../transport.js';
import { findUser } from '../users.js';

/** Mounted at apiBasePath. */
export function authRoutes(ctx: BackendContext): Route[] {
  return [
    {
      path: '/signin',
      // Any content type: `fetch(url, { body: JSON.stringify(...) })` without a header sends text/plain.
      body: 'json',
      methods: {
        POST: async (req, res) => {
          const credentials = readCredentials(req.body);
          if (credentials === undefined) {
            throw new HttpError(400, 'expected a JSON body {"email": string, "password": string}');
          }
          const user = findUser(credentials.email, credentials.password);
          if (user === undefined) {
            // SuperTokens answers wrong credentials with 200 and a status, not with a 4xx.
            res.json({ status: 'WRONG_CREDENTIALS_ERROR' });
            return;
          }
          const mode = requestedAuthMode(req, ctx.options.defaultAuthMode);
          const antiCsrfToken = antiCsrfTokenFor(ctx, mode);
          const session = ctx.store.create(user, ctx.options.now(), ctx.options.refreshTokenLifetimeMs, antiCsrfToken);
          await issueTokens(ctx, res, session, mode, antiCsrfToken);
          ctx.state.count('signIns');
          res.json({ status: 'OK', user: { id: user.id, email: user.email } });
        },
      },
    },
    { path: '/session/refresh', methods: { POST: (req, res) => refresh(ctx, req, res) } },
    {
      path: '/signout',
      methods: {
        POST: sessionRoute(ctx, { required: true, site: 'signout', counter: 'signOuts' }, (_req, res, verified) => {
          if (verified !== undefined) ctx.store.revoke(verified.session.handle);
          clearTokens(res, ctx.transport);
          res.json({ status: 'OK' });
        }),
      },
    },
  ];
}

async function refresh(ctx: BackendContext, req: RouteRequest, res: Reply): Promise<void> {
  ctx.state.count('refreshCalls');
  if (await clientLeftDuringDelay(ctx, req.signal)) {
    res.end(0);
    return;
  }

  const forced = ctx.state.takeForced('refresh');
  if (forced !== undefined) {
    const handle = await sessionHandleOf(req, ctx, 'refresh');
    const duplicated = { access: true, refresh: readRefreshToken(req).cookieCount > 1 };
    sendSessionError(res, ctx, forced, 'refresh', { handle, duplicated, reason: 'forced by /__mock/force' });
    return;
  }

  const access = readAccessToken(req);
  const presented = readRefreshToken(req);
  const duplicated = { access: access.cookieCount > 1, refresh: presented.cookieCount > 1 };
  // Duplicate cookies only matter to cookie-mode clients (as in SuperTokens).
  if ((duplicated.access || duplicated.refresh) && req.header('st-auth-mode')?.toLowerCase() !== 'header') {
    sendSessionError(res, ctx, 'CLEAR_DUPLICATE_SESSION_COOKIES', 'refresh', { duplicated, reason: 'duplicate session cookies' });
    return;
  }

  const token = presented.token;
  if (token === undefined) {
    sendSessionError(res, ctx, 'UNAUTHORISED', 'refresh', { reason: 'no refresh token' });
    return;
  }
  // Tokens are kept on CSRF failures so a cross-site request cannot log the user out.
  if (token.via === 'cookie' && ctx.options.antiCsrf === 'VIA_CUSTOM_HEADER' && req.header('rid') === undefined) {
    sendSessionError(res, ctx, 'UNAUTHORISED', 'refresh', { keepTokens: true, reason: 'anti-csrf check failed: no rid header' });
    return;
  }

  const now = ctx.options.now();
  const lookup = ctx.store.lookupRefreshToken(token.token, now);
  switch (lookup.kind) {
    case 'unknown':
      sendSessionError(res, ctx, 'UNAUTHORISED', 'refresh', { reason: 'unknown refresh token' });
      return;
    case 'revoked':
      sendSessionError(res, ctx, 'UNAUTHORISED', 'refresh', { reason: 'session revoked' });
      return;
    case 'expired':
      sendSessionError(res, ctx, 'UNAUTHORISED', 'refresh', { handle: lookup.session.handle, reason: 'refresh token expired' });
      return;
    case 'rotated':
      sendSessionError(res, ctx, 'TOKEN_THEFT_DETECTED', 'refresh', { handle: lookup.session.handle, reason: 'refresh token was already rotated' });
      return;
    case 'current':
    case 'parent':
      break;
  }
  if (token.via === 'cookie' && lookup.antiCsrfToken !== undefined && req.header('anti-csrf') !== lookup.antiCsrfToken) {
    sendSessionError(res, ctx, 'UNAUTHORISED', 'refresh', { keepTokens: true, reason: 'anti-csrf check failed: anti-csrf header missing or wrong' });
    return;
  }
  const antiCsrfToken = antiCsrfTokenFor(ctx, token.via);
  ctx.store.rotate(lookup.session, lookup.kind, now, ctx.options.refreshTokenLifetimeMs, antiCsrfToken);
  await issueTokens(ctx, res, lookup.session, token.via, antiCsrfToken);
  res.json({ status: 'OK' });
}

/** `{email, password}`, or SuperTokens' own `{formFields: [{id, value}]}` so its frontend SDKs can sign in too. */
function readCredentials(body: unknown): { email: string; password: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  if (typeof record['email'] === 'string' && typeof record['password'] === 'string') {
    return { email: record['email'], password: record['password'] };
  }
  const fields = record['formFields'];
  if (!Array.isArray(fields)) return undefined;
  const field = (id: string): unknown =>
    (fields as unknown[]).find((f): f is { id: string; value: unknown } => typeof f === 'object' && f !== null && (f as { id?: unknown }).id === id)?.value;
  const email = field('email');
  const password = field('password');
  return typeof email === 'string' && typeof password === 'string' ? { email, password } : undefined;
}
