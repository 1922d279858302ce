// docs/claims.md's example, run as written (test/examples/docs.test.ts keeps the guide's copy identical), for
// a user who just signed up: email not verified, role `user`.
import { setupServer } from 'msw/node';
import { afterAll, expect, it } from 'vitest';
import { init } from 'tabsession';
import { createSessionHandlers } from 'tabsession/msw';

const backend = createSessionHandlers(); // the page's own origin, as apiDomain below
const server = setupServer(...backend);
server.listen({ onUnhandledRequest: 'error' });
afterAll(() => server.close());
init({ apiDomain: location.origin });
const signUp = await fetch('/auth/signup', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ formFields: [{ id: 'email', value: 'new@example.com' }, { id: 'password', value: 'correct-horse-42' }] }),
});
expect(await signUp.json()).toMatchObject({ status: 'OK' });

// #region claims
import { BooleanClaim, PrimitiveArrayClaim, claimValidatorStore, validateClaims, getClaimValue } from 'tabsession/claims';

const EmailVerified = new BooleanClaim({ id: 'st-ev', refresh: () => fetch('/auth/user/email/verify').then(() => {}) });
const Roles = new PrimitiveArrayClaim<string>({ id: 'st-role', refresh: async () => {} });
claimValidatorStore.add(EmailVerified.validators.isTrue()); // checked by every validateClaims()
const failed = await validateClaims((globals) => [...globals, Roles.validators.includes('admin', 3600)]);
const roles = await getClaimValue({ claim: Roles });
// #endregion

it('reports the unverified email and the missing role, and reads the roles', () => {
  expect(failed.map((error) => error.id)).toEqual(['st-ev', 'st-role']);
  expect(roles).toEqual(['user']);
});
