import Cookies from 'js-cookie';
import { HttpResponse, http } from 'msw';
import { describe, expect, test } from 'vitest';
import * as tabsession from '../../src/index';
import { getInvalidClaimsFromResponse, isTabsessionError, memoryLock } from '../../src/index';
import { API, fakeBackend, frontToken, server } from './harness';
import { messageBus, tab } from './util';

const errorType = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return isTabsessionError(error) ? error.type : error;
  }
  return 'resolved';
};

describe('init and the global fetch', () => {
  test('init patches window.fetch once, however often it is called, and the patched fetch uses the latest config', async () => {
    const backend = fakeBackend();
    const platform = globalThis.fetch;
    try {
      tabsession.init({ apiDomain: API, lock: memoryLock() });
      const patched = globalThis.fetch;
      expect(patched).not.toBe(platform);
      tabsession.init({ apiDomain: API, lock: memoryLock(), tokenTransferMethod: 'header' });
      expect(globalThis.fetch).toBe(patched);
      await fetch(`${API}/auth/signin`, { method: 'POST' });
      backend.expire();
      expect((await fetch(`${API}/api/x`)).status).toBe(200);
      expect(backend.state.refreshCalls).toBe(1);
      // Headers were added once, from the second config.
      expect(backend.state.requests.at(-1)).toMatchObject({ rid: 'anti-csrf', authMode: 'header', authorization: 'Bearer access-2' });
    } finally {
      tabsession.init({ apiDomain: API, patchGlobalFetch: false });
    }
    expect(globalThis.fetch).toBe(platform);
  });

  test('a bad config throws CONFIG at init and leaves the running session in place', async () => {
    const backend = fakeBackend();
    const session = tabsession.init({ apiDomain: API, patchGlobalFetch: false, lock: memoryLock() });
    expect(await errorType(Promise.resolve().then(() => tabsession.init({ apiDomain: API, maxRetryAttemptsForSessionRefresh: -1 })))).toBe('CONFIG');
    expect(tabsession.getClient()).toBe(session);
    expect((await tabsession.fetch(`${API}/auth/signin`, { method: 'POST' })).status).toBe(200);
    expect(backend.state.requests).toHaveLength(1);
  });

  test('the module-level functions act on the session made by init', async () => {
    const backend = fakeBackend();
    const events: string[] = [];
    tabsession.init({ apiDomain: API, patchGlobalFetch: false, lock: memoryLock(), messenger: messageBus()() });
    const stop = tabsession.onSessionEvent('*', (event) => events.push(event.action));
    expect(await tabsession.doesSessionExist()).toBe(true); // MAY_EXIST: the refresh finds one (the fake accepts)
    await tabsession.fetch(`${API}/auth/signin`, { method: 'POST' });
    expect(await tabsession.getUserId()).toBe('user-1');
    expect(await tabsession.getAccessTokenPayloadSecurely()).toEqual({ role: 'user' });
    expect(await tabsession.getAccessToken()).toBeUndefined(); // cookie mode: httpOnly
    expect(await tabsession.attemptRefreshingSession()).toBe(true);
    await tabsession.signOut();
    expect(await tabsession.doesSessionExist()).toBe(false);
    stop();
    // Signed out (NOT_EXISTS): nothing to refresh, so no request.
    expect(await tabsession.attemptRefreshingSession()).toBe(false);
    // Signing in as the user the first refresh already found is not a new session.
    expect(events).toEqual(['REFRESH_SESSION', 'REFRESH_SESSION', 'SIGN_OUT']);
    expect(backend.state.refreshCalls).toBe(2);
  });
});

