import { describe, expect, test } from 'vitest';
import {
  BooleanClaim,
  PrimitiveArrayClaim,
  PrimitiveClaim,
  claimValidatorStore,
  getClaimValue,
  validateClaims,
  type SessionClaimValidator,
} from '../../src/claims/index';
import { attemptRefreshingSession, fetch, init, memoryLock, type RefreshLock } from '../../src/index';
import { API, fakeBackend } from './harness';

/** The default session (what the claims entry uses), signed in, with `payload` in its access token. */
async function signedIn(payload: Record<string, unknown>) {
  const backend = fakeBackend();
  backend.state.payload = payload;
  init({ apiDomain: API, lock: memoryLock(), patchGlobalFetch: false, interceptXMLHttpRequest: false, onDiagnostic: () => {} });
  await fetch(`${API}/auth/signin`, { method: 'POST' });
  return backend;
}

/** A claim whose refresh puts `next()` into the payload (the backend's new value) and refreshes the session. */
function claimWithRefresh<C>(make: (refresh: () => Promise<void>) => C, backend: ReturnType<typeof fakeBackend>, next: () => Record<string, unknown>) {
  let refreshes = 0;
  const claim = make(async () => {
    refreshes++;
    backend.state.payload = { ...backend.state.payload, ...next() };
    await attemptRefreshingSession();
  });
  return { claim, refreshes: () => refreshes };
}

describe('BooleanClaim', () => {
  test('isTrue fails with the reason on false, and passes after the claim refreshed to true', async () => {
    const backend = await signedIn({ 'st-ev': { v: false, t: Date.now() } });
    const { claim, refreshes } = claimWithRefresh((refresh) => new BooleanClaim({ id: 'st-ev', refresh }), backend, () => ({ 'st-ev': { v: true, t: Date.now() } }));
    expect(await validateClaims(() => [claim.validators.isTrue()])).toEqual([
      { id: 'st-ev', reason: { message: 'wrong value', expectedValue: true, actualValue: false } },
    ]);
    expect(refreshes()).toBe(0); // a value without a max age is never stale
    // A max age of 10 s on a value fetched a minute ago: stale, so it is refreshed first, then passes.
    backend.state.payload = { 'st-ev': { v: false, t: Date.now() - 60_000 } };
    await attemptRefreshingSession();
    expect(await validateClaims(() => [claim.validators.isTrue(10)])).toEqual([]);
    expect(refreshes()).toBe(1);
    expect(await validateClaims(() => [claim.validators.isFalse()])).toEqual([
      { id: 'st-ev', reason: { message: 'wrong value', expectedValue: false, actualValue: true } },
    ]);
  });

  test('a missing value is refreshed first; a refresh that does not bring it reports "value does not exist"', async () => {
    const backend = await signedIn({});
    const { claim, refreshes } = claimWithRefresh((refresh) => new BooleanClaim({ id: 'flag', refresh }), backend, () => ({}));
    expect(await validateClaims(() => [claim.validators.isTrue()])).toEqual([{ id: 'flag', reason: { message: 'value does not exist', actualValue: undefined } }]);
    expect(refreshes()).toBe(1);
  });

  test('an old value past maxAgeInSeconds that the refresh does not renew fails as expired', async () => {
    const backend = await signedIn({ flag: { v: true, t: Date.now() - 120_000 } });
    const { claim } = claimWithRefresh((refresh) => new BooleanClaim({ id: 'flag', refresh }), backend, () => ({}));
    const [error] = await validateClaims(() => [claim.validators.isTrue(60)]);
    expect(error).toMatchObject({ id: 'flag', reason: { message: 'expired', maxAgeInSeconds: 60 } });
  });
});

