/**
 * Test control for the FDI accounts, under /__mock/fdi: mark an email verified (as if the user clicked
 * the link), read the last verification token, set roles. Only in the route table with `testControl`.
 */
import type { BackendContext } from '../context.js';
import { HttpError } from '../errors.js';
import type { Route } from '../http.js';

/** Mounted at /__mock/fdi. Bodies of any content type. */
export function fdiControlRoutes(ctx: BackendContext): Route[] {
  const { accounts } = ctx;
  const account = (body: unknown) => {
    const email = (body as { email?: unknown } | undefined)?.email;
    return typeof email === 'string' ? accounts.find(email) : undefined;
  };

  return [
    {
      path: '/verify-email',
      body: 'json',
      methods: {
        POST: (req, res) => {
          const found = account(req.body);
          if (found === undefined) throw new HttpError(404, 'no account with that email');
          found.verified = true;
          res.json({ status: 'OK' });
        },
      },
    },
    {
      path: '/roles',
      body: 'json',
      methods: {
        POST: (req, res) => {
          const found = account(req.body);
          const roles = (req.body as { roles?: unknown } | undefined)?.roles;
          if (found === undefined || !Array.isArray(roles) || !roles.every((r) => typeof r === 'string')) {
            throw new HttpError(400, 'expected {"email": string, "roles": string[]} of an existing account');
          }
          found.roles = roles;
          res.json({ status: 'OK' });
        },
      },
    },
    {
      path: '/verification-token',
      methods: {
        GET: (req, res) => {
          const email = req.query.get('email');
          const token = email === null ? undefined : accounts.lastVerificationToken(email);
          if (token === undefined) throw new HttpError(404, 'no verification token for that email');
          res.json({ token });
        },
      },
    },
  ];
}
