// The demo with no backend: the static build (demo/mock/build-static.ts) on a plain file server, opened
// with ?mock=worker, where msw's service worker answers the API through tabsession/msw. In every engine.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildStaticDemo } from '../../demo/mock/build-static';
import { callOtherTransports, click, waitLog, waitReady, waitText } from './support/demo-page';
import { ENGINES, useBrowser } from './support/fixtures';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.ico': 'image/x-icon' };
let dir = '';
let server: Server;
let url = '';
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
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe.each(ENGINES)('%s', (engine) => {
  const browser = useBrowser(engine);

  test('?mock=worker on a static host: sign in, one refresh for a burst on an expired token, an invalid claim, sign out', async () => {
    const profile = await browser.browser.newProfile();
    try {
      const page = await profile.newTab(`${url}/?mock=worker`);
      await waitReady(page);

      await click(page, 'button', 'Sign in');
      await waitLog(page, 'SESSION_CREATED');
      await waitText(page, '#status .who', 'Signed in as demo@example.com');

      await click(page, 'button', 'Expire access token');
      await waitLog(page, '/__mock/expire');
      await click(page, '[data-transport="fetch"] [data-call="burst"]');
      await waitLog(page, '10 × GET /api/user → 200 ×10 (fetch)');
      await waitLog(page, 'POST /auth/session/refresh → 200 (SDK: REFRESH_SESSION)');

      await click(page, '[data-transport="fetch"] [data-call="admin"]');
      await waitLog(page, 'API_INVALID_CLAIM');
      // The adapters load after the worker started: the static host, not the mock, must answer their files.
      expect(await callOtherTransports(page)).toBe(0);

      await click(page, 'button', 'Sign out');
      await waitText(page, '#status .who', 'Signed out');

      expect(await page.errors()).toEqual([]);
      expect(served.filter((path) => /^\/(auth|api|__mock)\//.test(path))).toEqual([]);
    } finally {
      await profile.close();
    }
  });
});
