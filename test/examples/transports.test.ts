// docs/transports.md's examples, run as written (test/examples/docs.test.ts keeps the guide's copies identical):
// a second API with an instance of its own through fetch, axios and ky at once, and XMLHttpRequest patched by
// init() with tabsession/xhr. Both APIs are signed in with their access tokens expired.
import { expect, it } from 'vitest';
import { init } from 'tabsession';
import { signedInWithExpiredTokens } from './backend';

const [api, billingBackend] = await signedInWithExpiredTokens('https://api.example.com', 'https://billing.example.com');

// #region second-api
import axios from 'axios';
import ky from 'ky';
import { createClient, createFetch } from 'tabsession';
import { addAxiosInterceptors } from 'tabsession/axios';
import { withSession } from 'tabsession/ky';

const billing = createClient({ apiDomain: 'https://billing.example.com' }); // patches nothing
const billingFetch = createFetch(billing);
const billingAxios = axios.create({ baseURL: 'https://billing.example.com' });
addAxiosInterceptors(billingAxios, { session: billing });
const billingKy = withSession(ky, { session: billing });

const [invoices, posted, sent] = await Promise.all([
  billingFetch('https://billing.example.com/api/user').then((res) => res.json()),
  billingAxios.post('/api/echo', { item: 42 }).then((res) => res.data), // the retry sends the same body
  billingKy.post('https://billing.example.com/api/echo', { json: { item: 43 } }).json(),
]);
// #endregion

it('a second instance serves fetch, axios and ky with one refresh, retried bodies intact', () => {
  expect(invoices).toMatchObject({ userId: 'user-demo' });
  expect(posted).toMatchObject({ method: 'POST', body: '{"item":42}' });
  expect(sent).toMatchObject({ method: 'POST', body: '{"item":43}' });
  expect(billingBackend?.control.stats()).toMatchObject({ refreshCalls: 1, apiCalls: 6 });
});

it('XMLHttpRequest: init() with the xhr of tabsession/xhr', async () => {
  let render: (user: unknown) => void = () => {};
  const shown = new Promise((resolve) => {
    render = resolve;
  });

  // #region xhr
  // XMLHttpRequest is opt-in: apps on fetch, ky or axios's fetch adapter do not bundle the patch
  const { xhr: patchXMLHttpRequest } = await import('tabsession/xhr');
  init({ apiDomain: 'https://api.example.com', interceptXMLHttpRequest: patchXMLHttpRequest });

  const xhr = new XMLHttpRequest();
  xhr.open('GET', 'https://api.example.com/api/user');
  xhr.onload = () => render(JSON.parse(xhr.responseText)); // refreshed if expired
  xhr.send();
  // #endregion

  expect(await shown).toMatchObject({ userId: 'user-demo' });
  expect(xhr.status).toBe(200);
  expect(api?.control.stats()).toMatchObject({ refreshCalls: 1, apiCalls: 2 });
});
