/**
 * The demo page's `?mock=worker` mode: the mock backend as msw handlers in a service worker, so the demo
 * runs from a static host (built by demo/mock/build-static.ts into /mock/worker.js).
 */
import { setupWorker } from 'msw/browser';
import { createSessionHandlers } from '../../src/msw/index';

export async function startMockWorker(): Promise<void> {
  const handlers = createSessionHandlers({ apiDomain: location.origin });
  await setupWorker(...handlers).start({
    serviceWorker: { url: '/mockServiceWorker.js' },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
}