describe('PrimitiveClaim and PrimitiveArrayClaim', () => {
  test('hasValue compares the value; a validator id can be given', async () => {
    await signedIn({ plan: { v: 'pro', t: Date.now() } });
    const plan = new PrimitiveClaim<string>({ id: 'plan', refresh: async () => {} });
    expect(await validateClaims(() => [plan.validators.hasValue('pro')])).toEqual([]);
    expect(await validateClaims(() => [plan.validators.hasValue('free', undefined, 'plan-is-free')])).toEqual([
      { id: 'plan-is-free', reason: { message: 'wrong value', expectedValue: 'free', actualValue: 'pro' } },
    ]);
    expect(await getClaimValue({ claim: plan })).toBe('pro');
  });

  test('includes, excludes, includesAll, includesAny, excludesAll; getClaimValue gives the list', async () => {
    await signedIn({ 'st-role': { v: ['admin', 'editor'], t: Date.now() } });
    const roles = new PrimitiveArrayClaim<string>({ id: 'st-role', refresh: async () => {} });
    const { includes, excludes, includesAll, includesAny, excludesAll } = roles.validators;
    const failed = async (v: SessionClaimValidator) => (await validateClaims(() => [v])).map((e) => e.reason);
    expect(await failed(includes('admin'))).toEqual([]);
    expect(await failed(includes('owner'))).toEqual([{ message: 'wrong value', expectedToInclude: 'owner', actualValue: ['admin', 'editor'] }]);
    expect(await failed(excludes('viewer'))).toEqual([]);
    expect(await failed(excludes('admin'))).toEqual([{ message: 'wrong value', expectedToNotInclude: 'admin', actualValue: ['admin', 'editor'] }]);
    expect(await failed(includesAll(['admin', 'editor']))).toEqual([]);
    expect(await failed(includesAll(['admin', 'owner']))).toHaveLength(1);
    expect(await failed(includesAny(['owner', 'editor']))).toEqual([]);
    expect(await failed(includesAny(['owner']))).toHaveLength(1);
    expect(await failed(excludesAll(['owner', 'viewer']))).toEqual([]);
    expect(await failed(excludesAll(['owner', 'editor']))).toHaveLength(1);
    expect(await getClaimValue({ claim: roles })).toEqual(['admin', 'editor']);
  });

  test('getClaimValue is undefined without a session', async () => {
    fakeBackend().state.refresh = '401';
    init({ apiDomain: API, lock: memoryLock(), patchGlobalFetch: false, interceptXMLHttpRequest: false, onDiagnostic: () => {} });
    expect(await getClaimValue({ claim: new PrimitiveClaim({ id: 'plan', refresh: async () => {} }) })).toBeUndefined();
  });
});

describe('global validators', () => {
  test('validateClaims() checks what other recipes registered; the override can replace them', async () => {
    await signedIn({ 'st-ev': { v: false, t: Date.now() } });
    const ev = new BooleanClaim({ id: 'st-ev', refresh: async () => {} });
    const before = claimValidatorStore.list().length;
    claimValidatorStore.add(ev.validators.isTrue());
    expect((await validateClaims()).map((e) => e.id)).toContain('st-ev');
    expect(await validateClaims(() => [])).toEqual([]);
    expect(await validateClaims((globals) => globals.slice(0, before))).toEqual([]);
  });
});

describe('the claims lock', () => {
  test('claim refreshes run under a lock, each reading the payload anew: three validateClaims() at once refresh a stale claim once', async () => {
    const backend = await signedIn({ 'st-ev': { v: false, t: Date.now() - 60_000 } });
    const { claim, refreshes } = claimWithRefresh((refresh) => new BooleanClaim({ id: 'st-ev', refresh }), backend, () => ({ 'st-ev': { v: true, t: Date.now() } }));
    const check = () => validateClaims(() => [claim.validators.isTrue(10)]);
    expect(await Promise.all([check(), check(), check()])).toEqual([[], [], []]);
    expect(refreshes()).toBe(1);
  });

  test('a claims lock not granted within the refresh bound is reported, and the values as they are get validated', async () => {
    const backend = fakeBackend();
    backend.state.payload = { 'st-ev': { v: false, t: Date.now() - 60_000 } };
    const diagnostics: unknown[] = [];
    const shared = memoryLock();
    // A lock whose claims turn never comes (a tab frozen while holding it); the refresh lock works.
    const lock: RefreshLock = { run: (name, task) => (name === 'tabsession-refresh' ? shared.run(name, task) : new Promise(() => {})) };
    init({ apiDomain: API, lock, refreshTimeoutMs: 100, patchGlobalFetch: false, interceptXMLHttpRequest: false, onDiagnostic: (error) => diagnostics.push(error) });
    await fetch(`${API}/auth/signin`, { method: 'POST' });
    const { claim, refreshes } = claimWithRefresh((refresh) => new BooleanClaim({ id: 'st-ev', refresh }), backend, () => ({ 'st-ev': { v: true, t: Date.now() } }));
    expect((await validateClaims(() => [claim.validators.isTrue(10)])).map((e) => e.id)).toEqual(['st-ev']);
    expect(refreshes()).toBe(0);
    expect(diagnostics).toContainEqual(expect.objectContaining({ type: 'REFRESH_FAILED', message: expect.stringMatching(/for the lock tabsession-claims/) }));
  });
});

describe('old-style subclassing', () => {
  test('the claim constructors can be called as functions on a subclass instance (ES5 `_super.call(this, config)`)', () => {
    function EmailVerified(this: InstanceType<typeof BooleanClaim>) {
      (BooleanClaim as unknown as (this: unknown, config: unknown) => void).call(this, { id: 'st-ev', refresh: async () => {} });
    }
    EmailVerified.prototype = Object.create(BooleanClaim.prototype);
    const claim = new (EmailVerified as unknown as new () => InstanceType<typeof BooleanClaim>)();
    expect(claim.id).toBe('st-ev');
    expect(claim.getValueFromPayload({ 'st-ev': { v: true, t: 1 } })).toBe(true);
    expect(typeof claim.validators.isTrue).toBe('function');
    expect(claim instanceof PrimitiveClaim).toBe(true);
  });
});
