// docs/oauth2.md's quick start, run as written (test/examples/docs.test.ts keeps the guide's copy identical).
import { IDBFactory } from 'fake-indexeddb';
import { setupServer } from 'msw/node';
import { afterAll, expect, it } from 'vitest';
import { createSessionHandlers } from 'tabsession/msw';

globalThis.indexedDB = new IDBFactory(); // happy-dom has none; a browser has
const backend = createSessionHandlers({ apiDomain: 'https://api.example.com' });
const server = setupServer(...backend);
server.listen({ onUnhandledRequest: 'error' });
afterAll(() => server.close());
// The app's authorization-code exchange, stood in for by the mock's password grant; the access token then expires.
const grant = new URLSearchParams({ grant_type: 'password', username: 'demo@example.com', password: 'demo', client_id: 'tabsession-demo' });
const form = { 'content-type': 'application/x-www-form-urlencoded' };
const tokens = await (await fetch('https://api.example.com/oauth/token', { method: 'POST', headers: form, body: grant.toString() })).json();
backend.control.expire();

// #region quickstart
import { createClient, createFetch } from 'tabsession';
import { oauth2 } from 'tabsession/oauth2';

const session = createClient({
  apiDomain: 'https://api.example.com',
  protocol: oauth2({
    tokenEndpoint: 'https://api.example.com/oauth/token',
    clientId: 'tabsession-demo',
    revocationEndpoint: 'https://api.example.com/oauth/revoke',
  }),
  onHandleEvent: (event) => {
    if (event.action === 'UNAUTHORISED') location.assign('/login');
  },
});
await session.adopt(tokens); // the token response of your authorization-code exchange

const fetchWithSession = createFetch(session);
const user = await fetchWithSession('https://api.example.com/api/user').then((res) => res.json()); // refreshed if expired
// #endregion

it('gets the user through one refresh (rotating the refresh token) and one retry', () => {
  expect(user).toMatchObject({ userId: 'user-demo' });
  expect(backend.control.stats()).toMatchObject({ oauthRefreshCalls: 1, reuseDetections: 0, apiCalls: 2 });
});

it('signs out with a revocation', async () => {
  await session.signOut();
  expect(backend.control.stats()).toMatchObject({ revocations: 1 });
  expect(await session.doesSessionExist()).toBe(false);
});
