/**
 * OAuth2 grants with strict refresh-token rotation and reuse detection (RFC 6749 section 10.4, RFC 9700
 * section 4.14.2): every refresh spends the presented refresh token and issues a new one; a spent token
 * presented again revokes its whole family (the grant: every access and refresh token descended from the
 * same sign-in). Unlike the SuperTokens sessions (sessions.ts) there is no grace for the parent: a lost
 * refresh response is a logout, which is what a client that shares one refresh across tabs must avoid.
 *
 * Every operation is synchronous, so two refreshes racing with one token cannot both pass the check.
 */
import { randomToken } from '../tokens.js';
import type { DemoUser } from '../users.js';

/** Prefixes make the mock's opaque tokens recognisable, so a stale one gets `invalid_token`, not a SuperTokens answer. */
export const ACCESS_PREFIX = 'mock_at_';
export const REFRESH_PREFIX = 'mock_rt_';

export type GrantEnd = 'reuse' | 'revocation' | 'forced' | 'control';

export interface Grant {
  readonly id: string;
  readonly user: DemoUser;
  readonly clientId: string;
  /** Space-separated, as granted at sign-in; undefined when none was asked for. */
  readonly scope: string | undefined;
  /** Why the family was revoked, once it is. */
  endedBy: GrantEnd | undefined;
  currentRefreshToken: string;
  refreshExpiresAt: number;
  /** Rotated-out refresh tokens, oldest first: presenting one again is a reuse. */
  readonly spent: string[];
}

interface AccessEntry {
  readonly grantId: string;
  readonly scope: string | undefined;
  readonly expiresAt: number;
  /** Issue order, so "expire every token issued so far" needs no clock. */
  readonly serial: number;
  revoked: boolean;
}

export interface IssuedPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
  readonly scope: string | undefined;
}

export type RefreshOutcome =
  | { readonly kind: 'ok'; readonly grant: Grant; readonly pair: IssuedPair }
  | { readonly kind: 'unknown' | 'revoked' | 'expired' | 'reused' | 'scope' };

export type AccessCheck =
  | { readonly kind: 'ok'; readonly grant: Grant; readonly scope: string | undefined }
  | { readonly kind: 'unknown' | 'expired' | 'revoked' };

export interface Lifetimes {
  readonly now: number;
  readonly accessMs: number;
  readonly refreshMs: number;
}

export class GrantStore {
  readonly #grants = new Map<string, Grant>();
  readonly #refreshTokens = new Map<string, string>();
  readonly #accessTokens = new Map<string, AccessEntry>();
  #lastSerial = 0;
  #expiredThrough = 0;

  /** A new family, as the password grant starts one. */
  create(user: DemoUser, clientId: string, scope: string | undefined, at: Lifetimes): { grant: Grant; pair: IssuedPair } {
    const id = crypto.randomUUID();
    const grant: Grant = {
      id,
      user,
      clientId,
      scope,
      endedBy: undefined,
      currentRefreshToken: this.#newRefreshToken(id),
      refreshExpiresAt: at.now + at.refreshMs,
      spent: [],
    };
    this.#grants.set(grant.id, grant);
    return { grant, pair: this.#pair(grant, scope, at) };
  }

  /**
   * RFC 6749 section 6. A spent token revokes the family (and says `reused`); a live one is spent and
   * replaced. `scope` must be within the grant's (section 6: "MUST NOT include any scope not originally granted").
   */
  refresh(token: string, scope: string | undefined, at: Lifetimes): RefreshOutcome {
    const grant = this.#grants.get(this.#refreshTokens.get(token) ?? '');
    if (grant === undefined) return { kind: 'unknown' };
    if (grant.spent.includes(token)) {
      this.revokeGrant(grant, 'reuse');
      return { kind: 'reused' };
    }
    if (grant.endedBy !== undefined) return { kind: 'revoked' };
    if (grant.refreshExpiresAt <= at.now) return { kind: 'expired' };
    if (scope !== undefined && !isWithin(scope, grant.scope)) return { kind: 'scope' };
    grant.spent.push(token);
    grant.currentRefreshToken = this.#newRefreshToken(grant.id);
    grant.refreshExpiresAt = at.now + at.refreshMs;
    return { kind: 'ok', grant, pair: this.#pair(grant, scope ?? grant.scope, at) };
  }

  checkAccess(token: string, now: number): AccessCheck {
    const entry = this.#accessTokens.get(token);
    const grant = entry === undefined ? undefined : this.#grants.get(entry.grantId);
    if (entry === undefined || grant === undefined) return { kind: 'unknown' };
    if (entry.revoked || grant.endedBy !== undefined) return { kind: 'revoked' };
    if (entry.expiresAt <= now || entry.serial <= this.#expiredThrough) return { kind: 'expired' };
    return { kind: 'ok', grant, scope: entry.scope };
  }

  /**
   * RFC 7009: a refresh token (current or spent) revokes its family, as section 2.1 recommends; an access
   * token only itself. Unknown tokens are no error (section 2.2). The mock has one client, so every token
   * is the caller's.
   */
  revokeToken(token: string): void {
    const grant = this.grantOf(token);
    if (grant !== undefined) this.revokeGrant(grant, 'revocation');
    const access = this.#accessTokens.get(token);
    if (access !== undefined) access.revoked = true;
  }

  /** True when the family was live. */
  revokeGrant(grant: Grant, by: GrantEnd): boolean {
    if (grant.endedBy !== undefined) return false;
    grant.endedBy = by;
    return true;
  }

  /** The family a refresh token belongs to, if any. */
  grantOf(refreshToken: string): Grant | undefined {
    return this.#grants.get(this.#refreshTokens.get(refreshToken) ?? '');
  }

  revokeAll(): number {
    let count = 0;
    for (const grant of this.#grants.values()) if (this.revokeGrant(grant, 'control')) count += 1;
    return count;
  }

  /** Every access token issued so far fails as expired; returns how many that is. */
  expireIssued(): number {
    const count = this.#lastSerial - this.#expiredThrough;
    this.#expiredThrough = this.#lastSerial;
    return count;
  }

  list(): readonly Grant[] {
    return [...this.#grants.values()];
  }

  clear(): void {
    this.#grants.clear();
    this.#refreshTokens.clear();
    this.#accessTokens.clear();
  }

  #newRefreshToken(grantId: string): string {
    const token = `${REFRESH_PREFIX}${randomToken()}`;
    this.#refreshTokens.set(token, grantId);
    return token;
  }

  #pair(grant: Grant, scope: string | undefined, at: Lifetimes): IssuedPair {
    const accessToken = `${ACCESS_PREFIX}${randomToken()}`;
    this.#lastSerial += 1;
    this.#accessTokens.set(accessToken, { grantId: grant.id, scope, expiresAt: at.now + at.accessMs, serial: this.#lastSerial, revoked: false });
    return { accessToken, refreshToken: grant.currentRefreshToken, expiresIn: Math.ceil(at.accessMs / 1000), scope };
  }
}

/** Scope strings as sets of space-separated tokens (RFC 6749 section 3.3); undefined when empty. */
export function normaliseScope(scope: string | undefined): string | undefined {
  const normal = [...new Set((scope ?? '').split(' ').filter((s) => s !== ''))].join(' ');
  return normal === '' ? undefined : normal;
}

function isWithin(requested: string, granted: string | undefined): boolean {
  const allowed = new Set((granted ?? '').split(' '));
  return requested.split(' ').every((s) => allowed.has(s));
}
