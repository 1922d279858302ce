// The application routes: /api/*, and the server-rendered /dashboard (seed 003).
import { describe, expect, it } from 'vitest';
import { Client, start } from './helpers.js';

describe('GET /api/user', () => {
  it('returns the user and the access-token payload', async () => {
    const { url } = await start();
    const client = new Client(url);
    await client.signIn();
    const res = await client.request('/api/user');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId: 'user-demo', email: 'demo@example.com', payload: { role: 'user', email: 'demo@example.com' } });
  });

  it('works in header mode with Authorization: Bearer', async () => {
    const { url } = await start();
    const client = new Client(url, 'header');
    await client.signIn('admin@example.com', 'admin');
    const res = await client.request('/api/user');
    expect(await res.json()).toMatchObject({ userId: 'user-admin' });
  });

  it('without any token: 401 unauthorised with front-token: remove', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/api/user`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'unauthorised' });
    expect(res.headers.get('front-token')).toBe('remove');
  });

  it('malformed, foreign-signed or tampered tokens: TRY_REFRESH_TOKEN, never 500', async () => {
    const { url } = await start();
    const other = await start();
    const foreign = new Client(other.url);
    await foreign.signIn();
    const own = new Client(url);
    await own.signIn();
    const [h, p, s] = (own.cookie('sAccessToken') ?? '').split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ sub: 'user-admin', up: { role: 'admin', email: 'x' } })).toString('base64url')}.${s}`;
    const badPayload = `${h}.${p?.slice(0, -2)}.${s}`;
    for (const token of ['garbage', 'a.b.c', '...', foreign.cookie('sAccessToken') ?? '', tampered, badPayload, '%%%']) {
      const res = await fetch(`${url}/api/user`, { headers: { cookie: `sAccessToken=${token}` } });
      expect(res.status, token).toBe(401);
      expect(await res.json()).toEqual({ message: 'try refresh token' });
    }
    const bearer = await fetch(`${url}/api/user`, { headers: { authorization: 'Bearer x.y.z' } });
    expect(await bearer.json()).toEqual({ message: 'try refresh token' });
  });

  it('a token of a revoked session: UNAUTHORISED and cleared', async () => {
    const { url, backend } = await start();
    const client = new Client(url);
    await client.signIn();
    backend.control.revoke();
    const res = await client.request('/api/user');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'unauthorised' });
    expect(res.headers.get('front-token')).toBe('remove');
  });

  it('/__mock/expire: every issued token fails as expired, the session still refreshes', async () => {
    const { url } = await start();
    const a = new Client(url);
    const b = new Client(url, 'header');
    await a.signIn();
    await b.signIn();
    const expire = await fetch(`${url}/__mock/expire`, { method: 'POST' });
    expect(await expire.json()).toEqual({ ok: true, expiredTokens: 2 });
    for (const client of [a, b]) {
      const res = await client.request('/api/user');
      expect(await res.json()).toEqual({ message: 'try refresh token' });
      expect((await client.refresh()).status).toBe(200);
      expect((await client.request('/api/user')).status).toBe(200);
    }
  });

  it('a Bearer value that is not a JWT is ignored when a cookie session exists', async () => {
    const { url } = await start();
    const client = new Client(url);
    await client.signIn();
    const res = await client.request('/api/user', { headers: { authorization: 'Bearer app-api-key', 'st-auth-mode': null } });
    expect(res.status).toBe(200);
  });
});

describe('anti-CSRF on API requests', () => {
  it('VIA_CUSTOM_HEADER: a cookie-mode POST without rid is TRY_REFRESH_TOKEN; GET needs no rid', async () => {
    const { url } = await start();
    const client = new Client(url);
    await client.signIn();
    const post = await client.request('/api/echo', { method: 'POST', body: 'x', headers: { rid: null } });
    expect(post.status).toBe(401);
    expect(await post.json()).toEqual({ message: 'try refresh token' });
    expect(post.headers.get('front-token')).toBeNull();
    expect((await client.request('/api/user', { headers: { rid: null } })).status).toBe(200);
    expect((await client.request('/api/echo', { method: 'POST', body: 'x' })).status).toBe(200);
  });

  it('VIA_CUSTOM_HEADER does not apply to header mode (a Bearer header cannot be forged cross-site)', async () => {
    const { url } = await start();
    const client = new Client(url, 'header');
    await client.signIn();
    expect((await client.request('/api/echo', { method: 'POST', body: 'x', headers: { rid: null } })).status).toBe(200);
  });

  it('VIA_TOKEN: the anti-csrf header must match the session token', async () => {
    const { url } = await start({ antiCsrf: 'VIA_TOKEN' });
    const client = new Client(url);
    await client.signIn();
    const missing = await client.request('/api/echo', { method: 'POST', body: 'x', headers: { 'anti-csrf': null } });
    expect(await missing.json()).toEqual({ message: 'try refresh token' });
    const wrong = await client.request('/api/echo', { method: 'POST', body: 'x', headers: { 'anti-csrf': 'nope' } });
    expect(wrong.status).toBe(401);
    expect((await client.request('/api/echo', { method: 'POST', body: 'x', headers: { rid: null } })).status).toBe(200);
  });

  it('NONE: no anti-CSRF check at all', async () => {
    const { url } = await start({ antiCsrf: 'NONE' });
    const client = new Client(url);
    await client.signIn();
    expect((await client.request('/api/echo', { method: 'POST', body: 'x', headers: { rid: null } })).status).toBe(200);
  });
});

