import { build } from 'esbuild';
import { beforeAll, describe, expect, test } from 'vitest';
import type { BrowserTab } from './support/drivers';
import { ROOT } from './support/env';
import { ENGINES, useBrowser, useWorld, type World } from './support/fixtures';

// Protocol faithfulness of the mock backend: a page that uses the reference client, supertokens-website
// 20.x (a dev dependency, used for this check and the benchmarks only), signs in, refreshes and signs out
// against it, in every engine.
let reference = '';

beforeAll(async () => {
  const result = await build({
    entryPoints: [`${ROOT}/node_modules/supertokens-website/index.js`],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'supertokens',
    platform: 'browser',
    logLevel: 'silent',
  });
  reference = result.outputFiles[0]!.text;
});

/** A blank page on the backend's origin with only the reference client loaded. */
async function referencePage(world: World, mode: 'cookie' | 'header'): Promise<BrowserTab> {
  const page = await world.profile.newTab(`${world.backend.url}/e2e/blank.html`);
  await page.evaluate((content) => {
    const script = document.createElement('script');
    script.textContent = content;
    document.head.append(script);
  }, reference);
  await page.evaluate(
    ([apiDomain, tokenTransferMethod]) => {
      const w = window as unknown as { supertokens: { init(config: object): void } };
      w.supertokens.init({ apiDomain, apiBasePath: '/auth', tokenTransferMethod });
    },
    [world.backend.url, mode] as const,
  );
  return page;
}

describe.each(ENGINES)('%s', (engine) => {
  const world = useWorld(useBrowser(engine));

  describe.each(['cookie', 'header'] as const)('supertokens-website 20 against the mock backend, %s mode', (mode) => {
    test('signs in, refreshes an expired session once, and signs out', async () => {
      const page = await referencePage(world, mode);
      const signIn = await page.evaluate(async () => {
        const r = await fetch('/auth/signin', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ formFields: [{ id: 'email', value: 'demo@example.com' }, { id: 'password', value: 'demo' }] }),
        });
        return r.status;
      });
      expect(signIn).toBe(200);

      type Reference = { doesSessionExist(): Promise<boolean>; getUserId(): Promise<string>; signOut(): Promise<void> };
      const state = () =>
        page.evaluate(async () => {
          const st = (window as unknown as { supertokens: Reference }).supertokens;
          const exists = await st.doesSessionExist();
          return { exists, userId: exists ? await st.getUserId() : null };
        });
      expect(await state()).toEqual({ exists: true, userId: 'user-demo' });

      // (The reference client probes with a refresh before sign-in, while nothing is known: count from here.)
      const before = world.backend.control.stats().refreshCalls;
      world.backend.control.expire();
      const statuses = await page.evaluate(() => Promise.all(Array.from({ length: 5 }, () => fetch('/api/user').then((r) => r.status))));
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      expect(world.backend.control.stats().refreshCalls - before).toBe(1);
      // The reference client sent what the protocol says, and the backend accepted it.
      const refresh = world.backend.requests('/auth/session/refresh').at(-1)!;
      expect(refresh).toMatchObject({ rid: 'session', stAuthMode: mode, status: 200 });

      await page.evaluate(() => (window as unknown as { supertokens: Reference }).supertokens.signOut());
      expect(world.backend.control.stats().signOuts).toBe(1);
      expect(world.backend.control.sessions().every((s) => s.revoked)).toBe(true);
      expect(await state()).toEqual({ exists: false, userId: null });
    });
  });
});
