import { Backend, createPlatform, type Host } from './backend';
import { copyEvent, EVENTS, relayUpload } from './events';

/** A request the session does not touch: one platform XHR, driven call for call, its events passed on. */
export class PlatformBackend extends Backend {
  declare readonly readyState: number;
  declare timeout: number;
  declare responseType: XMLHttpRequestResponseType;
  declare withCredentials: boolean;
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
  open(...args: Parameters<Backend['open']>): void {
    (this.xhr.open as (...args: unknown[]) => void).apply(this.xhr, args);
  }
  setRequestHeader(name: string, value: string): void {
    this.xhr.setRequestHeader(name, value);
  }
  send(body?: Document | XMLHttpRequestBodyInit | null): void {
    relayUpload(this.xhr, this.host.upload, () => this.live());
    this.xhr.send(body);
  }
  abort(): void {
    this.xhr.abort();
  }
  close(): void {
    this.xhr.abort();
  }
}

// The state and the settings are the platform XHR's own (the facade records the settings for the next request).
for (const name of ['readyState', 'timeout', 'responseType', 'withCredentials'] as const) {
  Object.defineProperty(PlatformBackend.prototype, name, {
    get(this: { xhr: Record<string, unknown> }) {
      return this.xhr[name];
    },
    set(this: { xhr: Record<string, unknown> }, value: unknown) {
      this.xhr[name] = value;
    },
  });
}
