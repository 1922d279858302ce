import { Backend, createPlatform, type Host } from './backend';
import { copyEvent, EVENTS, relayUpload } from './events';

/** A request the session does not touch: one platform XHR, driven call for call, its events passed on. */
export class PlatformBackend extends Backend {
  private readonly xhr: XMLHttpRequest;

  constructor(host: Host, Platform: typeof XMLHttpRequest) {
    super(host);
    this.shown = this.xhr = createPlatform(Platform, host.settings);
    for (const type of EVENTS) this.xhr.addEventListener(type, (event) => this.live() && host.dispatchEvent(copyEvent(event)));
  }

  get readyState(): number {
    return this.xhr.readyState;
  }
  get timeout(): number {
    return this.xhr.timeout;
  }
  set timeout(value: number) {
    this.host.settings.timeout = this.xhr.timeout = value;
  }
  get responseType(): XMLHttpRequestResponseType {
    return this.xhr.responseType;
  }
  set responseType(value: XMLHttpRequestResponseType) {
    this.host.settings.responseType = this.xhr.responseType = value;
  }
  get withCredentials(): boolean {
    return this.xhr.withCredentials;
  }
  set withCredentials(value: boolean) {
    this.xhr.withCredentials = value;
    this.host.settings.withCredentials = Boolean(value);
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
