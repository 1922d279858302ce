/**
 * How tokens travel (docs/protocol.md sections 2-3): cookies in cookie mode, `st-*` headers and
 * `Authorization: Bearer` in header mode. Reading tokens from requests and writing them to responses.
 */
import type { Reply, RouteRequest } from './http.js';
import { EPOCH, cookieValues, parseCookieHeader, serializeCookie } from './cookies.js';
import type { CookieAttributes, SameSite } from './cookies.js';
import type { AuthMode } from './options.js';

export const ACCESS_COOKIE = 'sAccessToken';
export const REFRESH_COOKIE = 'sRefreshToken';
export const ACCESS_HEADER = 'st-access-token';
export const REFRESH_HEADER = 'st-refresh-token';
export const FRONT_TOKEN_HEADER = 'front-token';
export const ANTI_CSRF_HEADER = 'anti-csrf';

/** The access-token cookie outlives the token (as in SuperTokens) so an expired token still reaches us: TRY_REFRESH_TOKEN, not UNAUTHORISED. */
const ACCESS_COOKIE_LIFETIME_MS = 100 * 365 * 24 * 60 * 60 * 1000;

export interface TransportSettings {
  readonly apiBasePath: string;
  readonly cookieSameSite: SameSite;
  readonly cookieSecure: boolean;
  readonly defaultAuthMode: AuthMode;
}

export function refreshPath(apiBasePath: string): string {
  return `${apiBasePath}/session/refresh`;
}

export interface PresentedToken {
  readonly via: AuthMode;
  readonly token: string;
}

export interface PresentedTokens {
  /** The token to use, if any. */
  readonly token: PresentedToken | undefined;
  /** How many cookies of this kind the request carried (more than one = duplicates from an older domain). */
  readonly cookieCount: number;
}

/** The request's `st-auth-mode`, or the default when missing or garbage. */
export function requestedAuthMode(req: RouteRequest, fallback: AuthMode): AuthMode {
  const value = req.header('st-auth-mode')?.trim().toLowerCase();
  return value === 'cookie' || value === 'header' ? value : fallback;
}

export function readAccessToken(req: RouteRequest): PresentedTokens {
  // A Bearer value that is not JWT-shaped may be the app's own credential; the cookie wins then (as in SuperTokens).
  return readToken(req, ACCESS_COOKIE, (bearer) => bearer.split('.').length === 3);
}

export function readRefreshToken(req: RouteRequest): PresentedTokens {
  return readToken(req, REFRESH_COOKIE, () => true);
}

function readToken(req: RouteRequest, cookieName: string, plausibleBearer: (value: string) => boolean): PresentedTokens {
  const cookies = cookieValues(parseCookieHeader(req.header('cookie')), cookieName).filter((value) => value !== '');
  const bearer = readBearer(req);
  const cookie = cookies[0];
  const fromCookie: PresentedToken | undefined = cookie === undefined ? undefined : { via: 'cookie', token: cookie };
  const fromHeader: PresentedToken | undefined = bearer === undefined ? undefined : { via: 'header', token: bearer };
  const mode = req.header('st-auth-mode')?.trim().toLowerCase();
  let token: PresentedToken | undefined;
  if (mode === 'cookie') token = fromCookie ?? fromHeader;
  else if (mode === 'header') token = fromHeader ?? fromCookie;
  else token = fromHeader !== undefined && plausibleBearer(fromHeader.token) ? fromHeader : (fromCookie ?? fromHeader);
  return { token, cookieCount: cookies.length };
}

export function readBearer(req: RouteRequest): string | undefined {
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(req.header('authorization') ?? '');
  return match?.[1];
}

export interface IssuedTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly refreshExpiresAt: number;
  readonly frontToken: string;
  readonly antiCsrfToken: string | undefined;
}

/** Sets new session tokens on the response in the given mode, plus `front-token` (and `anti-csrf` when used). */
export function sendTokens(res: Reply, settings: TransportSettings, mode: AuthMode, tokens: IssuedTokens, now: number): void {
  if (mode === 'cookie') {
    res.append('Set-Cookie', [
      serializeCookie(ACCESS_COOKIE, tokens.accessToken, cookieAttributes(settings, '/', new Date(now + ACCESS_COOKIE_LIFETIME_MS))),
      serializeCookie(
        REFRESH_COOKIE,
        tokens.refreshToken,
        cookieAttributes(settings, refreshPath(settings.apiBasePath), new Date(tokens.refreshExpiresAt)),
      ),
    ]);
  } else {
    res.set(ACCESS_HEADER, tokens.accessToken);
    res.set(REFRESH_HEADER, tokens.refreshToken);
  }
  res.set(FRONT_TOKEN_HEADER, tokens.frontToken);
  if (tokens.antiCsrfToken !== undefined) res.set(ANTI_CSRF_HEADER, tokens.antiCsrfToken);
}

/**
 * Clears the session in both transfer modes, as SuperTokens does: the request's mode is not always
 * knowable, and clearing what the client does not hold is harmless. Header-mode tokens are cleared with
 * an empty value (what supertokens-node sends; docs/protocol.md section 3 accepts empty or `remove`).
 */
export function clearTokens(res: Reply, settings: TransportSettings): void {
  res.append('Set-Cookie', [
    serializeCookie(ACCESS_COOKIE, '', cookieAttributes(settings, '/', EPOCH)),
    serializeCookie(REFRESH_COOKIE, '', cookieAttributes(settings, refreshPath(settings.apiBasePath), EPOCH)),
  ]);
  res.set(ACCESS_HEADER, '');
  res.set(REFRESH_HEADER, '');
  res.remove(ANTI_CSRF_HEADER);
  res.set(FRONT_TOKEN_HEADER, 'remove');
}

export interface OlderCookieLocation {
  readonly domain: string | undefined;
  readonly path: string;
}

/**
 * CLEAR_DUPLICATE_SESSION_COOKIES: expire the stale copies. With an older domain (the real-world case)
 * the refresh copy sits at the refresh path, as in SuperTokens; without one, a stale copy can only
 * differ by path, so both are cleared at the configured path.
 */
export function clearOlderDomainCookies(
  res: Reply,
  settings: TransportSettings,
  older: OlderCookieLocation,
  duplicated: { readonly access: boolean; readonly refresh: boolean },
): void {
  const cookies: string[] = [];
  if (duplicated.access) {
    cookies.push(serializeCookie(ACCESS_COOKIE, '', { ...cookieAttributes(settings, older.path, EPOCH), domain: older.domain }));
  }
  if (duplicated.refresh) {
    const path = older.domain === undefined ? older.path : refreshPath(settings.apiBasePath);
    cookies.push(serializeCookie(REFRESH_COOKIE, '', { ...cookieAttributes(settings, path, EPOCH), domain: older.domain }));
  }
  if (cookies.length > 0) res.append('Set-Cookie', cookies);
}

function cookieAttributes(settings: TransportSettings, path: string, expires: Date): CookieAttributes {
  return { path, expires, httpOnly: true, secure: settings.cookieSecure, sameSite: settings.cookieSameSite };
}
