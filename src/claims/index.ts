import type { ClaimValidationError } from '../events';
import { coreOf } from '../core/public';
import { getInvalidClaimsFromResponse, getClient } from '../index';

/**
 * Session claims: values the backend keeps in the access-token payload as `{ [id]: { v: value, t:
 * fetchedAtMillis } }` (SuperTokens' format), checked on the frontend by validators; a check that fails on
 * the backend answers INVALID_CLAIM (docs/protocol.md section 4). Its own entry
 * (`tabsession/claims`), so apps without claims do not pay for it.
 *
 * The claim classes are plain constructor functions, not ES classes: SDKs compiled to ES5 (such as
 * supertokens-web-js) subclass them with `Base.call(this, config)`, which an ES class refuses.
 */

export type ClaimValidationResult = { isValid: true } | { isValid: false; reason?: unknown };
export type { ClaimValidationError };

export interface SessionClaimValidator {
  readonly id: string;
  /** Asks the backend for a fresh value (the new value arrives in a new front token). */
  refresh(userContext?: unknown): Promise<void>;
  /** True when the payload's value is missing or too old for this validator. */
  shouldRefresh(accessTokenPayload: unknown, userContext?: unknown): Promise<boolean> | boolean;
  validate(accessTokenPayload: unknown, userContext?: unknown): Promise<ClaimValidationResult> | ClaimValidationResult;
}

export interface SessionClaim<T> {
  refresh(userContext?: unknown): Promise<void>;
  getValueFromPayload(payload: unknown, userContext?: unknown): T | undefined;
  getLastFetchedTime(payload: unknown, userContext?: unknown): number | undefined;
}

export interface PrimitiveClaimConfig {
  id: string;
  refresh: (userContext?: unknown) => Promise<void>;
  defaultMaxAgeInSeconds?: number;
}

type Entry = { v?: unknown; t?: unknown } | undefined;
const entryOf = (payload: unknown, id: string): Entry => (payload as Record<string, Entry> | null | undefined)?.[id];

/** Now on the server's clock: the session's skew-corrected clock, or the local one before `init`. */
function now(): number {
  try {
    return coreOf(getClient()).now();
  } catch {
    return Date.now();
  }
}

interface ClaimBase<T> extends SessionClaim<T> {
  readonly id: string;
  readonly refresh: (userContext?: unknown) => Promise<void>;
  readonly defaultMaxAgeInSeconds: number | undefined;
}

/**
 * A validator of one claim: refreshes when the value is missing or older than `maxAgeInSeconds`, then
 * checks the value with `check` (which returns the failure reason, or undefined when it holds).
 */
function validator<T>(
  claim: ClaimBase<T>,
  maxAgeInSeconds: number | undefined,
  id: string | undefined,
  check: (value: T) => Record<string, unknown> | undefined,
): SessionClaimValidator {
  return {
    id: id ?? claim.id,
    refresh: (userContext) => claim.refresh(userContext),
    shouldRefresh(payload, userContext) {
      const fetchedAt = claim.getLastFetchedTime(payload, userContext);
      return (
        claim.getValueFromPayload(payload, userContext) === undefined ||
        (maxAgeInSeconds !== undefined && (fetchedAt === undefined || fetchedAt < now() - maxAgeInSeconds * 1000))
      );
    },
    validate(payload, userContext) {
      const value = claim.getValueFromPayload(payload, userContext);
      if (value === undefined) return { isValid: false, reason: { message: 'value does not exist', actualValue: value } };
      if (maxAgeInSeconds !== undefined) {
        const ageInSeconds = (now() - (claim.getLastFetchedTime(payload, userContext) ?? 0)) / 1000;
        if (ageInSeconds > maxAgeInSeconds) return { isValid: false, reason: { message: 'expired', ageInSeconds, maxAgeInSeconds } };
      }
      const reason = check(value);
      return reason === undefined ? { isValid: true } : { isValid: false, reason: { message: 'wrong value', ...reason, actualValue: value } };
    },
  };
}

export interface PrimitiveClaim<T> extends ClaimBase<T> {
  validators: {
    hasValue: (value: T, maxAgeInSeconds?: number, id?: string) => SessionClaimValidator;
  };
}
export interface PrimitiveClaimConstructor {
  new <T>(config: PrimitiveClaimConfig): PrimitiveClaim<T>;
  prototype: PrimitiveClaim<unknown>;
}

