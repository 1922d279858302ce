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
  readonly shown: XMLHttpRequest;
  private readonly xhr: XMLHttpRequest;

  constructor(host: Host, Platform: typeof XMLHttpRequest) {
    super(host);
    this.shown = this.xhr = createPlatform(Platform, host.settings);
    for (const type of EVENTS) this.xhr.addEventListener(type, (event) => this.live() && host.dispatchEvent(copyEvent(event)));
  }

  overrideMimeType(mimeType: string): void {
    this.xhr.overrideMimeType(mimeType);
    this.host.settings.mimeType = mimeType;
  }
  send(body?: Document | XMLHttpRequestBodyInit | null): void {
    relayUpload(this.xhr, this.host.upload, () => this.live());
    this.xhr.send(body);
  }
  close(): void {
    this.xhr.abort();
  }
}

// The rest is the platform XHR's own (the facade records the settings for the next request).
type Forwarding = { xhr: Record<string, unknown> };
for (const name of ['readyState', 'timeout', 'responseType', 'withCredentials']) {
  Object.defineProperty(PlatformBackend.prototype, name, {
    get(this: Forwarding) {
      return this.xhr[name];
    },
    set(this: Forwarding, value: unknown) {
      this.xhr[name] = value;
    },
  });
}
for (const name of ['open', 'setRequestHeader', 'abort']) {
  (PlatformBackend.prototype as unknown as Record<string, unknown>)[name] = function (this: Forwarding, ...args: unknown[]) {
    return (this.xhr[name] as (...args: unknown[]) => unknown).apply(this.xhr, args);
  };
}
