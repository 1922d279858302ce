import { retryAfterOf } from '../core/cooldown';
import type { ProtocolFactory } from '../core/protocol';
import { tabsessionError } from '../errors';
import { defineProtocol, type ProtocolFetch, type TokenSet } from './define';

export { defineProtocol, type ProtocolDefinition, type ProtocolFetch, type RefreshResult, type TokenSet } from './define';
export type { HeaderBag } from '../core/exchange';

/** Options of `oauth2()`. */
export interface OAuth2Options {
  /** The token endpoint (RFC 6749 section 3.2), e.g. `https://id.example.com/oauth/token`. */
  tokenEndpoint: string;
  /** The app's public client id, sent with every refresh and revocation. */
  clientId: string;
  /** The revocation endpoint (RFC 7009). Without it, sign-out only forgets the tokens in every tab. */
  revocationEndpoint?: string;
  /** Asked for on refresh (it may narrow, never widen, the grant's scope). Default: the grant's. */
  scope?: string;
}

/** A token response (RFC 6749 section 5.1), as `adopt` and the refresh take it. */
export interface OAuth2Tokens {
  access_token: string;
  refresh_token?: string;
  /** Lifetime of the access token in seconds. */
  expires_in?: number;
  token_type?: string;
  scope?: string;
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** RFC 6749 section 5.1 to tokens; the expiry from `expires_in`. */
const tokensOf = (response: Partial<OAuth2Tokens> | null | undefined): TokenSet => {
  const lifetime = Number(response?.expires_in);
  return {
    accessToken: response?.access_token as string,
    refreshToken: typeof response?.refresh_token === 'string' ? response.refresh_token : undefined,
    expiresAt: lifetime > 0 ? Date.now() + lifetime * 1000 : undefined,
  };
};

/**
 * OAuth2 refresh tokens (RFC 6749 section 6), rotated or not, shared by every tab: `Authorization: Bearer`
 * on requests to the API, one refresh for every request and tab when the API answers 401 with
 * `WWW-Authenticate: Bearer error="invalid_token"`, RFC 7009 revocation on sign-out. The tokens live in
 * this tab's memory and in the IndexedDB refresh record that orders the refresh across tabs
 * (docs/oauth2.md), never in cookies or localStorage.
 *
 * @example
 * import { createClient, createFetch } from 'tabsession';
 * import { oauth2 } from 'tabsession/oauth2';
 * const session = createClient({
 *   apiDomain: 'https://api.example.com',
 *   protocol: oauth2({ tokenEndpoint: 'https://id.example.com/oauth/token', clientId: 'spa', revocationEndpoint: 'https://id.example.com/oauth/revoke' }),
 * });
 * await session.adopt(tokenResponse); // after the app's authorization-code exchange
 * const orders = await createFetch(session)('https://api.example.com/orders');
 */
export function oauth2(options: OAuth2Options): ProtocolFactory {
  const { tokenEndpoint, clientId, revocationEndpoint, scope } = options;
  // Development builds only, as the options of init() (docs/production.md).
  if (typeof process !== 'undefined' && process.env.NODE_ENV !== 'production' && (typeof tokenEndpoint !== 'string' || typeof clientId !== 'string')) {
    throw tabsessionError('CONFIG', 'TS061');
  }
  const post = (fetch: ProtocolFetch, url: string, params: Record<string, string>, signal?: AbortSignal) =>
    fetch(url, { method: 'POST', headers: FORM, body: new URLSearchParams({ ...params, client_id: clientId }).toString(), ...(signal ? { signal } : {}) });

  return defineProtocol({
    async refresh(token, fetch, signal) {
      const params: Record<string, string> = { grant_type: 'refresh_token', refresh_token: token };
      if (scope !== undefined) params['scope'] = scope;
      const response = await post(fetch, tokenEndpoint, params, signal);
      let body: (Partial<OAuth2Tokens> & { error?: unknown }) | undefined;
      try {
        body = (await response.json()) as typeof body; // the SDK's own answer: nobody else reads its body
      } catch {
        body = undefined;
      }
      if (response.ok) return tokensOf(body);
      // RFC 6749 section 5.2: the grant is over (expired, revoked, reused). Anything else keeps it.
      if (body?.error === 'invalid_grant') return 'ENDED';
      return retryAfterOf(response.status, response.headers.get('retry-after'), Date.now()) ?? 'FAILED';
    },
    /** RFC 6750 section 3.1: only an invalid (expired, revoked) token is worth a refresh. */
    expired: (status, header) => status === 401 && /\berror="?invalid_token\b/.test(header('www-authenticate') ?? ''),
    /** RFC 7009: the refresh token's revocation ends the whole grant on servers that follow section 2.1. */
    async revoke({ accessToken, refreshToken }, fetch) {
      if (revocationEndpoint === undefined) return undefined;
      const hint = refreshToken === undefined ? 'access_token' : 'refresh_token';
      const response = await post(fetch, revocationEndpoint, { token: refreshToken ?? accessToken, token_type_hint: hint });
      return response.ok ? undefined : String(response.status);
    },
    adopt: (input) => tokensOf(input as Partial<OAuth2Tokens>),
  });
}
