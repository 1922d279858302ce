/**
 * The /__mock test-control API: the HTTP face of `MockControl`, for tests that run in a browser and
 * cannot reach the backend object. Exists only when the `testControl` option is true.
 */
import type { MockControl } from '../control.js';
import { HttpError } from '../errors.js';
import type { Route, RouteHandler } from '../http.js';

/** Mounted at /__mock. Bodies must be JSON (application/json); an empty body is fine for operations without arguments. */
export function mockRoutes(control: MockControl): Route[] {
  const action = (path: string, run: () => object): Route => ({
    path,
    body: 'json-typed',
    methods: { POST: (_req, res) => res.json({ ok: true, ...run() }) },
  });
  const get = (path: string, handler: RouteHandler): Route => ({ path, methods: { GET: handler } });
  /** A force operation: the control validates the body (it is `unknown` to it), we only require one. */
  const force = (path: string, fields: string, run: (body: never) => object[]): Route => ({
    path,
    body: 'json-typed',
    methods: {
      POST: (req, res) => {
        if (req.body === undefined) throw new HttpError(400, `expected a JSON body ${fields}`);
        res.json({ ok: true, forced: run(req.body as never) });
      },
    },
  });
  return [
    force('/force', '{"error", "times"?, "on"?}', (body) => control.force(body)),
    {
      path: '/config',
      body: 'json-typed',
      methods: {
        GET: (_req, res) => res.json(control.config()),
        POST: (req, res) => res.json(control.config((req.body ?? {}) as Parameters<MockControl['config']>[0])),
      },
    },
    force('/oauth/force', '{"error", "times"?}', (body) => control.forceOAuth(body)),
    get('/oauth/grants', (_req, res) => res.json(control.oauthGrants())),
    action('/expire', () => control.expire()),
    action('/revoke', () => control.revoke()),
    action('/reset', () => {
      control.reset();
      return {};
    }),
    get('/stats', (_req, res) => res.json(control.stats())),
    get('/sessions', (_req, res) => res.json(control.sessions())),
    // The newest session's refresh tokens: the short way for a theft test to get a rotated-out token.
    get('/refresh-token', (_req, res) => {
      const latest = control.sessions().at(-1);
      if (latest === undefined) throw new HttpError(404, 'no session yet');
      res.json({ handle: latest.handle, ...latest.refreshTokens });
    }),
  ];
}
