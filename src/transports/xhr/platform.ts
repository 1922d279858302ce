import { Backend, createPlatform, type Host } from './backend';
import { copyEvent, EVENTS, relayUpload } from './events';

/** A request the session does not touch: one platform XHR, driven call for call, its events passed on. */
export class PlatformBackend extends Backend {
  declare readonly readyState: number;
  declare timeout: number;
  declare responseType: XMLHttpRequestResponseType;
  declare withCredentials: boolean;
  declare open: Backend['open'];
  declare setRequestHeader: Backend['setRequestHeader'];
  declare abort: Backend['abort'];
  readonly shown_: XMLHttpRequest;
  private readonly xhr_: XMLHttpRequest;

  constructor(host: Host, Platform: typeof XMLHttpRequest) {
    super(host);
    this.shown_ = this.xhr_ = createPlatform(Platform, host.settings_);
    for (const type of EVENTS) this.xhr_.addEventListener(type, (event) => this.live_() && host.dispatchEvent(copyEvent(event)));
  }

  overrideMimeType(mimeType: string): void {
    this.xhr_.overrideMimeType(mimeType);
    this.host_.settings_.mimeType = mimeType;
  }
  send(body?: Document | XMLHttpRequestBodyInit | null): void {
    relayUpload(this.xhr_, this.host_.upload, () => this.live_());
    this.xhr_.send(body);
  }
  close(): void {
    this.xhr_.abort();
  }
}

// The rest is the platform XHR's own (the facade records the settings for the next request).
type Forwarding = { xhr_: Record<string, unknown> };
for (const name of ['readyState', 'timeout', 'responseType', 'withCredentials']) {
  Object.defineProperty(PlatformBackend.prototype, name, {
    get(this: Forwarding) {
      return this.xhr_[name];
    },
    set(this: Forwarding, value: unknown) {
      this.xhr_[name] = value;
    },
  });
}
for (const name of ['open', 'setRequestHeader', 'abort']) {
  (PlatformBackend.prototype as unknown as Record<string, unknown>)[name] = function (this: Forwarding, ...args: unknown[]) {
    return (this.xhr_[name] as (...args: unknown[]) => unknown).apply(this.xhr_, args);
  };
}
