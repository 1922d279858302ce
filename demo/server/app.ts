/**
 * createMockBackend: an Express 5 app that speaks the protocol of docs/protocol.md, with in-process and HTTP test control.
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
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from 'express';
import type { MockControl } from '../../src/mock-backend/control.js';
import { createEngine } from '../../src/mock-backend/engine.js';
import type { Engine } from '../../src/mock-backend/engine.js';
import type { EngineRequest, EngineResponse } from '../../src/mock-backend/http.js';
import type { MockBackendOptions } from '../../src/mock-backend/options.js';

export type * from '../../src/mock-backend/types.js';

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
  const engine = createEngine(options);
  const app = buildApp(engine);
  return { app, control: engine.control, listen: (port = 0, host = '127.0.0.1') => listen(app, port, host) };
}

/** Bodies are read whole and handed to the engine, which enforces its own limit (100 KB, then 413). */
const READ_LIMIT = '8mb';

/**
 * The Express adapter: every request goes to the protocol engine first; what it has no route for may be a
 * static file (the demo page), else the engine's JSON 404.
 */
function buildApp(engine: Engine): Express {
  const { options } = engine;
  const app = express();
  app.disable('x-powered-by');
  // No ETags: a 304 from the browser cache would hide what the backend answered.
  app.set('etag', false);

  app.use(express.raw({ type: () => true, limit: READ_LIMIT }));
  app.use((async (req, res, next) => {
    const request = toEngineRequest(req, res);
    const response = await engine.handle(request);
    if (response !== undefined) {
      send(res, response);
      return;
    }
    for (const [name, value] of engine.commonHeaders(request)) res.append(name, value);
    res.locals['engineRequest'] = request;
    next();
  }) as RequestHandler);

  const serveStatic = (dir: string): RequestHandler => express.static(dir, { extensions: ['html'] });
  for (const [mount, dir] of options.staticMounts) app.use(mount, serveStatic(dir));
  if (options.webRoot !== undefined) app.use(serveStatic(options.webRoot));

  app.use((req, res) => {
    const request = (res.locals['engineRequest'] as EngineRequest | undefined) ?? toEngineRequest(req, res);
    for (const name of Object.keys(res.getHeaders())) res.removeHeader(name);
    send(res, engine.notFound(request));
  });
  app.use(errorHandler((message) => console.error(message)));
  return app;
}

function toEngineRequest(req: Request, res: Response): EngineRequest {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const body: unknown = req.body;
  return {
    method: req.method,
    url: req.originalUrl,
    headers: flattenHeaders(req.headers),
    body: Buffer.isBuffer(body) ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength) : undefined,
    signal: controller.signal,
  };
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

function send(res: Response, response: EngineResponse): void {
  // Status 0: the client left before an answer (a refresh held by refreshDelayMs); nothing to send.
  if (response.status === 0 || res.destroyed) return;
  const grouped = new Map<string, string[]>();
  for (const [name, value] of response.headers) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  res.status(response.status);
  for (const [name, values] of grouped) res.setHeader(name, values.length === 1 ? (values[0] as string) : values);
  res.end(response.body);
}

/** Errors of the body reader (a body over READ_LIMIT, a broken stream) as JSON, never Express's HTML page. */
function errorHandler(log: (message: string) => void): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500;
    if (status >= 500) log(`mock backend: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const message = status === 413 ? 'request body too large' : status < 500 ? 'bad request body' : 'internal error in the mock backend';
    res.status(status).json({ message });
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
