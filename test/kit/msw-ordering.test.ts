// The ordering trap: msw's setupServer patches window.fetch; so does tabsession's init(). Whichever runs
// last sees requests first. msw first is the supported order (test/examples); the other fails loudly.
import { setupServer } from 'msw/node';
import { afterEach, expect, it } from 'vitest';
import { fetch as sessionFetch, init } from 'tabsession';
import { createSessionHandlers, WRONG_ORDER_MESSAGE } from 'tabsession/msw';

const API = 'http://api.test';
const handlers = createSessionHandlers({ apiDomain: API });
const server = setupServer(...handlers);
afterEach(() => {
  server.close();
  handlers.reset();
});

const signIn = (send: typeof fetch) =>
  send(`${API}/auth/signin`, { method: 'POST', body: JSON.stringify({ email: 'demo@example.com', password: 'demo' }) });

it('init() before server.listen(): every request fails with a message that says what to do, none skips tabsession silently', async () => {
  init({ apiDomain: API });
  server.listen({ onUnhandledRequest: 'error' });
  const res = await signIn(fetch);
  expect(res.status).toBe(500);
  expect(await res.text()).toContain(JSON.stringify(WRONG_ORDER_MESSAGE).slice(1, 60));
  expect(handlers.control.stats().requests).toEqual([]);
});

it("patchGlobalFetch: false works in either order: tabsession's fetch finds msw at each request", async () => {
  init({ apiDomain: API, patchGlobalFetch: false });
  server.listen({ onUnhandledRequest: 'error' });
  expect((await signIn(sessionFetch)).status).toBe(200);
  handlers.control.expire();
  const [a, b] = await Promise.all([sessionFetch(`${API}/api/user`), sessionFetch(`${API}/api/user`)]);
  expect([a.status, b.status]).toEqual([200, 200]);
  expect(handlers.control.stats().refreshCalls).toBe(1);
  // The platform fetch is not tabsession's: a plain request reaches msw undecorated.
  await fetch(`${API}/api/public`);
  expect(handlers.control.stats().requests.at(-1)).toMatchObject({ path: '/api/public', rid: null });
});
