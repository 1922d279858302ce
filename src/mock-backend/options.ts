/**
 * Backend options: one defaults table and one function that validates and fills them in, so a bad
 * option fails at `createMockBackend` with a TypeError instead of as a confusing response later.
 */
import type { SameSite } from './cookies.js';

export type AntiCsrfMode = 'VIA_CUSTOM_HEADER' | 'VIA_TOKEN' | 'NONE';
export type AuthMode = 'cookie' | 'header';

export interface MockBackendOptions {
  /** Access-token lifetime. Default 60_000. @example { accessTokenLifetimeMs: 2_000 } */
  accessTokenLifetimeMs?: number;
  /** Refresh-token lifetime, restarted by every refresh. Default 24h. */
  refreshTokenLifetimeMs?: number;
  /** Where the auth routes live. Default '/auth' (refresh is `${apiBasePath}/session/refresh`). */
  apiBasePath?: string;
  /** CSRF defence for non-GET cookie-mode requests. Default 'VIA_CUSTOM_HEADER' (requires a `rid` header). */
  antiCsrf?: AntiCsrfMode;
  /** Token transfer when a request has no valid `st-auth-mode` header. Default 'cookie'. */
  defaultAuthMode?: AuthMode;
  /** CORS origins; '*' reflects any Origin (with credentials). Default '*'. @example ['http://localhost:3000'] */
  allowedOrigins?: string[] | '*' | 'loopback';
  /** Default 'lax'. */
  cookieSameSite?: SameSite;
  /** Default false (the demo runs on plain http). */
  cookieSecure?: boolean;
  /** If set, this folder's static files are served at '/' (the demo page). */
  webRoot?: string;
  /** Extra static mounts. @example { '/dist': '/repo/dist' } */
  staticMounts?: Record<string, string>;
  /** Default true: the /__mock API exists only when true (`backend.control` always works in-process). */
  testControl?: boolean;
  /**
   * Beyond the brief: the cookie domain that CLEAR_DUPLICATE_SESSION_COOKIES clears the stale copies from
   * (SuperTokens' `olderCookieDomain`). Default: none, i.e. a host-only cookie.
   */
  olderCookieDomain?: string;
  /**
   * Beyond the brief: the path of the stale copies to clear. Default: apiBasePath, where a test can plant
   * a stale `sAccessToken` that reaches the refresh endpoint without touching the real one at '/'.
   */
  olderCookiePath?: string;
  /** Beyond the brief: the clock, for tests that move time instead of sleeping. Default `Date.now`. */
  now?: () => number;
  /** The OAuth2 token endpoint (RFC 6749, docs/mock-backend-oauth2.md). Default '/oauth/token'. */
  oauthTokenPath?: string;
  /** The OAuth2 revocation endpoint (RFC 7009). Default '/oauth/revoke'. */
  oauthRevocationPath?: string;
  /** The one `client_id` the OAuth2 endpoints accept; any other is `invalid_client`. Default 'tabsession-demo'. */
  oauthClientId?: string;
}

export interface ResolvedOptions {
  readonly accessTokenLifetimeMs: number;
  readonly refreshTokenLifetimeMs: number;
  /** Normalised: leading slash, no trailing slash; '' when the routes sit at the root. */
  readonly apiBasePath: string;
  readonly antiCsrf: AntiCsrfMode;
  readonly defaultAuthMode: AuthMode;
  readonly allowedOrigins: readonly string[] | '*' | 'loopback';
  readonly cookieSameSite: SameSite;
  readonly cookieSecure: boolean;
  readonly webRoot: string | undefined;
  readonly staticMounts: readonly (readonly [string, string])[];
  readonly testControl: boolean;
  readonly olderCookieDomain: string | undefined;
  readonly olderCookiePath: string;
  readonly now: () => number;
  readonly oauthTokenPath: string;
  readonly oauthRevocationPath: string;
  readonly oauthClientId: string;
}

