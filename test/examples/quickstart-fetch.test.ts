// README.md's fetch quick start, run as written (test/examples/docs.test.ts keeps the README's copy identical).
import { expect, it } from 'vitest';
import { signedInWithExpiredToken } from './backend';

const backend = await signedInWithExpiredToken('https://api.example.com');

// #region quickstart
import { init } from 'tabsession';

init({
  apiDomain: 'https://api.example.com',
  onHandleEvent: (event) => {
    if (event.action === 'UNAUTHORISED') location.assign('/login');
  },
});

const user = await fetch('https://api.example.com/api/user').then((res) => res.json()); // refreshed if expired
// #endregion

it('gets the user through one refresh and one retry', () => {
  expect(user).toMatchObject({ userId: 'user-demo' });
  expect(backend.control.stats()).toMatchObject({ refreshCalls: 1, apiCalls: 2 });
});
