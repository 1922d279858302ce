import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { BooleanClaim, PrimitiveArrayClaim } from '../../src/claims/index';
import { doesSessionExist as coreDoesSessionExist, fetch, isTabsessionError } from '../../src/index';
import SuperTokens, { type Event, type InputType, type RecipeInterface } from '../../src/supertokens-website/index';
import { STGeneralError } from '../../src/supertokens-website/utils/error';
import { SessionClaimValidatorStore } from '../../src/supertokens-website/utils/sessionClaimValidatorStore';
import { API, fakeBackend, server } from './harness';

// tabsession/supertokens-website, called the way supertokens-web-js 0.16 calls it.
function initLikeWebJs(extra: Partial<InputType> = {}) {
  const events: Event[] = [];
  SuperTokens.init({
    apiDomain: API,
    apiBasePath: '/auth',
    // Keys web-js passes along that the reference ignores.
    appInfo: { appName: 'test' },
    recipeId: 'session',
    enableDebugLogs: false,
    onHandleEvent: (event) => events.push(event),
    ...extra,
  } as InputType);
  return events;
}

describe('tabsession/supertokens-website', () => {
  test('the default export has the reference functions; events carry a userContext', async () => {
    fakeBackend();
    expect(Object.keys(SuperTokens).sort()).toEqual(
      [
        'addAxiosInterceptors',
        'attemptRefreshingSession',
        'doesSessionExist',
        'getAccessToken',
        'getAccessTokenPayloadSecurely',
        'getClaimValue',
        'getInvalidClaimsFromResponse',
        'getUserId',
        'init',
        'signOut',
        'validateClaims',
      ].sort(),
    );
    const events = initLikeWebJs();
    await fetch(`${API}/auth/signin`, { method: 'POST' });
    expect(await SuperTokens.doesSessionExist({ userContext: {} })).toBe(true);
    expect(await SuperTokens.getUserId()).toBe('user-1');
    expect(events).toContainEqual({ action: 'SESSION_CREATED', userContext: {} });
  });

  test('override.functions gets a builder; layers stacked with builder.override apply, in order', async () => {
    fakeBackend();
    const calls: string[] = [];
    initLikeWebJs({
      override: {
        functions: (original: RecipeInterface, builder) => {
          builder.override((o) => ({
            ...o,
            doesSessionExist: (input) => {
              calls.push('layer');
              return o.doesSessionExist(input);
            },
          }));
          return {
            ...original,
            doesSessionExist: (input) => {
              calls.push('app');
              return original.doesSessionExist(input);
            },
          };
        },
      },
    });
    await SuperTokens.doesSessionExist();
    expect(calls).toEqual(['layer', 'app']);
  });

  test('a refresh that fails on the network: doesSessionExist is false here (reference), the core throws', async () => {
    const backend = fakeBackend();
    initLikeWebJs();
    await fetch(`${API}/auth/signin`, { method: 'POST' });
    // No front token, a version: the session may exist; the refresh to find out fails on the network.
    document.cookie = 'sFrontToken=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
    document.cookie = 'st-last-access-token-update=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
    backend.state.refresh = 'network';
    expect(await SuperTokens.doesSessionExist()).toBe(false);
    const core = await coreDoesSessionExist().then(
      () => 'resolved',
      (error: unknown) => (isTabsessionError(error) ? error.type : 'other'),
    );
    expect(core).toBe('REFRESH_FAILED');
  });

  test('preAPIHook receives the headers as a Headers instance, as in the reference', async () => {
    fakeBackend();
    const seen: unknown[] = [];
    initLikeWebJs({
      preAPIHook: async (context) => {
        seen.push(context.requestInit.headers);
        (context.requestInit.headers as Headers).set('rid', 'session');
        return context;
      },
    });
    await fetch(`${API}/auth/signin`, { method: 'POST' });
    expect(await SuperTokens.attemptRefreshingSession()).toBe(true);
    expect(seen[0]).toBeInstanceOf(Headers);
  });

  test('signOut answered with GENERAL_ERROR throws STGeneralError with the message', async () => {
    fakeBackend();
    initLikeWebJs();
    await fetch(`${API}/auth/signin`, { method: 'POST' });
    server.use(http.post(`${API}/auth/signout`, () => HttpResponse.json({ status: 'GENERAL_ERROR', message: 'try later' })));
    const error = await SuperTokens.signOut().catch((e: unknown) => e);
    expect(STGeneralError.isThisError(error)).toBe(true);
    expect((error as Error).message).toBe('try later');
  });

  test('validateClaims() checks the validators other recipes put in the SessionClaimValidatorStore subpath', async () => {
    const backend = fakeBackend();
    backend.state.payload = { 'st-ev': { v: false, t: Date.now() }, 'st-role': { v: ['admin'], t: Date.now() } };
    initLikeWebJs();
    await fetch(`${API}/auth/signin`, { method: 'POST' });
    const ev = new BooleanClaim({ id: 'st-ev', refresh: async () => {} });
    SessionClaimValidatorStore.addClaimValidatorFromOtherRecipe(ev.validators.isTrue());
    expect((await SuperTokens.validateClaims(undefined, {})).map((e) => e.id)).toEqual(['st-ev']);
    expect(await SuperTokens.validateClaims(() => [], {})).toEqual([]);
    const roles = new PrimitiveArrayClaim<string>({ id: 'st-role', refresh: async () => {} });
    expect(await SuperTokens.getClaimValue({ claim: roles })).toEqual(['admin']);
  });
});
