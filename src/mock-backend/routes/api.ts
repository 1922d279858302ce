/**
 * The demo application API under /api: protected, optional-session, claim-checked and public routes,
 * plus an echo that lets SDK tests prove a retried request is byte-for-byte the original.
 */
import type { BackendContext } from '../context.js';
import { sendSessionError, sessionRoute } from '../guard.js';
import { toBase64 } from '../http.js';
import type { Route } from '../http.js';

/** Mounted at /api. */
export function apiRoutes(ctx: BackendContext): Route[] {
  const required = { required: true, site: 'api', counter: 'apiCalls' } as const;

  // Raw body of any content type: the echo must not reinterpret what the SDK sent.
  const echo = sessionRoute(ctx, required, (req, res, verified) => {
    const body = req.rawBody;
    res.json({
      method: req.method,
      contentType: req.header('content-type') ?? null,
      body: new TextDecoder().decode(body),
      ...(body.length > 0 ? { bodyBase64: toBase64(body) } : {}),
      headers: {
        rid: req.header('rid') ?? null,
        'st-auth-mode': req.header('st-auth-mode') ?? null,
        'anti-csrf': req.header('anti-csrf') ?? null,
        hasAuthorization: req.header('authorization') !== undefined,
        custom: req.header('x-test') ?? null,
      },
      userId: verified?.session.userId ?? null,
    });
  });

  return [
    {
      path: '/user',
      methods: {
        GET: sessionRoute(ctx, required, (_req, res, verified) => {
          if (verified === undefined) return;
          res.json({ userId: verified.session.userId, email: verified.session.email, payload: verified.claims.up });
        }),
      },
    },
    { path: '/echo', body: 'raw', methods: { POST: echo, PUT: echo, PATCH: echo, DELETE: echo } },
    {
      path: '/admin',
      methods: {
        GET: sessionRoute(ctx, required, (_req, res, verified) => {
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
      },
    },
    {
      path: '/optional',
      methods: {
        GET: sessionRoute(ctx, { ...required, required: false }, (_req, res, verified) => {
          res.json({ userId: verified?.session.userId ?? null });
        }),
      },
    },
    {
      path: '/public',
      methods: {
        GET: (_req, res) => {
          ctx.state.count('apiCalls');
          res.json({ ok: true });
        },
      },
    },
  ];
}
