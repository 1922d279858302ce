/**
 * Scenarios 1-5 of issue #5, in every engine (Chromium, Firefox, WebKit), in both token transfer methods
 * (scenario 9): tabs of one browser profile share cookies, Web Locks and BroadcastChannels as real tabs
 * do. Every test asserts the backend's counters, not just what the pages saw.
 */
import { describe, expect, test } from 'vitest';
import type { BrowserTab } from './support/drivers';
import { openTab, openTabs, pageErrors, sentBy, sentTo, type Tab, type TokenMode } from './support/harness';
import type { RunningBackend } from './support/backend';
import { ENGINES, useBrowser, useWorld } from './support/fixtures';
import { until } from './support/until';

const MODES: TokenMode[] = ['cookie', 'header'];
const USER = { path: '/api/user' } as const;

/** The only timing threshold of the suite (scenario 2): how long the surviving tabs may take. */
const DEADLOCK_BOUND_MS = 10_000;

const signIn = async (page: BrowserTab) => {
  const result = await page.evaluate(() => window.h.signIn());
  expect(result.body.status).toBe('OK');
};
const eventsOf = (tab: Tab) => tab.page.evaluate(() => window.h.events);
const count401 = (backend: RunningBackend) => backend.requests('/api/user').filter((r) => r.status === 401).length;
const sessionExists = async (tab: Tab) => (await tab.page.evaluate(() => window.h.call('doesSessionExist'))).value;

