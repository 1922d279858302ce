import type { Outgoing } from '../../core/exchange';
import { parseJsonBody } from '../../core/body';
import type { Session } from '../../core/session';
import { Backend, createPlatform, DONE, invalidState, LOADING, OPENED, parseHeaders, UNSENT, type Host } from './backend';
import { copyEvent, progressEvent, relayUpload, track, type Tracked } from './events';

interface Attempt extends Tracked {
  xhr: XMLHttpRequest;
  /** The response headers, read once (see `parseHeaders`). */
  headers: Map<string, string> | undefined;
}

function headerMap(attempt: Attempt): Map<string, string> {
  attempt.headers ??= parseHeaders(attempt.xhr.getAllResponseHeaders());
  return attempt.headers;
}

/**
 * A request to the API: sent through `Session.run`, one platform XHR per attempt; the app sees a
 * readyState of its own and only the attempt that counts (after a refresh, the retry). It ends through
 * `finish`. Also the backend of an object not opened yet, which is UNSENT.
 */
export class EmulatedBackend extends Backend {
  private state: number = UNSENT;
  private sent = false;
  /** Set by finish(): the events and results of this request no longer reach the app. */
  private ended = false;
  /** The attempt in flight, so abort() can stop it. */
  private inFlight: XMLHttpRequest | undefined;
  /** The attempt that counts, once adopted. */
  private adopted: XMLHttpRequest | undefined;
  /** Before that, and after an abort or error: an unsent platform XHR shows the platform's "no response". */
  private blank: XMLHttpRequest | undefined;
  private target: { method: string; url: string; user: string | null | undefined; password: string | null | undefined } | undefined;
  private readonly headers: [string, string][] = [];

  constructor(host: Host, private readonly Platform: typeof XMLHttpRequest, private readonly session?: Session) {
    super(host);
  }

  protected override live(): boolean {
    return !this.ended && super.live();
  }

  get shown(): XMLHttpRequest {
    if (this.adopted) return this.adopted;
    this.blank ??= createPlatform(this.Platform, this.host.settings);
    return this.blank;
  }

  get readyState(): number {
    return this.state;
  }
  get timeout(): number {
    return this.host.settings.timeout;
  }
  set timeout(value: number) {
    if (this.inFlight) this.inFlight.timeout = value;
  }
  get responseType(): XMLHttpRequestResponseType {
    return this.host.settings.responseType;
  }
  set responseType(value: XMLHttpRequestResponseType) {
    if (this.state >= LOADING) throw invalidState('responseType cannot change once loading');
    if (this.blank) this.blank.responseType = value;
  }
  get withCredentials(): boolean {
    return Boolean(this.host.settings.withCredentials);
  }
  set withCredentials(_: boolean) {
    if (this.sent || this.state > OPENED) throw invalidState('withCredentials cannot change after send()');
  }
  overrideMimeType(mimeType: string): void {
    if (this.state >= LOADING) throw invalidState('the MIME type cannot change once loading');
    this.host.settings.mimeType = mimeType;
  }

  open(method: string, url: string | URL, ...[, user, password]: [async?: boolean, user?: string | null, password?: string | null]): void {
    this.target = { method, url: String(url), user, password };
    this.advance(OPENED);
  }

  setRequestHeader(name: string, value: string): void {
    this.assertOpened();
    this.headers.push([name, String(value)]);
  }

  send(body?: Document | XMLHttpRequestBodyInit | null): void {
    this.assertOpened();
    this.sent = true;
    this.host.dispatchEvent(progressEvent('loadstart'));
    this.session!
      .run<Attempt>({
        send: (decorate) => this.attempt(body ?? null, decorate),
        status: (attempt) => attempt.xhr.status,
        url: (attempt) => attempt.xhr.responseURL,
        header: (attempt, name) => headerMap(attempt).get(name) ?? null,
        json: (attempt) => attempt.finished.then(() => parseJsonBody(attempt.xhr.response)),
      })
      .then(
        (attempt) => {
          if (!this.live()) return;
          this.adopted = attempt.xhr;
          attempt.adopt();
        },
        // The session could not be kept (REFRESH_FAILED, MAX_REFRESH_ATTEMPTS): a network error, with the cause.
        (error: unknown) => this.live() && this.finish('error', undefined, error),
      );
  }

