// tabsession/msw keeps the httpOnly session cookies as a browser does: by path, cleared when expired.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSessionHandlers } from 'tabsession/msw';

const API = 'http://api.test';
const handlers = createSessionHandlers({ apiDomain: API });
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const post = (path: string, init: RequestInit = {}) => fetch(`${API}${path}`, { method: 'POST', headers: { rid: 'session' }, ...init });
const cookiesSent = () => handlers.control.stats().requests.at(-1)?.cookieNames;

it('sends each cookie to its path only, none with credentials: omit, and forgets cleared ones', async () => {
  await post('/auth/signin', { body: JSON.stringify({ email: 'demo@example.com', password: 'demo' }) });
  expect(handlers.cookieNames().sort()).toEqual(['sAccessToken', 'sRefreshToken']);
  await fetch(`${API}/api/user`);
  expect(cookiesSent()).toEqual(['sAccessToken']);
  await post('/auth/session/refresh');
  expect(cookiesSent()).toEqual(['sRefreshToken', 'sAccessToken']);
  await fetch(`${API}/api/user`, { credentials: 'omit' });
  expect(cookiesSent()).toEqual([]);
  expect((await post('/auth/signout')).status).toBe(200);
  expect(handlers.cookieNames()).toEqual([]);
});
