// The backend the quick starts of README.md run against: tabsession/msw's handlers for
// https://api.example.com, a user signed in before the quick start runs, and the access token expired, so
// the quick start's first request meets a 401 and must refresh once and retry.
import { setupServer } from 'msw/node';
import { afterAll } from 'vitest';
import { createSessionHandlers, type SessionHandlers } from 'tabsession/msw';

/** Starts the handlers (closed after the file), signs the demo user in and expires the access token. */
export async function signedInWithExpiredToken(apiDomain?: string): Promise<SessionHandlers> {
  const handlers = createSessionHandlers(apiDomain === undefined ? {} : { apiDomain });
  const server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: 'error' });
  afterAll(() => server.close());
  const signIn = await fetch(`${apiDomain ?? location.origin}/auth/signin`, {
    method: 'POST',
    credentials: 'include',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'demo@example.com', password: 'demo' }),
  });
  if (signIn.status !== 200) throw new Error(`sign-in answered ${signIn.status}`);
  handlers.control.expire();
  return handlers;
}
