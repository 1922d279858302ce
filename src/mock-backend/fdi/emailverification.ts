/**
 * The EmailVerification routes of the FDI: send a token, verify it, and `GET /user/email/verify`, which
 * fetches the `st-ev` claim into a new access token, as supertokens-node's `fetchAndSetClaim` does.
 */
import type { BackendContext } from '../context.js';
import { HttpError } from '../errors.js';
import { sessionRoute, type VerifiedSession } from '../guard.js';
import type { Reply, Route } from '../http.js';
import { issueTokens } from '../issue.js';

/** Mounted at apiBasePath. */
export function emailVerificationRoutes(ctx: BackendContext): Route[] {
  const { accounts } = ctx;
  const required = { required: true, site: 'api' } as const;

  /** Refetches the session's claims and sends the new access token (front-token and all). */
  const refetchClaims = async (res: Reply, verified: VerifiedSession): Promise<void> => {
    accounts.fetchClaims(verified.session, ctx.options.now());
    await issueTokens(ctx, res, verified.session, verified.via, verified.claims.antiCsrfToken);
  };

  return [
    {
      path: '/user/email/verify',
      body: 'json',
      methods: {
        GET: sessionRoute(ctx, required, async (_req, res, verified) => {
          const session = verified as VerifiedSession;
          await refetchClaims(res, session);
          res.json({ status: 'OK', isVerified: accounts.byId(session.session.userId)?.verified ?? true });
        }),
        POST: sessionRoute(ctx, { ...required, required: false }, async (req, res, verified) => {
          const { method, token } = (req.body ?? {}) as { method?: unknown; token?: unknown };
          if (method !== 'token' || typeof token !== 'string') {
            throw new HttpError(400, 'expected a JSON body {"method": "token", "token": string}');
          }
          const account = accounts.consumeVerificationToken(token);
          if (account === undefined) {
            res.json({ status: 'EMAIL_VERIFICATION_INVALID_TOKEN_ERROR' });
            return;
          }
          account.verified = true;
          if (verified !== undefined && verified.session.userId === account.id) await refetchClaims(res, verified);
          res.json({ status: 'OK', user: { id: account.id, recipeUserId: account.id, email: account.email } });
        }),
      },
    },
    {
      path: '/user/email/verify/token',
      methods: {
        POST: sessionRoute(ctx, required, async (_req, res, verified) => {
          const session = verified as VerifiedSession;
          const account = accounts.byId(session.session.userId);
          if (account === undefined || account.verified) {
            await refetchClaims(res, session);
            res.json({ status: 'EMAIL_ALREADY_VERIFIED_ERROR' });
            return;
          }
          accounts.newVerificationToken(account);
          res.json({ status: 'OK' });
        }),
      },
    },
  ];
}
