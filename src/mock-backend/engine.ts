/**
 * The protocol engine of the mock backend: every rule (tokens, rotation with grace, theft detection, the
 * session errors, claims, the OAuth2 token endpoint, CORS, the test control) behind one function from a
 * request to a response.
 * It imports no framework and no Node API: the Express server (demo/server/app.ts) and the msw handlers
 * (`tabsession/msw`) are thin adapters over it, so the two cannot drift.
 *
 * @example
 * const engine = createEngine({ accessTokenLifetimeMs: 1_000 });
 * const res = await engine.handle({ method: 'GET', url: '/api/public', headers: {} });
 */
import type { BackendContext } from './context.js';
import { ControlState, createControl } from './control.js';
import type { MockControl } from './control.js';
import { parseCookieHeader } from './cookies.js';
import { applyCors } from './cors.js';
import { describeError } from './errors.js';
import { Reply, allowedMethods, mount, normalisePath, pathOf, queryOf, readBody, routesByPath } from './http.js';
import type { EngineRequest, EngineResponse, Method, Route, RouteRequest } from './http.js';
import { resolveOptions } from './options.js';
import type { MockBackendOptions, ResolvedOptions } from './options.js';
import { Accounts } from './fdi/accounts.js';
import { fdiControlRoutes, fdiRoutes } from './fdi/index.js';
import { apiRoutes } from './routes/api.js';
import { authRoutes } from './routes/auth.js';
import { GrantStore } from './oauth2/grants.js';
import { oauthRoutes } from './oauth2/routes.js';
import { mockRoutes } from './routes/mock.js';
import { ssrRoutes } from './routes/ssr.js';
import { SessionStore } from './sessions.js';
import { TokenIssuer } from './tokens.js';

export interface Engine {
  readonly options: ResolvedOptions;
  /** The test control, in-process: the same operations as the `/__mock` routes. */
  readonly control: MockControl;
  /** Answers a request; undefined when no route has its path (the adapter may serve a file, or call `notFound`). */
  handle(request: EngineRequest): Promise<EngineResponse | undefined>;
  /** The JSON 404 for a request no route and no file answered (logged like any request). */
  notFound(request: EngineRequest): EngineResponse;
  /** The headers every answer carries (CORS, no-store), for what an adapter answers itself (static files). */
  commonHeaders(request: EngineRequest): readonly (readonly [string, string])[];
}

/** The route table: each group from its own file, mounted at its prefix. Add a group with one line here. */
function routeTable(ctx: BackendContext, control: MockControl): Route[] {
  const { apiBasePath, testControl } = ctx.options;
  const base = apiBasePath === '' ? '/' : apiBasePath;
  return [
    // EmailPassword and EmailVerification (fdi/), before the session routes they fall through to.
    ...mount(base, fdiRoutes(ctx)),
    ...mount(base, authRoutes(ctx)),
    ...mount('/api', apiRoutes(ctx)),
    ...oauthRoutes(ctx),
    ...ssrRoutes(ctx),
    ...(testControl ? mount('/__mock/fdi', fdiControlRoutes(ctx)) : []),
    ...(testControl ? mount('/__mock', mockRoutes(control)) : []),
  ];
}

export function createEngine(options: MockBackendOptions = {}, log: (message: string) => void = (message) => console.error(message)): Engine {
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
    accounts: new Accounts(),
    grants: new GrantStore(),
  };
  const control = createControl(ctx.state, ctx.store, ctx.issuer, ctx.grants);
  const routes = routesByPath(routeTable(ctx, control));
  // The control API itself and static mounts are not protocol traffic: not in the request log.
  const unlogged = ['/__mock', ...resolved.staticMounts.map(([prefix]) => prefix)];

  const header = (request: EngineRequest) => (name: string): string | undefined => request.headers[name.toLowerCase()];
  const start = (request: EngineRequest): Reply => {
    const reply = new Reply();
    applyCors(resolved.allowedOrigins, { method: request.method, header: header(request) }, reply);
    return reply;
  };
  /** Logs the request at arrival; returns how to finish its record. */
  const record = (request: EngineRequest, path: string): ((status: number) => void) => {
    if (unlogged.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return () => undefined;
    const get = header(request);
    const entry = ctx.state.record({
      method: request.method,
      path,
      origin: get('origin') ?? null,
      rid: get('rid') ?? null,
      stAuthMode: get('st-auth-mode') ?? null,
      antiCsrf: get('anti-csrf') !== undefined,
      authorization: get('authorization') !== undefined,
      cookieNames: parseCookieHeader(get('cookie')).map((pair) => pair.name),
      at: resolved.now(),
    });
    return (status) => entry.finish(request.signal?.aborted === true ? 0 : status);
  };
  const finish = (reply: Reply, request: EngineRequest, done: (status: number) => void): EngineResponse => {
    done(reply.status);
    return reply.toResponse(request.method === 'HEAD');
  };

  const notFound = (request: EngineRequest): EngineResponse => {
    const path = pathOf(request.url);
    const done = record(request, path);
    const reply = start(request);
    reply.set('cache-control', 'no-store');
    reply.json({ message: `no route for ${request.method} ${path}` }, 404);
    return finish(reply, request, done);
  };

  return {
    options: resolved,
    control,
    notFound,
    commonHeaders(request) {
      const reply = start(request);
      reply.set('cache-control', 'no-store');
      return reply.toResponse(true).headers;
    },
    async handle(request) {
      const path = pathOf(request.url);
      const method = request.method.toUpperCase();
      const route = routes.get(normalisePath(path));
      if (route === undefined && method !== 'OPTIONS') return undefined;
      const done = record(request, path);
      const reply = start(request);
      if (reply.sent) return finish(reply, request, done); // a preflight
      reply.set('cache-control', 'no-store');
      if (route === undefined) return undefined;
      const handler = route.methods[(method === 'HEAD' ? 'GET' : method) as Method];
      try {
        if (handler === undefined) {
          const allow = allowedMethods(route).join(', ');
          reply.set('allow', allow);
          reply.json({ message: `method ${method} not allowed; use ${allow}` }, 405);
          return finish(reply, request, done);
        }
        const rawBody = request.body ?? new Uint8Array(0);
        const routeRequest: RouteRequest = {
          method,
          path,
          query: queryOf(request.url),
          header: header(request),
          body: readBody(route, rawBody, request.headers['content-type']),
          rawBody,
          signal: request.signal,
        };
        await handler(routeRequest, reply);
        if (!reply.sent) throw new Error(`the route ${method} ${route.path} sent no answer`);
      } catch (error) {
        const { status, message, headers } = describeError(error, log);
        for (const [name, value] of Object.entries(headers)) reply.set(name, value);
        reply.json({ message }, status);
      }
      return finish(reply, request, done);
    },
  };
}
