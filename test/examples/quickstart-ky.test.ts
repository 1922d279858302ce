// README.md's ky quick start, run as written (test/examples/docs.test.ts keeps the README's copy identical).
import { expect, it } from 'vitest';
import { signedInWithExpiredToken } from './backend';

const backend = await signedInWithExpiredToken('https://api.example.com');

// #region quickstart
import ky from 'ky';
import { init } from 'tabsession';
import { withSession } from 'tabsession/ky';

init({ apiDomain: 'https://api.example.com' });
const api = withSession(ky); // or a ky.create(...) instance
const user = await api.get('https://api.example.com/api/user').json(); // refreshed if expired
// #endregion

it('gets the user through one refresh and one retry', () => {
  expect(user).toMatchObject({ userId: 'user-demo' });
  expect(backend.control.stats()).toMatchObject({ refreshCalls: 1, apiCalls: 2 });
});
