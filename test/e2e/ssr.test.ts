/**
 * Scenario 6: the server-rendered /dashboard and the demo's /refresh-session page (docs/protocol.md section 8,
 * seed 003), in a real browser: an expired token goes to the refresh page and comes back; a failed
 * refresh goes to the login page; redirectBack is only ever followed to a path of this origin.
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openTab } from './support/harness';
import { useWorld } from './support/fixtures';

const LOGIN_PAGE = '/?session=expired';

/** Every main-frame URL the page visits, in order. */
function navigations(page: Page): string[] {
  const visited: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) visited.push(frame.url());
  });
  return visited;
}

describe('6. SSR refresh page', () => {
  const world = useWorld();

  test('an expired access token: /dashboard → /refresh-session → one refresh → back on /dashboard', async () => {
    const { backend, context } = world;
    const { page } = await openTab(context, backend.url);
    expect((await page.evaluate(() => window.h.signIn())).body.status).toBe('OK');
    backend.control.expire();
    const visited = navigations(page);

    await page.goto(`${backend.url}/dashboard`);
    await page.waitForURL(`${backend.url}/dashboard`);
    expect(await page.getByTestId('user-email').textContent()).toBe('demo@example.com');

    expect(visited).toEqual([
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
    const { backend, context } = world;
    const { page } = await openTab(context, backend.url);
    expect((await page.evaluate(() => window.h.signIn())).body.status).toBe('OK');
    backend.control.revoke();
    const visited = navigations(page);

    await page.goto(`${backend.url}/dashboard`);
    await page.waitForURL(`${backend.url}${LOGIN_PAGE}`);
    await page.getByText('Your session has ended').waitFor();

    expect(visited).toEqual([`${backend.url}/refresh-session?redirectBack=/dashboard`, `${backend.url}${LOGIN_PAGE}`]);
    expect(backend.control.stats().refreshCalls).toBe(1);
    expect(backend.requests('/dashboard').map((r) => r.status)).toEqual([302]);
  });

  test('a refresh that fails with 500 keeps the user on the refresh page with an explanation', async () => {
    const { backend, context } = world;
    const { page } = await openTab(context, backend.url);
    expect((await page.evaluate(() => window.h.signIn())).body.status).toBe('OK');
    backend.control.force({ error: 'GENERAL_ERROR', on: 'refresh' });

    await page.goto(`${backend.url}/refresh-session?redirectBack=/dashboard`);
    await page.getByText('Could not refresh your session').waitFor();
    expect(page.url()).toBe(`${backend.url}/refresh-session?redirectBack=/dashboard`);
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
    const { backend, context } = world;
    const { page } = await openTab(context, backend.url);
    expect((await page.evaluate(() => window.h.signIn())).body.status).toBe('OK');
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });

    const landed: string[] = [];
    for (const value of unsafe) {
      await page.goto(`${backend.url}/refresh-session?redirectBack=${encodeURIComponent(value)}`);
      await page.waitForURL((url) => url.pathname !== '/refresh-session');
      landed.push(page.url());
    }
    expect(landed).toEqual(unsafe.map(() => `${backend.url}/`));
    expect(dialogs).toEqual([]);
    // Each visit refreshed once and succeeded: the safe default is the success path, not the login page.
    expect(backend.requests('/auth/session/refresh').map((r) => r.status)).toEqual(unsafe.map(() => 200));
  });

  test('a same-origin path is followed as given, query and hash included', async () => {
    const { backend, context } = world;
    const { page } = await openTab(context, backend.url);
    expect((await page.evaluate(() => window.h.signIn())).body.status).toBe('OK');

    await page.goto(`${backend.url}/refresh-session?redirectBack=${encodeURIComponent('/dashboard?tab=2#top')}`);
    await page.waitForURL(`${backend.url}/dashboard?tab=2#top`);
    expect(await page.getByTestId('user-id').textContent()).toBe('user-demo');
    expect(backend.control.stats().refreshCalls).toBe(1);
  });
});
