// docs/react.md's component, run as written (test/examples/docs.test.ts keeps the guide's copy identical):
// signed in with an expired token, it shows the user once the first check has refreshed, then the sign-out.
import { render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { expect, it } from 'vitest';
import { init, signOut } from 'tabsession';
import { signedInWithExpiredToken } from './backend';

const backend = await signedInWithExpiredToken('https://api.example.com');
init({ apiDomain: 'https://api.example.com' });

// #region header
import { useSession } from 'tabsession/react';

function Header() {
  const { loading, exists, userId, accessTokenPayload } = useSession();
  if (loading) return null; // the first check (it may refresh an expired token) has not settled
  return exists ? `Signed in as ${userId} (${String(accessTokenPayload?.role)})` : 'Signed out';
}
// #endregion

it('renders the user after one refresh, then "Signed out" after signOut()', async () => {
  const { container } = render(createElement(Header));
  expect(container.textContent).toBe('');
  expect(await screen.findByText('Signed in as user-demo (user)')).toBeTruthy();
  expect(backend.control.stats().refreshCalls).toBe(1);
  await signOut();
  expect(await screen.findByText('Signed out')).toBeTruthy();
});
