import { parseJsonBody } from '../core/body';
import type { Session } from '../core/session';

// XMLHttpRequest with the session. `init()` replaces the global constructor with one whose instances
// look and behave like the platform's: a request to another domain is a platform XHR underneath, driven
// call for call; a request to the API is sent through `Session.run`, one platform XHR per attempt, and the
// instance the app holds shows only the attempt that counts (after a refresh, the retry).

const EVENTS = ['readystatechange', 'loadstart', 'progress', 'abort', 'error', 'load', 'timeout', 'loadend'] as const;
const UPLOAD_EVENTS = EVENTS.slice(1);
const STATES = ['UNSENT', 'OPENED', 'HEADERS_RECEIVED', 'LOADING', 'DONE'] as const;
const [UNSENT, OPENED, HEADERS_RECEIVED, LOADING, DONE] = [0, 1, 2, 3, 4] as const;
/** What the app reads from the attempt it is shown, and what it reads before there is one. */
const SHOWN = { status: 0, statusText: '', responseURL: '', responseXML: null } as const;
/** Marks a patched constructor, also one installed by another copy of this library. */
const PATCHED = Symbol.for('tabsession.XMLHttpRequest');

type Listener = (this: unknown, event: Event) => unknown;

/** How many outer layers are sending right now (see `withoutXHRInterception`). */
let claimedByOuterLayer = 0;

/**
 * Runs `send` so that any XMLHttpRequest constructed synchronously inside it is left to the platform: the
 * caller (the axios adapter) already handles that request's session, and a second layer would see its
 * 401 again. axios's XHR adapter constructs its request synchronously, so a counter is enough.
 */
export function withoutXHRInterception<T>(send: () => T): T {
  claimedByOuterLayer++;
  try {
    return send();
  } finally {
    claimedByOuterLayer--;
  }
}

function invalidState(message: string): DOMException {
  return new DOMException(`XMLHttpRequest: ${message}`, 'InvalidStateError');
}

function progressEvent(type: string, loaded = 0, total = 0, lengthComputable = false): Event {
  return new ProgressEvent(type, { lengthComputable, loaded, total });
}

/** A fresh event like `event`, for re-dispatching at the object the app holds (an event is dispatched once). */
function copyEvent(event: Event): Event {
  const progress = event as Partial<ProgressEvent>;
  return typeof progress.loaded === 'number'
    ? progressEvent(event.type, progress.loaded, progress.total ?? 0, progress.lengthComputable ?? false)
    : new Event(event.type);
}

/**
 * Defines the `on<type>` handler properties on a prototype. Each instance calls its handler from a
 * listener registered in its constructor, which is how the platform runs handler attributes.
 */
function defineHandlerProperties(
  prototype: object,
  types: readonly string[],
  handlers: (target: object) => Map<string, Listener>,
  onSet?: (target: object) => void,
): void {
  for (const type of types) {
    Object.defineProperty(prototype, `on${type}`, {
      configurable: true,
      enumerable: true,
      get(this: object) {
        return handlers(this).get(type) ?? null;
      },
      set(this: object, value: unknown) {
        if (typeof value !== 'function') return void handlers(this).delete(type);
        handlers(this).set(type, value as Listener);
        onSet?.(this);
      },
    });
  }
}

/**
 * Replaces `globalThis.XMLHttpRequest` with the session-aware one; returns the function that puts the
 * platform's back, or undefined when there is nothing to patch (no XHR, or already patched).
 */
export function patchXMLHttpRequest(session: () => Session): (() => void) | undefined {
  const Platform = globalThis.XMLHttpRequest as (typeof XMLHttpRequest & { [PATCHED]?: true }) | undefined;
  if (typeof Platform !== 'function' || Platform[PATCHED]) return undefined;
  const Patched = sessionXMLHttpRequest(Platform, session);
  defineGlobal(Patched);
  return () => {
    // Someone wrapped our constructor since: leave theirs. Instances then see interceptXMLHttpRequest
    // false in the config and behave as the platform's.
    if (globalThis.XMLHttpRequest === Patched) defineGlobal(Platform);
  };
}

/** Defined rather than assigned: msw and some environments make the global read-only (but configurable). */
function defineGlobal(value: typeof XMLHttpRequest): void {
  const enumerable = Object.getOwnPropertyDescriptor(globalThis, 'XMLHttpRequest')?.enumerable ?? false;
  Object.defineProperty(globalThis, 'XMLHttpRequest', { value, writable: true, configurable: true, enumerable });
}

