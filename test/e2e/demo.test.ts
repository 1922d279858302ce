/**
 * The demo page (demo/web) as a person uses it, in two tabs: sign in, call the API, expire the token,
 * watch one refresh serve a burst, see the other tab's events, sign out everywhere. Writes the README's
 * screenshot to docs/demo.png.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ROOT } from './support/env';
import { useWorld } from './support/fixtures';

const SCREENSHOT = resolve(ROOT, 'docs/demo.png');

const logEntries = (page: Page, text: string) => page.locator('#log li', { hasText: text });

describe('the demo page', () => {
  const world = useWorld();

  test('two tabs: sign in, a burst on an expired token shares one refresh, events cross tabs, sign-out reaches both', async () => {
    const { backend, context, browser } = world;
    await context.close();
    world.context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await world.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${backend.url}/`);
    await page.locator('body[data-ready="true"]').waitFor();

    // A first visit knows nothing (MAY_EXIST): the page's doesSessionExist() probes with one refresh.
    expect(backend.requests('/auth/session/refresh').map((r) => r.status)).toEqual([401]);

    await page.getByRole('button', { name: 'Sign in' }).click();
    await logEntries(page, 'SESSION_CREATED').waitFor();
    await expect.poll(() => page.locator('#status .who').textContent()).toBe('Signed in as demo@example.com');

    const [second] = await Promise.all([world.context.waitForEvent('page'), page.getByRole('link', { name: /second tab/ }).click()]);
    second.on('pageerror', (error) => pageErrors.push(error.message));
    await second.locator('body[data-ready="true"]').waitFor();
    await expect.poll(() => second.locator('#status .who').textContent()).toBe('Signed in as demo@example.com');

    // Expire, then ten calls at once: one refresh, ten successes, and the other tab hears of it.
    // (Tabs are switched as a person would: a background tab's rendering is throttled.)
    await page.bringToFront();
    await page.getByRole('button', { name: 'Expire access token' }).click();
    await logEntries(page, '/__mock/expire').waitFor();
    await page.locator('[data-transport="fetch"] [data-call="burst"]').click();
    await logEntries(page, '10 × GET /api/user → 200 ×10 (fetch)').waitFor();
    await logEntries(page, 'POST /auth/session/refresh → 200 (SDK: REFRESH_SESSION)').waitFor();
    await second.locator('#log li', { hasText: 'REFRESH_SESSION' }).filter({ hasText: 'other tab' }).waitFor();
    expect(backend.requests('/auth/session/refresh').map((r) => r.status)).toEqual([401, 200]);

    // An invalid claim is an event, not a refresh.
    await page.locator('[data-transport="fetch"] [data-call="admin"]').click();
    await logEntries(page, 'GET /api/admin → 403 (fetch)').waitFor();
    await logEntries(page, 'API_INVALID_CLAIM').waitFor();

    // The other transports of the page: axios and ky through their adapters, plain XHR through init()'s patch.
    await page.locator('[data-transport="axios"] [data-call="user"]').click();
    await logEntries(page, 'GET /api/user → 200 (axios)').waitFor();
    await page.locator('[data-transport="ky"] [data-call="echo"]').click();
    await logEntries(page, 'POST /api/echo → 200 (ky)').waitFor();
    await page.locator('[data-transport="xhr"] [data-call="user"]').click();
    await logEntries(page, 'GET /api/user → 200 (xhr)').waitFor();
    expect(await page.locator('.adapter-missing').count()).toBe(0);

    // The second tab refreshes this time; the first tab's log shows it as another tab's event.
    await second.bringToFront();
    await second.getByRole('button', { name: 'Expire access token' }).click();
    await second.locator('#log li', { hasText: '/__mock/expire' }).waitFor();
    await second.locator('[data-transport="fetch"] [data-call="user"]').click();
    await second.locator('#log li', { hasText: 'GET /api/user → 200 (fetch)' }).waitFor();
    await expect.poll(() => logEntries(page, 'REFRESH_SESSION').filter({ hasText: 'other tab' }).count()).toBe(1);
    await expect.poll(() => page.locator('#stat-refresh').textContent()).toBe('3');
    expect(backend.requests('/auth/session/refresh').map((r) => r.status)).toEqual([401, 200, 200]);

    await page.bringToFront();
    mkdirSync(resolve(ROOT, 'docs'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: false });

    // Sign out in the second tab: the first one shows it at once, with no request of its own.
    const firstTabRequests: string[] = [];
    page.on('request', (request) => firstTabRequests.push(request.url()));
    await second.bringToFront();
    await second.getByRole('button', { name: 'Sign out' }).click();
    await logEntries(page, 'SIGN_OUT').filter({ hasText: 'other tab' }).waitFor();
    await expect.poll(() => page.locator('#status .who').textContent()).toBe('Signed out');
    expect(firstTabRequests.filter((url) => !url.includes('/__mock/'))).toEqual([]);
    expect(backend.control.stats().signOuts).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
