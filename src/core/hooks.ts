import type { ClaimValidationError } from '../events';

/**
 * Internal hooks on one session, set by the supertokens-website compatibility entry (its
 * `override.functions`, and the reference's choice of event). Not exported by the package: an app's way
 * in is `TabsessionConfig`. Keyed by the session's normalised config, so the core's own code paths stay as
 * they are when no hook is set.
 */
export interface CoreHooks {
  /** Decides which URLs are the API's. The refresh endpoint is never intercepted, whatever this says. */
  intercepts?: (url: string) => boolean;
  /** The clock skew to apply from a fresh front token's payload (default: `clockSkewFromPayload`). */
  clockSkew?: (payload: Record<string, unknown>, header: (name: string) => string | null) => number;
  /** A response that removes the session with a status other than `sessionExpiredStatusCode` fires SIGN_OUT, not UNAUTHORISED. */
  signOutOnRemoval?: boolean;
  /** Reads the failed claims of an INVALID_CLAIM body (default: `claimErrorsOf`). */
  invalidClaims?: (body: unknown) => Promise<ClaimValidationError[]>;
}

const hooks = new WeakMap<object, CoreHooks>();
const NONE: CoreHooks = {};

export const hooksOf = (config: object): CoreHooks => hooks.get(config) ?? NONE;

export function setHooks(config: object, value: CoreHooks): void {
  hooks.set(config, value);
}
