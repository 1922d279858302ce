// useSession() in happy-dom with @testing-library/react, against the msw session handlers.
import { act, cleanup, render, screen } from '@testing-library/react';
import Cookies from 'js-cookie';
import { setupServer } from 'msw/node';
import { createElement } from 'react';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { broadcastChannelMessenger, createClient, init, memoryLock, type SessionClient } from 'tabsession';
import { createSessionHandlers } from 'tabsession/msw';
import { useSession, type SessionSnapshot } from 'tabsession/react';

const API = 'http://api.test';
const handlers = createSessionHandlers({ apiDomain: API });
const server = setupServer(...handlers);
const lock = memoryLock();
let session: SessionClient;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  handlers.reset();
  for (const name of Object.keys(Cookies.get())) Cookies.remove(name, { path: '/' });
});
afterAll(() => server.close());

/** Renders the hook's snapshots as text, and keeps every one it rendered. */
function mount(instance?: SessionClient): SessionSnapshot[] {
  const seen: SessionSnapshot[] = [];
  function Status() {
    const snapshot = useSession(instance);
    seen.push(snapshot);
    return createElement('p', { 'data-testid': 'status' }, snapshot.loading ? 'loading' : snapshot.exists ? `in:${snapshot.userId}` : 'out');
  }
  render(createElement(Status));
  return seen;
}

const signIn = (send: typeof fetch = fetch) =>
  send(`${API}/auth/signin`, { method: 'POST', body: JSON.stringify({ email: 'admin@example.com', password: 'admin' }) });

beforeAll(() => {
  session = init({ apiDomain: API, lock, messenger: broadcastChannelMessenger('react-test') });
});

it('starts loading, settles signed out, then follows a sign-in', async () => {
  const seen = mount();
  expect(seen[0]).toMatchObject({ loading: true, exists: false });
  expect(await screen.findByText('out')).toBeTruthy();
  await act(() => signIn());
  expect(await screen.findByText('in:user-admin')).toBeTruthy();
  expect(seen.at(-1)).toEqual({ loading: false, exists: true, userId: 'user-admin', accessTokenPayload: { role: 'admin', email: 'admin@example.com' } });
});

it('stays signed in through an expiry and its refresh, and signs out when the session is revoked', async () => {
  await signIn();
  const seen = mount();
  expect(await screen.findByText('in:user-admin')).toBeTruthy();
  handlers.control.expire();
  await act(() => fetch(`${API}/api/user`));
  expect(handlers.control.stats().refreshCalls).toBe(1);
  expect(seen.every((s) => s.exists || s.loading)).toBe(true);

  handlers.control.revoke();
  await act(() => fetch(`${API}/api/user`));
  expect(await screen.findByText('out')).toBeTruthy();
});

it('an INVALID_CLAIM answer shows in invalidClaims', async () => {
  await signIn();
  const seen = mount();
  handlers.control.force({ error: 'INVALID_CLAIM', on: 'api' });
  await act(() => fetch(`${API}/api/user`));
  expect(screen.getByTestId('status').textContent).toBe('in:user-admin');
  expect(seen.at(-1)?.invalidClaims?.map((claim) => claim.id)).toEqual(['st-ev']);
});

it('a sign-out by another instance (another tab) re-renders the hook without a request of its own', async () => {
  const other = createClient({ apiDomain: API, lock, messenger: broadcastChannelMessenger('react-test') });
  await signIn();
  mount(session);
  expect(await screen.findByText('in:user-admin')).toBeTruthy();
  await other.signOut();
  const before = handlers.control.stats().requests.length;
  expect(await screen.findByText('out')).toBeTruthy();
  expect(handlers.control.stats().requests).toHaveLength(before);
  other.destroy();
});
