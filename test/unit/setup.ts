import { IDBFactory } from 'fake-indexeddb';
import Cookies from 'js-cookie';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { server } from './harness';

// These tests stand in for several tabs of a real browser (test/unit/util.ts, `tab()`), where a missing
// cross-tab API is worth a FALLBACK diagnostic; happy-dom's own user agent would say "one document, no
// other tab" (src/env.ts, singleDocument), so they run under a real browser's.
const BROWSER_USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
Object.defineProperty(navigator, 'userAgent', { value: BROWSER_USER_AGENT, configurable: true });

// msw patches fetch before any test calls init(), so the SDK's "platform fetch" is msw's.
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
// happy-dom has no IndexedDB: each test gets a fresh one, shared by its tabs as one browser profile's is.
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => {
  server.resetHandlers();
  for (const name of Object.keys(Cookies.get())) Cookies.remove(name, { path: '/' });
  localStorage.clear();
});
afterAll(() => server.close());
