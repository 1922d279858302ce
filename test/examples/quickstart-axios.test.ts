// README.md's axios quick start, run as written (test/examples/docs.test.ts keeps the README's copy identical).
import { expect, it } from 'vitest';
import { signedInWithExpiredToken } from './backend';

const backend = await signedInWithExpiredToken('https://api.example.com');

// #region quickstart
import axios from 'axios';
import { init } from 'tabsession';
import { addAxiosInterceptors } from 'tabsession/axios';

init({ apiDomain: 'https://api.example.com' });
const api = axios.create({ baseURL: 'https://api.example.com' });
addAxiosInterceptors(api); // returns a remover
const { data: user } = await api.get('/api/user'); // refreshed if expired
// #endregion

it('gets the user through one refresh and one retry', () => {
  expect(user).toMatchObject({ userId: 'user-demo' });
  expect(backend.control.stats()).toMatchObject({ refreshCalls: 1, apiCalls: 2 });
});
