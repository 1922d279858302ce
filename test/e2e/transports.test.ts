/**
 * Scenario 8: one behaviour table, run against every transport in the browser: fetch and
 * XMLHttpRequest (patched by init), axios (tabsession/axios) and ky (tabsession/ky), each loaded from
 * dist/, in every engine. The adapters run in tabs where init() patches nothing, so a pass proves the adapter itself
 * carries the session (with the patches on, patched XHR/fetch underneath would hide a broken adapter).
 * A transport whose build is missing fails here, loudly; it is never skipped.
 */
import { describe, expect, test } from 'vitest';
import { openTabs, type TransportName } from './support/harness';
import { ENGINES, useBrowser, useWorld } from './support/fixtures';
import { SESSION_HEADERS, startRecorder } from './support/recorder';

const TRANSPORTS: TransportName[] = ['fetch', 'xhr', 'axios', 'ky'];
/** fetch and XHR get the session from init()'s patches; axios and ky from their adapter alone. */
const CONFIGS = TRANSPORTS.map((transport) => ({
  transport,
  patch: transport === 'fetch' || transport === 'xhr',
  label: transport === 'fetch' || transport === 'xhr' ? `${transport}, patched by init()` : `${transport}, adapter only (no global patch)`,
}));

describe.each(ENGINES)('%s', (engine) => {
  const browser = useBrowser(engine);

  describe.each(CONFIGS)('8. $label', ({ transport, patch }) => {
    const world = useWorld(browser);

    test('three tabs × 10 concurrent POSTs on an expired token: one refresh, every body replayed intact', async () => {
      const { backend, profile } = world;
      const tabs = await openTabs(profile, backend.url, 3, { patch });
      for (const tab of tabs) await tab.page.evaluate((name) => window.h.load(name), transport);
      expect((await tabs[0]!.page.evaluate(() => window.h.signIn())).body.status).toBe('OK');
      backend.control.expire();
      backend.holdRefreshUntil(
        () => backend.requests('/api/echo').filter((r) => r.status === 401).length === 30,
        '30 first attempts answered 401',
      );

      const results = await Promise.all(
        tabs.map((tab, t) =>
          tab.page.evaluate(
            ({ name, t }) =>
              Promise.all(
                Array.from({ length: 10 }, (_, i) =>
                  window.h.request(name, {
                    method: 'POST',
                    path: '/api/echo',
                    body: { tab: t, i },
                    headers: { 'x-test': `tab${t}-${i}` },
                  }),
                ),
              ),
            { name: transport, t },
          ),
        ),
      );

      const echoed = results.flat().map((r): Record<string, unknown> => ({ status: r.status, ...(JSON.parse(r.body) as object) }));
      expect(echoed).toHaveLength(30);
      echoed.forEach((echo, k) => {
        const t = Math.floor(k / 10);
        const i = k % 10;
        expect(echo).toMatchObject({
          status: 200,
          method: 'POST',
          body: JSON.stringify({ tab: t, i }),
          userId: 'user-demo',
          headers: { rid: 'anti-csrf', 'st-auth-mode': 'cookie', custom: `tab${t}-${i}` },
        });
        expect(String(echo['contentType'])).toMatch(/^application\/json/);
      });
      expect(backend.control.stats().refreshCalls).toBe(1);
      const echo = backend.requests('/api/echo');
      expect([echo.filter((r) => r.status === 401).length, echo.filter((r) => r.status === 200).length, echo.length]).toEqual([30, 30, 60]);
    });

    test('the refresh answers 401: the caller gets the 401, the tab ends UNAUTHORISED, one refresh call', async () => {
      const { backend, profile } = world;
      const [tab] = await openTabs(profile, backend.url, 1, { patch });
      await tab!.page.evaluate((name) => window.h.load(name), transport);
      expect((await tab!.page.evaluate(() => window.h.signIn())).body.status).toBe('OK');
      backend.control.expire();
      backend.control.force({ error: 'UNAUTHORISED', on: 'refresh', times: -1 });

      const result = await tab!.page.evaluate((name) => window.h.request(name, { path: '/api/user' }), transport);
      expect(result.status).toBe(401);
      expect(await tab!.page.evaluate(() => window.h.waitEvent('UNAUTHORISED'))).toMatchObject({ sessionExpiredOrRevoked: true });
      expect(await tab!.page.evaluate(() => window.h.call('doesSessionExist'))).toEqual({ value: false });
      expect(backend.control.stats().refreshCalls).toBe(1);
      expect(backend.requests('/api/user').map((r) => r.status)).toEqual([401]);
    });

    test('an invalid claim (403) reaches the caller and fires API_INVALID_CLAIM, without a refresh', async () => {
      const { backend, profile } = world;
      const [tab] = await openTabs(profile, backend.url, 1, { patch });
      await tab!.page.evaluate((name) => window.h.load(name), transport);
      expect((await tab!.page.evaluate(() => window.h.signIn())).body.status).toBe('OK');

      const result = await tab!.page.evaluate((name) => window.h.request(name, { path: '/api/admin' }), transport);
      expect(result.status).toBe(403);
      const event = await tab!.page.evaluate(() => window.h.waitEvent('API_INVALID_CLAIM'));
      expect(event).toMatchObject({ claimValidationErrors: [{ id: 'st-role' }] });
      expect(backend.control.stats().refreshCalls).toBe(0);
    });

    test('a request to a third-party origin is left alone: no session header, no credentials', async () => {
      const { backend, profile } = world;
      const thirdParty = await startRecorder();
      try {
        const [tab] = await openTabs(profile, backend.url, 1, { patch });
        await tab!.page.evaluate((name) => window.h.load(name), transport);
        expect((await tab!.page.evaluate(() => window.h.signIn())).body.status).toBe('OK');

        const result = await tab!.page.evaluate(
          ({ name, url }) => window.h.request(name, { path: url }),
          { name: transport, url: `${thirdParty.url}/pixel` },
        );
        expect(result).toMatchObject({ status: 200, body: '{"thirdParty":true}' });
        expect(thirdParty.seen.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /pixel']);
        for (const name of SESSION_HEADERS) expect(thirdParty.seen[0]!.headers[name], name).toBeUndefined();
      } finally {
        await thirdParty.close();
      }
    });
  });

  describe('8. every transport at once, as an app sets them up (patches on, adapters installed)', () => {
    const world = useWorld(browser);

    test('four tabs, one per transport, 5 POSTs each on an expired token: one refresh, each request handled once', async () => {
      const { backend, profile } = world;
      const tabs = await openTabs(profile, backend.url, TRANSPORTS.length);
      await Promise.all(tabs.map((tab, i) => tab.page.evaluate((name) => window.h.load(name), TRANSPORTS[i]!)));
      expect((await tabs[0]!.page.evaluate(() => window.h.signIn())).body.status).toBe('OK');
      backend.control.expire();
      backend.holdRefreshUntil(
        () => backend.requests('/api/echo').filter((r) => r.status === 401).length === 20,
        '20 first attempts answered 401',
      );

      const results = await Promise.all(
        tabs.map((tab, i) =>
          tab.page.evaluate(
            (name) => Promise.all(Array.from({ length: 5 }, (_, n) => window.h.request(name, { method: 'POST', path: '/api/echo', body: { n } }))),
            TRANSPORTS[i]!,
          ),
        ),
      );
      for (const list of results) {
        expect(list.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
        // An adapter over a patched XHR/fetch must not add the session twice: one rid, one mode.
        for (const r of list) expect(JSON.parse(r.body)).toMatchObject({ headers: { rid: 'anti-csrf', 'st-auth-mode': 'cookie' } });
      }
      expect(backend.control.stats().refreshCalls).toBe(1);
      expect(backend.requests('/api/echo')).toHaveLength(40);
    });

    test('control: with the patches off, plain fetch and XHR are left alone (no session headers, no refresh)', async () => {
      const { backend, profile } = world;
      const [tab] = await openTabs(profile, backend.url, 1, { patch: false });
      expect((await tab!.page.evaluate(() => window.h.signIn())).body.status).toBe('OK');
      backend.control.expire();

      const status = await tab!.page.evaluate(() => window.h.request('fetch', { path: '/api/user' }));
      expect(status.status).toBe(401);
      await expect(tab!.page.evaluate(() => window.h.load('xhr'))).rejects.toThrow(/did not patch XMLHttpRequest/);
      expect(backend.control.stats().refreshCalls).toBe(0);
      expect(backend.requests('/api/user').map((r) => [r.status, r.rid, r.stAuthMode])).toEqual([[401, null, null]]);
    });
  });
});
