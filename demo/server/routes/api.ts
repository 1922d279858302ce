/**
 * The demo application API under /api: protected, optional-session, claim-checked and public routes,
 * plus an echo that lets SDK tests prove a retried request is byte-for-byte the original.
 */
import express from 'express';
import type { Router } from 'express';
import type { BackendContext } from '../context.js';
import { methodNotAllowed } from '../errors.js';
import { sendSessionError, sessionRoute } from '../guard.js';

export const ECHO_LIMIT = '100kb';
const ECHO_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

export function apiRouter(ctx: BackendContext): Router {
  const router = express.Router();
  const required = { required: true, site: 'api', counter: 'apiCalls' } as const;

  router
    .route('/user')
    .get(
      sessionRoute(ctx, required, (_req, res, verified) => {
        if (verified === undefined) return;
        res.json({ userId: verified.session.userId, email: verified.session.email, payload: verified.claims.up });
      }),
    )
    .all(methodNotAllowed(['GET']));

  // Raw body of any content type: the echo must not reinterpret what the SDK sent.
  const rawBody = express.raw({ type: () => true, limit: ECHO_LIMIT });
  const echo = sessionRoute(ctx, required, (req, res, verified) => {
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    res.json({
      method: req.method,
      contentType: req.get('content-type') ?? null,
      body: body.toString('utf8'),
      ...(body.length > 0 ? { bodyBase64: body.toString('base64') } : {}),
      headers: {
        rid: req.get('rid') ?? null,
        'st-auth-mode': req.get('st-auth-mode') ?? null,
        'anti-csrf': req.get('anti-csrf') ?? null,
        hasAuthorization: req.get('authorization') !== undefined,
        custom: req.get('x-test') ?? null,
      },
      userId: verified?.session.userId ?? null,
    });
  });
  router
    .route('/echo')
    .post(rawBody, echo)
    .put(rawBody, echo)
    .patch(rawBody, echo)
    .delete(rawBody, echo)
    .all(methodNotAllowed(ECHO_METHODS));

  router
    .route('/admin')
    .get(
      sessionRoute(ctx, required, (_req, res, verified) => {
        if (verified === undefined) return;
        const roles = [verified.claims.up.role];
        if (!roles.includes('admin')) {
          sendSessionError(res, ctx, 'INVALID_CLAIM', 'api', {
            claimValidationErrors: [
              { id: 'st-role', reason: { message: 'wrong value', expectedToInclude: 'admin', actualValue: roles } },
            ],
            reason: 'role claim does not include admin',
          });
          return;
        }
        res.json({ userId: verified.session.userId, email: verified.session.email, role: 'admin' });
      }),
    )
    .all(methodNotAllowed(['GET']));

  router
    .route('/optional')
    .get(
      sessionRoute(ctx, { ...required, required: false }, (_req, res, verified) => {
        res.json({ userId: verified?.session.userId ?? null });
      }),
    )
    .all(methodNotAllowed(['GET']));

  router
    .route('/public')
    .get((_req, res) => {
      ctx.state.count('apiCalls');
      res.json({ ok: true });
    })
    .all(methodNotAllowed(['GET']));

  return router;
}
