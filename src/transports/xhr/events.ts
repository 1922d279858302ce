// The event plumbing of the XMLHttpRequest the app holds: handler attributes (`onload`), copies of the
// platform XHR's events, the `upload` object, and the backlog of an attempt not yet shown to the app.

export const EVENTS = ['readystatechange', 'loadstart', 'progress', 'abort', 'error', 'load', 'timeout', 'loadend'] as const;
export const UPLOAD_EVENTS = EVENTS.slice(1);

type Listener = (this: unknown, event: Event) => unknown;

const handlerMaps = new WeakMap<object, Map<string, Listener>>();
const handlersOf = (target: object): Map<string, Listener> => {
  let map = handlerMaps.get(target);
  if (!map) {
    map = new Map();
    handlerMaps.set(target, map);
  }
  return map;
};

/**
 * Gives `target` its `on<type>` handler attributes: called from a listener registered at construction
 * (pass the unpatched `addEventListener`), which is how the platform runs them. The properties themselves
 * are defined once per prototype by `defineHandlerProperties`.
 */
export function runHandlers(target: EventTarget, types: readonly string[], add: EventTarget['addEventListener']): void {
  for (const type of types) add.call(target, type, (event) => handlersOf(target).get(type)?.call(target, event));
}

export function defineHandlerProperties(prototype: object, types: readonly string[], onSet?: (target: object) => void): void {
  for (const type of types) {
    Object.defineProperty(prototype, `on${type}`, {
      configurable: true,
      enumerable: true,
      get(this: object) {
        return handlersOf(this).get(type) ?? null;
      },
      set(this: object, value: unknown) {
        if (typeof value !== 'function') return void handlersOf(this).delete(type);
        handlersOf(this).set(type, value as Listener);
        onSet?.(this);
      },
    });
  }
}

export function progressEvent(type: string, loaded = 0, total = 0, lengthComputable = false): Event {
  return new ProgressEvent(type, { lengthComputable, loaded, total });
}

/** A fresh event like `event` (an event is dispatched once), for the object the app holds. */
export function copyEvent(event: Event, type = event.type): Event {
  const progress = event as Partial<ProgressEvent>;
  return typeof progress.loaded === 'number'
    ? progressEvent(type, progress.loaded, progress.total ?? 0, progress.lengthComputable ?? false)
    : new Event(type);
}

/** `xhr.upload`: the same object for the life of the request; it remembers whether anyone listens. */
export class Upload extends EventTarget {
  /** The platform only reports upload progress (and preflights for it) when a listener exists at send(). */
  listened_ = false;

  constructor() {
    super();
    runHandlers(this, UPLOAD_EVENTS, super.addEventListener);
  }

  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void {
    if (listener) this.listened_ = true;
    super.addEventListener(type, listener, options);
  }
}
defineHandlerProperties(Upload.prototype, UPLOAD_EVENTS, (target) => ((target as Upload).listened_ = true));

const uploadRelayed = new WeakSet<XMLHttpRequest>();

/** Passes the upload events of `xhr` to `upload` while `live()`; a reused platform XHR keeps its relay. */
export function relayUpload(xhr: XMLHttpRequest, upload: Upload, live: () => boolean): void {
  if (!upload.listened_ || uploadRelayed.has(xhr)) return;
  uploadRelayed.add(xhr);
  for (const type of UPLOAD_EVENTS) xhr.upload.addEventListener(type, (event) => live() && upload.dispatchEvent(copyEvent(event)));
}

/** One platform XHR of a request and where its events go: kept until the attempt is adopted, then passed on. */
export interface Tracked {
  /** Resolves when the status and headers are known, or the attempt failed. */
  answered: Promise<void>;
  /** Resolves at loadend. */
  finished: Promise<void>;
  adopt(): void;
}

/** Routes the events of `xhr` to `relay` once adopted; before that they wait, in order. */
export function track(xhr: XMLHttpRequest, relay: (event: Event, readyState: number) => void): Tracked {
  const backlog: [Event, number][] = [];
  let adopted = false;
  let answer!: () => void;
  let finish!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const finished = new Promise<void>((resolve) => (finish = resolve));
  for (const type of EVENTS) {
    xhr.addEventListener(type, (event) => {
      const { readyState } = xhr;
      // Status and headers are known from HEADERS_RECEIVED on, and at any event after it.
      if (type === 'readystatechange' ? readyState >= 2 : type !== 'loadstart') answer();
      if (type === 'loadend') finish();
      if (adopted) relay(event, readyState);
      else backlog.push([event, readyState]);
    });
  }
  return {
    answered,
    finished,
    adopt: () => {
      adopted = true;
      for (const [event, readyState] of backlog.splice(0)) relay(event, readyState);
    },
  };
}
