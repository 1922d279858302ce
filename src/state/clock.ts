/**
 * The SDK's idea of "now", on the server's clock. A client clock that is minutes fast would otherwise
 * see every access token as expired and refresh on each check. The skew is learned from the access-token
 * payload's `iat` (issued-at, seconds) whenever a front token arrives: the server stamped it just now.
 *
 * @example
 * const clock = createDateProvider();
 * init({ apiDomain: 'https://api.example.com', dateProvider: clock });
 * clock.getClientClockSkewInMillis(); // server time minus client time, learned at sign-in
 */
export interface DateProvider {
  /** Milliseconds since the epoch, corrected by the skew. */
  now(): number;
  setClientClockSkewInMillis(skewInMillis: number): void;
  getClientClockSkewInMillis(): number;
}

/** The default date provider: `Date.now()` plus the learned skew (kept in memory, per tab). */
export function createDateProvider(): DateProvider {
  let skew = 0;
  return {
    now: () => Date.now() + skew,
    setClientClockSkewInMillis: (value) => {
      skew = Number.isFinite(value) ? value : 0;
    },
    getClientClockSkewInMillis: () => skew,
  };
}

/**
 * Server time minus client time, from a fresh access-token payload; 0 when the payload has no usable `iat`.
 * A skew under a second is network latency, not a wrong clock, and is ignored.
 */
export function clockSkewFromPayload(payload: Record<string, unknown>, localNow = Date.now()): number {
  const iat = payload['iat'];
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return 0;
  const skew = iat * 1000 - localNow;
  return Math.abs(skew) < 1000 ? 0 : skew;
}
