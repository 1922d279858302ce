/**
 * The SDK imported on a server (plain Node: no window, no document), as Next.js, Nuxt and SvelteKit do
 * when they render a page: init() patches nothing and opens nothing, the session functions reject with
 * NOT_IN_BROWSER, and adapters made at module scope pass requests through untouched.
 */
import { spawnSync } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import axios from 'axios';
import ky from 'ky';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import * as tabsession from '../../src/index';
import { addAxiosInterceptors } from '../../src/axios/index';
import { withSession } from '../../src/ky/index';
import { refreshAndRedirect } from '../../src/ssr/index';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A loopback API that answers every request 401 and records what it saw: a refresh would show here. */
const seen: { method: string; url: string; headers: IncomingHttpHeaders }[] = [];
const api = createServer((req, res) => {
  seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
  res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"try refresh token"}');
});
let API = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  API = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => api.close(() => resolve())));
afterEach(() => {
  seen.length = 0;
  vi.unstubAllGlobals();
});

const sessionHeaders = (headers: IncomingHttpHeaders) =>
  ['rid', 'st-auth-mode', 'anti-csrf', 'authorization'].filter((name) => headers[name] !== undefined);

describe('on the server (plain Node)', () => {
  test('this test really runs without window and document', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  test('init() patches nothing, opens no BroadcastChannel, and reports one NOT_IN_BROWSER diagnostic', () => {
    const opened: string[] = [];
    const Platform = globalThis.BroadcastChannel;
    vi.stubGlobal(
      'BroadcastChannel',
      class extends Platform {
        constructor(name: string) {
          super(name);
          opened.push(name);
        }
      },
    );
    const fetchBefore = globalThis.fetch;
    const diagnostics: unknown[] = [];
    const session = tabsession.init({ apiDomain: API, onDiagnostic: (error) => diagnostics.push(error) });
    expect(globalThis.fetch).toBe(fetchBefore);
    expect(opened).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ type: 'NOT_IN_BROWSER' });
    expect(String((diagnostics[0] as Error).message)).toMatch(/init\(\) did nothing/);
    expect(tabsession.getClient()).toBe(session);
  });

  test('a bad config is still a CONFIG error on the server', () => {
    expect(() => tabsession.init({ apiDomain: 'not a url', onDiagnostic: () => {} })).toThrow(expect.objectContaining({ type: 'CONFIG' }));
  });

  test('an apiDomain without a scheme: a CONFIG error that says the server has no page protocol to take, and how to write it', () => {
    // In a browser the page's protocol is taken (test/unit/config.test.ts); here there is no page.
    let error: unknown;
    try {
      tabsession.init({ apiDomain: 'api.example.com', onDiagnostic: () => {} });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toMatchObject({ type: 'CONFIG' });
    expect((error as Error).message).toMatch(/apiDomain "api\.example\.com" has no scheme.*no page protocol.*"https:\/\/api\.example\.com"/);
  });

  test('every session function rejects with NOT_IN_BROWSER, and sends nothing', async () => {
    tabsession.init({ apiDomain: API, onDiagnostic: () => {} });
    const calls = {
      doesSessionExist: tabsession.doesSessionExist,
      attemptRefreshingSession: tabsession.attemptRefreshingSession,
      getUserId: tabsession.getUserId,
      getAccessTokenPayloadSecurely: tabsession.getAccessTokenPayloadSecurely,
      getAccessToken: tabsession.getAccessToken,
      signOut: tabsession.signOut,
      refreshAndRedirect: () => refreshAndRedirect({ loginPath: '/login' }),
    };
    for (const [name, call] of Object.entries(calls)) {
      await expect(call(), name).rejects.toMatchObject({ name: 'TabsessionError', type: 'NOT_IN_BROWSER' });
    }
    expect(seen).toEqual([]);
  });

  test('onSessionEvent subscribes to nothing and returns a working unsubscribe', () => {
    const stop = tabsession.onSessionEvent('*', () => {});
    expect(stop).toBeTypeOf('function');
    expect(() => stop()).not.toThrow();
  });

  test('the exported fetch passes requests through untouched, without a refresh', async () => {
    tabsession.init({ apiDomain: API, onDiagnostic: () => {} });
    const response = await tabsession.fetch(`${API}/api/user`);
    expect(response.status).toBe(401);
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/user']);
    expect(sessionHeaders(seen[0]!.headers)).toEqual([]);
  });

  test('addAxiosInterceptors at module scope: requests pass through untouched, before and after init()', async () => {
    const instance = axios.create({ baseURL: API });
    const remove = addAxiosInterceptors(instance); // module scope: before init(), as an SSR app does
    const statusOf = (request: Promise<unknown>) => request.then(() => 200, (error: { response?: { status: number } }) => error.response?.status);
    expect(await statusOf(instance.get('/api/user'))).toBe(401);
    tabsession.init({ apiDomain: API, onDiagnostic: () => {} });
    expect(await statusOf(instance.post('/api/echo', { a: 1 }))).toBe(401);
    remove();
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/user', 'POST /api/echo']);
    for (const request of seen) expect(sessionHeaders(request.headers)).toEqual([]);
  });

  test('withSession(ky) at module scope: requests pass through untouched, without a refresh', async () => {
    const api = withSession(ky.create({ retry: 0, throwHttpErrors: false }));
    const response = await api.get(`${API}/api/user`);
    expect(response.status).toBe(401);
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/user']);
    expect(sessionHeaders(seen[0]!.headers)).toEqual([]);
  });

  test('a Node process that imports the SDK and calls init() exits by itself', () => {
    const script = `import('./src/index.ts').then((m) => m.init({ apiDomain: 'http://x', onDiagnostic: () => {} }))`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, timeout: 20_000, encoding: 'utf8' });
    expect(run.error, 'still running after 20 s: something keeps the process alive').toBeUndefined();
    expect(run.status, run.stderr).toBe(0);
  }, 30_000);
});
