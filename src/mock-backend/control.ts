/**
 * Test-control state (forced errors, runtime knobs, counters, request log) and `MockControl`, the
 * in-process twin of the `/__mock` HTTP API. Tests reach into the backend only through here.
 */
import { InvalidInputError, SESSION_ERROR_TYPES, isSessionErrorType } from './errors.js';
import type { SessionErrorType } from './errors.js';
import type { GrantStore } from './oauth2/grants.js';
import type { ResolvedOptions } from './options.js';
import type { SessionStore } from './sessions.js';
import type { TokenIssuer } from './tokens.js';

export type ForceTarget = 'api' | 'refresh' | 'signout';

export interface ForceRequest {
  /** The error the next matching requests answer with. */
  error: SessionErrorType;
  /** How many requests; -1 = until reset. Default 1. */
  times?: number;
  /** Which requests: session-checking API routes, the refresh endpoint, or sign-out. Default 'api'. */
  on?: ForceTarget;
}

export interface ForcedError {
  readonly error: SessionErrorType;
  readonly on: ForceTarget;
  /** Requests still to answer with this error; -1 = until reset. */
  readonly remaining: number;
}

/**
 * What the OAuth2 token endpoint answers a forced `grant_type=refresh_token` request with:
 * `invalid_grant` (400, and the presented token's family is revoked, as a server that ended the grant
 * would), `too_many_requests` (429, `Retry-After: 1`), `server_error` (500) or `temporarily_unavailable`
 * (503, `Retry-After: 1`).
 */
export type OAuthForcedErrorType = 'invalid_grant' | 'too_many_requests' | 'server_error' | 'temporarily_unavailable';

export interface OAuthForceRequest {
  error: OAuthForcedErrorType;
  /** How many refreshes; -1 = until reset. Default 1. */
  times?: number;
}

export interface OAuthForcedError {
  readonly error: OAuthForcedErrorType;
  readonly remaining: number;
}

export interface MockConfigUpdate {
  accessTokenLifetimeMs?: number;
  /**
   * Delay before the refresh endpoint (and the OAuth2 token endpoint's refresh grant) handles a request
   * (for "tab closed mid-refresh" tests). Setting it
   * again lets the refreshes already held through at once, so a test can hold one as long as it needs.
   */
  refreshDelayMs?: number;
  /** null = host-only. */
  olderCookieDomain?: string | null;
  olderCookiePath?: string;
}

export interface MockConfig {
  readonly accessTokenLifetimeMs: number;
  readonly refreshDelayMs: number;
  readonly olderCookieDomain: string | null;
  readonly olderCookiePath: string;
}

export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  /** null while the response is in flight; 0 if the client went away before an answer. */
  readonly status: number | null;
  readonly origin: string | null;
  readonly rid: string | null;
  readonly stAuthMode: string | null;
  readonly antiCsrf: boolean;
  readonly authorization: boolean;
  /** Every cookie name sent, duplicates kept. */
  readonly cookieNames: readonly string[];
  /** Arrival time, ms since epoch. */
  readonly at: number;
}

export interface MockStats {
  /** Requests that reached the refresh handler (whatever the answer). */
  readonly refreshCalls: number;
  /** Sessions created by sign-in (wrong credentials do not count). */
  readonly signIns: number;
  /** Requests that reached the sign-out handler. */
  readonly signOuts: number;
  /** Requests to `/api/*` routes. */
  readonly apiCalls: number;
  /** OAuth2 families started by the password grant (wrong credentials do not count). */
  readonly oauthGrants: number;
  /** `grant_type=refresh_token` requests that reached the token endpoint (whatever the answer). */
  readonly oauthRefreshCalls: number;
  /** Spent refresh tokens presented again (each presentation; the first revokes the family). */
  readonly reuseDetections: number;
  /** Requests that reached the revocation endpoint (whatever the answer). */
  readonly revocations: number;
  /** The last 1000 requests, oldest first, `/__mock` and static files excluded. */
  readonly requests: readonly RequestRecord[];
}

export interface MockOAuthGrantInfo {
  readonly id: string;
  readonly userId: string;
  readonly clientId: string;
  readonly scope: string | null;
  /** null while the family is live. */
  readonly revokedBy: 'reuse' | 'revocation' | 'forced' | 'control' | null;
  /** `spent`: every rotated-out refresh token, oldest first (presenting one again is a reuse). */
  readonly refreshTokens: { readonly current: string; readonly spent: readonly string[] };
}

export interface MockSessionInfo {
  readonly handle: string;
  readonly userId: string;
  readonly revoked: boolean;
  readonly refreshTokens: { readonly current: string; readonly previous: readonly string[] };
}