function initBase(claim: { -readonly [K in keyof ClaimBase<unknown>]: ClaimBase<unknown>[K] }, config: PrimitiveClaimConfig): void {
  claim.id = config.id;
  claim.refresh = config.refresh;
  claim.defaultMaxAgeInSeconds = config.defaultMaxAgeInSeconds;
}

function getLastFetchedTime(this: ClaimBase<unknown>, payload: unknown): number | undefined {
  const t = entryOf(payload, this.id)?.t;
  return typeof t === 'number' ? t : undefined;
}

/**
 * A claim holding one value (a string, number or boolean).
 * @example
 * const Plan = new PrimitiveClaim<string>({ id: 'plan', refresh: () => fetch('/api/plan').then(() => undefined) });
 * const errors = await validateClaims((globals) => [...globals, Plan.validators.hasValue('pro', 3600)]);
 */
export const PrimitiveClaim = function PrimitiveClaim(this: PrimitiveClaim<unknown>, config: PrimitiveClaimConfig) {
  initBase(this, config);
  const claim = this;
  this.validators = {
    hasValue: (expected, maxAge = claim.defaultMaxAgeInSeconds, id) =>
      validator(claim, maxAge, id, (value) => (value === expected ? undefined : { expectedValue: expected })),
  };
} as unknown as PrimitiveClaimConstructor;
PrimitiveClaim.prototype.getValueFromPayload = function (this: ClaimBase<unknown>, payload: unknown) {
  return entryOf(payload, this.id)?.v;
};
PrimitiveClaim.prototype.getLastFetchedTime = getLastFetchedTime;

export interface BooleanClaim extends PrimitiveClaim<boolean> {
  validators: PrimitiveClaim<boolean>['validators'] & {
    isTrue: (maxAgeInSeconds?: number, id?: string) => SessionClaimValidator;
    isFalse: (maxAgeInSeconds?: number, id?: string) => SessionClaimValidator;
  };
}
export interface BooleanClaimConstructor {
  new (config: PrimitiveClaimConfig): BooleanClaim;
  prototype: BooleanClaim;
}

/**
 * A claim holding a boolean, e.g. "email verified".
 * @example
 * const Verified = new BooleanClaim({ id: 'st-ev', refresh: refreshVerification });
 * await validateClaims(() => [Verified.validators.isTrue()]);
 */
export const BooleanClaim = function BooleanClaim(this: BooleanClaim, config: PrimitiveClaimConfig) {
  (PrimitiveClaim as unknown as (this: BooleanClaim, config: PrimitiveClaimConfig) => void).call(this, config);
  const { hasValue } = this.validators;
  this.validators = {
    hasValue,
    isTrue: (maxAge, id) => hasValue(true, maxAge, id),
    isFalse: (maxAge, id) => hasValue(false, maxAge, id),
  };
} as unknown as BooleanClaimConstructor;
BooleanClaim.prototype = Object.create(PrimitiveClaim.prototype) as BooleanClaim;
BooleanClaim.prototype.constructor = BooleanClaim;

export interface PrimitiveArrayClaim<T> extends ClaimBase<T[]> {
  validators: {
    includes: (value: T, maxAgeInSeconds?: number, id?: string) => SessionClaimValidator;
    excludes: (value: T, maxAgeInSeconds?: number, id?: string) => SessionClaimValidator;
    includesAll: (values: T[], maxAgeInSeconds?: number, id?: string) => SessionClaimValidator;
    includesAny: (values: T[], maxAgeInSeconds?: number, id?: string) => SessionClaimValidator;
    excludesAll: (values: T[], maxAgeInSeconds?: number, id?: string) => SessionClaimValidator;
  };
}
export interface PrimitiveArrayClaimConstructor {
  new <T>(config: PrimitiveClaimConfig): PrimitiveArrayClaim<T>;
  prototype: PrimitiveArrayClaim<unknown>;
}

/**
 * A claim holding a list, e.g. roles or permissions.
 * @example
 * const Roles = new PrimitiveArrayClaim<string>({ id: 'st-role', refresh: refreshRoles });
 * const roles = await getClaimValue({ claim: Roles }); // ['admin'] or undefined
 */