describe('session functions', () => {
  test('doesSessionExist: no network while the access token is fresh, a refresh once it has expired', async () => {
    const backend = fakeBackend();
    const t = tab();
    await t.signIn();
    expect(await t.session.doesSessionExist()).toBe(true);
    expect(backend.state.refreshCalls).toBe(0);
    Cookies.set('sFrontToken', frontToken('user-1', Date.now() - 1000), { path: '/' });
    expect(await t.session.doesSessionExist()).toBe(true);
    expect(backend.state.refreshCalls).toBe(1);
  });

  test('doesSessionExist with wiped cookies (MAY_EXIST) asks the backend: false when refresh answers 401, and no event', async () => {
    const backend = fakeBackend();
    backend.state.refresh = '401';
    const bus = messageBus();
    const t = tab({ messenger: bus() });
    const other = tab({ messenger: bus() });
    expect(await t.session.doesSessionExist()).toBe(false);
    // Nothing was known, so no session ended: no UNAUTHORISED here or in another tab.
    expect(t.events).toEqual([]);
    expect(other.events).toEqual([]);
    expect(backend.state.refreshCalls).toBe(1);
    expect(await t.session.doesSessionExist()).toBe(false); // now NOT_EXISTS: known without asking
    expect(backend.state.refreshCalls).toBe(1);
  });

  test('doesSessionExist throws REFRESH_FAILED rather than guessing when the refresh fails', async () => {
    const backend = fakeBackend();
    const t = tab();
    await t.signIn();
    Cookies.set('sFrontToken', frontToken('user-1', Date.now() - 1000), { path: '/' });
    backend.state.refresh = '500';
    expect(await errorType(t.session.doesSessionExist())).toBe('REFRESH_FAILED');
  });

  test('a garbage sFrontToken cookie is reported and repaired by a refresh, never thrown from doesSessionExist', async () => {
    const backend = fakeBackend();
    const t = tab();
    await t.signIn();
    Cookies.set('sFrontToken', 'garbage', { path: '/' });
    expect(await t.session.doesSessionExist()).toBe(true);
    expect(backend.state.refreshCalls).toBe(1);
    expect(await t.session.getUserId()).toBe('user-1');
    expect(t.diagnostics.some((d) => isTabsessionError(d) && d.type === 'MALFORMED_FRONT_TOKEN')).toBe(true);
  });

  test('getUserId and getAccessTokenPayloadSecurely throw NO_SESSION without a session', async () => {
    const backend = fakeBackend();
    backend.state.refresh = '401';
    const t = tab();
    expect(await errorType(t.session.getUserId())).toBe('NO_SESSION');
    expect(await errorType(t.session.getAccessTokenPayloadSecurely())).toBe('NO_SESSION');
  });

  test('getAccessTokenPayloadSecurely refreshes an expired token first and returns the new payload', async () => {
    const backend = fakeBackend();
    const t = tab();
    await t.signIn();
    Cookies.set('sFrontToken', frontToken('user-1', Date.now() - 1000, { role: 'old' }), { path: '/' });
    backend.state.payload = { role: 'admin' };
    expect(await t.session.getAccessTokenPayloadSecurely()).toEqual({ role: 'admin' });
    expect(t.actions()).toContain('ACCESS_TOKEN_PAYLOAD_UPDATED');
  });

  test('getAccessToken returns the header-mode access token', async () => {
    fakeBackend();
    const t = tab({ tokenTransferMethod: 'header' });
    await t.signIn({ headers: { 'st-auth-mode': 'header' } });
    expect(await t.session.getAccessToken()).toBe('access-1');
  });

  test('attemptRefreshingSession: true after a refresh, false when the session is over, REFRESH_FAILED on 5xx', async () => {
    const backend = fakeBackend();
    const t = tab();
    await t.signIn();
    expect(await t.session.attemptRefreshingSession()).toBe(true);
    backend.state.refresh = '500';
    expect(await errorType(t.session.attemptRefreshingSession())).toBe('REFRESH_FAILED');
    backend.state.refresh = '401';
    expect(await t.session.attemptRefreshingSession()).toBe(false);
    expect(backend.state.refreshCalls).toBe(3);
  });

  test('signOut calls the backend, forgets the session and fires SIGN_OUT (not UNAUTHORISED)', async () => {
    const backend = fakeBackend();
    const t = tab();
    await t.signIn();
    await t.session.signOut();
    expect(backend.state.signOutCalls).toBe(1);
    expect(backend.state.requests.at(-1)).toMatchObject({ rid: 'session', credentials: 'include' });
    expect(await t.session.doesSessionExist()).toBe(false);
    expect(t.actions()).toEqual(['SESSION_CREATED', 'SIGN_OUT']);
  });

  test('signOut with an expired access token refreshes, then signs out', async () => {
    const backend = fakeBackend();
    const t = tab();
    await t.signIn();
    backend.expire();
    await t.session.signOut();
    expect(backend.state.refreshCalls).toBe(1);
    expect(backend.state.signOutCalls).toBe(2);
    expect(await t.session.doesSessionExist()).toBe(false);
  });

  test('signOut without a session makes no request and still fires SIGN_OUT', async () => {
    const backend = fakeBackend();
    backend.state.refresh = '401';
    const t = tab();
    await t.session.signOut();
    expect(backend.state.signOutCalls).toBe(0);
    expect(t.actions()).toContain('SIGN_OUT');
  });

  test('a GENERAL_ERROR from sign-out is SIGN_OUT_FAILED and the session is kept', async () => {
    fakeBackend();
    server.use(http.post(`${API}/auth/signout`, () => HttpResponse.json({ status: 'GENERAL_ERROR', message: 'db down' })));
    const t = tab();
    await t.signIn();
    let caught: unknown;
    await t.session.signOut().catch((error) => (caught = error));
    expect(isTabsessionError(caught) && caught.type).toBe('SIGN_OUT_FAILED');
    expect((caught as Error).message).toMatch(/db down/);
    expect(await t.session.doesSessionExist()).toBe(true);
  });
});

