import { intercepting } from '../../core/bypass';
import type { Session } from '../../core/session';
import type { Backend, Settings } from './backend';
import { EmulatedBackend } from './emulated';
import { defineHandlerProperties, EVENTS, runHandlers, Upload } from './events';
import { PlatformBackend } from './platform';

/** Marks a patched constructor, also one installed by another copy of this library. */
export const PATCHED = Symbol.for('tabsession.XMLHttpRequest');

const STATES = ['UNSENT', 'OPENED', 'HEADERS_RECEIVED', 'LOADING', 'DONE'] as const;
/** Forwarded as they are: to the backend, or to the platform XHR that shows the response. */
const READ_WRITE = ['timeout', 'responseType', 'withCredentials'] as const;
const METHODS = ['setRequestHeader', 'overrideMimeType', 'send', 'abort'] as const;
const RESPONSE = ['status', 'statusText', 'responseURL', 'responseXML', 'response', 'responseText'] as const;
const RESPONSE_METHODS = ['getResponseHeader', 'getAllResponseHeaders'] as const;

/**
 * The XMLHttpRequest constructor that `init()` installs. Its instances look and behave like the
 * platform's; each open() picks the backend of the request: a request the session handles goes to an
 * `EmulatedBackend`, anything else to a `PlatformBackend`. Everything but open() is forwarded.
 */
export function sessionXMLHttpRequest(Platform: typeof XMLHttpRequest, session: () => Session): typeof XMLHttpRequest {
  /** The session to send a request through, or undefined for the platform's behaviour. */
  const interceptor = (url: string, async: boolean): Session | undefined => {
    // A synchronous XHR cannot wait for a refresh; it goes out as the app wrote it.
    if (!async) return undefined;
    let current: Session;
    try {
      current = session();
    } catch {
      return undefined; // not initialised (any more): nothing to add
    }
    return current.config.interceptXMLHttpRequest && current.intercepts(url) ? current : undefined;
  };

  class SessionXMLHttpRequest extends EventTarget {
    readonly upload = new Upload();
    readonly settings_ = { timeout: 0, responseType: '' } as Settings;
    /** Not opened yet: an unsent request of no session. */
    backend_: Backend = new EmulatedBackend(this, Platform);

    constructor() {
      super();
      runHandlers(this, EVENTS, super.addEventListener);
    }

    open(method: string, url: string | URL, ...rest: [async?: boolean, user?: string | null, password?: string | null]): void {
      // Opened inside a layer that handles the session itself (withoutInterception): the platform's behaviour.
      const current = intercepting() ? interceptor(String(url), rest.length === 0 || rest[0] !== false) : undefined;
      const previous = this.backend_;
      // The platform's XHR is reused across open() calls, as the platform would; anything else starts afresh.
      if (current || !(previous instanceof PlatformBackend)) {
        this.backend_ = current ? new EmulatedBackend(this, Platform, current) : new PlatformBackend(this, Platform);
        previous.close();
      }
      this.backend_.open(method, url, ...rest);
    }
  }

  const prototype = SessionXMLHttpRequest.prototype as unknown as Record<string, unknown>;
  type Of = (target: SessionXMLHttpRequest) => object;
  const backend: Of = (target) => target.backend_;
  const response: Of = (target) => target.backend_.shown_;
  const forward = (names: readonly string[], of: Of, writable: boolean) => {
    for (const name of names) {
      const descriptor: PropertyDescriptor = {
        configurable: true,
        enumerable: true,
        get(this: SessionXMLHttpRequest) {
          return (of(this) as Record<string, unknown>)[name];
        },
      };
      if (writable) {
        // The backend validates (or passes on); what the app set is kept for the next request.
        descriptor.set = function (this: SessionXMLHttpRequest, value: unknown) {
          (of(this) as Record<string, unknown>)[name] = value;
          (this.settings_ as unknown as Record<string, unknown>)[name] = value;
        };
      }
      Object.defineProperty(prototype, name, descriptor);
    }
  };
  const call = (names: readonly string[], of: Of) => {
    for (const name of names) {
      prototype[name] = function (this: SessionXMLHttpRequest, ...args: unknown[]) {
        const target = of(this) as Record<string, (...args: unknown[]) => unknown>;
        return target[name]!.apply(target, args);
      };
    }
  };
  forward(['readyState'], backend, false);
  forward(READ_WRITE, backend, true);
  forward(RESPONSE, response, false);
  call(METHODS, backend);
  call(RESPONSE_METHODS, response);
  // The readyState constants, on the constructor and on every instance (through the prototype).
  STATES.forEach((value, index) => {
    for (const target of [SessionXMLHttpRequest, prototype]) Object.defineProperty(target, value, { value: index, enumerable: true });
  });
  defineHandlerProperties(prototype, EVENTS);
  Object.defineProperty(SessionXMLHttpRequest, PATCHED, { value: true });

  return SessionXMLHttpRequest as unknown as typeof XMLHttpRequest;
}
