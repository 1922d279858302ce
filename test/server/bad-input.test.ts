// Bad input gets a clear 4xx JSON answer (401 per protocol for bad credentials) and changes nothing.
import { describe, expect, it } from 'vitest';
import { Client, snapshot, start } from './helpers.js';

describe('bad input', () => {
  it('sign-in: malformed JSON 400, wrong shape 400, oversized 413; no session, no counters', async () => {
    const { url } = await start();
    const before = await snapshot(url);
    const post = (body: string, contentType = 'application/json'): Promise<Response> =>
      fetch(`${url}/auth/signin`, { method: 'POST', headers: { 'content-type': contentType }, body });

    const malformed = await post('{"email": "demo@example.com",');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ message: 'malformed JSON body' });
    for (const body of ['{}', '{"email": 1, "password": "demo"}', '[]', '"demo"', 'null', '{"formFields": "x"}']) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      // Non-object JSON fails body-parser's strict mode: "malformed JSON body" is just as clear.
      expect(((await res.json()) as { message: string }).message).toMatch(/email|malformed JSON/);
    }
    expect((await post('email=demo@example.com&password=demo', 'application/x-www-form-urlencoded')).status).toBe(400);
    expect((await fetch(`${url}/auth/signin`, { method: 'POST' })).status).toBe(400);
    const huge = await post(JSON.stringify({ email: 'demo@example.com', password: 'x'.repeat(200_000) }));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { message: string }).message).toMatch(/too large/);

    expect(await snapshot(url)).toBe(before);
  });

  it('wrong methods on known routes: 405 with Allow, nothing counted', async () => {
    const { url } = await start();
    const before = await snapshot(url);
    const cases: [string, string, string][] = [
      ['GET', '/auth/signin', 'POST'],
      ['GET', '/auth/session/refresh', 'POST'],
      ['DELETE', '/auth/signout', 'POST'],
      ['PUT', '/api/user', 'GET, HEAD'],
      ['GET', '/api/echo', 'POST, PUT, PATCH, DELETE'],
      ['POST', '/api/admin', 'GET, HEAD'],
      ['POST', '/api/optional', 'GET, HEAD'],
      ['DELETE', '/api/public', 'GET, HEAD'],
      ['POST', '/dashboard', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await fetch(`${url}${path}`, { method, headers: { rid: 'anti-csrf' } });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('allow')).toBe(allow);
      expect(((await res.json()) as { message: string }).message).toContain(method);
    }
    expect(await snapshot(url)).toBe(before);
  });

  it('HEAD works on GET routes', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/api/public`, { method: 'HEAD' });
    expect(res.status).toBe(200);
  });

  it('garbage cookies, Authorization and st-auth-mode headers: 401 per protocol, never 500, no state change', async () => {
    const { url } = await start();
    const client = new Client(url);
    await client.signIn();
    const before = await snapshot(url);
    const headerSets: Record<string, string>[] = [
      { cookie: 'sAccessToken' },
      { cookie: 'sAccessToken=; sRefreshToken=' },
      { cookie: ';;;====;;;' },
      { cookie: `sAccessToken=${'a'.repeat(4000)}` },
      { authorization: 'Basic dXNlcjpwYXNz' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer a.b.c.d' },
      { authorization: 'Bearer ' + 'x.'.repeat(200) },
      { 'st-auth-mode': 'bogus', authorization: 'Bearer a.b' },
    ];
    for (const headers of headerSets) {
      for (const [method, path] of [
        ['GET', '/api/user'],
        ['POST', '/api/echo'],
        ['POST', '/auth/session/refresh'],
        ['POST', '/auth/signout'],
      ] as const) {
        const res = await fetch(`${url}${path}`, { method, headers: { rid: 'anti-csrf', ...headers } });
        expect(res.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(401);
        const body = (await res.json()) as { message: string };
        expect(['unauthorised', 'try refresh token']).toContain(body.message);
      }
    }
    const after = JSON.parse(await snapshot(url)) as Record<string, unknown>;
    const expected = JSON.parse(before) as Record<string, number>;
    // Only the call counters moved; sessions and config are untouched.
    expect(after).toEqual({
      ...expected,
      apiCalls: (expected['apiCalls'] ?? 0) + 2 * headerSets.length,
      refreshCalls: (expected['refreshCalls'] ?? 0) + headerSets.length,
      signOuts: (expected['signOuts'] ?? 0) + headerSets.length,
    });
    expect((await client.request('/api/user')).status).toBe(200);
  });

  it('unknown routes: 404 JSON', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/auth/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: 'no route for GET /auth/nope' });
  });

  it('an oversized echo leaves counters and sessions unchanged', async () => {
    const { url } = await start();
    const client = new Client(url);
    await client.signIn();
    const before = await snapshot(url);
    const res = await client.request('/api/echo', { method: 'POST', body: new Uint8Array(300_000), headers: { 'content-type': 'application/octet-stream' } });
    expect(res.status).toBe(413);
    expect(await snapshot(url)).toBe(before);
  });
});
