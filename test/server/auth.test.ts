// Sign-in, refresh (rotation, theft, expiry, anti-CSRF) and sign-out, over real HTTP.
import { describe, expect, it } from 'vitest';
import { Client, decodeFrontToken, isClearing, parseSetCookie, sessions, start, stats } from './helpers.js';

describe('POST /auth/signin', () => {
  it('cookie mode: sets httpOnly cookies with the right paths, a front-token, and no header tokens', async () => {
    const { url } = await start({ accessTokenLifetimeMs: 5_000 });
    const client = new Client(url);
    const before = Date.now();
    const res = await client.signIn();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'OK', user: { id: 'user-demo', email: 'demo@example.com' } });

    const cookies = res.headers.getSetCookie().map(parseSetCookie);
    const access = cookies.find((c) => c.name === 'sAccessToken');
    const refresh = cookies.find((c) => c.name === 'sRefreshToken');
    expect(access?.attrs['path']).toBe('/');
    expect(refresh?.attrs['path']).toBe('/auth/session/refresh');
    for (const cookie of [access, refresh]) {
      expect(cookie?.attrs).toHaveProperty('httponly');
      expect(cookie?.attrs['samesite']).toBe('Lax');
      expect(cookie?.attrs).not.toHaveProperty('secure');
    }
    expect(res.headers.get('st-access-token')).toBeNull();
    expect(res.headers.get('anti-csrf')).toBeNull(); // VIA_CUSTOM_HEADER issues no token

    const front = decodeFrontToken(res.headers.get('front-token') ?? '');
    expect(front.uid).toBe('user-demo');
    expect(front.up).toEqual({ role: 'user', email: 'demo@example.com' });
    expect(front.ate).toBeGreaterThanOrEqual(before + 5_000);
    expect(front.ate).toBeLessThanOrEqual(Date.now() + 5_000);
  });

  it('the access token is an HS256 JWT carrying sub, sessionHandle, exp and up', async () => {
    const { url } = await start();
    const client = new Client(url);
    await client.signIn('admin@example.com', 'admin');
    const [header, payload] = (client.cookie('sAccessToken') ?? '').split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>);
    expect(header).toMatchObject({ alg: 'HS256' });
    const [session] = await sessions(url);
    expect(payload).toMatchObject({ sub: 'user-admin', sessionHandle: session?.handle, up: { role: 'admin', email: 'admin@example.com' } });
    expect(typeof payload?.['exp']).toBe('number');
  });

  it('header mode: tokens in st-access-token / st-refresh-token, no cookies', async () => {
    const { url } = await start();
    const client = new Client(url, 'header');
    const res = await client.signIn();
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(client.accessToken?.split('.')).toHaveLength(3);
    expect(client.refreshToken).toMatch(/^[\w-]{20,}$/);
    expect(res.headers.get('front-token')).not.toBeNull();
  });

  it('uses defaultAuthMode when st-auth-mode is missing or garbage', async () => {
    const { url } = await start({ defaultAuthMode: 'header' });
    const missing = await new Client(url).post('/auth/signin', { email: 'demo@example.com', password: 'demo' }, { 'st-auth-mode': null });
    expect(missing.headers.get('st-access-token')).not.toBeNull();
    const garbage = await new Client(url).post('/auth/signin', { email: 'demo@example.com', password: 'demo' }, { 'st-auth-mode': 'carrier-pigeon' });
    expect(garbage.headers.get('st-access-token')).not.toBeNull();
    expect(garbage.headers.getSetCookie()).toEqual([]);
  });

  it('wrong credentials: 200 WRONG_CREDENTIALS_ERROR, no session, no tokens', async () => {
    const { url } = await start();
    const res = await new Client(url).signIn('demo@example.com', 'nope');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'WRONG_CREDENTIALS_ERROR' });
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(res.headers.get('front-token')).toBeNull();
    expect(await sessions(url)).toEqual([]);
    expect((await stats(url)).signIns).toBe(0);
  });

  it('reads a JSON body whatever its content type (fetch defaults to text/plain)', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/auth/signin`, { method: 'POST', body: JSON.stringify({ email: 'demo@example.com', password: 'demo' }) });
    expect(await res.json()).toMatchObject({ status: 'OK' });
  });

  it("accepts SuperTokens' formFields body, so its own frontend can sign in", async () => {
    const { url } = await start();
    const res = await new Client(url).post('/auth/signin', {
      formFields: [
        { id: 'email', value: 'admin@example.com' },
        { id: 'password', value: 'admin' },
      ],
    });
    expect(await res.json()).toMatchObject({ status: 'OK', user: { id: 'user-admin' } });
  });

  it('VIA_TOKEN: issues an anti-csrf header in cookie mode only', async () => {
    const { url } = await start({ antiCsrf: 'VIA_TOKEN' });
    const cookie = await new Client(url).signIn();
    expect(cookie.headers.get('anti-csrf')).toMatch(/^[\w-]{16,}$/);
    const header = await new Client(url, 'header').signIn();
    expect(header.headers.get('anti-csrf')).toBeNull();
  });
});

describe('POST /auth/session/refresh', () => {
  it('rotates both tokens, sends a new front-token, and the new access token works', async () => {
    const { url, backend } = await start();
    const client = new Client(url);
    await client.signIn();
    const firstAccess = client.cookie('sAccessToken');
    const firstRefresh = client.cookie('sRefreshToken');
    const firstFront = client.frontToken;

    const res = await client.refresh();
    expect(res.status).toBe(200);
    expect(res.headers.get('front-token')).not.toBeNull();
    expect(client.frontToken).not.toBe(firstFront);
    expect(client.cookie('sAccessToken')).not.toBe(firstAccess);
    expect(client.cookie('sRefreshToken')).not.toBe(firstRefresh);

    const [session] = backend.control.sessions();
    expect(session?.refreshTokens).toEqual({ current: client.cookie('sRefreshToken'), previous: [firstRefresh] });
    expect((await client.request('/api/user')).status).toBe(200);
    expect(backend.control.stats().refreshCalls).toBe(1);
  });

  it('header mode: refresh with Bearer <refresh token>, new tokens in headers', async () => {
    const { url } = await start();
    const client = new Client(url, 'header');
    await client.signIn();
    const oldRefresh = client.refreshToken;
    const res = await client.refresh();
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(client.refreshToken).not.toBe(oldRefresh);
    expect((await client.request('/api/user')).status).toBe(200);
  });

  it('an expired access token gives TRY_REFRESH_TOKEN; refresh fixes it (seed 004 flow)', async () => {
    let now = Date.now();
    const { url } = await start({ accessTokenLifetimeMs: 1_000, now: () => now });
    const client = new Client(url);
    await client.signIn();
    now += 1_001;
    const expired = await client.request('/api/user');
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({ message: 'try refresh token' });
    expect(expired.headers.get('front-token')).toBeNull();
    expect(expired.headers.getSetCookie()).toEqual([]);
    expect((await client.refresh()).status).toBe(200);
    expect((await client.request('/api/user')).status).toBe(200);
  });

  it('replaying a rotated refresh token is theft: 401, session revoked, tokens cleared', async () => {
    const { url, backend } = await start();
    const client = new Client(url);
    await client.signIn();
    const stolen = client.cookie('sRefreshToken') ?? '';
    await client.refresh();
    // The victim uses its new access token: the rotated-out token's grace is over.
    expect((await client.request('/api/user')).status).toBe(200);

    const attacker = new Client(url);
    attacker.setCookie('sRefreshToken', stolen, '/auth/session/refresh');
    const res = await attacker.refresh();
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'token theft detected' });
    expect(res.headers.get('front-token')).toBe('remove');
    expect(res.headers.getSetCookie().filter(isClearing).map((c) => parseSetCookie(c).name).sort()).toEqual(['sAccessToken', 'sRefreshToken']);
    expect(backend.control.sessions()[0]?.revoked).toBe(true);

    // The victim's current tokens are now dead too.
    const victim = await client.request('/api/user');
    expect(victim.status).toBe(401);
    expect(await victim.json()).toEqual({ message: 'unauthorised' });
    expect((await client.refresh()).status).toBe(401);
  });

  it('a refresh whose response was lost is not theft: the parent token works until the new tokens are used', async () => {
    const { url, backend } = await start();
    const client = new Client(url);
    await client.signIn();
    const parent = client.cookie('sRefreshToken') ?? '';
    // A refresh reaches the server, but its answer never reaches the browser (tab closed, network drop).
    const lost = new Client(url);
    lost.setCookie('sRefreshToken', parent, '/auth/session/refresh');
    expect((await lost.refresh()).status).toBe(200);
    // The browser still holds the parent token: refreshing with it is accepted, and issues a new child.
    expect((await client.refresh()).status).toBe(200);
    expect((await client.request('/api/user')).status).toBe(200);
    expect(backend.control.sessions()[0]?.revoked).toBe(false);
    // Now the new tokens are in use: the parent, or the never-used child, presented again is theft.
    const late = new Client(url);
    late.setCookie('sRefreshToken', parent, '/auth/session/refresh');
    expect(await (await late.refresh()).json()).toEqual({ message: 'token theft detected' });
    expect(backend.control.sessions()[0]?.revoked).toBe(true);
  });

  it('theft also works with a token read from GET /__mock/refresh-token', async () => {
    const { url } = await start();
    const client = new Client(url, 'header');
    await client.signIn();
    await client.refresh();
    await client.refresh(); // the first token is now two rotations old: no grace
    const tokens = (await (await fetch(`${url}/__mock/refresh-token`)).json()) as { current: string; previous: string[] };
    expect(tokens.current).toBe(client.refreshToken);
    const res = await client.refresh({ authorization: `Bearer ${tokens.previous[0] ?? ''}` });
    expect(await res.json()).toEqual({ message: 'token theft detected' });
    expect(res.headers.get('st-refresh-token')).toBe('');
  });

  it('unknown, garbage or missing refresh tokens: 401 unauthorised and cleared, never 500', async () => {
    const { url } = await start();
    for (const cookie of ['sRefreshToken=not-a-token', 'sRefreshToken=%E0%A4%A', 'sRefreshToken=', '=;;;sRefreshToken', '']) {
      const res = await fetch(`${url}/auth/session/refresh`, { method: 'POST', headers: { rid: 'session', cookie } });
      expect(res.status, cookie).toBe(401);
      expect(await res.json()).toEqual({ message: 'unauthorised' });
      expect(res.headers.get('front-token')).toBe('remove');
    }
    const bearer = await fetch(`${url}/auth/session/refresh`, { method: 'POST', headers: { rid: 'session', authorization: 'Bearer \u00ff\u00fe' } });
    expect(bearer.status).toBe(401);
  });

  it('an expired refresh token: 401 unauthorised', async () => {
    let now = Date.now();
    const { url } = await start({ refreshTokenLifetimeMs: 10_000, now: () => now });
    const client = new Client(url);
    await client.signIn();
    now += 10_001;
    const res = await client.refresh();
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'unauthorised' });
  });

  it('each refresh restarts the refresh-token lifetime (seed 004)', async () => {
    let now = Date.now();
    const { url } = await start({ refreshTokenLifetimeMs: 10_000, now: () => now });
    const client = new Client(url);
    await client.signIn();
    now += 6_000;
    expect((await client.refresh()).status).toBe(200);
    now += 6_000; // 12 s after sign-in, 6 s after the refresh
    expect((await client.refresh()).status).toBe(200);
  });

  it('VIA_CUSTOM_HEADER: a cookie-mode refresh without rid is 401 but keeps the tokens (CSRF must not log out)', async () => {
    const { url, backend } = await start();
    const client = new Client(url);
    await client.signIn();
    const res = await client.refresh({ rid: null });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'unauthorised' });
    expect(res.headers.get('front-token')).toBeNull();
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(backend.control.sessions()[0]?.revoked).toBe(false);
    expect((await client.refresh()).status).toBe(200);
  });

  it('VIA_TOKEN: refresh needs the anti-csrf token issued with the refresh token, and rotates it', async () => {
    const { url } = await start({ antiCsrf: 'VIA_TOKEN' });
    const client = new Client(url);
    await client.signIn();
    const first = client.antiCsrf;
    const wrong = await client.refresh({ 'anti-csrf': 'wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('front-token')).toBeNull();
    const ok = await client.refresh();
    expect(ok.status).toBe(200);
    expect(client.antiCsrf).toMatch(/^[\w-]{16,}$/);
    expect(client.antiCsrf).not.toBe(first);
  });

  it('a revoked session cannot refresh: 401 unauthorised', async () => {
    const { url, backend } = await start();
    const client = new Client(url);
    await client.signIn();
    expect(backend.control.revoke()).toEqual({ revokedSessions: 1, revokedGrants: 0 });
    const res = await client.refresh();
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'unauthorised' });
  });

  it('duplicate sAccessToken cookies: 200 CLEAR_DUPLICATE_SESSION_COOKIES, no front-token, older copy cleared, no rotation', async () => {
    const { url, backend } = await start({ olderCookieDomain: 'example.test', olderCookiePath: '/' });
    const client = new Client(url);
    await client.signIn();
    const refreshBefore = client.cookie('sRefreshToken');
    client.setCookie('sAccessToken', 'stale-older-domain-copy', '/auth');
    const res = await client.refresh();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ message: expect.stringContaining('multiple session cookies') as unknown });
    expect(res.headers.get('front-token')).toBeNull();
    const cleared = res.headers.getSetCookie().map(parseSetCookie);
    expect(cleared).toHaveLength(1);
    expect(cleared[0]).toMatchObject({ name: 'sAccessToken', value: '', attrs: { domain: 'example.test', path: '/' } });
    expect(backend.control.sessions()[0]?.refreshTokens.current).toBe(refreshBefore);
  });

  it('default older location: a stale copy planted at apiBasePath is cleared, then the refresh succeeds', async () => {
    const { url } = await start();
    const client = new Client(url);
    await client.signIn();
    const real = client.cookie('sAccessToken');
    client.setCookie('sAccessToken', 'stale', '/auth');
    const first = await client.refresh();
    expect(first.headers.get('front-token')).toBeNull();
    expect(first.headers.getSetCookie().map(parseSetCookie)).toEqual([
      { name: 'sAccessToken', value: '', attrs: expect.objectContaining({ path: '/auth' }) as unknown },
    ]);
    expect(client.cookies.filter((c) => c.name === 'sAccessToken')).toEqual([{ name: 'sAccessToken', value: real, path: '/' }]);
    const second = await client.refresh();
    expect(second.status).toBe(200);
    expect(second.headers.get('front-token')).not.toBeNull();
  });

  it('duplicate sRefreshToken cookies are cleared too; header-mode requests ignore duplicates', async () => {
    const { url } = await start({ olderCookieDomain: 'old.example.test' });
    const client = new Client(url);
    await client.signIn();
    client.setCookie('sRefreshToken', 'stale', '/auth');
    const res = await client.refresh();
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().map(parseSetCookie)).toEqual([
      { name: 'sRefreshToken', value: '', attrs: expect.objectContaining({ domain: 'old.example.test', path: '/auth/session/refresh' }) as unknown },
    ]);

    const headerClient = new Client(url, 'header');
    await headerClient.signIn();
    const duplicated = await headerClient.refresh({ cookie: 'sAccessToken=a; sAccessToken=b' });
    expect(duplicated.status).toBe(200);
    expect(duplicated.headers.get('front-token')).not.toBeNull();
  });

  it('duplicate sAccessToken cookies on an API request: TRY_REFRESH_TOKEN', async () => {
    const { url } = await start();
    const client = new Client(url);
    await client.signIn();
    client.setCookie('sAccessToken', 'stale', '/api');
    const res = await client.request('/api/user');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'try refresh token' });
  });

  it('refreshDelayMs holds the refresh answer back behind a request fired later, until it is set again', async () => {
    const { url, backend } = await start();
    const client = new Client(url);
    await client.signIn();
    backend.control.config({ refreshDelayMs: 60_000 });
    const order: string[] = [];
    const refresh = client.refresh().then((res) => order.push(`refresh ${res.status}`));
    await expect.poll(() => backend.control.stats().refreshCalls).toBe(1);
    await client.request('/api/public').then((res) => order.push(`public ${res.status}`));
    expect(order).toEqual(['public 200']); // still held
    backend.control.config({ refreshDelayMs: 0 }); // lets the held refresh through now: no wall-clock wait
    await refresh;
    expect(order).toEqual(['public 200', 'refresh 200']);
  });

  it('a client that disconnects during refreshDelayMs leaves its refresh token current (tab closed mid-refresh)', async () => {
    const { url, backend } = await start();
    const client = new Client(url);
    await client.signIn();
    const token = client.cookie('sRefreshToken');
    backend.control.config({ refreshDelayMs: 60_000 });
    const controller = new AbortController();
    const pending = fetch(`${url}/auth/session/refresh`, {
      method: 'POST',
      headers: { rid: 'session', cookie: client.cookieHeader('/auth/session/refresh') },
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await expect.poll(() => backend.control.stats().refreshCalls).toBe(1);
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    await expect.poll(() => backend.control.stats().requests.at(-1)?.status).toBe(0);

    backend.control.config({ refreshDelayMs: 0 });
    expect(backend.control.sessions()[0]?.refreshTokens.current).toBe(token);
    expect((await client.refresh()).status).toBe(200); // another tab takes over: no theft
  });
});

describe('POST /auth/signout', () => {
  it('revokes the session, clears tokens and sends front-token: remove', async () => {
    const { url, backend } = await start();
    const client = new Client(url);
    await client.signIn();
    const oldRefresh = client.cookie('sRefreshToken') ?? '';
    const res = await client.post('/auth/signout');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'OK' });
    expect(res.headers.get('front-token')).toBe('remove');
    expect(res.headers.getSetCookie()).not.toHaveLength(0);
    expect(res.headers.getSetCookie().every(isClearing)).toBe(true);
    expect(client.cookies).toEqual([]);
    expect(backend.control.sessions()[0]?.revoked).toBe(true);
    expect(backend.control.stats().signOuts).toBe(1);

    const replay = new Client(url);
    replay.setCookie('sRefreshToken', oldRefresh, '/auth/session/refresh');
    expect((await replay.refresh()).status).toBe(401);
  });

  it('header mode: clears st-access-token and st-refresh-token with empty values', async () => {
    const { url } = await start();
    const client = new Client(url, 'header');
    await client.signIn();
    const res = await client.post('/auth/signout');
    expect(res.status).toBe(200);
    expect(res.headers.get('st-access-token')).toBe('');
    expect(res.headers.get('st-refresh-token')).toBe('');
    expect(client.accessToken).toBeUndefined();
  });

  it('with an expired access token: TRY_REFRESH_TOKEN (the SDK refreshes, then signs out)', async () => {
    const { url, backend } = await start();
    const client = new Client(url);
    await client.signIn();
    backend.control.expire();
    const res = await client.post('/auth/signout');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'try refresh token' });
    expect(backend.control.sessions()[0]?.revoked).toBe(false);
  });

  it('without a session: 401 unauthorised', async () => {
    const { url } = await start();
    const res = await new Client(url).post('/auth/signout');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'unauthorised' });
  });
});

describe('apiBasePath', () => {
  it('moves the auth routes and the refresh cookie path', async () => {
    const { url } = await start({ apiBasePath: '/custom/' });
    const res = await fetch(`${url}/custom/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'demo@example.com', password: 'demo' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().map(parseSetCookie).find((c) => c.name === 'sRefreshToken')?.attrs['path']).toBe('/custom/session/refresh');
    expect((await fetch(`${url}/auth/signin`, { method: 'POST' })).status).toBe(404);
  });
});
