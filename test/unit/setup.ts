import { IDBFactory } from 'fake-indexeddb';
import Cookies from 'js-cookie';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { server } from './harness';

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
