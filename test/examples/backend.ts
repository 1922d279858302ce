// The backend the quick starts of README.md and the examples of docs/ run against: tabsession/msw's
// handlers for each API domain, in one msw server, with a user signed in before the example runs and the
// access token expired, so the example's first request meets a 401 and must refresh once and retry.
import { setupServer } from 'msw/node';
import { afterAll } from 'vitest';
import { createSessionHandlers, type SessionHandlers } from 'tabsession/msw';

/** Starts the handlers of each domain (closed after the file), signs the demo user in and expires the access token. */
export async function signedInWithExpiredTokens(...apiDomains: string[]): Promise<SessionHandlers[]> {
  const backends = apiDomains.map((apiDomain) => createSessionHandlers({ apiDomain }));
  const server = setupServer(...backends.flat());
  server.listen({ onUnhandledRequest: 'error' });
  afterAll(() => server.close());
  for (const [index, apiDomain] of apiDomains.entries()) {
    const signIn = await fetch(`${apiDomain}/auth/signin`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'demo@example.com', password: 'demo' }),
    });
    if (signIn.status !== 200) throw new Error(`sign-in at ${apiDomain} answered ${signIn.status}`);
    backends[index]?.control.expire();
  }
  return backends;
}

/** The same for one API domain. */
export const signedInWithExpiredToken = async (apiDomain: string): Promise<SessionHandlers> =>
  (await signedInWithExpiredTokens(apiDomain))[0] as SessionHandlers;
