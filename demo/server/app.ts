/**
 * createMockBackend: an Express 5 app that speaks PROTOCOL.md, with in-process and HTTP test control.
 *
 * @example
 * const backend = createMockBackend({ accessTokenLifetimeMs: 1_000 });
 * const { url, close } = await backend.listen();
 * await fetch(`${url}/auth/signin`, {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json' },
 *   body: JSON.stringify({ email: 'demo@example.com', password: 'demo' }),
 * });
 * backend.control.expire();
 * await close();
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Express, RequestHandler, Response } from 'express';
import type { BackendContext } from './context.js';
import { parseCookieHeader } from './cookies.js';
import { ControlState, createControl } from './control.js';
import type { MockControl } from './control.js';
import { errorHandler, notFound } from './errors.js';
import { resolveOptions } from './options.js';
import type { MockBackendOptions, ResolvedOptions } from './options.js';
import { apiRouter } from './routes/api.js';
import { authRouter } from './routes/auth.js';
import { mockRouter } from './routes/mock.js';
import { ssrRouter } from './routes/ssr.js';
import { SessionStore } from './sessions.js';
import { TokenIssuer } from './tokens.js';
import { cors } from './cors.js';
import { fdiControlRouter, fdiRouter } from './fdi/index.js';

export type { MockBackendOptions } from './options.js';
export type {
  ForceRequest,
  ForceTarget,
  ForcedError,
  MockConfig,
  MockConfigUpdate,
  MockControl,
  MockSessionInfo,
  MockStats,
  RequestRecord,
} from './control.js';
export type { SessionErrorType } from './errors.js';

export interface ListeningBackend {
  /** e.g. `http://127.0.0.1:41234`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and drops keep-alive sockets, so a test run ends promptly. Idempotent. */
  close(): Promise<void>;
}

export interface MockBackend {
  readonly app: Express;
  /** The same operations as the /__mock HTTP API, in-process. */
  readonly control: MockControl;
  /** Defaults: port 0 (any free port), host '127.0.0.1'. */
  listen(port?: number, host?: string): Promise<ListeningBackend>;
}

export function createMockBackend(options: MockBackendOptions = {}): MockBackend {
  const resolved = resolveOptions(options);
  const ctx: BackendContext = {
    options: resolved,
    store: new SessionStore(),
    issuer: new TokenIssuer(),
    state: new ControlState(resolved),
    transport: {
      apiBasePath: resolved.apiBasePath,
      cookieSameSite: resolved.cookieSameSite,
      cookieSecure: resolved.cookieSecure,
      defaultAuthMode: resolved.defaultAuthMode,
    },
  };
  const control = createControl(ctx.state, ctx.store, ctx.issuer);
  const app = buildApp(ctx, control);
  return { app, control, listen: (port = 0, host = '127.0.0.1') => listen(app, port, host) };
}

function buildApp(ctx: BackendContext, control: MockControl): Express {
  const { options } = ctx;
  const app = express();
  app.disable('x-powered-by');
  // No ETags: a 304 from the browser cache would hide what the backend answered.
  app.set('etag', false);

  const staticResponses = new WeakSet<Response>();
  const markStatic = (res: Response): void => {
    staticResponses.add(res);
  };
  app.use(requestLog(ctx, options, staticResponses));
  app.use(cors(options.allowedOrigins));
  app.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  // EmailPassword and EmailVerification (demo/server/fdi), before the session routes they fall through to.
  app.use(options.apiBasePath === '' ? '/' : options.apiBasePath, fdiRouter(ctx));
  app.use(options.apiBasePath === '' ? '/' : options.apiBasePath, authRouter(ctx));
  app.use('/api', apiRouter(ctx));
  app.use(ssrRouter(ctx));
  if (options.testControl) app.use('/__mock/fdi', fdiControlRouter(ctx));
  if (options.testControl) app.use('/__mock', mockRouter(control));

  const serveStatic = (dir: string): RequestHandler =>
    express.static(dir, { extensions: ['html'], setHeaders: (res) => markStatic(res as unknown as Response) });
  for (const [mount, dir] of options.staticMounts) app.use(mount, serveStatic(dir));
  if (options.webRoot !== undefined) app.use(serveStatic(options.webRoot));

  app.use(notFound);
  app.use(errorHandler((message) => console.error(message)));
  return app;
}

/** Records every request for /__mock/stats, except the control API itself and static files. */
function requestLog(ctx: BackendContext, options: ResolvedOptions, staticResponses: WeakSet<Response>): RequestHandler {
  const skipPrefixes = ['/__mock', ...options.staticMounts.map(([mount]) => mount)];
  return (req, res, next) => {
    if (skipPrefixes.some((prefix) => req.path === prefix || req.path.startsWith(`${prefix}/`))) {
      next();
      return;
    }
    const cookieNames = parseCookieHeader(req.headers.cookie).map((pair) => pair.name);
    const entry = ctx.state.record({
      method: req.method,
      path: req.path,
      origin: req.get('origin') ?? null,
      rid: req.get('rid') ?? null,
      stAuthMode: req.get('st-auth-mode') ?? null,
      antiCsrf: req.get('anti-csrf') !== undefined,
      authorization: req.get('authorization') !== undefined,
      cookieNames,
      at: options.now(),
    });
    res.once('close', () => {
      // Static files are not protocol traffic; drop them rather than crowd the log.
      if (staticResponses.has(res)) entry.drop();
      else entry.finish(res.writableFinished ? res.statusCode : 0);
    });
    next();
  };
}

function listen(app: Express, port: number, host: string): Promise<ListeningBackend> {
  return new Promise((resolve, reject) => {
    const server = createServer(app);
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      let closing: Promise<void> | undefined;
      const close = (): Promise<void> => {
        closing ??= new Promise<void>((done, fail) => {
          server.close((error) => (error === undefined ? done() : fail(error)));
          // close() alone waits for idle keep-alive sockets to time out.
          server.closeAllConnections();
        });
        return closing;
      };
      resolve({ url: `http://${urlHost(address)}:${address.port}`, port: address.port, close });
    });
  });
}

function urlHost(address: AddressInfo): string {
  if (address.address === '0.0.0.0' || address.address === '::') return 'localhost';
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}
