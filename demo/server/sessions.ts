/**
 * In-memory sessions with rotating refresh tokens.
 *
 * Every refresh replaces the session's refresh token; the old one is remembered, so presenting it again
 * is recognised as token theft (seed 004). This mock is strict: any reuse of a rotated token is theft.
 * (Real SuperTokens tolerates reuse of the parent token until the child access token is first used.)
 */
import { randomUUID } from 'node:crypto';
import { randomToken } from './tokens.js';
import type { DemoUser } from './users.js';

export interface SessionRecord {
  readonly handle: string;
  readonly userId: string;
  readonly email: string;
  readonly role: string;
  readonly createdAt: number;
  revoked: boolean;
  currentRefreshToken: string;
  refreshExpiresAt: number;
  /** Rotated-out refresh tokens, oldest first. */
  readonly previousRefreshTokens: string[];
}

/** What a presented refresh token turns out to be. */
export type RefreshLookup =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'revoked'; readonly session: SessionRecord }
  | { readonly kind: 'rotated'; readonly session: SessionRecord }
  | { readonly kind: 'expired'; readonly session: SessionRecord }
  | { readonly kind: 'current'; readonly session: SessionRecord; readonly antiCsrfToken: string | undefined };

interface RefreshTokenEntry {
  readonly handle: string;
  /** With antiCsrf VIA_TOKEN the refresh call must carry the anti-CSRF token issued with this refresh token. */
  readonly antiCsrfToken: string | undefined;
}

export class SessionStore {
  readonly #sessions = new Map<string, SessionRecord>();
  readonly #refreshTokens = new Map<string, RefreshTokenEntry>();

  create(user: DemoUser, now: number, refreshLifetimeMs: number, antiCsrfToken: string | undefined): SessionRecord {
    const refreshToken = this.#issueRefreshToken(randomUUID(), antiCsrfToken);
    const session: SessionRecord = {
      handle: refreshToken.handle,
      userId: user.id,
      email: user.email,
      role: user.role,
      createdAt: now,
      revoked: false,
      currentRefreshToken: refreshToken.token,
      refreshExpiresAt: now + refreshLifetimeMs,
      previousRefreshTokens: [],
    };
    this.#sessions.set(session.handle, session);
    return session;
  }

  lookupRefreshToken(token: string, now: number): RefreshLookup {
    const entry = this.#refreshTokens.get(token);
    const session = entry === undefined ? undefined : this.#sessions.get(entry.handle);
    if (entry === undefined || session === undefined) return { kind: 'unknown' };
    if (session.revoked) return { kind: 'revoked', session };
    if (session.currentRefreshToken !== token) return { kind: 'rotated', session };
    if (session.refreshExpiresAt <= now) return { kind: 'expired', session };
    return { kind: 'current', session, antiCsrfToken: entry.antiCsrfToken };
  }

  /** Replaces the session's refresh token; the lifetime starts again from now (seed 004). */
  rotate(session: SessionRecord, now: number, refreshLifetimeMs: number, antiCsrfToken: string | undefined): void {
    const next = this.#issueRefreshToken(session.handle, antiCsrfToken);
    session.previousRefreshTokens.push(session.currentRefreshToken);
    session.currentRefreshToken = next.token;
    session.refreshExpiresAt = now + refreshLifetimeMs;
  }

  get(handle: string): SessionRecord | undefined {
    return this.#sessions.get(handle);
  }

  /** True when a live session was revoked by this call. */
  revoke(handle: string): boolean {
    const session = this.#sessions.get(handle);
    if (session === undefined || session.revoked) return false;
    session.revoked = true;
    return true;
  }

  revokeAll(): number {
    let count = 0;
    for (const session of this.#sessions.values()) {
      if (!session.revoked) {
        session.revoked = true;
        count += 1;
      }
    }
    return count;
  }

  clear(): void {
    this.#sessions.clear();
    this.#refreshTokens.clear();
  }

  /** Sessions in creation order. */
  list(): readonly SessionRecord[] {
    return [...this.#sessions.values()];
  }

  #issueRefreshToken(handle: string, antiCsrfToken: string | undefined): { handle: string; token: string } {
    const token = randomToken();
    this.#refreshTokens.set(token, { handle, antiCsrfToken });
    return { handle, token };
  }
}
