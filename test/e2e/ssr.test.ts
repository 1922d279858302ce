/**
 * Scenario 6: the server-rendered /dashboard and the demo's /refresh-session page (docs/protocol.md section 8,
 * seed 003), in a real browser: an expired token goes to the refresh page and comes back; a failed
 * refresh goes to the login page; redirectBack is only ever followed to a path of this origin.
 */
import { describe, expect, test } from 'vitest';
import type { BrowserTab } from './support/drivers';
import { openTab, waitInTab } from './support/harness';
import { ENGINES, useBrowser, useWorld } from './support/fixtures';
import { until } from './support/until';

const LOGIN_PAGE = '/?session=expired';

/** Waits until the tab's URL is `url` (or passes `check`). */
const waitForURL = (page: BrowserTab, check: string | ((url: URL) => boolean)) =>
  until(async () => {
    const url = await page.url();
    return typeof check === 'string' ? url === check : check(new URL(url));
  }, `the tab to reach ${String(check)}`);
const waitForText = (page: BrowserTab, text: string) =>
  waitInTab(page, (t) => document.body?.innerText.includes(t), text, `"${text}" on the page`);
const testId = (page: BrowserTab, id: string) =>
  page.evaluate((i) => document.querySelector(`[data-testid="${i}"]`)?.textContent ?? null, id);

describe.each(ENGINES)('%s: 6. SSR refresh page', (engine) => {
  const world = useWorld(useBrowser(engine));

  test('an expired access token: /dashboard → /refresh-session → one refresh → back on /dashboard', async () => {
    const { backend, profile } = world;
    const { page } = await openTab(profile, backend.url);
    expect((await page.evaluate(() => window.h.signIn())).body.status).toBe('OK');
    backend.control.expire();
    const mark = backend.documents.length;

    await page.goto(`${backend.url}/dashboard`);
    await waitForURL(page, `${backend.url}/dashboard`);
    await waitInTab(page, () => document.readyState === 'complete', undefined, 'the dashboard to load');
    expect(await testId(page, 'user-email')).toBe('demo@example.com');

    // Every document the tab asked for (the server's view, the same in every engine): the redirect too.
    expect(backend.documents.slice(mark)).toEqual([
      `${backend.url}/dashboard`,
      `${backend.url}/refresh-session?redirectBack=/dashboard`,
      `${backend.url}/dashboard`,
    ]);
    // The browser's own /favicon.ico fetch is a static file the log drops only once it is answered.
    const traffic = backend.control.stats().requests.filter((r) => r.path !== '/auth/signin' && r.path !== '/favicon.ico');
    expect(traffic.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /dashboard 302',
      'POST /auth/session/refresh 200',
      'GET /dashboard 200',
    ]);
    expect(backend.control.stats().refreshCalls).toBe(1);
  });

  test('a revoked session: /dashboard → /refresh-session → the refresh fails → the login page, no loop', async () => {
    const { backend, profile } = world;
    const { page } = await openTab(profile, backend.url);
    expect((await page.evaluate(() => window.h.signIn())).body.status).toBe('OK');
    backend.control.revoke();
    const mark = backend.documents.length;

    await page.goto(`${backend.url}/dashboard`);
    await waitForURL(page, `${backend.url}${LOGIN_PAGE}`);
    await waitForText(page, 'Your session has ended');

    expect(backend.documents.slice(mark)).toEqual([
      `${backend.url}/dashboard`,
      `${backend.url}/refresh-session?redirectBack=/dashboard`,
      `${backend.url}${LOGIN_PAGE}`,
    ]);
    expect(backend.control.stats().refreshCalls).toBe(1);
    expect(backend.requests('/dashboard').map((r) => r.status)).toEqual([302]);
  });

  test('a refresh that fails with 500 keeps the user on the refresh page with an explanation', async () => {
    const { backend, profile } = world;
    const { page } = await openTab(profile, backend.url);
    expect((await page.evaluate(() => window.h.signIn())).body.status).toBe('OK');
    backend.control.force({ error: 'GENERAL_ERROR', on: 'refresh' });

    await page.goto(`${backend.url}/refresh-session?redirectBack=/dashboard`);
    await waitForText(page, 'Could not refresh your session');
    expect(await page.url()).toBe(`${backend.url}/refresh-session?redirectBack=/dashboard`);
    expect(backend.requests('/auth/session/refresh').map((r) => r.status)).toEqual([500]);
    expect(backend.requests('/dashboard')).toEqual([]);
  });

  // The four of issue #5, then other spellings a browser reads as another origin or a script.
  const unsafe = [
    '//evil.example',
    'https://evil.example',
    'javascript:alert(1)',
    '/\\evil.example',
    '/\t/evil.example',
    '\\\\evil.example',
    'evil.example/path',
    '',
  ];

  test(`open redirects: ${unsafe.length} unsafe redirectBack values all land on the safe default "/"`, async () => {
    const { backend, profile } = world;
    const { page } = await openTab(profile, backend.url);
    expect((await page.evaluate(() => window.h.signIn())).body.status).toBe('OK');

    const landed: string[] = [];
    for (const value of unsafe) {
      await page.goto(`${backend.url}/refresh-session?redirectBack=${encodeURIComponent(value)}`);
      await waitForURL(page, (url) => url.pathname !== '/refresh-session');
      landed.push(await page.url());
    }
    expect(landed).toEqual(unsafe.map(() => `${backend.url}/`));
    // Dialogs the pages opened, as the driver saw them (each dismissed).
    expect(page.dialogs).toEqual([]);
    // Each visit refreshed once and succeeded: the safe default is the success path, not the login page.
    expect(backend.requests('/auth/session/refresh').map((r) => r.status)).toEqual(unsafe.map(() => 200));
  });

  test('a same-origin path is followed as given, query and hash included', async () => {
    const { backend, profile } = world;
    const { page } = await openTab(profile, backend.url);
    expect((await page.evaluate(() => window.h.signIn())).body.status).toBe('OK');

    await page.goto(`${backend.url}/refresh-session?redirectBack=${encodeURIComponent('/dashboard?tab=2#top')}`);
    await waitForURL(page, `${backend.url}/dashboard?tab=2#top`);
    await waitInTab(page, () => document.readyState === 'complete', undefined, 'the dashboard to load');
    expect(await testId(page, 'user-id')).toBe('user-demo');
    expect(backend.control.stats().refreshCalls).toBe(1);
  });
});
