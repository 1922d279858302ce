import type { HeaderBag } from '../core/exchange';
import type { OwnCall, Protocol, ProtocolFactory, RefreshAnswer } from '../core/protocol';
import { tabsessionError } from '../errors';
import type { Snapshot } from '../state/store';

/** The tokens of a session as a token protocol keeps them. */
export interface TokenSet {
  accessToken: string;
  /** Absent: the session cannot be refreshed (it ends when the access token is refused). */
  refreshToken?: string | undefined;
  /** When the access token expires, in ms since the epoch. Absent: only the API's refusal says so. */
  expiresAt?: number | undefined;
}

/**
 * What a refresh came to: new tokens; `'ENDED'`, the session is over (in every tab); `'FAILED'`, a
 * failure that keeps the session (REFRESH_FAILED); or a number, rate-limited until then (ms since the
 * epoch): no tab refreshes before it.
 */
export type RefreshResult = TokenSet | 'ENDED' | 'FAILED' | number;

/** The SDK's own fetch for a protocol's calls: through the app's `preAPIHook`/`postAPIHook`, never intercepted. */
export type ProtocolFetch = (url: string, init: RequestInit) => Promise<Response>;

/** A token API described by what differs: how to refresh, and optionally how requests carry the token. */
export interface ProtocolDefinition {
  /** Exchanges `refreshToken` for new tokens. Pass `signal` on the request: aborted, the refresh was abandoned. */
  refresh(refreshToken: string, fetch: ProtocolFetch, signal: AbortSignal): Promise<RefreshResult>;
  /** Puts the access token on a request to the API. Default: `Authorization: Bearer <token>`, unless the caller set one. */
  authorize?(headers: HeaderBag, accessToken: string): void;
  /** True when an API answer means "the access token expired: refresh". Default: status 401. */
  expired?(status: number, header: (name: string) => string | null): boolean;
  /** Ends the session on the server at sign-out; resolve with what went wrong (e.g. the status) to fail it with SIGN_OUT_FAILED. Default: nothing to call. */
  revoke?(tokens: TokenSet, fetch: ProtocolFetch): Promise<string | undefined>;
  /** Turns what the app passes to `adopt()` into tokens. Default: the argument is a `TokenSet`. */
  adopt?(input: unknown): TokenSet;
}

const NO_SESSION: Snapshot = { state: 'NOT_EXISTS', version: '0', rawFrontToken: undefined, antiCsrf: undefined, accessToken: undefined, refreshToken: undefined };

/** The claims of a JWT access token; undefined for an opaque one (or anything that does not decode). */
function claimsOf(token: string | undefined): Record<string, unknown> | undefined {
  const parts = token?.split('.') ?? [];
  if (parts.length !== 3) return undefined;
  try {
    const base64 = (parts[1] as string).replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (char) => char.charCodeAt(0));
    const json: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const bearer = (headers: HeaderBag, accessToken: string) => headers.set('authorization', `Bearer ${accessToken}`);

/**
 * A protocol for a token API of your own (a custom refresh body, a custom header), with everything the
 * built-in ones have: one refresh for every request and every tab, the tokens in the IndexedDB refresh
 * record that orders it, `adopt()`, sign-out in every tab (docs/oauth2.md, "Your own token endpoint").
 *
 * @example
 * const renew = defineProtocol({
 *   async refresh(token, fetch, signal) {
 *     const res = await fetch('https://api.example.com/session/renew', { method: 'POST', body: JSON.stringify({ token }), signal });
 *     if (res.status === 401) return 'ENDED';
 *     if (!res.ok) return 'FAILED';
 *     const { jwt, renew, ttl } = await res.json();
 *     return { accessToken: jwt, refreshToken: renew, expiresAt: Date.now() + ttl * 1000 };
 *   },
 *   authorize: (headers, jwt) => headers.set('x-session', jwt),
 * });
 * createClient({ apiDomain: 'https://api.example.com', protocol: renew });
 */
export function defineProtocol(definition: ProtocolDefinition): ProtocolFactory {
  const { authorize = bearer, expired = (status: number) => status === 401, revoke, adopt = (input: unknown) => input as TokenSet } = definition;
  return ({ config }): Protocol => {
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
    const store = (tokens: TokenSet, previous: Snapshot) => {
      if (typeof tokens?.accessToken !== 'string' || tokens.accessToken === '') throw tabsessionError('INVALID_RESPONSE', 'TS062');
      const { accessToken, refreshToken = previous.refreshToken, expiresAt } = tokens;
      mine = { ...NO_SESSION, state: 'EXISTS', version: next(), accessToken, refreshToken, ...(expiresAt === undefined ? {} : { expiresAt }) };
    };
    /** The definition's fetch, keeping the last answer: the core reads its status for events and errors. */
    const recording = (call: OwnCall) => {
      const last = { response: new Response(null, { status: 400 }) };
      const fetch: ProtocolFetch = async (url, init) => (last.response = await call(url, init));
      return { last, fetch };
    };

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
        if (!own || (stale !== undefined && own === `Bearer ${stale}`)) authorize(request.headers, session.accessToken);
      },
      read: () => ({}),
      expired,
      async refresh(session, call, signal): Promise<[Response, RefreshAnswer]> {
        note(session);
        // No refresh token: nothing to refresh with, the session cannot go on.
        if (session.refreshToken === undefined) return [new Response(null, { status: 400 }), 'ENDED'];
        const { last, fetch } = recording(call);
        let result: RefreshResult;
        try {
          result = await definition.refresh(session.refreshToken, fetch, signal);
        } catch (error) {
          if (signal.aborted) throw signal.reason;
          throw error;
        }
        if (signal.aborted) throw signal.reason; // abandoned: the lock is gone, nothing of the answer is ours
        if (typeof result !== 'object') return [last.response, result];
        try {
          store(result, session);
        } catch (error) {
          config.onDiagnostic(error); // a 200 without tokens: the session is kept, the request fails
          return [last.response, 'FAILED'];
        }
        return [last.response, 'REFRESHED'];
      },
      adopt: (input) => store(adopt(input), NO_SESSION),
      async signOut(session, call) {
        if (!revoke || session.accessToken === undefined) return undefined;
        return revoke({ accessToken: session.accessToken, refreshToken: session.refreshToken, expiresAt: session.expiresAt }, recording(call).fetch);
      },
    };
  };
}
