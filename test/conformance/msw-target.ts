/**
 * The conformance suite's second target. The protocol tests of test/server run twice: in the `node`
 * project against the Express backend over real HTTP (127.0.0.1, port 0), and in the `conformance-msw`
 * project, where this setup file swaps `createMockBackend` for the msw handlers of `tabsession/msw`
 * (`setupServer`, in-process). The test files and their assertions are the same, so the two adapters
 * over the one protocol engine cannot drift.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import type { MockBackend, MockBackendOptions } from '../../demo/server/app.js';
import { createSessionHandlers } from '../../src/msw/index.js';

const server = setupServer();
let started = 0;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => {
  server.close();
  // Guard: the suite really ran against msw, not silently against Express.
  expect(started).toBeGreaterThan(0);
});

vi.mock('../../demo/server/app.js', () => ({
  createMockBackend(options: MockBackendOptions = {}): Omit<MockBackend, 'app'> {
    const { webRoot, staticMounts, ...rest } = options;
    if (webRoot !== undefined || staticMounts !== undefined) throw new TypeError('the msw target serves no files');
    const closing = new AbortController();
    // The test client keeps its own cookie jar and sends a Cookie header, as it does over HTTP.
    const handlers = createSessionHandlers({ ...rest, cookieJar: false, signal: closing.signal, apiDomain: `http://backend-${++started}.test` });
    return {
      control: handlers.control,
      listen: () => {
        server.use(...handlers);
        return Promise.resolve({
          url: `http://backend-${started}.test`,
          port: 80,
          close: () => {
            closing.abort();
            return Promise.resolve();
          },
        });
      },
    };
  },
}));
