/**
 * A refresh that reaches the server (which rotates the refresh token) but whose response never reaches
 * the browser — a dropped connection — must not log the user out as token theft: the next refresh, with
 * the token the browser still holds, is accepted (the mock keeps SuperTokens' grace for the parent token).
 */
import { describe, expect, test } from 'vitest';
import { openTab, pageErrors } from './support/harness';
import { ENGINES, useBrowser, useWorld } from './support/fixtures';

// Header mode, as before the suite ran in three engines (then Playwright dropped the response, and in
// cookie mode stored its Set-Cookie anyway). The test backend now cuts the response off itself, so
// nothing of it reaches the browser in either mode; header mode stays the tested one.
const mode = 'header';

describe.each(ENGINES)('%s, header mode', (engine) => {
  const world = useWorld(useBrowser(engine));

  test('a refresh response lost after the server rotated: REFRESH_FAILED, then the next request recovers, no theft', async () => {
    const { backend, profile } = world;
    const tab = await openTab(profile, backend.url, { mode });
    expect((await tab.page.evaluate(() => window.h.signIn())).status).toBe(200);
    const before = backend.control.sessions()[0]!.refreshTokens.current;
    backend.control.expire();

    // The first refresh reaches the backend and is answered, but the browser never sees the answer.
    backend.dropNextRefreshResponse();

    const first = await tab.page.evaluate(() => window.h.request('fetch', { path: '/api/user' }));
    expect(first.error?.type).toBe('REFRESH_FAILED');
    expect(backend.control.sessions()[0]!.refreshTokens.current).not.toBe(before); // it did rotate

    const second = await tab.page.evaluate(() => window.h.request('fetch', { path: '/api/user' }));
    expect(second.status).toBe(200);
    expect(backend.control.stats().refreshCalls).toBe(2);
    expect(backend.control.sessions()[0]!.revoked).toBe(false);
    expect((await tab.page.evaluate(() => window.h.call('doesSessionExist'))).value).toBe(true);
    expect(await pageErrors(tab)).toEqual([]);
  });
});
