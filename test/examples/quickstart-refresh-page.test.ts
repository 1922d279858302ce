// README.md's SSR refresh page, run as written (test/examples/docs.test.ts keeps the README's copy identical):
// the server sent the user to /refresh-session?redirectBack=/dashboard because the access token expired.
import { expect, it, vi } from 'vitest';
import { signedInWithExpiredToken } from './backend';

const backend = await signedInWithExpiredToken('https://api.example.com');
history.replaceState(null, '', '/refresh-session?redirectBack=%2Fdashboard');
const replace = vi.spyOn(location, 'replace').mockImplementation(() => {});

// #region quickstart
// the page at /refresh-session?redirectBack=/dashboard
import { init } from 'tabsession';
import { refreshAndRedirect } from 'tabsession/ssr';

init({ apiDomain: 'https://api.example.com' });
await refreshAndRedirect({ loginPath: '/login' }); // one refresh, then back to /dashboard (or to /login)
// #endregion

it('refreshes once and goes back to the page the server sent from', () => {
  expect(backend.control.stats().refreshCalls).toBe(1);
  expect(replace.mock.calls).toEqual([['/dashboard']]);
});
