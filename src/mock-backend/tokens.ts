/**
 * Access tokens (HS256 JWTs signed with a per-instance random secret), opaque refresh and anti-CSRF
 * tokens, and the `front-token` header encoding.
 */
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import { toBase64 } from './http.js';

/** The part of the access-token payload the frontend sees as `up` (front-token) and `payload` (/api/user). */
export interface UserPayload {
  readonly role: string;
  readonly email: string;
}

export interface AccessTokenClaims {
  readonly sub: string;
  readonly sessionHandle: string;
  readonly up: UserPayload;
  /** Access-token expiry in ms: `exp` is whole seconds, too coarse for sub-second test lifetimes. */
  readonly ate: number;
  /** Issue serial, so `/__mock/expire` can expire "every token issued so far" without a clock. */
  readonly jti: string;
  /** Present only with antiCsrf VIA_TOKEN in cookie mode; the request's `anti-csrf` header must match. */
  readonly antiCsrfToken?: string;
}

export type AccessTokenCheck =
  | { readonly ok: true; readonly claims: AccessTokenClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'signature' }
  /** Signature is good but the token is expired; the claims still identify the session. */
  | { readonly ok: false; readonly reason: 'expired'; readonly claims: AccessTokenClaims };

export interface AccessTokenInput {
  readonly userId: string;
  readonly sessionHandle: string;
  readonly up: UserPayload;
  readonly expiresAt: number;
  readonly antiCsrfToken?: string | undefined;
}

/** Issues and verifies access tokens. One per backend instance, so two backends never accept each other's tokens. */
export class TokenIssuer {
  readonly #secret: Uint8Array;
  #lastSerial = 0;
  /** Tokens whose serial is at or below this fail as expired (see `/__mock/expire`). */
  #expiredThrough = 0;

  constructor(secret: Uint8Array = randomBytes(32)) {
    this.#secret = secret;
  }

  async sign(input: AccessTokenInput, now: number): Promise<string> {
    this.#lastSerial += 1;
    const claims: Record<string, unknown> = {
      sessionHandle: input.sessionHandle,
      up: input.up,
      ate: input.expiresAt,
    };
    if (input.antiCsrfToken !== undefined) claims['antiCsrfToken'] = input.antiCsrfToken;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(input.userId)
      .setJti(String(this.#lastSerial))
      .setIssuedAt(Math.floor(now / 1000))
      // Rounded up so jose never calls a token expired before our ms-precise `ate` check does.
      .setExpirationTime(Math.ceil(input.expiresAt / 1000))
      .sign(this.#secret);
  }

  /** Never throws: every failure is a reason the caller maps to TRY_REFRESH_TOKEN. */
  async verify(token: string, now: number): Promise<AccessTokenCheck> {
    if (token.split('.').length !== 3) return { ok: false, reason: 'malformed' };
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.#secret, { algorithms: ['HS256'], currentDate: new Date(now) }));
    } catch (error) {
      // jose verifies the signature before the claims, so an expired token's payload is authentic.
      if (error instanceof joseErrors.JWTExpired) {
        const claims = toClaims(error.payload);
        return claims === undefined ? { ok: false, reason: 'malformed' } : { ok: false, reason: 'expired', claims };
      }
      if (error instanceof joseErrors.JWSSignatureVerificationFailed) return { ok: false, reason: 'signature' };
      return { ok: false, reason: 'malformed' };
    }
    const claims = toClaims(payload);
    if (claims === undefined) return { ok: false, reason: 'malformed' };
    if (claims.ate <= now || Number(claims.jti) <= this.#expiredThrough) return { ok: false, reason: 'expired', claims };
    return { ok: true, claims };
  }

  /** Makes every token issued so far fail as expired; returns how many that is. */
  expireIssued(): number {
    const newlyExpired = this.#lastSerial - this.#expiredThrough;
    this.#expiredThrough = this.#lastSerial;
    return newlyExpired;
  }
}

/** A URL-safe random string: refresh tokens, anti-CSRF tokens, session handles. */
export function randomToken(bytes = 32): string {
  return toBase64(randomBytes(bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Web Crypto, so the engine runs in Node and in a browser alike. */
function randomBytes(count: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(count));
}

export interface FrontTokenContent {
  readonly uid: string;
  readonly ate: number;
  readonly up: UserPayload;
}

/** docs/protocol.md section 3: base64 of the UTF-8 JSON `{"uid","ate","up"}`. */
export function encodeFrontToken(content: FrontTokenContent): string {
  return toBase64(new TextEncoder().encode(JSON.stringify({ uid: content.uid, ate: content.ate, up: content.up })));
}

function toClaims(payload: JWTPayload): AccessTokenClaims | undefined {
  const { sub, jti } = payload;
  const sessionHandle = payload['sessionHandle'];
  const ate = payload['ate'];
  const up = payload['up'];
  const antiCsrfToken = payload['antiCsrfToken'];
  if (typeof sub !== 'string' || typeof jti !== 'string' || typeof sessionHandle !== 'string') return undefined;
  if (typeof ate !== 'number' || !isUserPayload(up)) return undefined;
  if (antiCsrfToken !== undefined && typeof antiCsrfToken !== 'string') return undefined;
  return antiCsrfToken === undefined
    ? { sub, jti, sessionHandle, ate, up }
    : { sub, jti, sessionHandle, ate, up, antiCsrfToken };
}

function isUserPayload(value: unknown): value is UserPayload {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record['role'] === 'string' && typeof record['email'] === 'string';
}
