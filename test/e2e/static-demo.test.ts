// The demo with no backend: the static build (demo/mock/build-static.ts) on a plain file server, opened
// with ?mock=worker, where msw's service worker answers the API through tabsession/msw. Chromium.
// (Written for the Chromium world; to be ported to the engine driver.)
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildStaticDemo } from '../../demo/mock/build-static';
import { launchChromium } from './support/browser';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.ico': 'image/x-icon' };
let dir = '';
let server: Server;
let url = '';
let browser: Browser;
/** Every path the static host was asked for: the API must never be among them. */
const served: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tabsession-static-demo-'));
  await buildStaticDemo(dir);
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://static').pathname;
    served.push(path);
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

test('?mock=worker on a static host: sign in, one refresh for a burst on an expired token, an invalid claim, sign out', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${url}/?mock=worker`);
  await page.locator('body[data-ready="true"]').waitFor();
  const entry = (text: string) => page.locator('#log li', { hasText: text });

  await page.getByRole('button', { name: 'Sign in' }).click();
  await entry('SESSION_CREATED').waitFor();
  await expect.poll(() => page.locator('#status .who').textContent()).toBe('Signed in as demo@example.com');

  await page.getByRole('button', { name: 'Expire access token' }).click();
  await entry('/__mock/expire').waitFor();
  await page.locator('[data-transport="fetch"] [data-call="burst"]').click();
  await entry('10 × GET /api/user → 200 ×10 (fetch)').waitFor();
  await entry('POST /auth/session/refresh → 200 (SDK: REFRESH_SESSION)').waitFor();

  await page.locator('[data-transport="fetch"] [data-call="admin"]').click();
  await entry('API_INVALID_CLAIM').waitFor();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect.poll(() => page.locator('#status .who').textContent()).toBe('Signed out');

  expect(pageErrors).toEqual([]);
  expect(served.filter((path) => /^\/(auth|api|__mock)\//.test(path))).toEqual([]);
  await context.close();
});
