/**
 * Cookie parsing and serialisation.
 *
 * We parse the raw `Cookie` header ourselves instead of using a cookie-parser middleware because those
 * collapse duplicate names into one value, and a duplicate `sAccessToken` (one per cookie domain) is
 * exactly what CLEAR_DUPLICATE_SESSION_COOKIES has to detect.
 */

export interface CookiePair {
  readonly name: string;
  readonly value: string;
}

export type SameSite = 'lax' | 'strict' | 'none';

export interface CookieAttributes {
  readonly path: string;
  readonly domain?: string | undefined;
  readonly expires: Date;
  readonly httpOnly: boolean;
  readonly secure: boolean;
  readonly sameSite: SameSite;
}

/** An expiry in the past: the portable way to delete a cookie (old browsers ignore Max-Age=0). */
export const EPOCH = new Date(0);

/**
 * Every `name=value` pair of a Cookie header, in order, duplicates kept. Never throws: garbage pairs
 * without a name are skipped and undecodable values are kept raw.
 *
 * @example parseCookieHeader('a=1; a=2; b') // [{name:'a',value:'1'},{name:'a',value:'2'}]
 */
export function parseCookieHeader(header: string | readonly string[] | undefined): CookiePair[] {
  if (header === undefined) return [];
  const joined = typeof header === 'string' ? header : header.join('; ');
  const pairs: CookiePair[] = [];
  for (const part of joined.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (name === '') continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    pairs.push({ name, value: safeDecode(value) });
  }
  return pairs;
}

/** All values sent for `name`, in header order. */
export function cookieValues(pairs: readonly CookiePair[], name: string): string[] {
  return pairs.filter((pair) => pair.name === name).map((pair) => pair.value);
}

/** A `Set-Cookie` header value. Values are percent-encoded so a token can never break the header. */
export function serializeCookie(name: string, value: string, attrs: CookieAttributes): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${attrs.path}`];
  if (attrs.domain !== undefined) parts.push(`Domain=${attrs.domain}`);
  parts.push(`Expires=${attrs.expires.toUTCString()}`);
  if (attrs.expires.getTime() <= 0) parts.push('Max-Age=0');
  if (attrs.httpOnly) parts.push('HttpOnly');
  if (attrs.secure) parts.push('Secure');
  parts.push(`SameSite=${attrs.sameSite === 'lax' ? 'Lax' : attrs.sameSite === 'strict' ? 'Strict' : 'None'}`);
  return parts.join('; ');
}

function safeDecode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