/** The `/__mock` operations, in-process. Bad input throws `InvalidInputError` (a TypeError). */
export interface MockControl {
  /** Queue a forced error; returns the whole queue. @example control.force({ error: 'TRY_REFRESH_TOKEN', times: -1 }) */
  force(request: ForceRequest): ForcedError[];
  /** Change runtime knobs; returns the config now in effect. Call with no argument to read it. */
  config(update?: MockConfigUpdate): MockConfig;
  /** Every access token issued so far (SuperTokens and OAuth2) now fails as expired; sessions and grants stay refreshable. */
  expire(): { expiredTokens: number };
  /** Revoke every session and every OAuth2 grant server-side. */
  revoke(): { revokedSessions: number; revokedGrants: number };
  /** Queue a forced answer of the OAuth2 token endpoint's refresh grant; returns the whole queue. @example control.forceOAuth({ error: 'invalid_grant' }) */
  forceOAuth(request: OAuthForceRequest): OAuthForcedError[];
  /** The OAuth2 grants (token families), oldest first. */
  oauthGrants(): MockOAuthGrantInfo[];
  stats(): MockStats;
  /** Back to a fresh backend: counters, log, forced errors, knobs, sessions. */
  reset(): void;
  sessions(): MockSessionInfo[];
}

const FORCE_TARGETS: readonly ForceTarget[] = ['api', 'refresh', 'signout'];
const OAUTH_ERRORS: readonly OAuthForcedErrorType[] = ['invalid_grant', 'too_many_requests', 'server_error', 'temporarily_unavailable'];
const MAX_RECORDS = 1000;
const NO_COUNTS = { refreshCalls: 0, signIns: 0, signOuts: 0, apiCalls: 0, oauthGrants: 0, oauthRefreshCalls: 0, reuseDetections: 0, revocations: 0 };
type Counter = keyof typeof NO_COUNTS;

/** Mutable state shared by the routes and the control API. */
export class ControlState {
  readonly #defaults: MockConfig;
  #config: MockConfig;
  #forced: ForcedError[] = [];
  #oauthForced: OAuthForcedError[] = [];
  #counters: Record<Counter, number> = { ...NO_COUNTS };
  #records: { -readonly [K in keyof RequestRecord]: RequestRecord[K] }[] = [];
  /** Refreshes being held back by refreshDelayMs; setting refreshDelayMs again lets them through. */
  readonly #held = new Set<() => void>();

