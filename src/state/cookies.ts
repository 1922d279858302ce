/**
 * Where the SDK's frontend cookies live. The default is `document.cookie`; Electron, Capacitor and
 * extension pages (no usable `document.cookie`) pass their own, e.g. over a native cookie store.
 * Synchronous on purpose: a request reads the session state before it is sent, and an async jar would
 * put an await in front of every request.
 *
 * @example
 * const jar = new Map<string, string>();
 * init({
 *   apiDomain: 'https://api.example.com',
 *   cookieHandler: {
 *     getCookie: () => [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
 *     setCookie: (cookie) => { const [pair] = cookie.split(';'); const i = pair.indexOf('='); jar.set(pair.slice(0, i), pair.slice(i + 1)); },
 *   },
 * });
 */
export interface CookieHandler {
  /** All cookies visible to the page, in `document.cookie` format (`a=1; b=2`). */
  getCookie(): string;
  /** Writes one cookie, in `document.cookie` assignment format (`name=value; path=/; expires=...`). */
  setCookie(cookie: string): void;
}

export const documentCookieHandler: CookieHandler = {
  getCookie: () => (typeof document === 'undefined' ? '' : document.cookie),
  setCookie: (cookie) => {
    // biome-ignore lint/suspicious/noDocumentCookie: the default handler is document.cookie itself (the Cookie Store API is async and not everywhere).
    if (typeof document !== 'undefined') document.cookie = cookie;
  },
};

export interface CookieAttributes {
  path: string;
  domain?: string;
  sameSite: 'Lax' | 'None';
  secure: boolean;
}

const decode = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/** Parses a `document.cookie` string; the first of several same-named cookies wins, as browsers list the most specific first. */
export function parseCookies(header: string): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = decode(part.slice(0, eq).trim());
    if (!(name in jar)) jar[name] = decode(part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1'));
  }
  return jar;
}

/** One `document.cookie` assignment. Characters that are safe in a cookie value (base64 included) stay as they are. */
export function serialiseCookie(name: string, value: string, attributes: CookieAttributes, expires: Date): string {
  const encoded = encodeURIComponent(value).replace(/%(2[346BF]|3[AC-F]|40|5[BDE]|60|7[BCD])/g, decodeURIComponent);
  let cookie = `${name}=${encoded}; expires=${expires.toUTCString()}; path=${attributes.path}; samesite=${attributes.sameSite}`;
  if (attributes.domain !== undefined) cookie += `; domain=${attributes.domain}`;
  if (attributes.secure) cookie += '; secure';
  return cookie;
}
