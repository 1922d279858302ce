import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockBackend, type MockBackend, type MockBackendOptions, type RequestRecord } from '../../../demo/server/app';
import { STATIC_MOUNTS, WEB_ROOT } from './env';
import { until } from './until';

const REFRESH_PATH = '/auth/session/refresh';

export interface RunningBackend {
  /** e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly control: MockBackend['control'];
  /** The logged requests to `path` (method too, when given), in arrival order. */
  requests(path: string, method?: string): RequestRecord[];
  /**
   * Every document a tab navigated to on this backend (`Sec-Fetch-Dest: document`), as full URLs in
   * arrival order: the main-frame navigations, seen from the server the same way in every engine.
   */
  readonly documents: string[];
  /**
   * Holds every refresh request before the backend sees it, until `ready()` holds (checked against the
   * backend's counters), then lets it through: proof that everything `ready` counts was in flight before
   * the refresh could finish. On timeout the held request is dropped and the wait's error is thrown.
   */
  holdRefreshUntil(ready: () => boolean, what: string): void;
  /**
   * Every refresh request, from its arrival to the end of its response (`end` null while in flight), in
   * arrival order: two spans that intersect are two refresh calls in flight at once.
   */
  readonly refreshSpans: readonly RefreshSpan[];
  /**
   * The next refresh reaches the backend (which rotates the refresh token) but its response never
   * reaches the browser: the connection breaks after the first bytes of the status line, so the browser
   * sees a network error and cannot resend the request as one that never arrived.
   */
  dropNextRefreshResponse(): void;
  /**
   * Answers the GETs `pages` claims (by path) before the backend sees them: an app's HTML shell and
   * bundle, served on the backend's origin the same way in every engine (no driver intercepts requests).
   */
  serve(pages: (path: string) => ServedFile | undefined): void;
  close(): Promise<void>;
}

export interface RefreshSpan {
  /** ms since epoch. */
  readonly start: number;
  readonly end: number | null;
}

export interface ServedFile {
  type: string;
  body: string;
}

/** Cuts the response off: nothing the app writes (status, Set-Cookie, token headers, body) gets out. */
function breakResponse(req: IncomingMessage, res: ServerResponse): void {
  const cut = (): ServerResponse => {
    if (!req.socket.destroyed) req.socket.end('HTTP/1.1 2', () => req.socket.destroy());
    return res;
  };
  res.writeHead = cut as unknown as ServerResponse['writeHead'];
  res.write = (() => (cut(), true)) as unknown as ServerResponse['write'];
  res.end = cut as unknown as ServerResponse['end'];
}

/**
 * A mock backend of its own for one test, on 127.0.0.1 port 0, serving the demo pages, the built SDK,
 * its peers and the e2e harness (see STATIC_MOUNTS). In front of it sit the test-only hooks every engine
 * shares (holding or dropping a refresh), since only Chromium's driver can intercept requests itself.
 */
export async function startBackend(options: MockBackendOptions = {}): Promise<RunningBackend> {
  const backend = createMockBackend({ webRoot: WEB_ROOT, staticMounts: STATIC_MOUNTS, ...options });
  const documents: string[] = [];
  let hold: { ready: () => boolean; what: string } | undefined;
  let dropNext = false;
  let pages: ((path: string) => ServedFile | undefined) | undefined;
  const errors: unknown[] = [];
  const refreshSpans: { start: number; end: number | null }[] = [];

  const server = createServer((req, res) => {
    if (req.headers['sec-fetch-dest'] === 'document') documents.push(`${url}${req.url}`);
    const path = (req.url ?? '').split('?')[0] ?? '';
    const page = req.method === 'GET' ? pages?.(path) : undefined;
    if (page !== undefined) {
      res.writeHead(200, { 'content-type': page.type, 'cache-control': 'no-store' }).end(page.body);
      return;
    }
    if (path === REFRESH_PATH && req.method === 'POST') {
      const span: { start: number; end: number | null } = { start: Date.now(), end: null };
      refreshSpans.push(span);
      res.on('close', () => {
        span.end = Date.now();
      });
      if (dropNext) {
        dropNext = false;
        breakResponse(req, res);
      }
      if (hold !== undefined) {
        const { ready, what } = hold;
        until(ready, what).then(
          () => backend.app(req, res),
          (error: unknown) => {
            errors.push(error);
            req.socket.destroy();
          },
        );
        return;
      }
    }
    backend.app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closing: Promise<void> | undefined;

  return {
    url,
    control: backend.control,
    requests: (path, method) =>
      backend.control.stats().requests.filter((r) => r.path === path && (method === undefined || r.method === method)),
    documents,
    refreshSpans,
    holdRefreshUntil(ready, what) {
      hold = { ready, what };
    },
    dropNextRefreshResponse() {
      dropNext = true;
    },
    serve(handler) {
      pages = handler;
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }).then(() => {
        // A hold that timed out fails the test that set it, even though the page only saw a network error.
        if (errors.length > 0) throw errors[0];
      });
      return closing;
    },
  };
}
