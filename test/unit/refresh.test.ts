import { describe, expect, test } from 'vitest';
import { http, HttpResponse } from 'msw';
import { isTabsessionError, memoryLock } from '../../src/index';
import { API, fakeBackend, server } from './harness';
import { messageBus, rejection, tab } from './util';

describe('one refresh for everyone', () => {
  test('50 concurrent requests with an expired access token: the refresh endpoint is called once, all 50 succeed', async () => {
    const backend = fakeBackend();
    const { fetch, signIn } = tab();
    await signIn();
    backend.expire();
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => fetch(`${API}/api/item/${i}`)));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(backend.state.refreshCalls).toBe(1);
    // Every request was sent twice: once to meet the 401, once after the refresh.
    expect(backend.apiRequests()).toHaveLength(100);
  });

  test('two SDK instances sharing one lock and one cookie jar (two tabs): exactly one refresh', async () => {
    const backend = fakeBackend();
    const lock = memoryLock();
    const bus = messageBus();
    const a = tab({ lock, messenger: bus() });
    const b = tab({ lock, messenger: bus() });
    await a.signIn();
    backend.expire();
    const release = backend.holdRefresh();
    const pending = [...Array.from({ length: 10 }, () => a.fetch(`${API}/api/a`)), ...Array.from({ length: 10 }, () => b.fetch(`${API}/api/b`))];
    // Both tabs have met their 401s and are waiting on the one refresh before it is let through.
    await expect.poll(() => backend.apiRequests().length).toBe(20);
    release();
    const responses = await Promise.all(pending);
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(backend.state.refreshCalls).toBe(1);
    expect(a.actions()).toContain('REFRESH_SESSION');
    // Tab b did not refresh itself; it heard about it from tab a.
    expect(b.events).toContainEqual({ action: 'REFRESH_SESSION', fromOtherTab: true });
  });

  test('a request whose session version changed while it waited retries without calling refresh', async () => {
    const backend = fakeBackend();
    const a = tab();
    const b = tab(); // separate lock: only the version check can stop b from refreshing again
    await a.signIn();
    // b's request goes out with the session as it is now; its 401 is held until a has refreshed.
    let answer401!: () => void;
    const held = new Promise<void>((resolve) => (answer401 = resolve));
    let first = true;
    server.use(
      http.get(`${API}/api/slow`, async () => {
        if (!first) return undefined; // the retry: the fake backend answers
        first = false;
        await held;
        return HttpResponse.json({ message: 'try refresh token' }, { status: 401 });
      }),
    );
    const fromB = b.fetch(`${API}/api/slow`);
    backend.expire();
    expect((await a.fetch(`${API}/api/one`)).status).toBe(200);
    expect(backend.state.refreshCalls).toBe(1);
    answer401();
    expect((await fromB).status).toBe(200);
    expect(backend.state.refreshCalls).toBe(1);
  });

  test('sequential expiries each get their own refresh', async () => {
    const backend = fakeBackend();
    const { fetch, signIn } = tab();
    await signIn();
    for (let i = 0; i < 3; i++) {
      backend.expire();
      expect((await fetch(`${API}/api/x`)).status).toBe(200);
    }
    expect(backend.state.refreshCalls).toBe(3);
  });
});

