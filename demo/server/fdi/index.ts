/**
 * The FDI recipes beyond the session (EmailPassword, EmailVerification) that SuperTokens' frontend SDKs
 * call. One hookup for app.ts: the routes under apiBasePath, and their test control.
 */
import express from 'express';
import type { Router } from 'express';
import type { BackendContext } from '../context.js';
import { emailPasswordRouter } from './emailpassword.js';
import { emailVerificationRouter } from './emailverification.js';

export { fdiControlRouter } from './control.js';
export { payloadClaims } from './accounts.js';

export function fdiRouter(ctx: BackendContext): Router {
  const router = express.Router();
  // Any content type, as routes/auth.ts: a fetch with a JSON string body and no header sends text/plain.
  const json = express.json({ limit: '100kb', type: () => true });
  router.use(emailPasswordRouter(ctx, json));
  router.use(emailVerificationRouter(ctx, json));
  return router;
}