export const PrimitiveArrayClaim = function PrimitiveArrayClaim(this: PrimitiveArrayClaim<unknown>, config: PrimitiveClaimConfig) {
  initBase(this, config);
  const claim = this;
  const make =
    <V>(check: (list: unknown[], expected: V) => Record<string, unknown> | undefined) =>
    (expected: V, maxAge = claim.defaultMaxAgeInSeconds, id?: string) =>
      validator(claim, maxAge, id, (list) => (Array.isArray(list) ? check(list, expected) : { expectedToBeArray: true }));
  this.validators = {
    includes: make((list, v) => (list.includes(v) ? undefined : { expectedToInclude: v })),
    excludes: make((list, v) => (list.includes(v) ? { expectedToNotInclude: v } : undefined)),
    includesAll: make<unknown[]>((list, vs) => (vs.every((v) => list.includes(v)) ? undefined : { expectedToInclude: vs })),
    includesAny: make<unknown[]>((list, vs) => (vs.some((v) => list.includes(v)) ? undefined : { expectedToIncludeAny: vs })),
    excludesAll: make<unknown[]>((list, vs) => (vs.some((v) => list.includes(v)) ? { expectedToNotInclude: vs } : undefined)),
  };
} as unknown as PrimitiveArrayClaimConstructor;
PrimitiveArrayClaim.prototype.getValueFromPayload = function (this: ClaimBase<unknown>, payload: unknown) {
  const value = entryOf(payload, this.id)?.v;
  return Array.isArray(value) ? value : undefined;
};
PrimitiveArrayClaim.prototype.getLastFetchedTime = getLastFetchedTime;

/** The validators other parts of the app (email verification, roles, MFA) register for every `validateClaims()`. */
const registered: SessionClaimValidator[] = [];

export const claimValidatorStore = {
  /** Registers a validator that every `validateClaims()` checks. */
  add(validator: SessionClaimValidator): void {
    registered.push(validator);
  },
  /** The registered validators, in registration order. */
  list(): SessionClaimValidator[] {
    return registered.slice();
  },
};

export type OverrideGlobalClaimValidators = (globalClaimValidators: SessionClaimValidator[], userContext: unknown) => SessionClaimValidator[];

const CLAIMS_LOCK = 'tabsession-claims';

/**
 * Runs validators against the current access-token payload: first refreshes every claim whose
 * validator asks for it (a failed refresh is reported, and the stale value validated), then validates.
 */
export async function runClaimValidators(
  validators: SessionClaimValidator[],
  userContext?: unknown,
  payloadOf: () => Promise<Record<string, unknown>> = () => getClient().getAccessTokenPayloadSecurely(),
): Promise<ClaimValidationError[]> {
  const core = coreOf(getClient());
  // Under a cross-tab lock (as the reference), each reading the payload anew: a tab that waited sees
  // the value another tab's refresh brought and refreshes nothing. A lock not granted within the
  // refresh bound is reported, and the values as they are get validated.
  await core
    .exclusive_(CLAIMS_LOCK, async () => {
      for (const v of validators) {
        if (await v.shouldRefresh(await payloadOf(), userContext)) {
          try {
            await v.refresh(userContext);
          } catch (error) {
            core.config.onDiagnostic(error);
          }
        }
      }
    })
    .catch(core.config.onDiagnostic);
  const payload = await payloadOf();
  const errors: ClaimValidationError[] = [];
  for (const v of validators) {
    const result = await v.validate(payload, userContext);
    if (!result.isValid) errors.push(result.reason === undefined ? { id: v.id } : { id: v.id, reason: result.reason });
  }
  return errors;
}

/**
 * Checks the session's claims: the registered validators, or what `overrideGlobalClaimValidators`
 * makes of them. Returns the failures ([] when every claim holds).
 * @example
 * const failed = await validateClaims();
 * if (failed.some((e) => e.id === 'st-ev')) location.assign('/verify-email');
 */
export function validateClaims(overrideGlobalClaimValidators?: OverrideGlobalClaimValidators, userContext?: unknown): Promise<ClaimValidationError[]> {
  const globals = claimValidatorStore.list();
  const validators = overrideGlobalClaimValidators ? overrideGlobalClaimValidators(globals, userContext) : globals;
  return validators.length === 0 ? Promise.resolve([]) : runClaimValidators(validators, userContext);
}

/**
 * The claim's value in the current session, or undefined when there is no session or no value.
 * @example
 * const roles = await getClaimValue({ claim: Roles });
 */
export async function getClaimValue<T>({ claim, userContext }: { claim: SessionClaim<T>; userContext?: unknown }): Promise<T | undefined> {
  const session = getClient();
  if (!(await session.doesSessionExist())) return undefined;
  return claim.getValueFromPayload(await session.getAccessTokenPayloadSecurely(), userContext);
}

export { getInvalidClaimsFromResponse };