function sessionXMLHttpRequest(Platform: typeof XMLHttpRequest, session: () => Session): typeof XMLHttpRequest {
  const handlerMaps = new WeakMap<object, Map<string, Listener>>();
  const handlersOf = (target: object): Map<string, Listener> => {
    let map = handlerMaps.get(target);
    if (!map) handlerMaps.set(target, (map = new Map()));
    return map;
  };
  const uploadRelayed = new WeakSet<XMLHttpRequest>();
  const runHandlers = (target: EventTarget, types: readonly string[], add: EventTarget['addEventListener']) => {
    for (const type of types) add.call(target, type, (event) => handlersOf(target).get(type)?.call(target, event));
  };

  /** `xhr.upload`: the same object for the life of the request; it remembers whether anyone listens. */
  class Upload extends EventTarget {
    /** The platform only reports upload progress (and preflights for it) when a listener exists at send(). */
    listened = false;

    constructor() {
      super();
      runHandlers(this, UPLOAD_EVENTS, super.addEventListener);
    }

    override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void {
      if (listener) this.listened = true;
      super.addEventListener(type, listener, options);
    }
  }
  defineHandlerProperties(Upload.prototype, UPLOAD_EVENTS, handlersOf, (target) => ((target as Upload).listened = true));

  /** One platform XHR and where its events go: kept until the attempt is adopted, then passed on. */
  interface Attempt {
    xhr: XMLHttpRequest;
    /** Resolves when the status and headers are known, or the attempt failed. */
    answered: Promise<void>;
    /** Resolves at loadend. */
    finished: Promise<void>;
    adopt(): void;
  }

  class SessionXMLHttpRequest extends EventTarget {
    static readonly [PATCHED] = true;
    static {
      for (const [name, fallback] of Object.entries(SHOWN)) {
        Object.defineProperty(this.prototype, name, {
          configurable: true,
          enumerable: true,
          get(this: SessionXMLHttpRequest) {
            const shown = this.shown as unknown as Record<string, unknown> | undefined;
            return shown ? shown[name] : fallback;
          },
        });
      }
      // The readyState constants, on the constructor and on every instance (through the prototype).
      STATES.forEach((name, value) => {
        for (const target of [this, this.prototype]) Object.defineProperty(target, name, { value, enumerable: true });
      });
    }
    readonly upload = new Upload();

    /** Constructed inside a layer that handles the session itself: always the platform's behaviour. */
    private readonly claimed = claimedByOuterLayer > 0;
    /** 'platform': one platform XHR driven call for call. 'session': attempts through `Session.run`. */
    private mode: 'unopened' | 'platform' | 'session' = 'unopened';
    /** The platform XHR whose response the app sees: the only one ('platform'), or the adopted attempt. */
    private shown: XMLHttpRequest | undefined;
    /** Session mode: the attempt in flight, so abort() can stop it. */
    private inFlight: XMLHttpRequest | undefined;
    /** Bumped by open() and abort(); events and results of an older generation are dropped. */
    private generation = 0;
    /** Session mode: the readyState the app sees. */
    private state: number = UNSENT;
    private sent = false;
    private target: { session: Session; method: string; url: string; user: string | null | undefined; password: string | null | undefined } | undefined;
    private headers: [string, string][] = [];
    /** What the app set, replayed on every platform XHR this object creates. */
    private settings: { timeout: number; responseType: XMLHttpRequestResponseType; withCredentials: boolean | undefined; mimeType: string | undefined } = {
      timeout: 0,
      responseType: '',
      withCredentials: undefined,
      mimeType: undefined,
    };

    constructor() {
      super();
      runHandlers(this, EVENTS, super.addEventListener);
    }

    private get platform(): XMLHttpRequest | undefined {
      return this.mode === 'platform' ? this.shown : undefined;
    }

    get readyState(): number {
      const platform = this.platform;
      return platform ? platform.readyState : this.state;
    }
    get response(): unknown {
      if (this.shown) return this.shown.response;
      return this.settings.responseType === '' || this.settings.responseType === 'text' ? '' : null;
    }
    get responseText(): string {
      if (this.shown) return this.shown.responseText;
      if (this.settings.responseType !== '' && this.settings.responseType !== 'text') {
        throw invalidState(`no responseText for responseType '${this.settings.responseType}'`);
      }
      return '';
    }
    getResponseHeader(name: string): string | null {
      return this.shown ? this.shown.getResponseHeader(name) : null;
    }
    getAllResponseHeaders(): string {
      return this.shown ? this.shown.getAllResponseHeaders() : '';
    }

    get timeout(): number {
      return this.platform?.timeout ?? this.settings.timeout;
    }
    set timeout(value: number) {
      if (this.platform) this.platform.timeout = value;
      else if (this.inFlight) this.inFlight.timeout = value;
      this.settings.timeout = value;
    }
    get responseType(): XMLHttpRequestResponseType {
      return this.platform?.responseType ?? this.settings.responseType;
    }
    set responseType(value: XMLHttpRequestResponseType) {
      if (this.platform) this.platform.responseType = value;
      else if (this.state === LOADING || this.state === DONE) throw invalidState('responseType cannot change once loading');
      this.settings.responseType = value;
    }
    get withCredentials(): boolean {
      return this.platform?.withCredentials ?? this.settings.withCredentials ?? false;
    }
    set withCredentials(value: boolean) {
      if (this.platform) this.platform.withCredentials = value;
      else if (this.sent || (this.state !== UNSENT && this.state !== OPENED)) throw invalidState('withCredentials cannot change after send()');
      this.settings.withCredentials = Boolean(value);
    }
    overrideMimeType(mimeType: string): void {
      if (this.platform) this.platform.overrideMimeType(mimeType);
      else if (this.state === LOADING || this.state === DONE) throw invalidState('the MIME type cannot change once loading');
      this.settings.mimeType = mimeType;
    }

    open(method: string, url: string | URL, ...rest: [async?: boolean, user?: string | null, password?: string | null]): void {
      const href = String(url);
      const async = rest.length === 0 || rest[0] !== false;
      const current = this.interceptor(href, async);
      if (current === undefined) {
        // Reuse the platform XHR across open() calls as the platform would; anything else starts afresh.
        let platform = this.platform;
        if (!platform) {
          this.reset();
          this.mode = 'platform';
          this.shown = platform = this.createPlatform();
          this.track(platform, this.generation).adopt();
        }
        return (platform.open as (...args: unknown[]) => void).apply(platform, [method, url, ...rest]);
      }
      this.reset();
      this.mode = 'session';
      this.target = { session: current, method, url: href, user: rest[1], password: rest[2] };
      this.state = OPENED;
      this.dispatchEvent(new Event('readystatechange'));
    }

    setRequestHeader(name: string, value: string): void {
      if (this.platform) return this.platform.setRequestHeader(name, value);
      if (this.mode === 'unopened' || this.state !== OPENED || this.sent) throw invalidState('the object state must be OPENED');
      this.headers.push([name, String(value)]);
    }

    send(body?: Document | XMLHttpRequestBodyInit | null): void {
      const platform = this.platform;
      if (platform) {
        if (this.upload.listened) this.relayUpload(platform, this.generation);
        return platform.send(body);
      }
      if (this.mode === 'unopened' || this.state !== OPENED || this.sent) throw invalidState('the object state must be OPENED');
      this.sent = true;
      this.dispatchEvent(progressEvent('loadstart'));
      const { session: current } = this.target!;
      const generation = this.generation;
      current
        .run<Attempt>({
          send: (decorate) => this.sendAttempt(body ?? null, generation, decorate),
          status: (attempt) => attempt.xhr.status,
          url: (attempt) => attempt.xhr.responseURL,
          header: (attempt, name) => attempt.xhr.getResponseHeader(name),
          json: (attempt) => attempt.finished.then(() => parseJsonBody(attempt.xhr.response)),
        })
        .then(
          (attempt) => {
            if (generation !== this.generation) return;
            this.shown = attempt.xhr;
            attempt.adopt();
          },
          (error: unknown) => {
            if (generation === this.generation) this.fail(error);
          },
        );
    }

    abort(): void {
      if (this.platform) return this.platform.abort();
      const active = this.sent && (this.state === OPENED || this.state === HEADERS_RECEIVED || this.state === LOADING);
      if (active) {
        this.generation++;
        this.inFlight?.abort();
        this.inFlight = undefined;
        this.sent = false;
        this.state = DONE;
        this.shown = undefined;
        this.dispatchEvent(new Event('readystatechange'));
        this.dispatchEvent(progressEvent('abort'));
        this.dispatchEvent(progressEvent('loadend'));
      }
      if (this.state === DONE) {
        this.state = UNSENT;
        this.shown = undefined;
      }
    }

    /** The session to send this request through, or undefined for the platform's behaviour. */
    private interceptor(url: string, async: boolean): Session | undefined {
      // A synchronous XHR cannot wait for a refresh; it goes out as the app wrote it.
      if (this.claimed || !async) return undefined;
      let current: Session;
      try {
        current = session();
      } catch {
        return undefined; // not initialised (any more): nothing to add
      }
      const wanted = current.config.interceptXMLHttpRequest && current.intercepts(url);
      return wanted ? current : undefined;
    }

    /** Forgets the previous request: its events and results no longer reach the app. */
    private reset(): void {
      this.generation++;
      // As open() does on the platform: whatever this object was sending is cancelled.
      this.platform?.abort();
      this.inFlight?.abort();
      this.inFlight = undefined;
      this.shown = undefined;
      this.sent = false;
      this.state = UNSENT;
      this.headers = [];
      this.target = undefined;
    }

    /** A platform XHR carrying what the app set on this object so far. */
    private createPlatform(): XMLHttpRequest {
      const xhr = new Platform();
      const { timeout, responseType, withCredentials } = this.settings;
      if (timeout) xhr.timeout = timeout;
      if (responseType) xhr.responseType = responseType;
      if (withCredentials !== undefined) xhr.withCredentials = withCredentials;
      return xhr;
    }

    /** Routes the events of `xhr` to this object once adopted; before that they wait, in order. */
    private track(xhr: XMLHttpRequest, generation: number): Omit<Attempt, 'xhr'> {
      const backlog: [Event, number][] = [];
      let adopted = false;
      let answer!: () => void;
      let finish!: () => void;
      const answered = new Promise<void>((resolve) => (answer = resolve));
      const finished = new Promise<void>((resolve) => (finish = resolve));
      for (const type of EVENTS) {
        xhr.addEventListener(type, (event) => {
          const readyState = xhr.readyState;
          // Status and headers are known from HEADERS_RECEIVED on, and at any event after it.
          if (type === 'readystatechange' ? readyState >= HEADERS_RECEIVED : type !== 'loadstart') answer();
          if (type === 'loadend') finish();
          if (adopted) this.relay(event, readyState, generation);
          else backlog.push([event, readyState]);
        });
      }
      return {
        answered,
        finished,
        adopt: () => {
          adopted = true;
          for (const [event, readyState] of backlog.splice(0)) this.relay(event, readyState, generation);
        },
      };
    }

    private relay(event: Event, readyState: number, generation: number): void {
      if (generation !== this.generation) return;
      if (this.mode === 'session') {
        const { type } = event;
        // This object announced OPENED at open() and loadstart at send(), as the platform does; its own
        // readyState moves on with the attempt's events, so it stays consistent whatever the attempt
        // reports (msw's XHR in happy-dom, for one, fires no readystatechange).
        if (type === 'loadstart') return;
        if (type === 'readystatechange') return void (readyState > this.state && readyState <= DONE && this.advance(readyState));
        if (type === 'progress' || type === 'load') this.advance(LOADING, true);
        if (type !== 'progress') this.advance(DONE);
        if (this.state === DONE) this.inFlight = undefined;
      }
      this.dispatchEvent(copyEvent(event));
    }

    /** Moves the readyState the app sees to `target` with a readystatechange, or through each state before it. */
    private advance(target: number, stepwise = false): void {
      while (this.state < target) {
        this.state = stepwise ? this.state + 1 : target;
        this.dispatchEvent(new Event('readystatechange'));
      }
    }

    private relayUpload(xhr: XMLHttpRequest, generation: number): void {
      if (uploadRelayed.has(xhr)) return; // a reused platform XHR keeps its relay
      uploadRelayed.add(xhr);
      for (const type of UPLOAD_EVENTS) {
        xhr.upload.addEventListener(type, (event) => {
          if (generation === this.generation) this.upload.dispatchEvent(copyEvent(event));
        });
      }
    }

    /** One attempt of a session-mode request: a new platform XHR with the app's request, decorated. */
    private sendAttempt(body: Document | XMLHttpRequestBodyInit | null, generation: number, decorate: (headers: Headers) => void): Promise<Attempt> {
      if (generation !== this.generation) return Promise.reject(new DOMException('The request was aborted', 'AbortError'));
      const { session: current, method, url, user, password } = this.target!;
      const xhr = this.createPlatform();
      if (this.settings.withCredentials === undefined && current.config.autoAddCredentials) xhr.withCredentials = true;
      const attempt = { xhr, ...this.track(xhr, generation) };
      xhr.open(method, url, true, user, password);
      if (this.settings.mimeType !== undefined) xhr.overrideMimeType(this.settings.mimeType);
      // Headers combines repeated names with ", " exactly as setRequestHeader does.
      const headers = new Headers();
      for (const [name, value] of this.headers) headers.append(name, value);
      decorate(headers);
      headers.forEach((value, name) => xhr.setRequestHeader(name, value));
      if (this.upload.listened) this.relayUpload(xhr, generation);
      this.inFlight = xhr;
      xhr.send(body);
      return attempt.answered.then(() => attempt);
    }

    /** The session could not be kept (REFRESH_FAILED, MAX_REFRESH_ATTEMPTS): a network error, with the cause. */
    private fail(error: unknown): void {
      this.inFlight = undefined;
      this.shown = undefined;
      this.state = DONE;
      this.dispatchEvent(new Event('readystatechange'));
      const event = progressEvent('error');
      // As supertokens-website does: `event.error` carries the TabsessionError for apps that want the type.
      Object.defineProperty(event, 'error', { value: error, enumerable: true });
      this.dispatchEvent(event);
      this.dispatchEvent(progressEvent('loadend'));
    }
  }
  defineHandlerProperties(SessionXMLHttpRequest.prototype, EVENTS, handlersOf);

  return SessionXMLHttpRequest as unknown as typeof XMLHttpRequest;
}
