/**
 * The EmailPassword routes of the FDI that supertokens-web-js and supertokens-auth-react call: sign-up,
 * sign-in for accounts made by sign-up, and "does this email exist". Demo accounts keep their own sign-in
 * (routes/auth.ts): a sign-in for an email this file does not know falls through to it.
 */
import type { BackendContext } from '../context.js';
import { HttpError } from '../errors.js';
import type { Reply, Route, RouteHandler, RouteRequest } from '../http.js';
import { antiCsrfTokenFor, issueTokens } from '../issue.js';
import { requestedAuthMode } from '../transport.js';
import { DEMO_USERS } from '../users.js';
import type { Account } from './accounts.js';
import { fieldError, readFormFields, validateSignUp } from './forms.js';

/** Starts a session for an FDI account, with its claims fetched, as sign-up and sign-in do. */
async function startSession(ctx: BackendContext, req: RouteRequest, res: Reply, account: Account): Promise<void> {
  const mode = requestedAuthMode(req, ctx.options.defaultAuthMode);
  const antiCsrfToken = antiCsrfTokenFor(ctx, mode);
  const now = ctx.options.now();
  const user = { id: account.id, email: account.email, password: account.password, role: 'user' as const };
  const session = ctx.store.create(user, now, ctx.options.refreshTokenLifetimeMs, antiCsrfToken);
  ctx.accounts.fetchClaims(session, now);
  await issueTokens(ctx, res, session, mode, antiCsrfToken);
  ctx.state.count('signIns');
}

/** Mounted at apiBasePath. Bodies of any content type, as routes/auth.ts: a fetch with a string body sends text/plain. */
export function emailPasswordRoutes(ctx: BackendContext): Route[] {
  const { accounts } = ctx;
  const isDemoEmail = (email: string): boolean => DEMO_USERS.some((user) => user.email === email.trim().toLowerCase());

  const emailExists: RouteHandler = (req, res) => {
    const email = req.query.get('email');
    if (email === null || email === '') throw new HttpError(400, 'Please provide the email as a GET param');
    res.json({ status: 'OK', exists: accounts.find(email) !== undefined || isDemoEmail(email) });
  };

  return [
    {
      path: '/signup',
      body: 'json',
      methods: {
        POST: async (req, res) => {
          const fields = readFormFields(req.body);
          const invalid = validateSignUp(fields);
          if (invalid !== undefined) {
            res.json(invalid);
            return;
          }
          const email = fields['email'] as string;
          if (accounts.find(email) !== undefined || isDemoEmail(email)) {
            // What the FDI sign-up API answers for EMAIL_ALREADY_EXISTS_ERROR.
            res.json(fieldError('email', 'This email already exists. Please sign in instead.'));
            return;
          }
          const account = accounts.create(email, fields['password'] as string, ctx.options.now());
          await startSession(ctx, req, res, account);
          res.json({ status: 'OK', user: accounts.userJson(account) });
        },
      },
    },
    {
      path: '/signin',
      body: 'json',
      methods: {
        POST: async (req, res) => {
          const body = req.body as { formFields?: unknown } | undefined;
          const fields = Array.isArray(body?.formFields) ? readFormFields(body) : undefined;
          const account = fields?.['email'] === undefined ? undefined : accounts.find(fields['email']);
          // Not answered: demo accounts, the plain {email, password} body and unknown emails go on to routes/auth.ts.
          if (fields === undefined || account === undefined) return;
          if (account.password !== fields['password']) {
            res.json({ status: 'WRONG_CREDENTIALS_ERROR' });
            return;
          }
          await startSession(ctx, req, res, account);
          res.json({ status: 'OK', user: accounts.userJson(account) });
        },
      },
    },
    // FDI 1.x path, and the one of FDI 2.0+ (supertokens-web-js 0.16).
    { path: '/signup/email/exists', methods: { GET: emailExists } },
    { path: '/emailpassword/email/exists', methods: { GET: emailExists } },
  ];
}
