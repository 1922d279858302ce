// README.md's script-tag page (test/examples/script-tag.html, quoted whole by the README) as a browser runs
// it: the markup in the document, `window.tabsession` from the script-tag build's entry (src/global.ts),
// then the inline script. Signed in, the token expired, one click on "Call the API" refreshes once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createSessionHandlers } from 'tabsession/msw';
import { setupServer } from 'msw/node';
import * as tabsession from '../../src/global';
import pkg from '../../package.json' with { type: 'json' };

const page = readFileSync(join(import.meta.dirname, 'script-tag.html'), 'utf8');
const scripts = [...page.matchAll(/<script(?: src="([^"]+)")?>([\s\S]*?)<\/script>/g)];
const backend = createSessionHandlers(); // the page and the API share an origin, as under the mock backend's --web
const server = setupServer(...backend);
server.listen({ onUnhandledRequest: 'error' });
afterAll(() => server.close());

/** Clicks the button and resolves when the page has shown the answer. */
function click(id: string): Promise<string> {
  const out = document.getElementById('out') as HTMLElement;
  const shown = new Promise<string>((resolve) => {
    const observer = new MutationObserver(() => {
      observer.disconnect();
      resolve(out.textContent ?? '');
    });
    observer.observe(out, { childList: true, characterData: true, subtree: true });
  });
  document.getElementById(id)?.click();
  return shown;
}

it('loads the build the package publishes as its script-tag file', () => {
  expect(scripts.map(([, src]) => src).filter(Boolean)).toEqual([pkg.unpkg.replace(/^\./, '')]);
});

it('signs in, and after expiry gets the user through one refresh', async () => {
  document.body.innerHTML = page.replace(/<!doctype html>|<script[\s\S]*?<\/script>/g, '');
  Object.assign(window, { tabsession });
  new Function(scripts.map(([, , body]) => body).join('\n'))();

  expect(JSON.parse(await click('sign-in'))).toMatchObject({ status: 'OK' });
  backend.control.expire();
  expect(JSON.parse(await click('call'))).toMatchObject({ userId: 'user-demo' });
  expect(backend.control.stats()).toMatchObject({ signIns: 1, refreshCalls: 1, apiCalls: 2 });
});