const DEFAULTS = {
  accessTokenLifetimeMs: 60_000,
  refreshTokenLifetimeMs: 24 * 60 * 60 * 1000,
  apiBasePath: '/auth',
  antiCsrf: 'VIA_CUSTOM_HEADER',
  defaultAuthMode: 'cookie',
  allowedOrigins: 'loopback',
  cookieSameSite: 'lax',
  cookieSecure: false,
  testControl: true,
  oauthTokenPath: '/oauth/token',
  oauthRevocationPath: '/oauth/revoke',
  oauthClientId: 'tabsession-demo',
} as const;

export function resolveOptions(options: MockBackendOptions = {}): ResolvedOptions {
  const fail = (message: string): never => {
    throw new TypeError(`createMockBackend: ${message}`);
  };
  const lifetime = (name: string, value: number | undefined, fallback: number): number => {
    if (value === undefined) return fallback;
    if (!Number.isFinite(value) || value < 0) fail(`${name} must be a non-negative number of ms, got ${String(value)}`);
    return value;
  };
  const oneOf = <T extends string>(name: string, value: T | undefined, allowed: readonly T[], fallback: T): T => {
    if (value === undefined) return fallback;
    if (!allowed.includes(value)) fail(`${name} must be one of ${allowed.join(', ')}, got ${String(value)}`);
    return value;
  };
  const nonEmpty = (name: string, value: string): string => (typeof value === 'string' && value !== '' ? value : fail(`${name} must be a non-empty string`));
  const path = (name: string, value: string): string => {
    if (!value.startsWith('/')) fail(`${name} must start with '/', got ${value}`);
    return value;
  };

  const allowedOrigins = options.allowedOrigins ?? DEFAULTS.allowedOrigins;
  if (allowedOrigins !== '*' && allowedOrigins !== 'loopback' && (!Array.isArray(allowedOrigins) || allowedOrigins.some((o) => typeof o !== 'string'))) {
    fail("allowedOrigins must be 'loopback', '*' or an array of origins");
  }
  const staticMounts = Object.entries(options.staticMounts ?? {}).map(([mount, dir]) => [path('staticMounts key', mount), dir] as const);

  const apiBasePath = path('apiBasePath', options.apiBasePath ?? DEFAULTS.apiBasePath).replace(/\/+$/, '');
  return {
    accessTokenLifetimeMs: lifetime('accessTokenLifetimeMs', options.accessTokenLifetimeMs, DEFAULTS.accessTokenLifetimeMs),
    refreshTokenLifetimeMs: lifetime('refreshTokenLifetimeMs', options.refreshTokenLifetimeMs, DEFAULTS.refreshTokenLifetimeMs),
    apiBasePath,
    antiCsrf: oneOf('antiCsrf', options.antiCsrf, ['VIA_CUSTOM_HEADER', 'VIA_TOKEN', 'NONE'], DEFAULTS.antiCsrf),
    defaultAuthMode: oneOf('defaultAuthMode', options.defaultAuthMode, ['cookie', 'header'], DEFAULTS.defaultAuthMode),
    allowedOrigins,
    cookieSameSite: oneOf('cookieSameSite', options.cookieSameSite, ['lax', 'strict', 'none'], DEFAULTS.cookieSameSite),
    cookieSecure: options.cookieSecure ?? DEFAULTS.cookieSecure,
    webRoot: options.webRoot,
    staticMounts,
    testControl: options.testControl ?? DEFAULTS.testControl,
    olderCookieDomain: options.olderCookieDomain,
    olderCookiePath: path('olderCookiePath', options.olderCookiePath ?? (apiBasePath === '' ? '/' : apiBasePath)),
    now: options.now ?? Date.now,
    oauthTokenPath: path('oauthTokenPath', options.oauthTokenPath ?? DEFAULTS.oauthTokenPath),
    oauthRevocationPath: path('oauthRevocationPath', options.oauthRevocationPath ?? DEFAULTS.oauthRevocationPath),
    oauthClientId: nonEmpty('oauthClientId', options.oauthClientId ?? DEFAULTS.oauthClientId),
  };
}
