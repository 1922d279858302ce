import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface Recorder {
  /** `http://localhost:<port>`: another host than the API's 127.0.0.1, so a different site. */
  readonly url: string;
  readonly seen: Recorded[];
  close(): Promise<void>;
}

/**
 * A third-party origin that records what reaches it. It answers with `Access-Control-Allow-Origin: *`
 * and allows no request headers, so the browser itself rejects a response to a credentialed request and
 * refuses any request that needed a preflight for extra headers: a request that arrives and is readable
 * carried no credentials and no custom header.
 */
export async function startRecorder(): Promise<Recorder> {
  const seen: Recorded[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', 'no-store');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ thirdParty: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The request headers the SDK would add, or that carry credentials: none may reach a third party. */
export const SESSION_HEADERS = ['rid', 'st-auth-mode', 'anti-csrf', 'authorization', 'fdi-version', 'cookie'] as const;