describe('faults (docs/protocol.md section 5)', () => {
  test('refresh answers 401: the session ends, UNAUTHORISED fires, the caller gets the original 401', async () => {
    const backend = fakeBackend();
    const t = tab();
    await t.signIn();
    backend.expire();
    backend.state.refresh = '401';
    const responses = await Promise.all([t.fetch(`${API}/api/x`), t.fetch(`${API}/api/y`)]);
    expect(responses.map((r) => r.status)).toEqual([401, 401]);
    expect(await responses[0]!.json()).toEqual({ message: 'try refresh token' });
    expect(backend.state.refreshCalls).toBe(1);
    expect(t.events.filter((e) => e.action === 'UNAUTHORISED')).toEqual([
      { action: 'UNAUTHORISED', sessionExpiredOrRevoked: true, fromOtherTab: false },
    ]);
    expect(await t.session.doesSessionExist()).toBe(false);
    // A later request does not try again: no session, no refresh.
    expect((await t.fetch(`${API}/api/z`)).status).toBe(401);
    expect(backend.state.refreshCalls).toBe(1);
  });

  test.each(['500', 'network'] as const)('refresh fails (%s): the session is kept, the caller gets REFRESH_FAILED, nothing loops', async (kind) => {
    const backend = fakeBackend();
    const t = tab();
    await t.signIn();
    backend.expire();
    backend.state.refresh = kind;
    const error = await rejection(t.fetch(`${API}/api/x`));
    expect(error.type).toBe('REFRESH_FAILED');
    if (kind === '500') expect(error.status).toBe(500);
    else expect(error.cause).toBeDefined();
    expect(backend.state.refreshCalls).toBe(1);
    expect(t.actions()).not.toContain('UNAUTHORISED');
    // The session is intact: once the backend recovers, the next request refreshes and succeeds.
    backend.state.refresh = 'ok';
    expect((await t.fetch(`${API}/api/x`)).status).toBe(200);
    expect(backend.state.refreshCalls).toBe(2);
  });

  test('refresh answers 200 without front-token every time: counted against the limit, ends in MAX_REFRESH_ATTEMPTS', async () => {
    const backend = fakeBackend();
    const t = tab({ maxRetryAttemptsForSessionRefresh: 2 });
    await t.signIn();
    backend.expire();
    backend.state.refresh = 'no-front-token';
    expect((await rejection(t.fetch(`${API}/api/x`))).type).toBe('MAX_REFRESH_ATTEMPTS');
    expect(backend.state.refreshCalls).toBe(2);
  });

  test('refresh answers 200 without front-token (duplicate cookies cleared): the request is retried, with a diagnostic', async () => {
    const backend = fakeBackend();
    const t = tab();
    await t.signIn();
    backend.expire();
    backend.state.refresh = 'no-front-token-once';
    // 401 → refresh clears duplicates (no front-token) → retry, still 401 → real refresh → retry → 200.
    expect((await t.fetch(`${API}/api/x`)).status).toBe(200);
    expect(backend.state.refreshCalls).toBe(2);
    expect(backend.apiRequests()).toHaveLength(3);
    // TS043: refresh answered 200 without a front-token (docs/error-codes.md).
    expect(t.diagnostics.some((d) => isTabsessionError(d) && d.code === 'TS043')).toBe(true);
  });

  test('an API that always answers 401 ends in MAX_REFRESH_ATTEMPTS after maxRetryAttemptsForSessionRefresh refreshes', async () => {
    const backend = fakeBackend();
    const t = tab({ maxRetryAttemptsForSessionRefresh: 3 });
    await t.signIn();
    backend.state.alwaysUnauthorised = true;
    const error = await rejection(t.fetch(`${API}/api/x`));
    expect(error.type).toBe('MAX_REFRESH_ATTEMPTS');
    expect(error.status).toBe(401);
    expect(backend.state.refreshCalls).toBe(3);
    expect(backend.apiRequests()).toHaveLength(4);
  });

  test('maxRetryAttemptsForSessionRefresh: 0 never refreshes', async () => {
    const backend = fakeBackend();
    const t = tab({ maxRetryAttemptsForSessionRefresh: 0 });
    await t.signIn();
    backend.expire();
    expect((await rejection(t.fetch(`${API}/api/x`))).type).toBe('MAX_REFRESH_ATTEMPTS');
    expect(backend.state.refreshCalls).toBe(0);
  });

  test('a malformed front-token on refresh is reported and does not corrupt the stored session', async () => {
    const backend = fakeBackend();
    const t = tab();
    await t.signIn();
    const before = await t.session.getUserId();
    backend.state.refresh = 'malformed-front-token';
    await t.session.attemptRefreshingSession();
    expect(t.diagnostics.some((d) => isTabsessionError(d) && d.type === 'MALFORMED_FRONT_TOKEN')).toBe(true);
    expect(await t.session.getUserId()).toBe(before);
  });

  test('a 401 with no session gives UNAUTHORISED (not expired) in this tab only, and no refresh', async () => {
    const backend = fakeBackend();
    const bus = messageBus();
    const t = tab({ messenger: bus() });
    const other = tab({ messenger: bus() });
    await t.signIn();
    await t.session.signOut();
    backend.expire();
    expect((await t.fetch(`${API}/api/x`)).status).toBe(401);
    expect(backend.state.refreshCalls).toBe(0);
    expect(t.events).toContainEqual({ action: 'UNAUTHORISED', sessionExpiredOrRevoked: false, fromOtherTab: false });
    expect(other.events.map((e) => e.action)).toEqual(['SESSION_CREATED', 'SIGN_OUT']);
  });

  test('a custom sessionExpiredStatusCode (440) is what triggers the refresh', async () => {
    const backend = fakeBackend();
    const t = tab({ sessionExpiredStatusCode: 440 });
    await t.signIn();
    backend.expire();
    // The fake answers 401, which is now an ordinary error status: handed back, no refresh.
    expect((await t.fetch(`${API}/api/x`)).status).toBe(401);
    expect(backend.state.refreshCalls).toBe(0);
  });
});
