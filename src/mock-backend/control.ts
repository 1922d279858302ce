/**
 * Test-control state (forced errors, runtime knobs, counters, request log) and `MockControl`, the
 * in-process twin of the `/__mock` HTTP API. Tests reach into the backend only through here.
 */
import { InvalidInputError, SESSION_ERROR_TYPES, isSessionErrorType } from './errors.js';
import type { SessionErrorType } from './errors.js';
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

export interface MockConfigUpdate {
  accessTokenLifetimeMs?: number;
  /**
   * Delay before the refresh endpoint handles a request (for "tab closed mid-refresh" tests). Setting it
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
  /** The last 1000 requests, oldest first, `/__mock` and static files excluded. */
  readonly requests: readonly RequestRecord[];
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
  /** Every access token issued so far now fails as expired; sessions stay refreshable. */
  expire(): { expiredTokens: number };
  /** Revoke every session server-side. */
  revoke(): { revokedSessions: number };
  stats(): MockStats;
  /** Back to a fresh backend: counters, log, forced errors, knobs, sessions. */
  reset(): void;
  sessions(): MockSessionInfo[];
}

const FORCE_TARGETS: readonly ForceTarget[] = ['api', 'refresh', 'signout'];
const MAX_RECORDS = 1000;
type Counter = 'refreshCalls' | 'signIns' | 'signOuts' | 'apiCalls';

/** Mutable state shared by the routes and the control API. */
export class ControlState {
  readonly #defaults: MockConfig;
  #config: MockConfig;
  #forced: ForcedError[] = [];
  #counters: Record<Counter, number> = { refreshCalls: 0, signIns: 0, signOuts: 0, apiCalls: 0 };
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
    const index = this.#forced.findIndex((entry) => entry.on === site);
    const entry = this.#forced[index];
    if (entry === undefined) return undefined;
    if (entry.remaining === 1) this.#forced.splice(index, 1);
    else if (entry.remaining > 1) this.#forced[index] = { ...entry, remaining: entry.remaining - 1 };
    return entry.error;
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
    if (typeof times !== 'number' || !Number.isInteger(times) || (times < 1 && times !== -1)) {
      throw new InvalidInputError(`force: times must be a positive integer or -1, got ${JSON.stringify(times)}`);
    }
    if (!FORCE_TARGETS.includes(on as ForceTarget)) {
      throw new InvalidInputError(`force: on must be one of ${FORCE_TARGETS.join(', ')}, got ${JSON.stringify(on)}`);
    }
    this.#forced.push({ error, on: on as ForceTarget, remaining: times });
    return [...this.#forced];
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
    this.#counters = { refreshCalls: 0, signIns: 0, signOuts: 0, apiCalls: 0 };
    this.#records = [];
  }
}

export function createControl(state: ControlState, store: SessionStore, issuer: TokenIssuer): MockControl {
  return {
    force: (request) => state.force(request),
    config: (update) => (update === undefined ? state.config : state.updateConfig(update)),
    expire: () => ({ expiredTokens: issuer.expireIssued() }),
    revoke: () => ({ revokedSessions: store.revokeAll() }),
    stats: () => state.stats(),
    reset: () => {
      state.reset();
      store.clear();
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

function expectMs(value: unknown, name: string): number {
  // The upper bound is setTimeout's: beyond it Node silently fires after 1 ms.
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 2_147_483_647) {
    throw new InvalidInputError(`config: ${name} must be a number of ms in [0, 2^31), got ${JSON.stringify(value)}`);
  }
  return value;
}
