import { describe, expect, test } from 'vitest';
import { API, OTHER, fakeBackend } from './harness';
import { tab } from './util';

const expiredSession = async (config: Parameters<typeof tab>[0] = {}) => {
  const backend = fakeBackend();
  const t = tab(config);
  await t.signIn(config.tokenTransferMethod === 'header' ? { headers: { 'st-auth-mode': 'header' } } : {});
  backend.expire();
  return { backend, t };
};

describe('the retried request is the same request', () => {
  const bodies: [string, () => BodyInit, string, RegExp][] = [
    ['string', () => 'plain text', 'plain text', /^text\/plain/],
    ['JSON string', () => JSON.stringify({ a: 1 }), '{"a":1}', /^text\/plain/],
    ['URLSearchParams', () => new URLSearchParams({ q: 'a b' }), 'q=a+b', /^application\/x-www-form-urlencoded/],
    ['Blob', () => new Blob(['blob body'], { type: 'application/x-custom' }), 'blob body', /^application\/x-custom/],
    ['ArrayBuffer', () => new TextEncoder().encode('bytes').buffer as ArrayBuffer, 'bytes', /.*/],
    ['ReadableStream (buffered once)', () => new Blob(['streamed']).stream(), 'streamed', /.*/],
  ];
  test.each(bodies)('%s body', async (_, body, text, contentType) => {
    const { backend, t } = await expiredSession();
    const response = await t.fetch(`${API}/api/echo`, { method: 'POST', body: body(), headers: { 'x-test': 'kept' } });
    expect(response.status).toBe(200);
    const [first, retry] = backend.apiRequests();
    expect(retry).toMatchObject({ method: 'POST', body: text, custom: 'kept' });
    expect(first!.body).toBe(text);
    expect(retry!.contentType ?? '').toMatch(contentType);
    expect(backend.state.refreshCalls).toBe(1);
  });

  test('FormData body keeps its fields and multipart boundary', async () => {
    const { backend, t } = await expiredSession();
    const form = new FormData();
    form.append('name', 'value');
    expect((await t.fetch(`${API}/api/echo`, { method: 'POST', body: form })).status).toBe(200);
    const retry = backend.apiRequests()[1]!;
    expect(retry.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(retry.body).toContain('name="name"');
    expect(retry.body).toContain('value');
  });

  test('a Request input (with its own headers and body) is cloned per attempt', async () => {
    const { backend, t } = await expiredSession();
    const request = new Request(`${API}/api/echo`, { method: 'PUT', body: 'request body', headers: { 'x-test': 'from request' } });
    expect((await t.fetch(request)).status).toBe(200);
    const [first, retry] = backend.apiRequests();
    expect(first).toMatchObject({ method: 'PUT', body: 'request body', custom: 'from request', rid: 'anti-csrf' });
    expect(retry).toMatchObject({ method: 'PUT', body: 'request body', custom: 'from request', rid: 'anti-csrf' });
  });
});

describe('headers and credentials (docs/protocol.md section 2)', () => {
  test('API requests get rid, st-auth-mode, anti-csrf and credentials: include', async () => {
    const backend = fakeBackend();
    const t = tab();
    await t.signIn();
    await t.fetch(`${API}/api/x`);
    expect(backend.apiRequests()[0]).toMatchObject({ rid: 'anti-csrf', authMode: 'cookie', antiCsrf: 'csrf-1', credentials: 'include', authorization: null });
  });

  test("the caller's rid and credentials win; autoAddCredentials: false leaves credentials alone", async () => {
    const backend = fakeBackend();
    const t = tab();
    await t.fetch(`${API}/api/x`, { headers: { rid: 'emailpassword' }, credentials: 'omit' });
    const quiet = tab({ autoAddCredentials: false });
    await quiet.fetch(`${API}/api/y`);
    expect(backend.apiRequests().map((r) => [r.rid, r.credentials])).toEqual([
      ['emailpassword', 'omit'],
      ['anti-csrf', 'same-origin'],
    ]);
  });

  test('a request to another host passes through untouched: no header added, no credentials change', async () => {
    const backend = fakeBackend();
    const t = tab({ tokenTransferMethod: 'header' });
    await t.signIn({ headers: { 'st-auth-mode': 'header' } });
    await t.fetch(`${OTHER}/x`, { method: 'POST', body: 'hi' });
    await t.fetch(new Request(`${OTHER}/y`));
    await t.fetch(`${API}/api/x?superTokensDoNotDoInterception`);
    const [other, otherRequest, optOut] = backend.state.requests.slice(1);
    for (const seen of [other, otherRequest, optOut]) {
      expect(seen).toMatchObject({ rid: null, authMode: null, antiCsrf: null, authorization: null, credentials: 'same-origin' });
    }
  });

  test('sessionTokenBackendDomain: its subdomains are intercepted too', async () => {
    const backend = fakeBackend();
    const t = tab({ sessionTokenBackendDomain: '.elsewhere.test' });
    await t.fetch(`${OTHER}/x`);
    expect(backend.state.requests[0]).toMatchObject({ rid: 'anti-csrf', credentials: 'include' });
  });

  test('header mode: Bearer access token on requests, the refresh token on refresh, the stale token replaced on retry', async () => {
    const { backend, t } = await expiredSession({ tokenTransferMethod: 'header' });
    // The app copied the (now stale) token into its own header: it is replaced, not kept.
    const stale = `Bearer ${await t.session.getAccessToken()}`;
    expect((await t.fetch(`${API}/api/x`, { headers: { authorization: stale } })).status).toBe(200);
    const refresh = backend.state.requests.find((r) => r.url.endsWith('/session/refresh'))!;
    expect(refresh).toMatchObject({ authorization: 'Bearer refresh-1', authMode: 'header', rid: 'session' });
    expect(backend.apiRequests().map((r) => r.authorization)).toEqual(['Bearer access-1', 'Bearer access-2']);
  });

  test("header mode: the caller's own Authorization (not the session's) is never replaced", async () => {
    const backend = fakeBackend();
    const t = tab({ tokenTransferMethod: 'header', maxRetryAttemptsForSessionRefresh: 1 });
    await t.signIn({ headers: { 'st-auth-mode': 'header' } });
    // The fake backend only takes the session's Bearer token, so this 401s, refreshes once, and gives up.
    await expect(t.fetch(`${API}/api/x`, { headers: { authorization: 'Basic abc' } })).rejects.toMatchObject({ type: 'MAX_REFRESH_ATTEMPTS' });
    expect(backend.apiRequests().map((r) => r.authorization)).toEqual(['Basic abc', 'Basic abc']);
  });
});
