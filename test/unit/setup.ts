import Cookies from 'js-cookie';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { server } from './harness';

// msw patches fetch before any test calls init(), so the SDK's "platform fetch" is msw's.
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  for (const name of Object.keys(Cookies.get())) Cookies.remove(name, { path: '/' });
  localStorage.clear();
});
afterAll(() => server.close());
