/**
 * The demo page's `?mock=worker` mode: the mock backend as msw handlers in a service worker, so the demo
 * runs from a static host (built by demo/mock/build-static.ts into /mock/worker.js).
 */
import { setupWorker } from 'msw/browser';
import { createSessionHandlers } from '../../src/msw/index';

export async function startMockWorker(): Promise<void> {
  // No apiDomain: the API shares its origin with the static host here, and with one the handlers would
  // answer every path of it, the page's later module loads (the axios and ky adapters) with a 404. Without,
  // a path the mock backend has no route for falls through to the static host.
  const handlers = createSessionHandlers();
  await setupWorker(...handlers).start({
    serviceWorker: { url: '/mockServiceWorker.js' },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
}
