/**
 * In-memory sessions with rotating refresh tokens.
 *
 * Every refresh replaces the session's refresh token; the old ones are remembered, so presenting one
 * again is recognised as token theft (TOKEN_THEFT_DETECTED, docs/protocol.md section 4). As in SuperTokens, the token just rotated out (the
 * parent) stays acceptable until the client shows it got the new tokens: by using the new refresh token
 * or an access token issued with it. So a refresh whose response was lost (a tab closed, a network drop)
 * is not mistaken for theft; any older token, or the parent after that first use, is.
 */
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
  /** Rotated-out refresh tokens that are theft if presented again, oldest first. */
  readonly previousRefreshTokens: string[];
  /** The token rotated out last, still accepted until the child is used. */
  parentRefreshToken: string | undefined;
  /** The `jti` of the first access token issued with the current refresh token, once there is a parent. */
  childFirstJti: number | undefined;
}

/** What a presented refresh token turns out to be. */
export type RefreshLookup =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'revoked'; readonly session: SessionRecord }
  | { readonly kind: 'rotated'; readonly session: SessionRecord }
  | { readonly kind: 'expired'; readonly session: SessionRecord }
  | { readonly kind: 'current'; readonly session: SessionRecord; readonly antiCsrfToken: string | undefined }
  /** The parent, in its grace period: refreshing with it again issues a new child. */
  | { readonly kind: 'parent'; readonly session: SessionRecord; readonly antiCsrfToken: string | undefined };

interface RefreshTokenEntry {
  readonly handle: string;
  /** With antiCsrf VIA_TOKEN the refresh call must carry the anti-CSRF token issued with this refresh token. */
  readonly antiCsrfToken: string | undefined;
}

export class SessionStore {
  readonly #sessions = new Map<string, SessionRecord>();
  readonly #refreshTokens = new Map<string, RefreshTokenEntry>();

  create(user: DemoUser, now: number, refreshLifetimeMs: number, antiCsrfToken: string | undefined): SessionRecord {
    const refreshToken = this.#issueRefreshToken(crypto.randomUUID(), antiCsrfToken);
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
      parentRefreshToken: undefined,
      childFirstJti: undefined,
    };
    this.#sessions.set(session.handle, session);
    return session;
  }

  lookupRefreshToken(token: string, now: number): RefreshLookup {
    const entry = this.#refreshTokens.get(token);
    const session = entry === undefined ? undefined : this.#sessions.get(entry.handle);
    if (entry === undefined || session === undefined) return { kind: 'unknown' };
    if (session.revoked) return { kind: 'revoked', session };
    const kind = session.currentRefreshToken === token ? 'current' : session.parentRefreshToken === token ? 'parent' : 'rotated';
    if (kind === 'rotated') return { kind, session };
    if (session.refreshExpiresAt <= now) return { kind: 'expired', session };
    return { kind, session, antiCsrfToken: entry.antiCsrfToken };
  }

  /**
   * Replaces the session's refresh token; the lifetime starts again from now (as SuperTokens' do: a user who keeps coming back stays signed in). From the current
   * token, the current one becomes the parent (and the old parent is finalised); from the parent, the
   * child that was never used is dropped and the parent keeps its grace.
   */
  rotate(session: SessionRecord, presented: 'current' | 'parent', now: number, refreshLifetimeMs: number, antiCsrfToken: string | undefined): void {
    const next = this.#issueRefreshToken(session.handle, antiCsrfToken);
    if (presented === 'parent') {
      session.previousRefreshTokens.push(session.currentRefreshToken);
    } else {
      if (session.parentRefreshToken !== undefined) session.previousRefreshTokens.push(session.parentRefreshToken);
      session.parentRefreshToken = session.currentRefreshToken;
    }
    session.currentRefreshToken = next.token;
    session.childFirstJti = undefined;
    session.refreshExpiresAt = now + refreshLifetimeMs;
  }

  /** The client used an access token with this `jti`: if it came with the current refresh token, the parent's grace ends. */
  accessTokenUsed(session: SessionRecord, jti: number): void {
    if (session.parentRefreshToken === undefined || session.childFirstJti === undefined || jti < session.childFirstJti) return;
    session.previousRefreshTokens.push(session.parentRefreshToken);
    session.parentRefreshToken = undefined;
  }

  /** Every rotated-out token, oldest first; the last may still be the parent in its grace period. */
  rotatedTokens(session: SessionRecord): string[] {
    return session.parentRefreshToken === undefined ? [...session.previousRefreshTokens] : [...session.previousRefreshTokens, session.parentRefreshToken];
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
