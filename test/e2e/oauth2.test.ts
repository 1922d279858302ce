/**
 * tabsession/oauth2 against the mock backend's token endpoint with strict rotation and reuse detection
 * (docs/mock-backend-oauth2.md), in every engine: tabs of one browser profile share Web Locks, IndexedDB
 * and BroadcastChannels as real tabs do, so a refresh token spent twice (a user logged out) would show
 * in the backend's counters.
 */
import { describe, expect, test } from 'vitest';
import { openTabs, pageErrors, sentTo, type Tab } from './support/harness';
import type { RunningBackend } from './support/backend';
import { ENGINES, useBrowser, useWorld } from './support/fixtures';
import { until } from './support/until';

const USER = { path: '/api/user' } as const;
const ROUNDS = 20;

const signIn = async (tab: Tab) => expect(await tab.page.evaluate(() => window.h.oauthSignIn())).toBe(200);
const sessionExists = async (tab: Tab) => (await tab.page.evaluate(() => window.h.call('doesSessionExist'))).value;
const counters = (backend: RunningBackend) => {
  const { oauthRefreshCalls, reuseDetections, revocations, apiCalls } = backend.control.stats();
  return { oauthRefreshCalls, reuseDetections, revocations, apiCalls };
};

describe.each(ENGINES)('%s', (engine) => {
  const browser = useBrowser(engine);
  const world = useWorld(browser);

  test(`5 tabs × 20 concurrent requests on an expired token, ${ROUNDS} rounds: exactly 1 refresh call and 0 reuse detections per round, every request 200`, async () => {
    const { backend, profile } = world;
    const tabs = await openTabs(profile, backend.url, 5, { protocol: 'oauth2' });
    await signIn(tabs[0]!);
    for (const tab of tabs) expect(await sessionExists(tab)).toBe(true);
    for (let round = 1; round <= ROUNDS; round++) {
      const before = counters(backend);
      backend.control.expire();
      // The refresh is held until all 100 first attempts reached the API (and were refused): every
      // request of every tab is provably waiting on the one refresh at the same time.
      backend.control.config({ refreshDelayMs: 60_000 });
      const runs = Promise.all(tabs.map((tab) => tab.page.evaluate((req) => window.h.many('fetch', req, 20), USER)));
      await until(() => counters(backend).apiCalls - before.apiCalls >= 100, `round ${round}: 100 first attempts`);
      backend.control.config({ refreshDelayMs: 0 }); // lets the held refresh through
      expect((await runs).flat(), `round ${round}`).toEqual(Array<number>(100).fill(200));
      const after = counters(backend);
      expect({ refreshCalls: after.oauthRefreshCalls - before.oauthRefreshCalls, reuseDetections: after.reuseDetections }, `round ${round}`).toEqual({
        refreshCalls: 1,
        reuseDetections: 0,
      });
      expect(after.apiCalls - before.apiCalls, `round ${round}: 100 refused, 100 retried`).toBe(200);
    }
    expect(backend.control.oauthGrants()).toEqual([expect.objectContaining({ revokedBy: null })]);
    for (const tab of tabs) expect(await pageErrors(tab)).toEqual([]);
  });

  test('the tab holding the refresh closes mid-refresh: the others refresh once more with the unspent token, no reuse, every request 200', async () => {
    const { backend, profile } = world;
    const tabs = await openTabs(profile, backend.url, 3, { protocol: 'oauth2' });
    await signIn(tabs[0]!);
    for (const tab of tabs) expect(await sessionExists(tab)).toBe(true);
    const marks = await Promise.all(tabs.map(async (tab) => (await sentTo(tab, backend.url)).length));
    backend.control.expire();
    backend.control.config({ refreshDelayMs: 60_000 });
    const runs = tabs.map((tab) =>
      tab.page.evaluate((req) => window.h.many('fetch', req, 5), USER).then(
        (statuses) => ({ statuses }),
        (error: unknown) => ({ closed: String(error) }),
      ),
    );
    await until(() => backend.control.stats().oauthRefreshCalls === 1, 'the first refresh to reach the server');
    const refreshers = await Promise.all(
      tabs.map(async (tab, i) => (await sentTo(tab, backend.url, marks[i])).includes(`POST ${backend.url}/oauth/token`)),
    );
    expect(refreshers.filter(Boolean), 'tabs that sent a refresh').toHaveLength(1);
    const holder = tabs[refreshers.indexOf(true)]!.page;
    await holder.close();
    // The held refresh of the closed tab is abandoned (status 0) and spends nothing; then let refreshes through.
    await until(() => backend.requests('/oauth/token').some((r) => r.status === 0), "the closed tab's refresh to be abandoned");
    backend.control.config({ refreshDelayMs: 0 });

    const survivors = tabs.filter((tab) => tab.page !== holder);
    const settled = await Promise.all(runs);
    expect(settled.filter((_, i) => tabs[i]!.page !== holder)).toEqual([{ statuses: [200, 200, 200, 200, 200] }, { statuses: [200, 200, 200, 200, 200] }]);
    expect(counters(backend)).toMatchObject({ oauthRefreshCalls: 2, reuseDetections: 0 });
    for (const tab of survivors) {
      expect(await sessionExists(tab)).toBe(true);
      expect(await pageErrors(tab)).toEqual([]);
    }
  });

  test('sign-out in one tab revokes the grant and reaches every tab', async () => {
    const { backend, profile } = world;
    const tabs = await openTabs(profile, backend.url, 3, { protocol: 'oauth2' });
    await signIn(tabs[0]!);
    for (const tab of tabs) expect(await sessionExists(tab)).toBe(true);
    const marks = await Promise.all(tabs.map((tab) => tab.page.evaluate(() => window.h.events.length)));
    expect(await tabs[2]!.page.evaluate(() => window.h.call('signOut'))).toEqual({ value: undefined });
    expect(counters(backend)).toMatchObject({ revocations: 1 });
    expect(backend.control.oauthGrants()).toEqual([expect.objectContaining({ revokedBy: 'revocation' })]);
    for (const [i, tab] of tabs.entries()) {
      const event = await tab.page.evaluate((since) => window.h.waitEvent('SIGN_OUT', since), marks[i]);
      expect(event.fromOtherTab).toBe(i !== 2);
      expect(await sessionExists(tab)).toBe(false);
      const apiCalls = counters(backend).apiCalls;
      expect(await tab.page.evaluate((req) => window.h.many('fetch', req, 1), USER)).toEqual([401]);
      expect(counters(backend).apiCalls).toBe(apiCalls + 1); // sent once, without a token, and not retried
    }
    expect(counters(backend)).toMatchObject({ oauthRefreshCalls: 0, reuseDetections: 0 });
    for (const tab of tabs) expect(await pageErrors(tab)).toEqual([]);
  });
});
