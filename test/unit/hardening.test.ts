import Cookies from 'js-cookie';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { isTabsessionError } from '../../src/index';
import { API, OTHER, fakeBackend, frontToken, server } from './harness';
import { tab } from './util';

// Found in review: each test here is a way the SDK could be fooled, hang or lose a good session.
describe('hardening', () => {
  afterEach(() => {
    vi.useRealTimers();
    document.querySelector('base')?.remove();
  });

  test('a response redirected off the API cannot plant a session (fixation)', async () => {
    const backend = fakeBackend();
    server.use(
      http.get(`${API}/api/go`, () => new HttpResponse(null, { status: 302, headers: { location: `${OTHER}/land` } })),
      http.get(`${OTHER}/land`, () =>
        HttpResponse.json({}, { status: 401, headers: { 'front-token': frontToken('attacker'), 'anti-csrf': 'evil' } }),
      ),
    );
    const t = tab();
    await t.signIn();
    const response = await t.fetch(`${API}/api/go`);
    expect(response.status).toBe(401); // handed back as it is: not the API's answer, so no refresh either
    expect(await t.session.getUserId()).toBe('user-1');
    expect(Cookies.get('sAntiCsrf')).toBe('csrf-1');
    expect(backend.state.refreshCalls).toBe(0);
  });

  test('a throwing postAPIHook is reported; the refreshed session is still stored', async () => {
    const backend = fakeBackend();
    const t = tab({
      postAPIHook: () => {
        throw new Error('hook bug');
      },
    });
    await t.signIn();
    backend.state.payload = { role: 'admin' };
    expect(await t.session.attemptRefreshingSession()).toBe(true);
    expect(await t.session.getAccessTokenPayloadSecurely()).toEqual({ role: 'admin' });
    expect(t.diagnostics.some((d) => (d as Error).message === 'hook bug')).toBe(true);
  });

  test('with nothing known (MAY_EXIST), a refresh without front-token still retries', async () => {
    const backend = fakeBackend();
    backend.state.refresh = 'no-front-token-once';
    backend.state.valid = false;
    const t = tab();
    // First refresh clears duplicates (no front-token); the retry 401s; the second refresh works.
    expect((await t.fetch(`${API}/api/x`)).status).toBe(200);
    expect(backend.state.refreshCalls).toBe(2);
  });

  test('a stored anti-csrf that is not a valid header value is left out and reported, not thrown', async () => {
    const backend = fakeBackend();
    const t = tab();
    await t.signIn();
    Cookies.set('sAntiCsrf', 'bad\nvalue', { path: '/' });
    expect((await t.fetch(`${API}/api/x`)).status).toBe(200);
    expect(backend.apiRequests()[0]!.antiCsrf).toBeNull();
    // TS042: the stored token is not a valid header value; it is not sent (docs/error-codes.md).
    expect(t.diagnostics.some((d) => isTabsessionError(d) && d.code === 'TS042')).toBe(true);
  });

  test('an onDiagnostic that throws does not fail a good request', async () => {
    fakeBackend();
    server.use(http.get(`${API}/api/odd`, () => HttpResponse.json({}, { headers: { 'front-token': 'garbage' } })));
    const t = tab({
      onDiagnostic: () => {
        throw new Error('reporter bug');
      },
    });
    await t.signIn();
    expect((await t.fetch(`${API}/api/odd`)).status).toBe(200);
    expect(await t.session.getUserId()).toBe('user-1');
  });

  test('a refresh that never answers ends as REFRESH_FAILED after 30 s, and the lock is free again', async () => {
    const backend = fakeBackend();
    const t = tab();
    await t.signIn();
    backend.expire();
    const release = backend.holdRefresh(); // the refresh hangs
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const hung = t.fetch(`${API}/api/x`).catch((error: unknown) => error);
    await vi.waitFor(() => expect(backend.state.refreshCalls).toBe(1));
    await vi.advanceTimersByTimeAsync(30_000);
    const error = await hung;
    expect(isTabsessionError(error) && error.type).toBe('REFRESH_FAILED');
    vi.useRealTimers();
    release();
    // The lock was released: the next request refreshes and succeeds.
    expect((await t.fetch(`${API}/api/x`)).status).toBe(200);
  });

  test('unexpected bodies on 403 and 401 are reported or ignored, never thrown; the caller gets the response', async () => {
    const backend = fakeBackend();
    server.use(
      http.get(`${API}/api/html403`, () => new HttpResponse('<html>forbidden</html>', { status: 403, headers: { 'content-type': 'text/html' } })),
      http.get(`${API}/api/garbage401`, () => new HttpResponse('\u0000not json', { status: 401 })),
    );
    const t = tab({ maxRetryAttemptsForSessionRefresh: 1 });
    await t.signIn();
    const forbidden = await t.fetch(`${API}/api/html403`);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toBe('<html>forbidden</html>');
    expect(t.diagnostics.length).toBe(1); // the claim errors could not be read: reported
    expect(t.actions()).not.toContain('API_INVALID_CLAIM');
    // A 401 body is never parsed: the refresh decision rests on the status alone.
    await expect(t.fetch(`${API}/api/garbage401`)).rejects.toMatchObject({ type: 'MAX_REFRESH_ATTEMPTS' });
    expect(backend.state.refreshCalls).toBe(1);
    expect(await t.session.getUserId()).toBe('user-1');
  });

  test('relative URLs resolve against <base href>, as fetch and XHR resolve them in browsers', () => {
    // (happy-dom's own fetch ignores <base>, so this checks the SDK's resolution directly.)
    const { session } = tab();
    expect(session.intercepts('api/relative')).toBe(false); // against the page: localhost
    const base = document.createElement('base');
    base.href = `${API}/`;
    document.head.append(base);
    expect(session.intercepts('api/relative')).toBe(true);
  });
});
