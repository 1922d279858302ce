import { afterAll, beforeAll } from 'vitest';
import { createMockBackend, type ListeningBackend, type MockBackend } from '../../demo/server/app';

// The real Express mock backend over real HTTP, with the happy-dom page on its origin. happy-dom keeps
// the backend's httpOnly cookies and sends them back, as a browser does. Live bindings: set once the
// file's beforeAll has run.
export let backend: MockBackend;
export let server: ListeningBackend;

/** Starts the backend for this test file and puts the page on its origin. */
export function servePage(): void {
  beforeAll(async () => {
    backend = createMockBackend();
    server = await backend.listen();
    (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${server.url}/`);
  });
  afterAll(() => server.close());
}
