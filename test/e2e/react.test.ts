// tabsession/react in every engine (Chromium, Firefox, WebKit): a React page in two tabs; signing out in
// one re-renders the other, which sends no request of its own.
import { build } from 'esbuild';
import { beforeAll, describe, expect, test } from 'vitest';
import type { BrowserTab } from './support/drivers';
import { loadScript, textOf } from './support/dom';
import { ROOT } from './support/env';
import { ENGINES, useBrowser, useWorld, type World } from './support/fixtures';

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
const POLL = { timeout: 20_000 };

/** A tab of the React page: a blank page of the backend's origin with the bundle (served by the backend) run in it. */
async function reactTab(world: World): Promise<BrowserTab> {
  world.backend.serve((path) => (path === '/react-page.js' ? { type: 'text/javascript', body: bundle } : undefined));
  const page = await world.profile.newTab(`${world.backend.url}/e2e/blank.html`);
  await loadScript(page, '/react-page.js');
  return page;
}

const status = (page: BrowserTab) => textOf(page, '#status');

describe.each(ENGINES)('%s', (engine) => {
  const world = useWorld(useBrowser(engine));

  test('two tabs: a sign-in shows in both, a sign-out in one re-renders the other without a request', async () => {
    const first = await reactTab(world);
    const second = await reactTab(world);
    await expect.poll(() => status(first), POLL).toBe('out');
    await expect.poll(() => status(second), POLL).toBe('out');

    // Tabs are switched as a person would: a background tab's timers and rendering may be throttled.
    await first.bringToFront();
    expect(await first.evaluate(() => (window as unknown as App).app.signIn())).toBe(200);
    await expect.poll(() => status(first), POLL).toBe('in:user-demo');
    await second.bringToFront();
    await expect.poll(() => status(second), POLL).toBe('in:user-demo');

    await second.evaluate(() => (window as unknown as App).app.signOut());
    const requests = world.backend.control.stats().requests.length;
    await first.bringToFront();
    await expect.poll(() => status(first), POLL).toBe('out');
    expect(world.backend.control.stats().requests).toHaveLength(requests);
    expect(world.backend.control.stats().signOuts).toBe(1);
  });
});
