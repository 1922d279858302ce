import { tabsessionError } from '../errors';

/** The decoded `front-token` header: user id, access-token expiry (ms since epoch), access-token payload. */
export interface FrontToken {
  uid: string;
  ate: number;
  up: Record<string, unknown>;
}

/**
 * Decodes a `front-token` value: base64 (standard or URL-safe) of UTF-8 JSON `{uid, ate, up}`.
 * Throws a `MALFORMED_FRONT_TOKEN` error naming what is wrong; never returns a half-valid token.
 */
export function parseFrontToken(value: string): FrontToken {
  let json: unknown;
  try {
    const base64 = value.trim().replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    throw tabsessionError('MALFORMED_FRONT_TOKEN', 'TS045', [], { cause });
  }
  const token = json as Partial<FrontToken> | null;
  if (
    typeof token !== 'object' ||
    token === null ||
    typeof token.uid !== 'string' ||
    typeof token.ate !== 'number' ||
    !Number.isFinite(token.ate) ||
    typeof token.up !== 'object' ||
    token.up === null ||
    Array.isArray(token.up)
  ) {
    throw tabsessionError('MALFORMED_FRONT_TOKEN', 'TS046');
  }
  return { uid: token.uid, ate: token.ate, up: token.up };
}