describe('events', () => {
  test('SESSION_CREATED, ACCESS_TOKEN_PAYLOAD_UPDATED, REFRESH_SESSION and API_INVALID_CLAIM fire from responses', async () => {
    const backend = fakeBackend();
    const t = tab();
    await t.signIn();
    backend.state.payload = { role: 'admin' };
    await t.session.attemptRefreshingSession();
    const admin = await t.fetch(`${API}/api/admin`);
    expect(admin.status).toBe(403);
    expect(await admin.json()).toMatchObject({ message: 'invalid claim' }); // the caller's body is untouched
    expect(t.events).toEqual([
      { action: 'SESSION_CREATED', fromOtherTab: false },
      { action: 'ACCESS_TOKEN_PAYLOAD_UPDATED', fromOtherTab: false },
      { action: 'REFRESH_SESSION', fromOtherTab: false },
      { action: 'API_INVALID_CLAIM', claimValidationErrors: [{ id: 'st-role', reason: { expectedToInclude: 'admin' } }], fromOtherTab: false },
    ]);
  });

  test('a front-token: remove on an API response ends the session with UNAUTHORISED (expired or revoked)', async () => {
    fakeBackend();
    server.use(http.get(`${API}/api/revoked`, () => HttpResponse.json({ message: 'unauthorised' }, { status: 401, headers: { 'front-token': 'remove' } })));
    const t = tab();
    await t.signIn();
    expect((await t.fetch(`${API}/api/revoked`)).status).toBe(401);
    expect(t.events.at(-1)).toEqual({ action: 'UNAUTHORISED', sessionExpiredOrRevoked: true, fromOtherTab: false });
    expect(await t.session.doesSessionExist()).toBe(false);
  });

  test('session-changing events reach the other tabs, marked fromOtherTab; API_INVALID_CLAIM stays local', async () => {
    fakeBackend();
    const bus = messageBus();
    const a = tab({ messenger: bus() });
    const b = tab({ messenger: bus() });
    await a.signIn();
    await a.fetch(`${API}/api/admin`);
    await a.session.signOut();
    expect(b.events).toEqual([
      { action: 'SESSION_CREATED', fromOtherTab: true },
      { action: 'SIGN_OUT', fromOtherTab: true },
    ]);
    expect(await b.session.doesSessionExist()).toBe(false);
  });

  test('onSessionEvent filters by action and unsubscribes; a throwing listener is reported, the others still run', async () => {
    fakeBackend();
    const t = tab();
    const created: string[] = [];
    const stop = t.session.on('SESSION_CREATED', (event) => created.push(event.action));
    t.session.on('*', () => {
      throw new Error('listener bug');
    });
    await t.signIn();
    stop();
    await t.session.signOut();
    await t.signIn();
    expect(created).toEqual(['SESSION_CREATED']);
    expect(t.actions()).toEqual(['SESSION_CREATED', 'SIGN_OUT', 'SESSION_CREATED']);
    expect(t.diagnostics.filter((d) => (d as Error).message === 'listener bug')).toHaveLength(3);
  });
});

