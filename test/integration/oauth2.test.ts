import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createClient, createFetch, isTabsessionError, memoryLock, type RefreshLock, type SessionClient, type SessionEvent } from '../../src/index';
import { oauth2, type OAuth2Tokens } from '../../src/oauth2/index';
import { messageBus } from '../unit/util';
import { backend, server, servePage } from './page';

// tabsession/oauth2 in happy-dom against the real mock backend's token endpoint (strict rotation, reuse
// detection: docs/mock-backend-oauth2.md) over real HTTP. Several clients sharing one lock, one message
// bus and one IndexedDB stand in for the tabs of one browser profile.
servePage();

const clients: SessionClient[] = [];
let lock: RefreshLock;
let bus: ReturnType<typeof messageBus>;
beforeEach(() => {
  backend.control.reset();
  globalThis.indexedDB = new IDBFactory(); // one browser profile per test
  lock = memoryLock();
  bus = messageBus();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
  localStorage.clear(); // a rate-limit cooldown must not reach the next test
});

/** One tab: its own client on the shared lock, bus and IndexedDB, its events recorded. */
function tab() {
  const events: SessionEvent[] = [];
  const session = createClient({
    apiDomain: server.url,
    protocol: oauth2({ tokenEndpoint: `${server.url}/oauth/token`, clientId: 'tabsession-demo', revocationEndpoint: `${server.url}/oauth/revoke` }),
    lock,
    messenger: bus(),
    onHandleEvent: (event) => events.push(event),
    onDiagnostic: () => {},
  });
  clients.push(session);
  const fetch = createFetch(session);
  return { session, events, api: (path = '/api/user') => fetch(`${server.url}${path}`) };
}

/** The password grant stands in for the app's authorization-code exchange. */
async function signIn(): Promise<OAuth2Tokens> {
  const body = new URLSearchParams({ grant_type: 'password', username: 'demo@example.com', password: 'demo', client_id: 'tabsession-demo' });
  const response = await globalThis.fetch(`${server.url}/oauth/token`, { method: 'POST', body });
  expect(response.status).toBe(200);
  return (await response.json()) as OAuth2Tokens;
}

/** `count` tabs, the first signed in with adopt(); the others learn it from the record. */
async function signedInTabs(count: number) {
  const tabs = Array.from({ length: count }, tab);
  await tabs[0]!.session.adopt(await signIn());
  for (const { session } of tabs) expect(await session.doesSessionExist()).toBe(true);
  return tabs;
}

const oauthCounters = () => {
  const { oauthRefreshCalls, reuseDetections, revocations } = backend.control.stats();
  return { oauthRefreshCalls, reuseDetections, revocations };
};

