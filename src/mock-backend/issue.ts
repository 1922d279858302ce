/** Issuing a session's tokens to the browser: shared by sign-in and refresh. */
import type { Reply } from './http.js';
import { decodeJwt } from 'jose';
import type { BackendContext } from './context.js';
import type { AuthMode } from './options.js';
import type { SessionRecord } from './sessions.js';
import { encodeFrontToken, randomToken } from './tokens.js';
import { sendTokens } from './transport.js';

/**
 * A fresh anti-CSRF token when the session needs one: only VIA_TOKEN in cookie mode, because a header-mode
 * client sends its token explicitly and cannot be forged by a cross-site form (as in SuperTokens).
 */
export function antiCsrfTokenFor(ctx: BackendContext, mode: AuthMode): string | undefined {
  return ctx.options.antiCsrf === 'VIA_TOKEN' && mode === 'cookie' ? randomToken(24) : undefined;
}

/** Signs a new access token for the session and sets it, the session's current refresh token and the front-token. */
export async function issueTokens(
  ctx: BackendContext,
  res: Reply,
  session: SessionRecord,
  mode: AuthMode,
  antiCsrfToken: string | undefined,
): Promise<void> {
  const now = ctx.options.now();
  const expiresAt = now + ctx.state.config.accessTokenLifetimeMs;
  const up = { role: session.role, email: session.email, ...ctx.accounts.claimsOf(session) };
  const accessToken = await ctx.issuer.sign(
    { userId: session.userId, sessionHandle: session.handle, up, expiresAt, antiCsrfToken },
    now,
  );
  // The first access token of a rotation: its use ends the parent refresh token's grace.
  if (session.parentRefreshToken !== undefined && session.childFirstJti === undefined) {
    session.childFirstJti = Number(decodeJwt(accessToken).jti);
  }
  sendTokens(
    res,
    ctx.transport,
    mode,
    {
      accessToken,
      refreshToken: session.currentRefreshToken,
      refreshExpiresAt: session.refreshExpiresAt,
      frontToken: encodeFrontToken({ uid: session.userId, ate: expiresAt, up }),
      antiCsrfToken,
    },
    now,
  );
}
