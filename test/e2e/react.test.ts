// tabsession/react in real Chromium: a React page in two tabs; signing out in one re-renders the other,
// which sends no request of its own. (Written for the Chromium world; to be ported to the engine driver.)
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { ROOT } from './support/env';
import { useWorld } from './support/fixtures';

const world = useWorld();
let bundle = '';

beforeAll(async () => {
  const result = await build({
    entryPoints: [`${ROOT}/test/e2e/fixtures/react-page.ts`],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0]!.text;
});

type App = { app: { signIn(): Promise<number>; signOut(): Promise<void> } };

async function reactTab(): Promise<Page> {
  const page = await world.context.newPage();
  await page.goto(`${world.backend.url}/api/public`);
  await page.addScriptTag({ content: bundle });
  return page;
}

const status = (page: Page) => page.locator('#status').textContent();

test('two tabs: a sign-in shows in both, a sign-out in one re-renders the other without a request', async () => {
  const first = await reactTab();
  const second = await reactTab();
  await expect.poll(() => status(first)).toBe('out');
  await expect.poll(() => status(second)).toBe('out');

  expect(await first.evaluate(() => (window as unknown as App).app.signIn())).toBe(200);
  await expect.poll(() => status(first)).toBe('in:user-demo');
  await expect.poll(() => status(second)).toBe('in:user-demo');

  await second.evaluate(() => (window as unknown as App).app.signOut());
  const requests = world.backend.control.stats().requests.length;
  await expect.poll(() => status(first)).toBe('out');
  expect(world.backend.control.stats().requests).toHaveLength(requests);
  expect(world.backend.control.stats().signOuts).toBe(1);
});
