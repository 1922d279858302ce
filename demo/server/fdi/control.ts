/**
 * Test control for the FDI accounts, under /__mock/fdi: mark an email verified (as if the user clicked
 * the link), read the last verification token, set roles. Only mounted with `testControl`.
 */
import express from 'express';
import type { Router } from 'express';
import type { BackendContext } from '../context.js';
import { accountsOf } from './accounts.js';

export function fdiControlRouter(ctx: BackendContext): Router {
  const router = express.Router();
  const accounts = accountsOf(ctx);
  router.use(express.json({ limit: '10kb', type: () => true }));

  const account = (body: unknown) => {
    const email = (body as { email?: unknown } | undefined)?.email;
    return typeof email === 'string' ? accounts.find(email) : undefined;
  };

  router.post('/verify-email', (req, res) => {
    const found = account(req.body);
    if (found === undefined) {
      res.status(404).json({ message: 'no account with that email' });
      return;
    }
    found.verified = true;
    res.json({ status: 'OK' });
  });

  router.post('/roles', (req, res) => {
    const found = account(req.body);
    const roles = (req.body as { roles?: unknown }).roles;
    if (found === undefined || !Array.isArray(roles) || !roles.every((r) => typeof r === 'string')) {
      res.status(400).json({ message: 'expected {"email": string, "roles": string[]} of an existing account' });
      return;
    }
    found.roles = roles;
    res.json({ status: 'OK' });
  });

  router.get('/verification-token', (req, res) => {
    const token = typeof req.query['email'] === 'string' ? accounts.lastVerificationToken(req.query['email']) : undefined;
    if (token === undefined) res.status(404).json({ message: 'no verification token for that email' });
    else res.json({ token });
  });
  return router;
}