  constructor(options: ResolvedOptions) {
    this.#defaults = {
      accessTokenLifetimeMs: options.accessTokenLifetimeMs,
      refreshDelayMs: 0,
      olderCookieDomain: options.olderCookieDomain ?? null,
      olderCookiePath: options.olderCookiePath,
    };
    this.#config = this.#defaults;
  }

  get config(): MockConfig {
    return this.#config;
  }

  /** Registers a held refresh; returns the unregister function. */
  hold(release: () => void): () => void {
    this.#held.add(release);
    return () => this.#held.delete(release);
  }

  count(counter: Counter): void {
    this.#counters[counter] += 1;
  }

  /** The forced error for this request, if any; consumes one use of it. */
  takeForced(site: ForceTarget): SessionErrorType | undefined {
    return takeFrom(this.#forced, (entry) => entry.on === site)?.error;
  }

  /** The forced answer for this OAuth2 refresh, if any; consumes one use of it. */
  takeOAuthForced(): OAuthForcedErrorType | undefined {
    return takeFrom(this.#oauthForced, () => true)?.error;
  }

  /** Logs a request at arrival; the caller fills in its status when the response ends, or drops it. */
  record(entry: Omit<RequestRecord, 'status'>): { finish(status: number): void; drop(): void } {
    const record = { ...entry, status: null as number | null };
    this.#records.push(record);
    if (this.#records.length > MAX_RECORDS) this.#records.splice(0, this.#records.length - MAX_RECORDS);
    return {
      finish: (status) => {
        record.status = status;
      },
      drop: () => {
        const index = this.#records.indexOf(record);
        if (index !== -1) this.#records.splice(index, 1);
      },
    };
  }

  force(input: unknown): ForcedError[] {
    const body = expectObject(input, ['error', 'times', 'on'], 'force');
    const { error, times = 1, on = 'api' } = body;
    if (!isSessionErrorType(error)) {
      throw new InvalidInputError(`force: error must be one of ${SESSION_ERROR_TYPES.join(', ')}, got ${JSON.stringify(error)}`);
    }
    const remaining = expectTimes(times, 'force');
    if (!FORCE_TARGETS.includes(on as ForceTarget)) {
      throw new InvalidInputError(`force: on must be one of ${FORCE_TARGETS.join(', ')}, got ${JSON.stringify(on)}`);
    }
    this.#forced.push({ error, on: on as ForceTarget, remaining });
    return [...this.#forced];
  }

  forceOAuth(input: unknown): OAuthForcedError[] {
    const { error, times = 1 } = expectObject(input, ['error', 'times'], 'forceOAuth');
    if (!OAUTH_ERRORS.includes(error as OAuthForcedErrorType)) {
      throw new InvalidInputError(`forceOAuth: error must be one of ${OAUTH_ERRORS.join(', ')}, got ${JSON.stringify(error)}`);
    }
    this.#oauthForced.push({ error: error as OAuthForcedErrorType, remaining: expectTimes(times, 'forceOAuth') });
    return [...this.#oauthForced];
  }

  updateConfig(input: unknown): MockConfig {
    const body = expectObject(input ?? {}, ['accessTokenLifetimeMs', 'refreshDelayMs', 'olderCookieDomain', 'olderCookiePath'], 'config');
    const next = { ...this.#config };
    // Validate everything before changing anything, so a bad field leaves the config untouched.
    if (body.accessTokenLifetimeMs !== undefined) next.accessTokenLifetimeMs = expectMs(body.accessTokenLifetimeMs, 'accessTokenLifetimeMs');
    if (body.refreshDelayMs !== undefined) next.refreshDelayMs = expectMs(body.refreshDelayMs, 'refreshDelayMs');
    if (body.olderCookieDomain !== undefined) {
      if (body.olderCookieDomain !== null && (typeof body.olderCookieDomain !== 'string' || body.olderCookieDomain === '')) {
        throw new InvalidInputError('config: olderCookieDomain must be a non-empty string or null');
      }
      next.olderCookieDomain = body.olderCookieDomain;
    }
    if (body.olderCookiePath !== undefined) {
      if (typeof body.olderCookiePath !== 'string' || !body.olderCookiePath.startsWith('/')) {
        throw new InvalidInputError("config: olderCookiePath must be a string starting with '/'");
      }
      next.olderCookiePath = body.olderCookiePath;
    }
    this.#config = next;
    if (body.refreshDelayMs !== undefined) for (const release of [...this.#held]) release();
    return next;
  }

  stats(): MockStats {
    return { ...this.#counters, requests: this.#records.map((record) => ({ ...record, cookieNames: [...record.cookieNames] })) };
  }

  reset(): void {
    this.#config = this.#defaults;
    this.#forced = [];
    this.#oauthForced = [];
    this.#counters = { ...NO_COUNTS };
    this.#records = [];
  }
}

export function createControl(state: ControlState, store: SessionStore, issuer: TokenIssuer, grants: GrantStore): MockControl {
  return {
    force: (request) => state.force(request),
    config: (update) => (update === undefined ? state.config : state.updateConfig(update)),
    expire: () => ({ expiredTokens: issuer.expireIssued() + grants.expireIssued() }),
    revoke: () => ({ revokedSessions: store.revokeAll(), revokedGrants: grants.revokeAll() }),
    forceOAuth: (request) => state.forceOAuth(request),
    oauthGrants: () =>
      grants.list().map((grant) => ({
        id: grant.id,
        userId: grant.user.id,
        clientId: grant.clientId,
        scope: grant.scope ?? null,
        revokedBy: grant.endedBy ?? null,
        refreshTokens: { current: grant.currentRefreshToken, spent: [...grant.spent] },
      })),
    stats: () => state.stats(),
    reset: () => {
      state.reset();
      store.clear();
      grants.clear();
    },
    sessions: () =>
      store.list().map((session) => ({
        handle: session.handle,
        userId: session.userId,
        revoked: session.revoked,
        refreshTokens: { current: session.currentRefreshToken, previous: store.rotatedTokens(session) },
      })),
  };
}

function expectObject<K extends string>(input: unknown, keys: readonly K[], operation: string): Partial<Record<K, unknown>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidInputError(`${operation}: expected a JSON object`);
  }
  // Unknown keys are rejected so a typo ("time" for "times") fails loudly instead of being ignored.
  const unknown = Object.keys(input).filter((key) => !(keys as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new InvalidInputError(`${operation}: unknown field(s) ${unknown.join(', ')}; allowed: ${keys.join(', ')}`);
  }
  return input as Partial<Record<K, unknown>>;
}

/** Takes one use of the first entry that matches; drops it when used up (-1 = never). */
function takeFrom<T extends { readonly remaining: number }>(queue: T[], matches: (entry: T) => boolean): T | undefined {
  const index = queue.findIndex(matches);
  const entry = queue[index];
  if (entry === undefined) return undefined;
  if (entry.remaining === 1) queue.splice(index, 1);
  else if (entry.remaining > 1) queue[index] = { ...entry, remaining: entry.remaining - 1 };
  return entry;
}

function expectTimes(times: unknown, operation: string): number {
  if (typeof times !== 'number' || !Number.isInteger(times) || (times < 1 && times !== -1)) {
    throw new InvalidInputError(`${operation}: times must be a positive integer or -1, got ${JSON.stringify(times)}`);
  }
  return times;
}

function expectMs(value: unknown, name: string): number {
  // The upper bound is setTimeout's: beyond it Node silently fires after 1 ms.
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 2_147_483_647) {
    throw new InvalidInputError(`config: ${name} must be a number of ms in [0, 2^31), got ${JSON.stringify(value)}`);
  }
  return value;
}
