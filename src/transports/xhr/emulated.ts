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
  private state_: number = UNSENT;
  private sent_ = false;
  /** Set by finish(): the events and results of this request no longer reach the app. */
  private ended_ = false;
  /** The attempt in flight, so abort() can stop it. */
  private inFlight_: XMLHttpRequest | undefined;
  /** The attempt that counts, once adopted. */
  private adopted_: XMLHttpRequest | undefined;
  /** Before that, and after an abort or error: an unsent platform XHR shows the platform's "no response". */
  private blank_: XMLHttpRequest | undefined;
  private target_: { method: string; url: string; user: string | null | undefined; password: string | null | undefined } | undefined;
  private readonly headers_: [string, string][] = [];

  constructor(host: Host, private readonly Platform_: typeof XMLHttpRequest, private readonly session_?: Session) {
    super(host);
  }

  protected override live_(): boolean {
    return !this.ended_ && super.live_();
  }

  get shown_(): XMLHttpRequest {
    if (this.adopted_) return this.adopted_;
    this.blank_ ??= createPlatform(this.Platform_, this.host_.settings_);
    return this.blank_;
  }

  get readyState(): number {
    return this.state_;
  }
  get timeout(): number {
    return this.host_.settings_.timeout;
  }
  set timeout(value: number) {
    if (this.inFlight_) this.inFlight_.timeout = value;
  }
  get responseType(): XMLHttpRequestResponseType {
    return this.host_.settings_.responseType;
  }
  set responseType(value: XMLHttpRequestResponseType) {
    if (this.state_ >= LOADING) throw invalidState(0); // responseType cannot change once loading
    if (this.blank_) this.blank_.responseType = value;
  }
  get withCredentials(): boolean {
    return Boolean(this.host_.settings_.withCredentials);
  }
  set withCredentials(_: boolean) {
    if (this.sent_ || this.state_ > OPENED) throw invalidState(1); // withCredentials cannot change after send()
  }
  overrideMimeType(mimeType: string): void {
    if (this.state_ >= LOADING) throw invalidState(2); // the MIME type cannot change once loading
    this.host_.settings_.mimeType = mimeType;
  }

  open(method: string, url: string | URL, ...[, user, password]: [async?: boolean, user?: string | null, password?: string | null]): void {
    this.target_ = { method, url: String(url), user, password };
    this.advance_(OPENED);
  }

  setRequestHeader(name: string, value: string): void {
    this.assertOpened_();
    this.headers_.push([name, String(value)]);
  }

  send(body?: Document | XMLHttpRequestBodyInit | null): void {
    this.assertOpened_();
    this.sent_ = true;
    this.host_.dispatchEvent(progressEvent('loadstart'));
    this.session_!
      .run<Attempt>({
        send: (decorate) => this.attempt_(body ?? null, decorate),
        status: (attempt) => attempt.xhr.status,
        url: (attempt) => attempt.xhr.responseURL,
        header: (attempt, name) => headerMap(attempt).get(name) ?? null,
        json: (attempt) => attempt.finished.then(() => parseJsonBody(attempt.xhr.response)),
      })
      .then(
        (attempt) => {
          if (!this.live_()) return;
          this.adopted_ = attempt.xhr;
          attempt.adopt();
        },
        // The session could not be kept (REFRESH_FAILED, MAX_REFRESH_ATTEMPTS): a network error, with the cause.
        (error: unknown) => this.live_() && this.finish_('error', undefined, error),
      );
  }

  abort(): void {
    if (this.sent_ && this.state_ < DONE) this.finish_('abort');
    if (this.state_ === DONE) {
      this.state_ = UNSENT;
      this.adopted_ = undefined;
    }
  }

  private assertOpened_(): void {
    if (this.state_ !== OPENED || this.sent_) throw invalidState(3); // the object state must be OPENED
  }

  close(): void {
    this.ended_ = true;
    this.inFlight_?.abort();
  }

  /** One attempt: a new platform XHR with the app's request, decorated. */
  private attempt_(body: Document | XMLHttpRequestBodyInit | null, decorate: (request: Outgoing) => void): Promise<Attempt> {
    if (!this.live_()) return Promise.reject(new DOMException('The request was aborted', 'AbortError'));
    const { method, url, user, password } = this.target_!;
    const { settings_: settings, upload } = this.host_;
    const xhr = createPlatform(this.Platform_, settings);
    const attempt: Attempt = { xhr, headers: undefined, ...track(xhr, (event, readyState) => this.relay_(event, readyState)) };
    xhr.open(method, url, true, user, password);
    if (settings.mimeType !== undefined) xhr.overrideMimeType(settings.mimeType);
    // Headers combines repeated names with ", " exactly as setRequestHeader does.
    const headers = new Headers();
    for (const [name, value] of this.headers_) headers.append(name, value);
    const chosen = settings.withCredentials;
    const request: Outgoing = { headers, credentials: chosen === undefined ? undefined : chosen ? 'include' : 'same-origin' };
    decorate(request);
    xhr.withCredentials = request.credentials === 'include';
    headers.forEach((value, name) => {
      xhr.setRequestHeader(name, value);
    });
    relayUpload(xhr, upload, () => this.live_());
    this.inFlight_ = xhr;
    xhr.send(body);
    return attempt.answered.then(() => attempt);
  }

  /**
   * The adopted attempt's events. This object announced OPENED at open() and loadstart at send(), as the
   * platform does; its own readyState moves on with the attempt's events, so it stays consistent whatever
   * the attempt reports (msw's XHR in happy-dom, for one, fires no readystatechange).
   */
  private relay_(event: Event, readyState: number): void {
    const { type } = event;
    if (!this.live_() || type === 'loadstart' || type === 'loadend') return;
    if (type === 'readystatechange') return void (readyState > this.state_ && readyState <= DONE && this.advance_(readyState));
    if (type !== 'progress') {
      this.finish_(type as 'load' | 'abort' | 'error' | 'timeout', event);
      return;
    }
    this.advance_(LOADING, true);
    this.host_.dispatchEvent(copyEvent(event));
  }

  /** The one way a sent request ends: DONE, the end event (a copy of the attempt's, if any), loadend. */
  private finish_(type: 'load' | 'abort' | 'error' | 'timeout', from?: Event, error?: unknown): void {
    this.ended_ = true;
    if (!from) {
      this.inFlight_?.abort();
      this.adopted_ = undefined;
    }
    this.inFlight_ = undefined;
    if (type === 'load') this.advance_(LOADING, true);
    this.advance_(DONE);
    const end = from ? copyEvent(from) : progressEvent(type);
    // As supertokens-website does: `event.error` carries the TabsessionError for apps that want the type.
    if (error !== undefined) Object.defineProperty(end, 'error', { value: error, enumerable: true });
    this.host_.dispatchEvent(end);
    this.host_.dispatchEvent(copyEvent(end, 'loadend'));
  }

  /** Moves the readyState the app sees to `target` with a readystatechange, or through each state before it. */
  private advance_(target: number, stepwise = false): void {
    while (this.state_ < target) {
      this.state_ = stepwise ? this.state_ + 1 : target;
      this.host_.dispatchEvent(new Event('readystatechange'));
    }
  }
}