describe.each(ENGINES)('%s', (engine) => {
  const browser = useBrowser(engine);

  describe.each(MODES)('%s mode', (mode) => {
    const world = useWorld(browser);

    test('1. five tabs × 20 concurrent requests on an expired access token: exactly one refresh, all 100 succeed', async () => {
      const { backend, profile } = world;
      const tabs = await openTabs(profile, backend.url, 5, { mode });
      await signIn(tabs[0]!.page);
      backend.control.expire();

      // Hold the refresh until all 100 first attempts have been answered 401, so every request of every
      // tab is provably in flight (waiting on the shared refresh) at the same time.
      backend.holdRefreshUntil(() => count401(backend) === 100, '100 first attempts answered 401');
      const results = await Promise.all(tabs.map((tab) => tab.page.evaluate((req) => window.h.many('fetch', req, 20), USER)));

      expect(results.flat()).toEqual(Array<number>(100).fill(200));
      const stats = backend.control.stats();
      expect(stats.refreshCalls).toBe(1);
      const user = backend.requests('/api/user');
      expect(user.filter((r) => r.status === 401)).toHaveLength(100);
      expect(user.filter((r) => r.status === 200)).toHaveLength(100);
      expect(user).toHaveLength(200);
      // Every tab hears of the one refresh exactly once: one tab did it, four were told.
      const refreshEvents = await Promise.all(
        tabs.map(async (tab) => {
          await tab.page.evaluate(() => window.h.waitEvent('REFRESH_SESSION'));
          return (await eventsOf(tab)).filter((e) => e.action === 'REFRESH_SESSION');
        }),
      );
      expect(refreshEvents.map((events) => events.length)).toEqual([1, 1, 1, 1, 1]);
      expect(refreshEvents.flat().filter((e) => !e.fromOtherTab)).toHaveLength(1);
      for (const tab of tabs) expect(await pageErrors(tab)).toEqual([]);
    });

    test(`2. the tab holding the refresh lock closes mid-refresh: the others finish within ${DEADLOCK_BOUND_MS} ms, one more refresh`, async () => {
      const { backend, profile } = world;
      const tabs = await openTabs(profile, backend.url, 3, { mode });
      await signIn(tabs[0]!.page);
      backend.control.expire();
      // The first refresh is held long enough for the slowest driver (WebKit's, one command at a time) to
      // find and close its tab; the refreshes after it are answered at once.
      backend.control.config({ refreshDelayMs: 30_000 });

      const runs = tabs.map((tab) =>
        tab.page.evaluate((req) => window.h.many('fetch', req, 5), USER).then(
          (statuses) => ({ statuses }),
          (error: unknown) => ({ closed: String(error) }),
        ),
      );
      // The server is holding the first refresh for refreshDelayMs: find the tab that sent it (each tab
      // records what it sends) and close it now.
      await until(() => backend.control.stats().refreshCalls === 1, 'the first refresh to reach the server');
      const refreshers = await Promise.all(
        tabs.map(async (tab) => (await sentTo(tab, backend.url)).some((line) => line === `POST ${backend.url}/auth/session/refresh`)),
      );
      expect(refreshers.filter(Boolean), 'tabs that sent a refresh').toHaveLength(1);
      const holder = tabs[refreshers.indexOf(true)]!.page;
      await holder.close();
      const closedAt = Date.now();
      // Only once the server saw the closed tab's refresh abandoned (status 0) are later refreshes let
      // through: setting refreshDelayMs releases every refresh still held, and the first must not be one.
      await until(() => backend.requests('/auth/session/refresh')[0]?.status === 0, "the closed tab's refresh to be abandoned");
      backend.control.config({ refreshDelayMs: 0 });

      const survivors = tabs.filter((tab) => tab.page !== holder);
      expect(survivors).toHaveLength(2);
      const bound = new Promise<'deadlock'>((resolve) => setTimeout(() => resolve('deadlock'), DEADLOCK_BOUND_MS).unref());
      const outcome = await Promise.race([Promise.all(runs), bound]);
      expect(outcome, `surviving tabs did not finish within ${DEADLOCK_BOUND_MS} ms`).not.toBe('deadlock');
      console.log(`[e2e] ${mode}: surviving tabs finished ${Date.now() - closedAt} ms after the lock holder closed`);

      const settled = outcome as Awaited<(typeof runs)[number]>[];
      const survivorStatuses = settled.filter((_, i) => tabs[i]!.page !== holder);
      expect(survivorStatuses).toEqual([{ statuses: [200, 200, 200, 200, 200] }, { statuses: [200, 200, 200, 200, 200] }]);
      // The closed tab's refresh was abandoned (status 0: the client went away); one survivor refreshed.
      const refreshes = backend.requests('/auth/session/refresh');
      expect(refreshes.map((r) => r.status)).toEqual([0, 200]);
      expect(backend.control.stats().refreshCalls).toBe(2);
      const [session] = backend.control.sessions();
      expect(session?.revoked).toBe(false);
      expect(session?.refreshTokens.previous).toHaveLength(1);
      for (const tab of survivors) {
        expect(await sessionExists(tab)).toBe(true);
        expect(await pageErrors(tab)).toEqual([]);
      }
    });

    test('3. sign-out in one tab: the others get SIGN_OUT and know there is no session without sending a request', async () => {
      const { backend, profile } = world;
      const [tab, ...others] = await openTabs(profile, backend.url, 3, { mode });
      await signIn(tab!.page);
      const marks = await Promise.all(others.map((other) => other.page.evaluate(() => window.h.events.length)));
      const sentBefore = await Promise.all(others.map(async (other) => (await sentBy(other)).length));
      const logBefore = backend.control.stats().requests.length;

      // Each other tab waits for the event before anything else happens there.
      const heard = others.map((other, i) => other.page.evaluate((since) => window.h.waitEvent('SIGN_OUT', since), marks[i]));
      expect(await tab!.page.evaluate(() => window.h.call('signOut'))).toEqual({});
      const events = await Promise.all(heard);
      expect(events).toEqual([
        { action: 'SIGN_OUT', fromOtherTab: true },
        { action: 'SIGN_OUT', fromOtherTab: true },
      ]);
      for (const other of others) expect(await sessionExists(other)).toBe(false);

      // Not one request left the other tabs; the backend saw exactly the sign-out.
      for (const [i, other] of others.entries()) expect(await sentTo(other, backend.url, sentBefore[i])).toEqual([]);
      const after = backend.control.stats().requests.slice(logBefore);
      expect(after.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /auth/signout 200']);
      expect(backend.control.stats().signOuts).toBe(1);
      expect(backend.control.sessions()[0]?.revoked).toBe(true);
    });

    test('4a. the refresh answers 401 (session revoked there): every tab ends UNAUTHORISED, one refresh call, no loop', async () => {
      const { backend, profile } = world;
      const tabs = await openTabs(profile, backend.url, 3, { mode });
      await signIn(tabs[0]!.page);
      backend.control.expire();
      // Every refresh from now on answers UNAUTHORISED (and revokes the session): a looping client would show.
      backend.control.force({ error: 'UNAUTHORISED', on: 'refresh', times: -1 });
      backend.holdRefreshUntil(() => count401(backend) === 15, '15 first attempts answered 401');

      const results = await Promise.all(tabs.map((tab) => tab.page.evaluate((req) => window.h.many('fetch', req, 5), USER)));
      expect(results.flat()).toEqual(Array<number>(15).fill(401));
      expect(backend.control.stats().refreshCalls, 'refresh calls after the failed refresh').toBe(1);
      // The tab whose refresh failed says so (sessionExpiredOrRevoked: true), once, and every other tab hears
      // it. A request whose 401 a tab handles only after the session is gone may add its own
      // UNAUTHORISED{sessionExpiredOrRevoked: false}, as the reference client does; nothing else may appear.
      const events = await Promise.all(
        tabs.map(async (tab) => {
          await tab.page.evaluate(() => window.h.waitEvent('UNAUTHORISED', 0, { sessionExpiredOrRevoked: true }));
          expect(await sessionExists(tab)).toBe(false);
          return (await eventsOf(tab)).filter((e) => e.action !== 'SESSION_CREATED');
        }),
      );
      const revokedNotices = events.map((list) => list.filter((e) => e.action === 'UNAUTHORISED' && e.sessionExpiredOrRevoked));
      expect(revokedNotices.map((list) => list.length)).toEqual([1, 1, 1]);
      expect(revokedNotices.flat().filter((e) => !e.fromOtherTab)).toHaveLength(1);
      const rest = events.flat().filter((e) => !(e.action === 'UNAUTHORISED' && e.sessionExpiredOrRevoked));
      expect(rest.every((e) => e.action === 'UNAUTHORISED' && !e.sessionExpiredOrRevoked), JSON.stringify(rest)).toBe(true);
      // Asking again changes nothing: no refresh, one request each.
      const again = await Promise.all(tabs.map((tab) => tab.page.evaluate((req) => window.h.request('fetch', req), USER)));
      expect(again.map((r) => r.status)).toEqual([401, 401, 401]);
      expect(backend.control.stats().refreshCalls).toBe(1);
      expect(backend.requests('/api/user')).toHaveLength(18);
      expect(backend.control.sessions()[0]?.revoked).toBe(true);
    });

    test('4b. the session is revoked on the server: the API answers UNAUTHORISED, every tab ends logged out, no refresh', async () => {
      const { backend, profile } = world;
      const tabs = await openTabs(profile, backend.url, 3, { mode });
      await signIn(tabs[0]!.page);
      expect(backend.control.revoke()).toEqual({ revokedSessions: 1, revokedGrants: 0 });

      const results = await Promise.all(tabs.map((tab) => tab.page.evaluate((req) => window.h.many('fetch', req, 5), USER)));
      expect(results.flat()).toEqual(Array<number>(15).fill(401));
      for (const tab of tabs) {
        await tab.page.evaluate(() => window.h.waitEvent('UNAUTHORISED'));
        expect(await sessionExists(tab)).toBe(false);
      }
      expect(backend.control.stats().refreshCalls).toBe(0);
      expect(backend.requests('/api/user')).toHaveLength(15);
    });

    test('5. token theft: a rotated refresh token is replayed; the session is revoked and every tab ends logged out', async () => {
      const { backend, profile } = world;
      const tabs = await openTabs(profile, backend.url, 3, { mode });
      await signIn(tabs[0]!.page);
      const stolen = backend.control.sessions()[0]!.refreshTokens.current;

      // The victim refreshes normally: the stolen token is rotated out.
      backend.control.expire();
      expect((await tabs[1]!.page.evaluate((req) => window.h.request('fetch', req), USER)).status).toBe(200);
      expect(backend.control.sessions()[0]!.refreshTokens.previous).toEqual([stolen]);

      // The thief replays it from elsewhere.
      const replay = await fetch(`${backend.url}/auth/session/refresh`, {
        method: 'POST',
        headers: {
          rid: 'session',
          'st-auth-mode': mode,
          ...(mode === 'cookie' ? { cookie: `sRefreshToken=${stolen}` } : { authorization: `Bearer ${stolen}` }),
        },
      });
      expect(replay.status).toBe(401);
      expect(await replay.json()).toEqual({ message: 'token theft detected' });
      expect(backend.control.sessions()[0]!.revoked).toBe(true);
      expect(backend.control.stats().refreshCalls).toBe(2);

      const marks = await Promise.all(tabs.map((tab) => tab.page.evaluate(() => window.h.events.length)));
      const results = await Promise.all(tabs.map((tab) => tab.page.evaluate((req) => window.h.many('fetch', req, 3), USER)));
      expect(results.flat()).toEqual(Array<number>(9).fill(401));
      for (const [i, tab] of tabs.entries()) {
        const event = await tab.page.evaluate((since) => window.h.waitEvent('UNAUTHORISED', since), marks[i]);
        expect(event.action).toBe('UNAUTHORISED');
        expect(await sessionExists(tab)).toBe(false);
        expect(await tab.page.evaluate(() => window.h.call('getUserId'))).toMatchObject({ error: { type: 'NO_SESSION' } });
      }
      // The tabs learnt from the API's UNAUTHORISED: none of them tried to refresh the revoked session.
      expect(backend.control.stats().refreshCalls).toBe(2);
      expect(backend.requests('/api/user')).toHaveLength(1 + 1 + 9);
    });

    test('9. the wire in this mode: how the session travels, and nothing of the other mode', async () => {
      const { backend, profile } = world;
      const tab = await openTab(profile, backend.url, { mode });
      await signIn(tab.page);
      backend.control.expire();
      expect((await tab.page.evaluate((req) => window.h.request('fetch', req), USER)).status).toBe(200);

      const [first, retry] = backend.requests('/api/user');
      const [refresh] = backend.requests('/auth/session/refresh');
      expect([first?.status, retry?.status, refresh?.status]).toEqual([401, 200, 200]);
      for (const record of [first!, retry!]) {
        expect(record).toMatchObject({ rid: 'anti-csrf', stAuthMode: mode, authorization: mode === 'header' });
        expect(record.cookieNames.includes('sAccessToken')).toBe(mode === 'cookie');
      }
      expect(refresh).toMatchObject({ rid: 'session', stAuthMode: mode, authorization: mode === 'header' });
      expect(refresh!.cookieNames.includes('sRefreshToken')).toBe(mode === 'cookie');

      const visible = await tab.page.evaluate(() => window.h.cookieNames());
      expect(visible).toEqual(
        mode === 'header'
          ? ['sFrontToken', 'st-access-token', 'st-last-access-token-update', 'st-refresh-token']
          : ['sFrontToken', 'st-last-access-token-update'],
      );
      const token = await tab.page.evaluate(() => window.h.call('getAccessToken'));
      if (mode === 'header') expect(String(token.value).split('.')).toHaveLength(3);
      else expect(token).toEqual({});
      // httpOnly session cookies exist only in cookie mode, and JS never sees them.
      const jar = [...(await profile.cookies(`${backend.url}/`)), ...(await profile.cookies(`${backend.url}/auth/session/refresh`))];
      const httpOnly = [...new Set(jar.filter((c) => c.httpOnly).map((c) => c.name))].sort();
      expect(httpOnly).toEqual(mode === 'cookie' ? ['sAccessToken', 'sRefreshToken'] : []);
    });
  });
});
