/**
 * Scenario 7: the page and the API on different origins (two ports of 127.0.0.1: cross-origin but
 * same-site, so the SameSite=Lax session cookies travel with credentials), in both token modes; and a
 * third-party origin (localhost, another site) that must receive nothing of the session.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startBackend, type RunningBackend } from './support/backend';
import type { Profile } from './support/drivers';
import { ENGINES, useBrowser } from './support/fixtures';
import { openTab, type TokenMode } from './support/harness';
import { SESSION_HEADERS, startRecorder, type Recorder } from './support/recorder';

const MODES: TokenMode[] = ['cookie', 'header'];

describe.each(ENGINES)('%s', (engine) => {
  const browser = useBrowser(engine);

  describe.each(MODES)('7. cross-origin API, %s mode', (mode) => {
    let site: RunningBackend; // serves the page only
    let api: RunningBackend; // the API, allowing only the page's origin
    let thirdParty: Recorder;
    let context: Profile;

    beforeEach(async () => {
      site = await startBackend();
      api = await startBackend({ allowedOrigins: [site.url] });
      thirdParty = await startRecorder();
      context = await browser.browser.newProfile();
    });
    afterEach(async () => {
      await context?.close();
      await Promise.all([site?.close(), api?.close(), thirdParty?.close()]);
    });

    test('credentials and exposed headers work across origins: sign-in, calls, one refresh', async () => {
      expect(new URL(site.url).origin).not.toBe(new URL(api.url).origin);
      const tab = await openTab(context, site.url, { mode, api: api.url });

      expect((await tab.page.evaluate(() => window.h.signIn())).body.status).toBe('OK');
      // front-token was readable cross-origin (Access-Control-Expose-Headers): the SDK knows the session.
      expect(await tab.page.evaluate(() => window.h.call('getUserId'))).toEqual({ value: 'user-demo' });
      expect(await tab.page.evaluate(() => window.h.events)).toEqual([{ action: 'SESSION_CREATED', fromOtherTab: false }]);

      api.control.expire();
      const call = await tab.page.evaluate(() => window.h.request('fetch', { method: 'POST', path: '/api/echo', body: { n: 1 } }));
      expect(call.status).toBe(200);
      expect(JSON.parse(call.body)).toMatchObject({ body: '{"n":1}', userId: 'user-demo', headers: { rid: 'anti-csrf', 'st-auth-mode': mode } });

      expect(api.control.stats().refreshCalls).toBe(1);
      const traffic = api.control.stats().requests.filter((r) => r.method !== 'OPTIONS');
      expect(traffic.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        'POST /auth/signin 200',
        'POST /api/echo 401',
        'POST /auth/session/refresh 200',
        'POST /api/echo 200',
      ]);
      for (const record of traffic) {
        expect(record.origin).toBe(site.url);
        if (mode === 'cookie' && record.path !== '/auth/signin') {
          expect(record.cookieNames).toContain(record.path === '/auth/session/refresh' ? 'sRefreshToken' : 'sAccessToken');
        }
        if (mode === 'header') {
          // The SDK's own JS cookies are host-wide, so they travel too; the session tokens never do.
          expect(record.cookieNames.filter((name) => name === 'sAccessToken' || name === 'sRefreshToken')).toEqual([]);
          expect(record.authorization).toBe(record.path !== '/auth/signin');
        }
      }
      // The refresh was seen by the page (front-token exposed) and the page's own origin served nothing of the API.
      expect(await tab.page.evaluate(() => window.h.events.map((e) => e.action))).toEqual(['SESSION_CREATED', 'REFRESH_SESSION']);
      expect(site.control.stats().requests).toEqual([]);
    });

    test('a request to a third-party origin carries no session header and no credentials', async () => {
      const tab = await openTab(context, site.url, { mode, api: api.url });
      expect((await tab.page.evaluate(() => window.h.signIn())).body.status).toBe('OK');

      const url = `${thirdParty.url}/collect`;
      const plain = await tab.page.evaluate((path) => window.h.request('fetch', { path }), url);
      // Readable despite `Access-Control-Allow-Origin: *`: the browser would have blocked a credentialed request.
      expect(plain).toEqual({ status: 200, body: '{"thirdParty":true}' });
      expect(thirdParty.seen.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /collect']);
      const headers = thirdParty.seen[0]!.headers;
      for (const name of SESSION_HEADERS) expect(headers[name], name).toBeUndefined();

      // Control: the same recorder does reject a credentialed request, so the check above has teeth.
      const credentialed = await tab.page.evaluate(
        (path) => fetch(path, { credentials: 'include' }).then((r) => `status ${r.status}`, (e: unknown) => String(e)),
        url,
      );
      expect(credentialed).toMatch(/TypeError/);
      expect(api.control.stats().requests.filter((r) => r.path === '/collect')).toEqual([]);
    });
  });
});
