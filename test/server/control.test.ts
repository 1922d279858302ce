// The /__mock test-control API and its in-process twin, backend.control.
import { describe, expect, it } from 'vitest';
import { createMockBackend } from '../../demo/server/app.js';
import { ControlState } from '../../demo/server/control.js';
import { resolveOptions } from '../../demo/server/options.js';
import { Client, mockPost, sessions, start, stats } from './helpers.js';

describe('/__mock over HTTP', () => {
  it('stats: counters and a request log with what the SDK sent', async () => {
    const { url } = await start();
    const client = new Client(url);
    await client.signIn();
    await client.refresh();
    await client.request('/api/user', { headers: { origin: 'http://app.test' } });
    await client.post('/auth/signout');
    await fetch(`${url}/__mock/stats`); // the control API itself is not logged

    const result = await stats(url);
    expect(result).toMatchObject({ refreshCalls: 1, signIns: 1, signOuts: 1, apiCalls: 1 });
    expect(result.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /auth/signin 200',
      'POST /auth/session/refresh 200',
      'GET /api/user 200',
      'POST /auth/signout 200',
    ]);
    const [signin, refresh, user] = result.requests;
    expect(signin).toMatchObject({ rid: 'anti-csrf', stAuthMode: 'cookie', antiCsrf: false, authorization: false, cookieNames: [], origin: null });
    expect(refresh).toMatchObject({ rid: 'session', cookieNames: ['sAccessToken', 'sRefreshToken'] });
    expect(user).toMatchObject({ origin: 'http://app.test', cookieNames: ['sAccessToken'] });
    expect(user?.at).toBeGreaterThanOrEqual(signin?.at ?? Infinity);
  });

  it('stats keeps duplicate cookie names and the Authorization flag', async () => {
    const { url } = await start();
    await fetch(`${url}/api/public`, { headers: { cookie: 'sAccessToken=a; sAccessToken=b', authorization: 'Bearer x', 'anti-csrf': 't' } });
    const [record] = (await stats(url)).requests;
    expect(record).toMatchObject({ cookieNames: ['sAccessToken', 'sAccessToken'], authorization: true, antiCsrf: true });
  });

  it('config: changes the access-token lifetime of new tokens, and reads back', async () => {
    const { url } = await start();
    const res = await mockPost(url, 'config', { accessTokenLifetimeMs: 5_000, refreshDelayMs: 10 });
    expect(await res.json()).toMatchObject({ accessTokenLifetimeMs: 5_000, refreshDelayMs: 10 });
    expect(await (await fetch(`${url}/__mock/config`)).json()).toMatchObject({ accessTokenLifetimeMs: 5_000 });
    const client = new Client(url);
    const before = Date.now();
    await client.signIn();
    const ate = (JSON.parse(Buffer.from(client.frontToken ?? '', 'base64').toString()) as { ate: number }).ate;
    expect(ate - before).toBeGreaterThanOrEqual(5_000);
    expect(ate - before).toBeLessThan(6_000);
  });

  it('revoke: every session revoked server-side', async () => {
    const { url } = await start();
    await new Client(url).signIn();
    await new Client(url, 'header').signIn();
    expect(await (await mockPost(url, 'revoke')).json()).toEqual({ ok: true, revokedSessions: 2, revokedGrants: 0 });
    expect((await sessions(url)).map((s) => s.revoked)).toEqual([true, true]);
  });

  it('sessions: handle, userId, revoked and the refresh-token history', async () => {
    const { url } = await start();
    const client = new Client(url);
    await client.signIn('admin@example.com', 'admin');
    const first = client.cookie('sRefreshToken');
    await client.refresh();
    await client.refresh();
    const [session] = await sessions(url);
    expect(session).toEqual({
      handle: expect.any(String) as unknown,
      userId: 'user-admin',
      revoked: false,
      refreshTokens: { current: client.cookie('sRefreshToken'), previous: [first, expect.any(String) as unknown] },
    });
  });

  it('refresh-token: 404 before any session', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/__mock/refresh-token`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: 'no session yet' });
  });

  it('reset: counters, log, forced errors, knobs and sessions back to a fresh backend', async () => {
    const { url, backend } = await start({ accessTokenLifetimeMs: 7_000 });
    const client = new Client(url);
    await client.signIn();
    await client.refresh();
    backend.control.force({ error: 'GENERAL_ERROR', times: -1 });
    backend.control.config({ accessTokenLifetimeMs: 1, refreshDelayMs: 50 });
    expect(await (await mockPost(url, 'reset')).json()).toEqual({ ok: true });

    expect(await stats(url)).toEqual({
      refreshCalls: 0,
      signIns: 0,
      signOuts: 0,
      apiCalls: 0,
      oauthGrants: 0,
      oauthRefreshCalls: 0,
      reuseDetections: 0,
      revocations: 0,
      requests: [],
    });
    expect(await sessions(url)).toEqual([]);
    expect(backend.control.config()).toMatchObject({ accessTokenLifetimeMs: 7_000, refreshDelayMs: 0 });
    // The old tokens belong to no session any more.
    expect(await (await client.request('/api/user')).json()).toEqual({ message: 'unauthorised' });
    await client.signIn();
    expect((await client.request('/api/user')).status).toBe(200);
  });

  it('bad input: 400 with a clear message and nothing changed', async () => {
    const { url, backend } = await start();
    const cases: [string, unknown, RegExp][] = [
      ['force', { error: 'NOT_AN_ERROR' }, /error must be one of/],
      ['force', { error: 'UNAUTHORISED', times: 0 }, /times/],
      ['force', { error: 'UNAUTHORISED', times: 1.5 }, /times/],
      ['force', { error: 'UNAUTHORISED', on: 'everything' }, /on must be one of/],
      ['force', { error: 'UNAUTHORISED', time: 3 }, /unknown field/],
      ['force', ['UNAUTHORISED'], /JSON object/],
      ['force', undefined, /error must be one of/],
      ['config', { accessTokenLifetimeMs: -1 }, /accessTokenLifetimeMs/],
      ['config', { refreshDelayMs: 'soon' }, /refreshDelayMs/],
      ['config', { accessTokenLifetimeMs: 5, refreshDelayMs: -5 }, /refreshDelayMs/],
      ['config', { olderCookiePath: 'no-slash' }, /olderCookiePath/],
    ];
    for (const [path, body, message] of cases) {
      const res = await mockPost(url, path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(message);
    }
    const malformed = await fetch(`${url}/__mock/force`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"error":' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ message: 'malformed JSON body' });
    const notJson = await fetch(`${url}/__mock/force`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'UNAUTHORISED' });
    expect(notJson.status).toBe(415);

    expect(backend.control.config()).toMatchObject({ accessTokenLifetimeMs: 60_000, refreshDelayMs: 0 });
    const client = new Client(url);
    await client.signIn();
    expect((await client.request('/api/user')).status).toBe(200); // nothing was forced
  });

  it('wrong methods: 405 with Allow', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/__mock/stats`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    const force = await fetch(`${url}/__mock/force`);
    expect(force.status).toBe(405);
    expect(force.headers.get('allow')).toBe('POST');
  });

  it('testControl: false removes the HTTP API; backend.control still works', async () => {
    const { url, backend } = await start({ testControl: false });
    for (const path of ['stats', 'sessions', 'refresh-token']) expect((await fetch(`${url}/__mock/${path}`)).status).toBe(404);
    expect((await mockPost(url, 'force', { error: 'UNAUTHORISED' })).status).toBe(404);
    const client = new Client(url);
    await client.signIn();
    backend.control.force({ error: 'INVALID_CLAIM' });
    expect((await client.request('/api/user')).status).toBe(403);
  });
});

