import { createMockBackend, type MockBackend, type MockBackendOptions, type RequestRecord } from '../../../demo/server/app';
import { STATIC_MOUNTS, WEB_ROOT } from './env';

export interface RunningBackend {
  /** e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly control: MockBackend['control'];
  /** The logged requests to `path` (method too, when given), in arrival order. */
  requests(path: string, method?: string): RequestRecord[];
  close(): Promise<void>;
}

/**
 * A mock backend of its own for one test, on 127.0.0.1 port 0, serving the demo pages, the built SDK,
 * its peers and the e2e harness (see STATIC_MOUNTS).
 */
export async function startBackend(options: MockBackendOptions = {}): Promise<RunningBackend> {
  const backend = createMockBackend({ webRoot: WEB_ROOT, staticMounts: STATIC_MOUNTS, ...options });
  const server = await backend.listen(0, '127.0.0.1');
  return {
    url: server.url,
    control: backend.control,
    requests: (path, method) =>
      backend.control.stats().requests.filter((r) => r.path === path && (method === undefined || r.method === method)),
    close: () => server.close(),
  };
}
