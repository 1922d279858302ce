/**
 * `tabsession/msw`: the mock backend as msw 2 request handlers, for the session in your own tests.
 * The same protocol engine as the Express mock backend (sign-in, refresh with rotation and theft
 * detection, sign-out, the demo API, every session error on demand, and the OAuth2 token endpoint of
 * docs/mock-backend-oauth2.md), run in-process.
 *
 * @example
 * import { setupServer } from 'msw/node';
 * import { createSessionHandlers } from 'tabsession/msw';
 * const handlers = createSessionHandlers({ apiDomain: 'http://api.test' });
 * const server = setupServer(...handlers);
 * server.listen(); // before tabsession's init()
 * handlers.control.expire(); // every access token issued so far is now expired
 */
import { http } from 'msw';
import type { HttpHandler } from 'msw';
import type { MockControl } from '../mock-backend/control';
import { createEngine } from '../mock-backend/engine';
import type { MockBackendOptions } from '../mock-backend/options';
import { CookieJar } from './cookies';

export type * from '../mock-backend/types';

export interface SessionHandlersOptions extends Omit<MockBackendOptions, 'webRoot' | 'staticMounts'> {
  /**
   * The backend's origin, e.g. 'http://api.test': its requests are answered, unknown paths with a 404 (put your own
   * handlers for that origin first). Default: every origin, and unknown paths fall through to your other handlers.
   * Leave it out where the API shares the page's origin in a browser (setupWorker): with it, the page's own
   * later file loads would get the 404 too.
   */
  apiDomain?: string;
  /**
   * Default true: the handlers keep the session cookies as a browser would (httpOnly, by path) and send
   * them with every request that does not omit credentials. false: the client sends its own `Cookie`
   * header (a test client with its own jar).
   */
  cookieJar?: boolean;
  /** Aborting it ends every request still held by the handlers (`refreshDelayMs`), as closing a server does. */
  signal?: AbortSignal;
}

export interface SessionHandlers extends Array<HttpHandler> {
  /**
   * The test control, in-process: `expire()`, `revoke()`, `force({ error, times, on })`, `stats()`, `config()`, `reset()`,
   * `sessions()`, and for OAuth2 `forceOAuth({ error, times })` and `oauthGrants()`.
   */
  readonly control: MockControl;
  /** Names of the cookies the jar holds (httpOnly ones included), e.g. to assert a sign-out cleared them. */
  cookieNames(): string[];
  /** A fresh backend and an empty cookie jar: call it between tests. */
  reset(): void;
}

/** Set by tabsession's `init()` on the fetch it installs as `window.fetch` (see src/index.ts). */
const PATCHED_FETCH = Symbol.for('tabsession.patchedFetch');

export const WRONG_ORDER_MESSAGE =
  'tabsession/msw: msw was started after tabsession patched window.fetch, so msw sees requests before tabsession does ' +
  '(no session headers, no refresh). Start msw first: call server.listen() (or worker.start()) before init(), ' +
  'e.g. in a vitest setup file; or init({ ..., patchGlobalFetch: false }) and use tabsession\'s fetch, which finds msw at each request.';

/**
 * msw handlers that answer like the Express mock backend. Unknown paths fall through to your other handlers.
 *
 * @example
 * const handlers = createSessionHandlers({ apiDomain: 'http://api.test', accessTokenLifetimeMs: 60_000 });
 * handlers.control.force({ error: 'INVALID_CLAIM', on: 'api' });
 * expect(handlers.control.stats().refreshCalls).toBe(1);
 */
export function createSessionHandlers(options: SessionHandlersOptions = {}): SessionHandlers {
  const { apiDomain, cookieJar = true, signal, ...backendOptions } = options;
  const engine = createEngine(backendOptions);
  const jar = new CookieJar();
  const pattern = apiDomain === undefined ? '*' : `${apiDomain.replace(/\/+$/, '')}/*`;

  const handler = http.all(pattern, async ({ request }) => {
    const patched = (globalThis as Record<symbol, unknown>)[PATCHED_FETCH];
    if (patched !== undefined && globalThis.fetch !== patched) throw new Error(WRONG_ORDER_MESSAGE);
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (cookieJar) {
      // msw adds document.cookie to the request; the backend's cookies are the httpOnly ones in the jar.
      delete headers['cookie'];
      const cookie = request.credentials === 'omit' ? undefined : jar.header(url.pathname);
      if (cookie !== undefined) headers['cookie'] = cookie;
    }
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const engineRequest = {
      method: request.method,
      url: `${url.pathname}${url.search}`,
      headers,
      body: hasBody ? new Uint8Array(await request.arrayBuffer()) : undefined,
      signal: signal === undefined ? request.signal : AbortSignal.any([request.signal, signal]),
    };
    // With an apiDomain the handlers are that backend: an unknown path is its 404. Without, other handlers get a turn.
    const response = (await engine.handle(engineRequest)) ?? (apiDomain === undefined ? undefined : engine.notFound(engineRequest));
    if (response === undefined) return undefined;
    if (response.status === 0) return Response.error();
    const out = new Headers();
    const setCookies: string[] = [];
    for (const [name, value] of response.headers) {
      out.append(name, value);
      if (name === 'set-cookie') setCookies.push(value);
    }
    // As in a browser, a request that omits credentials neither sends nor stores cookies.
    if (cookieJar && request.credentials !== 'omit') jar.store(setCookies);
    const empty = response.status === 204 || response.status === 304 || response.body === undefined;
    // A plain Response, not msw's HttpResponse: msw would also keep the Set-Cookie in its own store.
    return new Response(empty ? null : response.body, { status: response.status, headers: out });
  });

  return Object.assign([handler], {
    control: engine.control,
    cookieNames: () => jar.names(),
    reset: () => {
      engine.control.reset();
      jar.clear();
    },
  });
}
