/**
 * The EmailVerification routes of the FDI: send a token, verify it, and `GET /user/email/verify`, which
 * fetches the `st-ev` claim into a new access token, as supertokens-node's `fetchAndSetClaim` does.
 */
import express from 'express';
import type { Response, Router } from 'express';
import type { BackendContext } from '../context.js';
import { sessionRoute, type VerifiedSession } from '../guard.js';
import { issueTokens } from '../issue.js';
import { accountsOf } from './accounts.js';

export function emailVerificationRouter(ctx: BackendContext, json: express.RequestHandler): Router {
  const router = express.Router();
  const accounts = accountsOf(ctx);

  /** Refetches the session's claims and sends the new access token (front-token and all). */
  const refetchClaims = async (res: Response, verified: VerifiedSession): Promise<void> => {
    accounts.fetchClaims(verified.session, ctx.options.now());
    await issueTokens(ctx, res, verified.session, verified.via, verified.claims.antiCsrfToken);
  };

  router.get(
    '/user/email/verify',
    sessionRoute(ctx, { required: true, site: 'api' }, async (_req, res, verified) => {
      const session = verified as VerifiedSession;
      await refetchClaims(res, session);
      res.json({ status: 'OK', isVerified: accounts.byId(session.session.userId)?.verified ?? true });
    }),
  );

  router.post(
    '/user/email/verify/token',
    sessionRoute(ctx, { required: true, site: 'api' }, async (_req, res, verified) => {
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
  );

  router.post(
    '/user/email/verify',
    json,
    sessionRoute(ctx, { required: false, site: 'api' }, async (req, res, verified) => {
      const { method, token } = (req.body ?? {}) as { method?: unknown; token?: unknown };
      if (method !== 'token' || typeof token !== 'string') {
        res.status(400).json({ message: 'expected a JSON body {"method": "token", "token": string}' });
        return;
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
  );
  return router;
}