describe('hooks', () => {
  test('preAPIHook can change the refresh request; postAPIHook sees its response', async () => {
    const backend = fakeBackend();
    const seen: string[] = [];
    const t = tab({
      preAPIHook: ({ action, url, requestInit }) => ({
        url,
        requestInit: { ...requestInit, headers: { ...(requestInit.headers as Record<string, string>), 'x-test': action } },
      }),
      postAPIHook: ({ action, fetchResponse }) => {
        seen.push(`${action} ${fetchResponse.status}`);
      },
    });
    await t.signIn();
    await t.session.attemptRefreshingSession();
    await t.session.signOut();
    const refresh = backend.state.requests.find((r) => r.url.endsWith('/session/refresh'));
    expect(refresh).toMatchObject({ custom: 'REFRESH_SESSION', rid: 'session', credentials: 'include' });
    expect(backend.state.requests.at(-1)).toMatchObject({ custom: 'SIGN_OUT' });
    expect(seen).toEqual(['REFRESH_SESSION 200', 'SIGN_OUT 200']);
  });
});

describe('getInvalidClaimsFromResponse', () => {
  const body = { message: 'invalid claim', claimValidationErrors: [{ id: 'st-role', reason: 'wrong' }] };
  test('reads a fetch Response (without consuming it), an axios response and a parsed body', async () => {
    const response = new Response(JSON.stringify(body), { status: 403 });
    expect(await getInvalidClaimsFromResponse({ response })).toEqual(body.claimValidationErrors);
    expect(await response.json()).toEqual(body);
    expect(await getInvalidClaimsFromResponse({ response: { data: body } })).toEqual(body.claimValidationErrors);
    expect(await getInvalidClaimsFromResponse({ response: body })).toEqual(body.claimValidationErrors);
  });

  test.each([
    ['a non-JSON body', new Response('<html>', { status: 403 })],
    ['no claimValidationErrors', { data: { message: 'forbidden' } }],
    ['entries without an id', { data: { claimValidationErrors: [{ reason: 'x' }] } }],
  ])('%s is an INVALID_RESPONSE error', async (_, response) => {
    expect(await errorType(getInvalidClaimsFromResponse({ response }))).toBe('INVALID_RESPONSE');
  });
});

describe('cookies', () => {
  test('host-only copies left from before sessionTokenFrontendDomain was set do not shadow the session', async () => {
    const backend = fakeBackend();
    const happyDOM = (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM;
    happyDOM.setURL('https://app.example.com/');
    try {
      // Yesterday's release kept host-only cookies, for another user.
      const before = tab();
      await before.signIn();
      Cookies.set('sFrontToken', frontToken('old-user'), { path: '/' });
      // Today's release shares the session with the subdomains.
      const t = tab({ sessionTokenFrontendDomain: '.example.com' });
      await t.session.attemptRefreshingSession();
      expect(await t.session.getUserId()).toBe('user-1');
      await t.session.signOut();
      expect(await t.session.doesSessionExist()).toBe(false);
      expect(backend.state.signOutCalls).toBe(1);
    } finally {
      for (const name of Object.keys(Cookies.get())) Cookies.remove(name, { path: '/', domain: '.example.com' });
      happyDOM.setURL('http://localhost:3000/');
    }
  });

  test('sessionTokenFrontendDomain becomes the domain attribute of the SDK cookies (never on localhost)', async () => {
    fakeBackend();
    // Every write goes through a recording cookie handler over document.cookie; deletions are left out.
    const writes: string[] = [];
    const cookieHandler = {
      getCookie: () => document.cookie,
      setCookie: (cookie: string) => {
        document.cookie = cookie;
        writes.push(cookie);
      },
    };
    const stored = () => writes.filter((cookie) => !cookie.includes('1970'));
    try {
      const t = tab({ sessionTokenFrontendDomain: '.example.com', cookieHandler });
      await t.signIn();
      // The test page is on localhost, so the attribute is left out, as docs/protocol.md section 1 says.
      expect(stored().length).toBeGreaterThan(0);
      expect(stored().every((cookie) => !cookie.includes('domain='))).toBe(true);
      (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('https://app.example.com/');
      const onDomain = tab({ sessionTokenFrontendDomain: '.example.com', cookieHandler });
      writes.length = 0;
      await onDomain.session.attemptRefreshingSession().catch(() => undefined);
      expect(stored().length).toBeGreaterThan(0);
      expect(stored().every((cookie) => cookie.includes('domain=.example.com'))).toBe(true);
    } finally {
      (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('http://localhost:3000/');
    }
  });
});
