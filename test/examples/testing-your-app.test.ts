import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { getUserId, init, onSessionEvent, type ClaimValidationError } from 'tabsession';
import { createSessionHandlers } from 'tabsession/msw';

const API = 'http://api.test';
const handlers = createSessionHandlers({ apiDomain: API });
const server = setupServer(...handlers);

beforeAll(() => {
  // msw first, then tabsession: init() wraps the fetch that msw installed.
  server.listen({ onUnhandledRequest: 'error' });
  init({ apiDomain: API });
});
afterEach(() => handlers.reset());
afterAll(() => server.close());

it('signs in, refreshes once after expiry, and reports a failed claim', async () => {
  await fetch(`${API}/auth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'demo@example.com', password: 'demo' }),
  });
  expect(await getUserId()).toBe('user-demo');

  // Every access token issued so far is now expired: three requests, one refresh between them.
  handlers.control.expire();
  const responses = await Promise.all([1, 2, 3].map(() => fetch(`${API}/api/user`)));
  expect(responses.map((res) => res.status)).toEqual([200, 200, 200]);
  expect(handlers.control.stats().refreshCalls).toBe(1);

  // The next API call fails a claim check (403 INVALID_CLAIM): the app hears about it.
  const failed: ClaimValidationError[] = [];
  onSessionEvent('API_INVALID_CLAIM', (event) => failed.push(...event.claimValidationErrors));
  handlers.control.force({ error: 'INVALID_CLAIM', on: 'api' });
  expect((await fetch(`${API}/api/user`)).status).toBe(403);
  expect(failed.map((claim) => claim.id)).toEqual(['st-ev']);

  // The counters: one sign-in, one refresh, and every API call the backend answered.
  expect(handlers.control.stats()).toMatchObject({ signIns: 1, refreshCalls: 1, apiCalls: 7 });
});
