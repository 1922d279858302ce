import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { ROOT } from './support/env';

// The built package (dist/, through package.json `exports`), as a CommonJS SDK such as
// supertokens-web-js requires it: the drop-in's shape, shared state between its subpaths, and claim
// classes that ES5 code can subclass. (This suite's global setup builds dist/ when it is stale.)
const load = createRequire(`${ROOT}/package.json`);

type Claim = new (config: { id: string; refresh: () => Promise<void> }) => { id: string; validators: Record<string, unknown> };

describe('the built tabsession/supertokens-website', () => {
  test('require() gives the reference module shape, with exports.default', () => {
    const main = load('tabsession/supertokens-website') as Record<string, unknown> & { default: Record<string, unknown> };
    for (const name of ['init', 'doesSessionExist', 'attemptRefreshingSession', 'getUserId', 'getAccessToken', 'getAccessTokenPayloadSecurely', 'signOut', 'validateClaims', 'getClaimValue', 'getInvalidClaimsFromResponse', 'addAxiosInterceptors']) {
      expect(typeof main.default[name], name).toBe('function');
      expect(typeof main[name], name).toBe('function');
    }
    for (const name of ['PrimitiveClaim', 'PrimitiveArrayClaim', 'BooleanClaim']) expect(typeof main[name]).toBe('function');
  });

  test('every subpath supertokens-web-js requires resolves, and they share one state with the main entry', () => {
    const { CookieHandlerReference } = load('tabsession/supertokens-website/utils/cookieHandler');
    const { WindowHandlerReference } = load('tabsession/supertokens-website/utils/windowHandler');
    const { DateProviderReference } = load('tabsession/supertokens-website/utils/dateProvider');
    const { STGeneralError } = load('tabsession/supertokens-website/utils/error');
    const { SessionClaimValidatorStore } = load('tabsession/supertokens-website/utils/sessionClaimValidatorStore');
    const { getGlobalClaimValidators } = load('tabsession/supertokens-website/utils/globalClaimValidators');
    const { PrimitiveClaim } = load('tabsession/supertokens-website/lib/build/claims/primitiveClaim');
    const { PrimitiveArrayClaim } = load('tabsession/supertokens-website/lib/build/claims/primitiveArrayClaim');
    const main = load('tabsession/supertokens-website');
    expect(typeof CookieHandlerReference.getReferenceOrThrow().cookieHandler.getCookie).toBe('function');
    expect(typeof WindowHandlerReference.init).toBe('function');
    expect(typeof DateProviderReference.getReferenceOrThrow().dateProvider.now()).toBe('number');
    expect(STGeneralError.isThisError(new STGeneralError('x'))).toBe(true);
    expect(PrimitiveClaim).toBe(main.PrimitiveClaim);
    expect(PrimitiveArrayClaim).toBe(main.PrimitiveArrayClaim);
    const validator = { id: 'shared-state-check' };
    SessionClaimValidatorStore.addClaimValidatorFromOtherRecipe(validator);
    expect(getGlobalClaimValidators()).toContain(validator);
  });

  test('the built claim classes can be subclassed old-style: Base.call(this, config)', () => {
    const claims = load('tabsession/claims') as Record<string, Claim>;
    for (const name of ['PrimitiveClaim', 'PrimitiveArrayClaim', 'BooleanClaim']) {
      const Base = claims[name] as Claim;
      const instance = Object.create(Base.prototype) as { id: string; validators: Record<string, unknown> };
      expect(() => (Base as unknown as (this: unknown, config: unknown) => void).call(instance, { id: `id-${name}`, refresh: async () => {} }), name).not.toThrow();
      expect(instance.id).toBe(`id-${name}`);
      expect(Object.keys(instance.validators).length).toBeGreaterThan(0);
    }
  });
});