describe('POST /api/echo', () => {
  it.each([
    ['application/json', '{"a":[1,2,"é"]}'],
    ['text/plain;charset=UTF-8', 'hello\nworld'],
    ['application/x-www-form-urlencoded', 'a=1&b=%20two'],
  ])('echoes a %s body verbatim', async (contentType, body) => {
    const { url } = await start();
    const client = new Client(url);
    await client.signIn();
    const res = await client.request('/api/echo', { method: 'POST', body, headers: { 'content-type': contentType, 'x-test': 'retry-1' } });
    expect(await res.json()).toEqual({
      method: 'POST',
      contentType,
      body,
      bodyBase64: Buffer.from(body).toString('base64'),
      headers: { rid: 'anti-csrf', 'st-auth-mode': 'cookie', 'anti-csrf': null, hasAuthorization: false, custom: 'retry-1' },
      userId: 'user-demo',
    });
  });

  it('echoes multipart and binary bodies byte for byte', async () => {
    const { url } = await start();
    const client = new Client(url, 'header');
    await client.signIn();
    const form = new FormData();
    form.append('field', 'value');
    form.append('file', new Blob([new Uint8Array([0, 1, 2, 255])]), 'f.bin');
    const multipart = (await (await client.request('/api/echo', { method: 'PUT', body: form })).json()) as Record<string, unknown>;
    expect(multipart['method']).toBe('PUT');
    expect(multipart['contentType']).toMatch(/^multipart\/form-data; boundary=/);
    expect(multipart['body']).toContain('name="field"');
    expect(multipart['headers']).toMatchObject({ hasAuthorization: true, 'st-auth-mode': 'header' });

    const bytes = new Uint8Array([0, 159, 146, 150, 255]);
    const binary = (await (await client.request('/api/echo', { method: 'POST', body: bytes, headers: { 'content-type': 'application/octet-stream' } })).json()) as Record<string, unknown>;
    expect(Buffer.from(String(binary['bodyBase64']), 'base64')).toEqual(Buffer.from(bytes));
  });

  it('an empty body echoes as "" without bodyBase64', async () => {
    const { url } = await start();
    const client = new Client(url);
    await client.signIn();
    const echo = (await (await client.request('/api/echo', { method: 'DELETE' })).json()) as Record<string, unknown>;
    expect(echo).toMatchObject({ method: 'DELETE', body: '', contentType: null });
    expect(echo).not.toHaveProperty('bodyBase64');
  });

  it('a body over 100 KB: 413 with a JSON message', async () => {
    const { url } = await start();
    const client = new Client(url);
    await client.signIn();
    const res = await client.request('/api/echo', { method: 'POST', body: 'x'.repeat(100 * 1024 + 1), headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ message: expect.stringContaining('too large') as unknown });
    const atLimit = await client.request('/api/echo', { method: 'POST', body: 'x'.repeat(100 * 1024), headers: { 'content-type': 'text/plain' } });
    expect(atLimit.status).toBe(200);
  });
});

describe('GET /api/admin', () => {
  it('the demo user fails the role claim: 403 INVALID_CLAIM, tokens untouched', async () => {
    const { url } = await start();
    const client = new Client(url);
    await client.signIn();
    const res = await client.request('/api/admin');
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      message: 'invalid claim',
      claimValidationErrors: [{ id: 'st-role', reason: { message: 'wrong value', expectedToInclude: 'admin', actualValue: ['user'] } }],
    });
    expect(res.headers.get('front-token')).toBeNull();
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('the admin passes', async () => {
    const { url } = await start();
    const client = new Client(url);
    await client.signIn('admin@example.com', 'admin');
    const res = await client.request('/api/admin');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ userId: 'user-admin', role: 'admin' });
  });
});

describe('GET /api/optional and /api/public', () => {
  it('optional: null without a session, the user id with one, TRY_REFRESH_TOKEN when expired', async () => {
    const { url, backend } = await start();
    expect(await (await fetch(`${url}/api/optional`)).json()).toEqual({ userId: null });
    const client = new Client(url);
    await client.signIn();
    expect(await (await client.request('/api/optional')).json()).toEqual({ userId: 'user-demo' });
    backend.control.expire();
    expect((await client.request('/api/optional')).status).toBe(401);
  });

  it('public: no session needed, and apiCalls counts it', async () => {
    const { url, backend } = await start();
    const res = await fetch(`${url}/api/public`);
    expect(await res.json()).toEqual({ ok: true });
    expect(backend.control.stats().apiCalls).toBe(1);
  });
});

describe('GET /dashboard (SSR, seed 003)', () => {
  it('renders the user with a valid session', async () => {
    const { url } = await start();
    const client = new Client(url);
    await client.signIn();
    const res = await client.request('/dashboard');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('demo@example.com');
  });

  it.each(['no session', 'an expired token', 'a revoked session'] as const)(
    'with %s: 302 to /refresh-session?redirectBack=/dashboard',
    async (situation) => {
      const { url, backend } = await start();
      const client = new Client(url);
      if (situation !== 'no session') await client.signIn();
      if (situation === 'an expired token') backend.control.expire();
      if (situation === 'a revoked session') backend.control.revoke();
      const res = await client.request('/dashboard');
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/refresh-session?redirectBack=/dashboard');
    },
  );

  it('a forced TRY_REFRESH_TOKEN redirects too; a forced INVALID_CLAIM is a 403', async () => {
    const { url, backend } = await start();
    const client = new Client(url);
    await client.signIn();
    backend.control.force({ error: 'TRY_REFRESH_TOKEN' });
    expect((await client.request('/dashboard')).status).toBe(302);
    backend.control.force({ error: 'INVALID_CLAIM' });
    expect((await client.request('/dashboard')).status).toBe(403);
    expect((await client.request('/dashboard')).status).toBe(200);
  });
});
