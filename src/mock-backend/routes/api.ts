/**
 * The demo application API under /api: protected, optional-session, claim-checked and public routes,
 * plus an echo that lets SDK tests prove a retried request is byte-for-byte the original. Each accepts a
 * SuperTokens session or an OAuth2 access token (oauth2/bearer.ts).
 */
import type { BackendContext } from '../context.js';
import { sendSessionError, sessionRoute } from '../guard.js';
import { toBase64 } from '../http.js';
import type { Route, RouteHandler } from '../http.js';
import { withOAuthBearer } from '../oauth2/bearer.js';
import type { ApiHandler } from '../oauth2/bearer.js';

/** Mounted at /api. */
export function apiRoutes(ctx: BackendContext): Route[] {
  const guarded = (required: boolean, handler: ApiHandler): RouteHandler =>
    withOAuthBearer(
      ctx,
      sessionRoute(ctx, { required, site: 'api', counter: 'apiCalls' }, (req, res, verified) =>
        handler(req, res, verified && { userId: verified.session.userId, email: verified.session.email, up: verified.claims.up }),
      ),
      handler,
    );

  // Raw body of any content type: the echo must not reinterpret what the SDK sent.
  const echo = guarded(true, (req, res, user) => {
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
      userId: user?.userId ?? null,
    });
  });

  return [
    {
      path: '/user',
      methods: {
        GET: guarded(true, (_req, res, user) => {
          if (user === undefined) return;
          res.json({ userId: user.userId, email: user.email, payload: user.up });
        }),
      },
    },
    { path: '/echo', body: 'raw', methods: { POST: echo, PUT: echo, PATCH: echo, DELETE: echo } },
    {
      path: '/admin',
      methods: {
        GET: guarded(true, (_req, res, user) => {
          if (user === undefined) return;
          const roles = [user.up.role];
          if (!roles.includes('admin')) {
            sendSessionError(res, ctx, 'INVALID_CLAIM', 'api', {
              claimValidationErrors: [
                { id: 'st-role', reason: { message: 'wrong value', expectedToInclude: 'admin', actualValue: roles } },
              ],
              reason: 'role claim does not include admin',
            });
            return;
          }
          res.json({ userId: user.userId, email: user.email, role: 'admin' });
        }),
      },
    },
    {
      path: '/optional',
      methods: {
        GET: guarded(false, (_req, res, user) => {
          res.json({ userId: user?.userId ?? null });
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
