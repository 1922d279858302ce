/**
 * A refresh that reaches the server (which rotates the refresh token) but whose response never reaches
 * the browser — a dropped connection — must not log the user out as token theft: the next refresh, with
 * the token the browser still holds, is accepted (the mock keeps SuperTokens' grace for the parent token).
 */
import { describe, expect, test } from 'vitest';
import { openTab } from './support/harness';
import { useWorld } from './support/fixtures';

// Header mode: the tokens reach the page only through the response, so dropping it loses them, as a
// dropped connection does. (In cookie mode Playwright's route.fetch() stores the dropped response's
// Set-Cookie in the context anyway, which no real lost response does.)
const mode = 'header';

describe('header mode', () => {
  const world = useWorld();

  test('a refresh response lost after the server rotated: REFRESH_FAILED, then the next request recovers, no theft', async () => {
    const { backend, context } = world;
    const tab = await openTab(context, backend.url, { mode });
    expect((await tab.page.evaluate(() => window.h.signIn())).status).toBe(200);
    const before = backend.control.sessions()[0]!.refreshTokens.current;
    backend.control.expire();

    // The first refresh reaches the backend and is answered, but the browser never sees the answer.
    let dropped = 0;
    await context.route('**/auth/session/refresh', async (route) => {
      if (dropped === 0) {
        dropped++;
        await route.fetch(); // the server processes it: the refresh token rotates
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });

    const first = await tab.page.evaluate(() => window.h.request('fetch', { path: '/api/user' }));
    expect(first.error?.type).toBe('REFRESH_FAILED');
    expect(backend.control.sessions()[0]!.refreshTokens.current).not.toBe(before); // it did rotate

    const second = await tab.page.evaluate(() => window.h.request('fetch', { path: '/api/user' }));
    expect(second.status).toBe(200);
    expect(backend.control.stats().refreshCalls).toBe(2);
    expect(backend.control.sessions()[0]!.revoked).toBe(false);
    expect((await tab.page.evaluate(() => window.h.call('doesSessionExist'))).value).toBe(true);
    expect(tab.pageErrors).toEqual([]);
  });
});
