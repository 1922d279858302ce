// CORS: reflected origins with credentials, preflights, and the headers the SDK must be able to read.
import { describe, expect, it } from 'vitest';
import { start } from './helpers.js';

describe('CORS', () => {
  it("'*' reflects any Origin with credentials and exposes the SDK's headers", async () => {
    const { url } = await start();
    const res = await fetch(`${url}/auth/signin`, {
      method: 'POST',
      headers: { origin: 'http://localhost:3000', 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'demo@example.com', password: 'demo' }),
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    const exposed = (res.headers.get('access-control-expose-headers') ?? '').split(/,\s*/);
    expect(exposed.sort()).toEqual(['anti-csrf', 'front-token', 'retry-after', 'st-access-token', 'st-refresh-token', 'www-authenticate']);
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });

  it('answers a preflight with 204, the allowed methods and headers', async () => {
    const { url, backend } = await start();
    const res = await fetch(`${url}/api/echo`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'rid, st-auth-mode' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect((res.headers.get('access-control-allow-headers') ?? '').split(/,\s*/).sort()).toEqual(
      ['anti-csrf', 'authorization', 'content-type', 'fdi-version', 'rid', 'st-auth-mode', 'x-test'],
    );
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(backend.control.stats().apiCalls).toBe(0); // a preflight is not an API call
  });

  it('an origin list: allowed origins are reflected, others get no CORS headers', async () => {
    const { url } = await start({ allowedOrigins: ['http://good.test'] });
    const good = await fetch(`${url}/api/public`, { headers: { origin: 'http://good.test' } });
    expect(good.headers.get('access-control-allow-origin')).toBe('http://good.test');
    const bad = await fetch(`${url}/api/public`, { headers: { origin: 'http://evil.test' } });
    expect(bad.headers.get('access-control-allow-origin')).toBeNull();
    expect(bad.headers.get('access-control-expose-headers')).toBeNull();
    const preflight = await fetch(`${url}/api/public`, { method: 'OPTIONS', headers: { origin: 'http://evil.test', 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('by default only pages on this machine are allowed: a website the developer visits is not', async () => {
    const { url } = await start();
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8080', 'http://[::1]:3000']) {
      const res = await fetch(`${url}/__mock/stats`, { headers: { origin } });
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    }
    for (const origin of ['https://evil.example', 'http://localhost.evil.example', 'http://127.0.0.1.evil.example']) {
      const res = await fetch(`${url}/__mock/stats`, { headers: { origin } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it("allowedOrigins: '*' reflects any origin", async () => {
    const { url } = await start({ allowedOrigins: '*' });
    const res = await fetch(`${url}/api/public`, { headers: { origin: 'https://anywhere.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
  });

  it('no Origin: no CORS headers (same-origin requests)', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/api/public`);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
