import type { Upload } from './events';

export const [UNSENT, OPENED, HEADERS_RECEIVED, LOADING, DONE] = [0, 1, 2, 3, 4] as const;

/** What the app set on the object it holds; kept across open() calls and replayed on every platform XHR. */
export interface Settings {
  timeout: number;
  responseType: XMLHttpRequestResponseType;
  withCredentials?: boolean;
  mimeType?: string;
}

/** The object the app holds, as its backend sees it. */
export interface Host extends EventTarget {
  readonly upload: Upload;
  readonly settings_: Settings;
  readonly backend_: Backend;
}

/** Why a call is refused in this state: the development texts of `invalidState`, by number. */
const REFUSALS = [
  'responseType cannot change once loading',
  'withCredentials cannot change after send()',
  'the MIME type cannot change once loading',
  'the object state must be OPENED',
];

/**
 * The platform's error for a call the object's state refuses. Production builds keep its name (what a
 * caller branches on) and drop the text, as tabsession's own errors do.
 */
export function invalidState(why: 0 | 1 | 2 | 3): DOMException {
  return new DOMException(
    typeof process !== 'undefined' && process.env.NODE_ENV !== 'production' ? `XMLHttpRequest: ${REFUSALS[why]}` : 'XMLHttpRequest',
    'InvalidStateError',
  );
}

/**
 * The headers of getAllResponseHeaders(). The session headers are read from here, never with
 * getResponseHeader(): for each one a cross-origin response does not expose, Chromium would log
 * "Refused to get unsafe header"; getAllResponseHeaders() just leaves them out.
 */
export function parseHeaders(all: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of all.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) map.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return map;
}

/** A platform XHR carrying what the app set so far. */
export function createPlatform(Platform: typeof XMLHttpRequest, { timeout, responseType, withCredentials }: Settings): XMLHttpRequest {
  const xhr = new Platform();
  if (timeout) xhr.timeout = timeout;
  if (responseType) xhr.responseType = responseType;
  if (withCredentials !== undefined) xhr.withCredentials = withCredentials;
  return xhr;
}

/**
 * What the object the app holds forwards every call to, except open(). One per request: open() picks it
 * and drops the previous one, whose events then no longer reach the app.
 */
export abstract class Backend {
  constructor(protected readonly host_: Host) {}

  /** The platform XHR the app reads the response from (status, headers, body). */
  abstract readonly shown_: XMLHttpRequest;
  abstract readonly readyState: number;
  abstract timeout: number;
  abstract responseType: XMLHttpRequestResponseType;
  abstract withCredentials: boolean;
  abstract open(method: string, url: string | URL, ...rest: [async?: boolean, user?: string | null, password?: string | null]): void;
  abstract setRequestHeader(name: string, value: string): void;
  abstract overrideMimeType(mimeType: string): void;
  abstract send(body?: Document | XMLHttpRequestBodyInit | null): void;
  abstract abort(): void;
  /** Cancels whatever this backend is sending: the app moved on to another request. */
  abstract close(): void;

  /** True while this backend's events and results may reach the app. */
  protected live_(): boolean {
    return this.host_.backend_ === this;
  }
}