describe('tabsession/oauth2 against a token endpoint with strict rotation', () => {
  test('adopt() signs every tab in, Bearer on the API, no refresh while the token is valid', async () => {
    const tabs = await signedInTabs(2);
    for (const { api } of tabs) expect((await api()).status).toBe(200);
    const late = tab(); // a tab opened after sign-in reads the tokens from the record
    expect((await late.api()).status).toBe(200);
    expect(oauthCounters()).toEqual({ oauthRefreshCalls: 0, reuseDetections: 0, revocations: 0 });
  });

  test('3 tabs × 10 concurrent requests on an expired token: exactly 1 refresh call, 0 reuse detections, every request 200', async () => {
    const tabs = await signedInTabs(3);
    backend.control.config({ refreshDelayMs: 20 }); // the refresh is in flight while the others arrive
    for (let round = 1; round <= 3; round++) {
      const before = await tabs[0]!.session.getAccessToken();
      backend.control.expire();
      const statuses = await Promise.all(tabs.flatMap(({ api }) => Array.from({ length: 10 }, async () => (await api()).status)));
      expect(statuses).toEqual(Array(30).fill(200));
      expect(oauthCounters()).toMatchObject({ oauthRefreshCalls: round, reuseDetections: 0 });
      // Every tab now holds the one new access token.
      const after = await Promise.all(tabs.map(({ session }) => session.getAccessToken()));
      expect(new Set(after).size).toBe(1);
      expect(after[0]).not.toBe(before);
    }
  });

  test('invalid_grant ends the session with UNAUTHORISED in every tab', async () => {
    const tabs = await signedInTabs(3);
    backend.control.expire();
    backend.control.forceOAuth({ error: 'invalid_grant' });
    const response = await tabs[1]!.api();
    expect(response.status).toBe(401);
    for (const { session, events } of tabs) {
      expect(events.filter((e) => e.action === 'UNAUTHORISED')).toEqual([expect.objectContaining({ sessionExpiredOrRevoked: true })]);
      expect(await session.doesSessionExist()).toBe(false);
      expect(await session.getAccessToken()).toBeUndefined();
    }
    expect(oauthCounters()).toMatchObject({ oauthRefreshCalls: 1 });
  });

  test('429 and 5xx keep the session: REFRESH_FAILED, and the next refresh succeeds', async () => {
    const [one] = await signedInTabs(1);
    backend.control.expire();
    backend.control.forceOAuth({ error: 'server_error' });
    const failed = await one!.api().then(
      () => 'resolved',
      (error: unknown) => (isTabsessionError(error) ? error.type : String(error)),
    );
    expect(failed).toBe('REFRESH_FAILED');
    expect(await one!.session.getAccessToken()).toEqual(expect.any(String));
    expect((await one!.api()).status).toBe(200);
    expect(oauthCounters()).toMatchObject({ oauthRefreshCalls: 2, reuseDetections: 0 });
  });

  test('sign-out revokes the grant (RFC 7009) and reaches every tab', async () => {
    const tabs = await signedInTabs(3);
    await tabs[2]!.session.signOut();
    expect(oauthCounters()).toMatchObject({ revocations: 1 });
    expect(backend.control.oauthGrants()).toEqual([expect.objectContaining({ revokedBy: 'revocation' })]);
    for (const { session, events, api } of tabs) {
      expect(events.filter((e) => e.action === 'SIGN_OUT')).toHaveLength(1);
      expect(await session.doesSessionExist()).toBe(false);
      expect((await api()).status).toBe(401); // sent without a token
    }
    expect(tabs[0]!.events.at(-1)).toMatchObject({ action: 'SIGN_OUT', fromOtherTab: true });
  });

  test('the Bearer token goes to the API only, never to another origin', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const other = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' }).end('ok');
    });
    await new Promise<void>((resolve) => other.listen(0, 'localhost', resolve));
    try {
      const [one] = await signedInTabs(1);
      const fetch = createFetch(one!.session);
      const { port } = other.address() as AddressInfo;
      expect((await fetch(`http://localhost:${port}/x`)).status).toBe(200);
      expect(seen.length).toBeGreaterThan(0);
      for (const headers of seen) expect(headers.authorization).toBeUndefined();
      const token = await one!.session.getAccessToken();
      const echoed = await fetch(`${server.url}/api/echo`, { method: 'POST', body: 'x' });
      expect(echoed.status).toBe(200);
      expect(token).toMatch(/^mock_at_/);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  test('without IndexedDB the tokens stay in the tab that adopted them: it still refreshes once, other tabs have no session', async () => {
    (globalThis as { indexedDB?: IDBFactory | undefined }).indexedDB = undefined;
    const [one, other] = [tab(), tab()];
    await one.session.adopt(await signIn());
    expect(await other.session.doesSessionExist()).toBe(false);
    backend.control.expire();
    const statuses = await Promise.all(Array.from({ length: 5 }, async () => (await one.api()).status));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(oauthCounters()).toMatchObject({ oauthRefreshCalls: 1, reuseDetections: 0 });
    expect((await other.api()).status).toBe(401);
  });
});
