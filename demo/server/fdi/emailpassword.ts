/**
 * The EmailPassword routes of the FDI that supertokens-web-js and supertokens-auth-react call: sign-up,
 * sign-in for accounts made by sign-up, and "does this email exist". Demo accounts keep their own sign-in
 * (routes/auth.ts): a sign-in for an email this file does not know falls through to it.
 */
import express from 'express';
import type { Request, Response, Router } from 'express';
import type { BackendContext } from '../context.js';
import { antiCsrfTokenFor, issueTokens } from '../issue.js';
import { requestedAuthMode } from '../transport.js';
import { DEMO_USERS } from '../users.js';
import { accountsOf, type Account } from './accounts.js';
import { fieldError, readFormFields, validateSignUp } from './forms.js';

/** Starts a session for an FDI account, with its claims fetched, as sign-up and sign-in do. */
async function startSession(ctx: BackendContext, req: Request, res: Response, account: Account): Promise<void> {
  const mode = requestedAuthMode(req, ctx.options.defaultAuthMode);
  const antiCsrfToken = antiCsrfTokenFor(ctx, mode);
  const now = ctx.options.now();
  const user = { id: account.id, email: account.email, password: account.password, role: 'user' as const };
  const session = ctx.store.create(user, now, ctx.options.refreshTokenLifetimeMs, antiCsrfToken);
  accountsOf(ctx).fetchClaims(session, now);
  await issueTokens(ctx, res, session, mode, antiCsrfToken);
  ctx.state.count('signIns');
}

export function emailPasswordRouter(ctx: BackendContext, json: express.RequestHandler): Router {
  const router = express.Router();
  const accounts = accountsOf(ctx);

  router.post('/signup', json, async (req, res) => {
    const fields = readFormFields(req.body);
    const invalid = validateSignUp(fields);
    if (invalid !== undefined) {
      res.json(invalid);
      return;
    }
    const email = fields['email'] as string;
    if (accounts.find(email) !== undefined || DEMO_USERS.some((user) => user.email === email.trim().toLowerCase())) {
      // What the FDI sign-up API answers for EMAIL_ALREADY_EXISTS_ERROR.
      res.json(fieldError('email', 'This email already exists. Please sign in instead.'));
      return;
    }
    const account = accounts.create(email, fields['password'] as string, ctx.options.now());
    await startSession(ctx, req, res, account);
    res.json({ status: 'OK', user: accounts.userJson(account) });
  });

  router.post('/signin', json, async (req, res, next) => {
    const body = req.body as { formFields?: unknown } | undefined;
    const fields = Array.isArray(body?.formFields) ? readFormFields(body) : undefined;
    const account = fields?.['email'] === undefined ? undefined : accounts.find(fields['email']);
    if (fields === undefined || account === undefined) {
      next(); // demo accounts, the plain {email, password} body, and wrong credentials: routes/auth.ts
      return;
    }
    if (account.password !== fields['password']) {
      res.json({ status: 'WRONG_CREDENTIALS_ERROR' });
      return;
    }
    await startSession(ctx, req, res, account);
    res.json({ status: 'OK', user: accounts.userJson(account) });
  });

  const emailExists = (req: Request, res: Response): void => {
    const email = req.query['email'];
    if (typeof email !== 'string' || email === '') {
      res.status(400).json({ message: 'Please provide the email as a GET param' });
      return;
    }
    const lower = email.trim().toLowerCase();
    res.json({ status: 'OK', exists: accounts.find(lower) !== undefined || DEMO_USERS.some((user) => user.email === lower) });
  };
  // FDI 1.x path, and the one of FDI 2.0+ (supertokens-web-js 0.16).
  router.get('/signup/email/exists', emailExists);
  router.get('/emailpassword/email/exists', emailExists);
  return router;
}
