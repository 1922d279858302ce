import { parseJsonBody } from '../core/body';
import { intercepting } from '../core/bypass';
import type { BaseFetch, Session } from '../core/session';
import { inBrowser } from '../env';

/** `credentials` the caller chose. A Request's 'same-origin' is indistinguishable from its default. */
function callerCredentials(request: Request | undefined, init: RequestInit | undefined): RequestCredentials | undefined {
  if (init?.credentials !== undefined) return init.credentials;
  return request && request.credentials !== 'same-origin' ? request.credentials : undefined;
}

/**
 * fetch with the session: requests to the API go through `Session.run` (headers, refresh, replay);
 * everything else goes to `base` byte for byte.
 *
 * The retry is the same request: a `Request` input is cloned before each attempt, and init bodies
 * (string, FormData, Blob, URLSearchParams, ArrayBuffer) can be sent again as they are. A ReadableStream
 * body can be read only once, so it is buffered into memory first.
 */
export function wrapFetch(session: () => Session, base: BaseFetch): typeof fetch {
  return async function sessionFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    if (!inBrowser() || !intercepting()) return base(input, init); // on the server: no session here, pass through untouched
    const current = session();
    const request = input instanceof Request ? input : undefined;
    if (!current.intercepts(request ? request.url : String(input))) return base(input, init);

    let options = init;
    if (typeof ReadableStream !== 'undefined' && init?.body instanceof ReadableStream) {
      options = { ...init, body: await new Response(init.body).arrayBuffer() };
      delete (options as { duplex?: unknown }).duplex;
    }
    const template = request && options ? new Request(request, options) : request;
    const credentials = callerCredentials(request, options);

    return current.run({
      signal: options?.signal ?? request?.signal ?? undefined,
      send(decorate) {
        // Copied as entries: some Headers implementations (happy-dom) drop a Headers object passed whole.
        const headers = new Headers(template ? [...template.headers] : options?.headers);
        const outgoing = { headers, credentials };
        decorate(outgoing);
        // credentials: undefined is no choice (the Request's, or the platform default).
        const overrides = outgoing as RequestInit;
        return template ? base(new Request(template.clone(), overrides)) : base(input, { ...options, ...overrides });
      },
      status: (response) => response.status,
      url: (response) => response.url,
      header: (response, name) => response.headers.get(name),
      json: (response) => parseJsonBody(response),
    });
  };
}
