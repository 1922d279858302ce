/**
 * The demo page (demo/web) as a person uses it, in two tabs, in every engine: sign in, call the API,
 * expire the token, watch one refresh serve a burst, see the other tab's events, sign out everywhere.
 * Takes a screenshot into .tmp/ (ignored); `npm run screenshot` writes docs/demo.png, the README's picture.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from './support/env';
import { ENGINES, useBrowser, useWorld } from './support/fixtures';
import { callOtherTransports, click, logCount, waitLog, waitReady, waitText } from './support/demo-page';
import { until } from './support/until';

/** `npm run screenshot` sets it to docs/demo.png; a plain run leaves the committed image alone. */
const screenshotPath = (engine: string) => resolve(ROOT, process.env['TABSESSION_SCREENSHOT'] ?? `.tmp/demo-${engine}.png`);

describe.each(ENGINES)('%s: the demo page', (engine) => {
  const world = useWorld(useBrowser(engine), {}, { viewport: { width: 1280, height: 900 } });

  test('two tabs: sign in, a burst on an expired token shares one refresh, events cross tabs, sign-out reaches both', async ({ annotate }) => {
    const { backend, profile } = world;
    const page = await profile.newTab(`${backend.url}/`);
    await waitReady(page);

    // A first visit knows nothing (MAY_EXIST): the page's doesSessionExist() probes with one refresh.
    expect(backend.requests('/auth/session/refresh').map((r) => r.status)).toEqual([401]);

    await click(page, 'button', 'Sign in');
    await waitLog(page, 'SESSION_CREATED');
    await waitText(page, '#status .who', 'Signed in as demo@example.com');

    // The page's "Open a second tab" link, opened as a second tab of the same profile.
    const href = await page.evaluate(() => (document.querySelector('#second-tab') as HTMLAnchorElement).href);
    const second = await profile.newTab(href);
    await waitReady(second);
    await waitText(second, '#status .who', 'Signed in as demo@example.com');

    // Expire, then ten calls at once: one refresh, ten successes, and the other tab hears of it.
    // (Tabs are switched as a person would: a background tab's rendering is throttled.)
    await page.bringToFront();
    await click(page, 'button', 'Expire access token');
    await waitLog(page, '/__mock/expire');
    await click(page, '[data-transport="fetch"] [data-call="burst"]');
    await waitLog(page, '10 × GET /api/user → 200 ×10 (fetch)');
    await waitLog(page, 'POST /auth/session/refresh → 200 (SDK: REFRESH_SESSION)');
    await waitLog(second, 'REFRESH_SESSION', 'other tab');
    expect(backend.requests('/auth/session/refresh').map((r) => r.status)).toEqual([401, 200]);

    // An invalid claim is an event, not a refresh.
    await click(page, '[data-transport="fetch"] [data-call="admin"]');
    await waitLog(page, 'GET /api/admin → 403 (fetch)');
    await waitLog(page, 'API_INVALID_CLAIM');

    // The other transports of the page: axios and ky through their adapters, plain XHR through init()'s patch.
    expect(await callOtherTransports(page)).toBe(0);

    // The second tab refreshes this time; the first tab's log shows it as another tab's event.
    await second.bringToFront();
    await click(second, 'button', 'Expire access token');
    await waitLog(second, '/__mock/expire');
    await click(second, '[data-transport="fetch"] [data-call="user"]');
    await waitLog(second, 'GET /api/user → 200 (fetch)');
    await until(async () => (await logCount(page, 'REFRESH_SESSION', 'other tab')) === 1, 'one REFRESH_SESSION from the other tab');
    await waitText(page, '#stat-refresh', '3');
    expect(backend.requests('/auth/session/refresh').map((r) => r.status)).toEqual([401, 200, 200]);

    await page.bringToFront();
    // Only where the driver can take one: WebKitWebDriver never answers Take Screenshot for MiniBrowser
    // under Xvfb (see BrowserTab.canScreenshot). The run says so in an annotation rather than hanging.
    if (page.canScreenshot) {
      const screenshot = screenshotPath(engine);
      mkdirSync(dirname(screenshot), { recursive: true });
      await page.screenshot(screenshot);
    } else {
      const note = `${engine}: no screenshot (the driver cannot take one)`;
      console.info(note);
      await annotate(note, 'notice');
    }

    // Sign out in the second tab: the first one shows it at once, with no request of its own (the
    // page's resource timing lists every request it made, in every engine).
    const before = await page.evaluate(() => {
      performance.setResourceTimingBufferSize(10_000);
      return performance.getEntriesByType('resource').length;
    });
    await second.bringToFront();
    await click(second, 'button', 'Sign out');
    await waitLog(page, 'SIGN_OUT', 'other tab');
    await waitText(page, '#status .who', 'Signed out');
    const firstTabRequests = await page.evaluate((from) => performance.getEntriesByType('resource').slice(from).map((e) => e.name), before);
    expect(firstTabRequests.filter((url) => !url.includes('/__mock/'))).toEqual([]);
    expect(backend.control.stats().signOuts).toBe(1);
    expect([...(await page.errors()), ...(await second.errors())]).toEqual([]);
  });
});
