import type { OwnCall, Protocol, ProtocolFactory, RefreshAnswer } from '../core/protocol';
import { retryAfterOf } from '../core/cooldown';
import { TabsessionError } from '../errors';
import type { Snapshot } from '../state/store';

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
const NO_SESSION: Snapshot = { state: 'NOT_EXISTS', version: '0', rawFrontToken: undefined, antiCsrf: undefined, accessToken: undefined, refreshToken: undefined };

/** The claims of a JWT access token; undefined for an opaque one (or anything that does not decode). */
function claimsOf(token: string | undefined): Record<string, unknown> | undefined {
  const part = token?.split('.')[1];
  if (token?.split('.').length !== 3 || !part) return undefined;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const json: unknown = JSON.parse(decodeURIComponent(escape(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)))));
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

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
  if (typeof tokenEndpoint !== 'string' || typeof clientId !== 'string') {
    throw new TabsessionError('CONFIG', 'oauth2() needs a tokenEndpoint and a clientId');
  }
  return ({ config }): Protocol => {
    const report = config.onDiagnostic;
    let mine: Snapshot = NO_SESSION;
    /** The highest version this tab has seen (its own or the record's): every change goes past it. */
    let seen = 0;
    const note = (session: Snapshot) => {
      seen = Math.max(seen, Number(session.version) || 0);
    };
    const next = () => {
      seen = Math.max(Date.now(), Math.max(seen, Number(mine.version)) + 1);
      return String(seen);
    };
    /** Stores a token response; false (and a diagnostic) when it has no access token. */
    const store = (tokens: Partial<OAuth2Tokens> | null | undefined, previous: Snapshot): boolean => {
      if (typeof tokens?.access_token !== 'string' || tokens.access_token === '') {
        report(new TabsessionError('INVALID_RESPONSE', 'the token response has no access_token'));
        return false;
      }
      const lifetime = Number(tokens.expires_in);
      mine = {
        ...NO_SESSION,
        state: 'EXISTS',
        version: next(),
        accessToken: tokens.access_token,
        // RFC 6749 section 6: the server may keep the refresh token; then the old one stays valid.
        refreshToken: typeof tokens.refresh_token === 'string' ? tokens.refresh_token : previous.refreshToken,
        ...(lifetime > 0 ? { expiresAt: Date.now() + lifetime * 1000 } : {}),
      };
      return true;
    };
    const post = (call: OwnCall, url: string, params: Record<string, string>, signal?: AbortSignal) =>
      call(url, { method: 'POST', headers: FORM, body: new URLSearchParams({ ...params, client_id: clientId }).toString(), ...(signal ? { signal } : {}) });

    return {
      inRecord: true,
      store: {
        snapshot: () => mine,
        clear() {
          const existed = mine.state === 'EXISTS';
          mine = { ...NO_SESSION, version: next() };
          return existed;
        },
        bumpVersion() {
          mine = { ...mine, version: next() };
        },
      },
      identity(session) {
        if (session.state !== 'EXISTS') return undefined;
        const claims = claimsOf(session.accessToken) ?? {};
        return { uid: typeof claims['sub'] === 'string' ? claims['sub'] : '', up: claims, ate: session.expiresAt ?? Number.MAX_SAFE_INTEGER };
      },

      decorate(request, session, stale) {
        note(session);
        if (session.state !== 'EXISTS' || session.accessToken === undefined) return;
        const own = request.headers.get('authorization');
        if (!own || (stale !== undefined && own === `Bearer ${stale}`)) request.headers.set('authorization', `Bearer ${session.accessToken}`);
      },
      read: () => ({}),
      /** RFC 6750 section 3.1: only an invalid (expired, revoked) token is worth a refresh. */
      expired: (status, header) => status === 401 && /\berror="?invalid_token\b/.test(header('www-authenticate') ?? ''),

      async refresh(session, call, signal): Promise<[Response, RefreshAnswer]> {
        note(session);
        const token = session.refreshToken;
        // No refresh token: nothing to refresh with, the session cannot go on.
        if (token === undefined) return [new Response(null, { status: 400 }), 'ENDED'];
        const params: Record<string, string> = { grant_type: 'refresh_token', refresh_token: token };
        if (scope !== undefined) params['scope'] = scope;
        const response = await post(call, tokenEndpoint, params, signal);
        let body: (Partial<OAuth2Tokens> & { error?: unknown }) | undefined;
        try {
          body = (await response.json()) as typeof body; // the SDK's own answer: nobody else reads its body
        } catch {
          body = undefined;
        }
        if (signal.aborted) throw signal.reason; // abandoned: the lock is gone, nothing of the answer is ours
        if (response.ok) return [response, store(body, session) ? 'REFRESHED' : 'FAILED'];
        // RFC 6749 section 5.2: the grant is over (expired, revoked, reused). Anything else keeps it.
        if (body?.error === 'invalid_grant') return [response, 'ENDED'];
        return [response, retryAfterOf(response.status, response.headers.get('retry-after'), Date.now()) ?? 'FAILED'];
      },

      adopt(tokens) {
        if (!store(tokens as Partial<OAuth2Tokens> | undefined, NO_SESSION)) throw new TabsessionError('INVALID_RESPONSE', 'adopt() needs a token response with an access_token');
      },

      /** RFC 7009: the refresh token's revocation ends the whole grant on servers that follow section 2.1. */
      async signOut(session, call) {
        const token = session.refreshToken ?? session.accessToken;
        if (revocationEndpoint === undefined || token === undefined) return undefined;
        const response = await post(call, revocationEndpoint, { token, token_type_hint: session.refreshToken ? 'refresh_token' : 'access_token' });
        return response.ok ? undefined : ` (${response.status})`;
      },
    };
  };
}