  abort(): void {
    if (this.sent && this.state < DONE) this.finish('abort');
    if (this.state === DONE) {
      this.state = UNSENT;
      this.adopted = undefined;
    }
  }

  private assertOpened(): void {
    if (this.state !== OPENED || this.sent) throw invalidState('the object state must be OPENED');
  }

  close(): void {
    this.ended = true;
    this.inFlight?.abort();
  }

  /** One attempt: a new platform XHR with the app's request, decorated. */
  private attempt(body: Document | XMLHttpRequestBodyInit | null, decorate: (request: Outgoing) => void): Promise<Attempt> {
    if (!this.live()) return Promise.reject(new DOMException('The request was aborted', 'AbortError'));
    const { method, url, user, password } = this.target!;
    const { settings, upload } = this.host;
    const xhr = createPlatform(this.Platform, settings);
    const attempt: Attempt = { xhr, headers: undefined, ...track(xhr, (event, readyState) => this.relay(event, readyState)) };
    xhr.open(method, url, true, user, password);
    if (settings.mimeType !== undefined) xhr.overrideMimeType(settings.mimeType);
    // Headers combines repeated names with ", " exactly as setRequestHeader does.
    const headers = new Headers();
    for (const [name, value] of this.headers) headers.append(name, value);
    const chosen = settings.withCredentials;
    const request: Outgoing = { headers, credentials: chosen === undefined ? undefined : chosen ? 'include' : 'same-origin' };
    decorate(request);
    xhr.withCredentials = request.credentials === 'include';
    headers.forEach((value, name) => {
      xhr.setRequestHeader(name, value);
    });
    relayUpload(xhr, upload, () => this.live());
    this.inFlight = xhr;
    xhr.send(body);
    return attempt.answered.then(() => attempt);
  }

  /**
   * The adopted attempt's events. This object announced OPENED at open() and loadstart at send(), as the
   * platform does; its own readyState moves on with the attempt's events, so it stays consistent whatever
   * the attempt reports (msw's XHR in happy-dom, for one, fires no readystatechange).
   */
  private relay(event: Event, readyState: number): void {
    const { type } = event;
    if (!this.live() || type === 'loadstart' || type === 'loadend') return;
    if (type === 'readystatechange') return void (readyState > this.state && readyState <= DONE && this.advance(readyState));
    if (type !== 'progress') {
      this.finish(type as 'load' | 'abort' | 'error' | 'timeout', event);
      return;
    }
    this.advance(LOADING, true);
    this.host.dispatchEvent(copyEvent(event));
  }

  /** The one way a sent request ends: DONE, the end event (a copy of the attempt's, if any), loadend. */
  private finish(type: 'load' | 'abort' | 'error' | 'timeout', from?: Event, error?: unknown): void {
    this.ended = true;
    if (!from) {
      this.inFlight?.abort();
      this.adopted = undefined;
    }
    this.inFlight = undefined;
    if (type === 'load') this.advance(LOADING, true);
    this.advance(DONE);
    const end = from ? copyEvent(from) : progressEvent(type);
    // As supertokens-website does: `event.error` carries the TabsessionError for apps that want the type.
    if (error !== undefined) Object.defineProperty(end, 'error', { value: error, enumerable: true });
    this.host.dispatchEvent(end);
    this.host.dispatchEvent(copyEvent(end, 'loadend'));
  }

  /** Moves the readyState the app sees to `target` with a readystatechange, or through each state before it. */
  private advance(target: number, stepwise = false): void {
    while (this.state < target) {
      this.state = stepwise ? this.state + 1 : target;
      this.host.dispatchEvent(new Event('readystatechange'));
    }
  }
}
