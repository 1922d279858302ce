// docs/oauth2.md's defineProtocol example, run as written (test/examples/docs.test.ts keeps the guide's copy
// identical), against an in-house token API stood in for by msw: strict rotation, a custom header.
import { IDBFactory } from 'fake-indexeddb';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, expect, it } from 'vitest';

globalThis.indexedDB = new IDBFactory(); // happy-dom has none; a browser has
const api = { renewCalls: 0, reuses: 0, jwt: 'jwt-0', renew: 'renew-0', spent: new Set<string>() };
const server = setupServer(
  http.post('https://api.example.com/session/renew', async ({ request }) => {
    api.renewCalls++;
    const { token } = (await request.json()) as { token: string };
    if (api.spent.has(token)) api.reuses++;
    if (token !== api.renew) return HttpResponse.json({ error: 'gone' }, { status: 401 });
    api.spent.add(token);
    api.jwt = `jwt-${api.renewCalls}`;
    api.renew = `renew-${api.renewCalls}`;
    return HttpResponse.json({ jwt: api.jwt, renew: api.renew, ttl: 300 });
  }),
  http.get('https://api.example.com/api/user', ({ request }) =>
    request.headers.get('x-session') === api.jwt ? HttpResponse.json({ userId: 'user-demo' }) : new HttpResponse(null, { status: 401 }),
  ),
);
server.listen({ onUnhandledRequest: 'error' });
afterAll(() => server.close());
const signedIn = { accessToken: 'jwt-expired', refreshToken: api.renew }; // what the app's sign-in gave it

// #region define
import { createClient, createFetch } from 'tabsession';
import { defineProtocol } from 'tabsession/oauth2';

const renewing = defineProtocol({
  async refresh(token, fetch, signal) {
    const res = await fetch('https://api.example.com/session/renew', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
      signal,
    });
    if (res.status === 401) return 'ENDED'; // the session is over, in every tab
    if (!res.ok) return 'FAILED'; // kept; the requests that waited fail with REFRESH_FAILED
    const { jwt, renew, ttl } = await res.json();
    return { accessToken: jwt, refreshToken: renew, expiresAt: Date.now() + ttl * 1000 };
  },
  authorize: (headers, jwt) => headers.set('x-session', jwt),
  expired: (status) => status === 401,
});

const session = createClient({ apiDomain: 'https://api.example.com', protocol: renewing });
await session.adopt(signedIn); // { accessToken, refreshToken?, expiresAt? }

const fetchWithSession = createFetch(session);
const users = await Promise.all([1, 2, 3].map(() => fetchWithSession('https://api.example.com/api/user').then((res) => res.json())));
// #endregion

it('three requests on an expired token: one renew call, no reuse, every request answered', () => {
  expect(users).toEqual([{ userId: 'user-demo' }, { userId: 'user-demo' }, { userId: 'user-demo' }]);
  expect(api).toMatchObject({ renewCalls: 1, reuses: 0 });
});
