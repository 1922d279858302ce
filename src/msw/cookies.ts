/**
 * The browser's part of a session in cookie mode: keeping the httpOnly cookies the backend sets and
 * sending them back. A mocked response cannot do it by itself: a service worker's Set-Cookie is ignored
 * by the browser, and msw's own cookie store joins several Set-Cookie headers into one. So the handlers
 * keep the jar, in memory, one per `createSessionHandlers()`.
 */
import { parseCookieHeader } from '../mock-backend/cookies';

interface JarCookie {
  readonly name: string;
  readonly value: string;
  readonly path: string;
  readonly domain: string;
  readonly expires: number;
}

export class CookieJar {
  #cookies: JarCookie[] = [];

  /** Stores the `Set-Cookie` headers of a response; an expiry in the past deletes. */
  store(setCookies: readonly string[], now = Date.now()): void {
    for (const header of setCookies) {
      const [pair = '', ...attributes] = header.split(';');
      const [parsed] = parseCookieHeader(pair);
      if (parsed === undefined) continue;
      const attrs = new Map(
        attributes.map((part) => {
          const eq = part.indexOf('=');
          return eq === -1 ? [part.trim().toLowerCase(), ''] : [part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim()];
        }),
      );
      const path = attrs.get('path') ?? '/';
      const domain = attrs.get('domain') ?? '';
      const maxAge = attrs.get('max-age');
      const expires = maxAge !== undefined ? now + Number(maxAge) * 1000 : attrs.has('expires') ? Date.parse(attrs.get('expires') ?? '') : Infinity;
      this.#cookies = this.#cookies.filter((c) => !(c.name === parsed.name && c.path === path && c.domain === domain));
      if (expires > now) this.#cookies.push({ name: parsed.name, value: parsed.value, path, domain, expires });
    }
  }

  /** The `Cookie` header a browser would send to `path`, longest path first as browsers order them. */
  header(path: string, now = Date.now()): string | undefined {
    const sent = this.#cookies
      .filter((c) => c.expires > now && (path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${encodeURIComponent(c.value)}`);
    return sent.length === 0 ? undefined : sent.join('; ');
  }

  names(): string[] {
    return this.#cookies.map((c) => c.name);
  }

  clear(): void {
    this.#cookies = [];
  }
}