describe('backend.control in-process', () => {
  it('the request log keeps the last 1000 requests', () => {
    // Driven through ControlState directly: 1000+ HTTP round trips would only slow the suite down.
    const state = new ControlState(resolveOptions());
    for (let i = 0; i < 1005; i += 1) {
      state.record({ method: 'GET', path: `/r${i}`, origin: null, rid: null, stAuthMode: null, antiCsrf: false, authorization: false, cookieNames: [], at: i }).finish(200);
    }
    const { requests } = state.stats();
    expect(requests).toHaveLength(1000);
    expect(requests[0]?.path).toBe('/r5');
    expect(requests.at(-1)).toMatchObject({ path: '/r1004', status: 200 });
  });

  it('throws a TypeError on bad input, leaving state unchanged', () => {
    const { control } = createMockBackend();
    expect(() => control.force({ error: 'NOPE' as never })).toThrow(TypeError);
    expect(() => control.config({ refreshDelayMs: Number.NaN })).toThrow(/refreshDelayMs/);
    expect(() => control.config({ refreshDelayMs: 2 ** 31 })).toThrow(/refreshDelayMs/);
    expect(control.config()).toEqual({ accessTokenLifetimeMs: 60_000, refreshDelayMs: 0, olderCookieDomain: null, olderCookiePath: '/auth' });
  });

  it('force returns the whole queue', () => {
    const { control } = createMockBackend();
    control.force({ error: 'TRY_REFRESH_TOKEN', times: -1, on: 'refresh' });
    expect(control.force({ error: 'GENERAL_ERROR', on: 'signout' })).toEqual([
      { error: 'TRY_REFRESH_TOKEN', on: 'refresh', remaining: -1 },
      { error: 'GENERAL_ERROR', on: 'signout', remaining: 1 },
    ]);
  });

  it('createMockBackend rejects bad options with a TypeError', () => {
    expect(() => createMockBackend({ accessTokenLifetimeMs: -5 })).toThrow(TypeError);
    expect(() => createMockBackend({ antiCsrf: 'SOMETIMES' as never })).toThrow(/antiCsrf/);
    expect(() => createMockBackend({ apiBasePath: 'auth' })).toThrow(/apiBasePath/);
  });

  it('close() ends promptly even with an open keep-alive connection and a pending delayed refresh', async () => {
    const backend = createMockBackend();
    const { url, close } = await backend.listen();
    const client = new Client(url);
    await client.signIn();
    backend.control.config({ refreshDelayMs: 60_000 });
    const pending = client.refresh().catch((error: unknown) => error);
    await expect.poll(() => backend.control.stats().refreshCalls).toBe(1);
    const started = Date.now();
    await close();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await pending).toBeInstanceOf(Error);
    await close(); // idempotent
  });
});
