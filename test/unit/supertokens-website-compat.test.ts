import axios from 'axios';
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { BooleanClaim, PrimitiveArrayClaim } from '../../src/claims/index';
import type { SessionEvent } from '../../src/events';
import { doesSessionExist as coreDoesSessionExist, fetch, init as coreInit, isTabsessionError, memoryLock } from '../../src/index';
import SuperTokens, { type Event, type InputType, type RecipeInterface } from '../../src/supertokens-website/index';
import type { Lock } from '../../src/supertokens-website/recipe';
import { DateProviderReference } from '../../src/supertokens-website/references';
import { STGeneralError } from '../../src/supertokens-website/utils/error';
import { SessionClaimValidatorStore } from '../../src/supertokens-website/utils/sessionClaimValidatorStore';
import { API, fakeBackend, OTHER, server } from './harness';

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

/** `override.functions` replacing one method of the RecipeInterface (the others stay the original ones). */
const overriding = (methods: (original: RecipeInterface) => Partial<RecipeInterface>): Partial<InputType> => ({
  override: { functions: (original) => ({ ...original, ...methods(original) }) },
});

/** A GET through XMLHttpRequest; resolves with the status once it has loaded. */
function xhrGet(url: string): Promise<number> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.onloadend = () => resolve(xhr.status);
    xhr.send();
  });
}

describe('tabsession/supertokens-website', () => {
  // First in the file, before any init: the reference queues these calls and makes them through the app's recipe at init.
  test('addAxiosInterceptors before init is made through the overridden recipe once init runs', async () => {
    fakeBackend();
    const instance = { interceptors: {} };
    const seen: unknown[] = [];
    SuperTokens.addAxiosInterceptors(instance, { from: 'app' });
    expect(seen).toEqual([]);
    initLikeWebJs(overriding(() => ({ addAxiosInterceptors: ({ axiosInstance, userContext }) => void seen.push([axiosInstance, userContext]) })));
    expect(seen).toEqual([[instance, { from: 'app' }]]);
    SuperTokens.addAxiosInterceptors(instance);
    expect(seen).toEqual([
      [instance, { from: 'app' }],
      [instance, {}],
    ]);
  });

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

  test('a 200 that removes the session (front-token: remove) fires SIGN_OUT, as in the reference; a 401 that does fires UNAUTHORISED', async () => {
    fakeBackend();
    server.use(
      http.post(`${API}/api/leave`, () => HttpResponse.json({}, { headers: { 'front-token': 'remove' } })),
      http.get(`${API}/api/gone`, () => HttpResponse.json({}, { status: 401, headers: { 'front-token': 'remove' } })),
    );
    const events = initLikeWebJs();
    await fetch(`${API}/auth/signin`, { method: 'POST' });
    await fetch(`${API}/api/leave`, { method: 'POST' });
    expect(events.map((e) => e.action)).toEqual(['SESSION_CREATED', 'SIGN_OUT']);
    await fetch(`${API}/auth/signin`, { method: 'POST' });
    await fetch(`${API}/api/gone`);
    expect(events.slice(2)).toEqual([
      { action: 'SESSION_CREATED', userContext: {} },
      { action: 'UNAUTHORISED', sessionExpiredOrRevoked: true, userContext: {} },
    ]);

    // The core keeps its documented choice: a removal on any status is UNAUTHORISED.
    const core: SessionEvent[] = [];
    coreInit({ apiDomain: API, lock: memoryLock(), onHandleEvent: (event) => core.push(event), onDiagnostic: () => {} });
    await fetch(`${API}/auth/signin`, { method: 'POST' });
    await fetch(`${API}/api/leave`, { method: 'POST' });
    expect(core.map((e) => e.action)).toEqual(['SESSION_CREATED', 'UNAUTHORISED']);
  });
  test('a refresh that answers 200 and removes the session fires SIGN_OUT, never REFRESH_SESSION, and retries nothing (the core: UNAUTHORISED)', async () => {
    const backend = fakeBackend();
    const events = initLikeWebJs();
    await fetch(`${API}/auth/signin`, { method: 'POST' });
    backend.expire();
    backend.state.refresh = 'remove';
    const response = await fetch(`${API}/api/user`);
    expect(response.status).toBe(401);
    expect(backend.state.refreshCalls).toBe(1);
    expect(events.map((e) => e.action)).toEqual(['SESSION_CREATED', 'SIGN_OUT']);
    expect(await SuperTokens.doesSessionExist()).toBe(false);

    const core: SessionEvent[] = [];
    coreInit({ apiDomain: API, lock: memoryLock(), onHandleEvent: (event) => core.push(event), onDiagnostic: () => {} });
    await fetch(`${API}/auth/signin`, { method: 'POST' });
    backend.expire();
    expect((await fetch(`${API}/api/user`)).status).toBe(401);
    expect(backend.state.refreshCalls).toBe(2);
    expect(core).toEqual([
      { action: 'SESSION_CREATED', fromOtherTab: false },
      { action: 'UNAUTHORISED', sessionExpiredOrRevoked: true, fromOtherTab: false },
    ]);
  });
});

describe('override.functions: each RecipeInterface method an app overrides takes effect', () => {
  test('shouldDoInterceptionBasedOnUrl decides which requests get the session (the original still answers for the API)', async () => {
    const backend = fakeBackend();
    const args: unknown[] = [];
    initLikeWebJs(
      overriding((original) => ({
        shouldDoInterceptionBasedOnUrl: (url, apiDomain, backendDomain) => {
          args.push([url, apiDomain, backendDomain]);
          return url.startsWith(OTHER) || original.shouldDoInterceptionBasedOnUrl(url, apiDomain, backendDomain);
        },
      })),
    );
    expect(((await (await fetch(`${OTHER}/x`)).json()) as { rid: string | null }).rid).toBe('anti-csrf');
    await fetch(`${API}/api/x`);
    expect(backend.state.requests.at(-1)?.rid).toBe('anti-csrf');
    expect(args).toContainEqual([`${OTHER}/x`, API, undefined]);
    expect(args).toContainEqual([`${API}/api/x`, API, undefined]);
    // Without the override, the other domain is left alone.
    initLikeWebJs();
    expect(((await (await fetch(`${OTHER}/x`)).json()) as { rid: string | null }).rid).toBe(null);
  });

  test('calculateClockSkewInMillis sets the skew from each new front token; it gets the payload and the response headers', async () => {
    fakeBackend();
    const seen: unknown[] = [];
    initLikeWebJs(
      overriding(() => ({
        calculateClockSkewInMillis: ({ accessTokenPayload, responseHeaders }) => {
          seen.push([accessTokenPayload, responseHeaders.get('anti-csrf')]);
          return 42_000;
        },
      })),
    );
    await fetch(`${API}/auth/signin`, { method: 'POST' });
    expect(seen).toEqual([[{ role: 'user' }, 'csrf-1']]);
    expect(DateProviderReference.getReferenceOrThrow().dateProvider.getClientClockSkewInMillis()).toBe(42_000);
  });

  test('addFetchInterceptorsAndReturnModifiedFetch: what it returns becomes window.fetch', async () => {
    const backend = fakeBackend();
    const seen: string[] = [];
    initLikeWebJs(
      overriding((original) => ({
        addFetchInterceptorsAndReturnModifiedFetch: (input) => {
          const intercepted = original.addFetchInterceptorsAndReturnModifiedFetch(input);
          return (url, init) => {
            seen.push(String(url));
            return intercepted(url, init);
          };
        },
      })),
    );
    await window.fetch(`${API}/api/x`);
    expect(seen).toEqual([`${API}/api/x`]);
    expect(backend.state.requests.at(-1)?.rid).toBe('anti-csrf'); // the original's interception underneath
    initLikeWebJs();
    await window.fetch(`${API}/api/x`);
    expect(seen).toHaveLength(1);
  });

  test('addXMLHttpRequestInterceptor: an override that does not call the original leaves XMLHttpRequest alone', async () => {
    const backend = fakeBackend();
    initLikeWebJs(overriding(() => ({ addXMLHttpRequestInterceptor: () => {} })));
    expect(await xhrGet(`${API}/api/x`)).toBe(200);
    expect(backend.state.requests.at(-1)?.rid).toBe(null);
    initLikeWebJs();
    expect(await xhrGet(`${API}/api/x`)).toBe(200);
    expect(backend.state.requests.at(-1)?.rid).toBe('anti-csrf');
  });

  test('getUserId, getAccessTokenPayloadSecurely, signOut, getInvalidClaimsFromResponse, validateClaims: the functions answer through them', async () => {
    fakeBackend();
    initLikeWebJs(
      overriding(() => ({
        getUserId: async () => 'overridden-user',
        getAccessTokenPayloadSecurely: async () => ({ 'st-role': { v: ['overridden'], t: Date.now() } }),
        signOut: async () => {
          throw new Error('overridden sign-out');
        },
        getInvalidClaimsFromResponse: async () => [{ id: 'overridden-claim' }],
        validateClaims: async () => [{ id: 'overridden-validation' }],
      })),
    );
    await fetch(`${API}/auth/signin`, { method: 'POST' });
    expect(await SuperTokens.getUserId()).toBe('overridden-user');
    const roles = new PrimitiveArrayClaim<string>({ id: 'st-role', refresh: async () => {} });
    expect(await SuperTokens.getClaimValue({ claim: roles })).toEqual(['overridden']);
    await expect(SuperTokens.signOut()).rejects.toThrow('overridden sign-out');
    expect(await SuperTokens.getInvalidClaimsFromResponse({ response: { data: {} } })).toEqual([{ id: 'overridden-claim' }]);
    expect(await SuperTokens.validateClaims(() => [roles.validators.includes('admin')])).toEqual([{ id: 'overridden-validation' }]);
  });

  test('the methods the original ones call are the overridden ones (as the reference binds `this` to the result)', async () => {
    const backend = fakeBackend();
    const events = initLikeWebJs({ tokenTransferMethod: 'header', ...overriding(() => ({ doesSessionExist: async () => false })) });
    await fetch(`${API}/auth/signin`, { method: 'POST' });
    expect(await SuperTokens.getAccessToken()).toBe(undefined); // doesSessionExist said no
    await SuperTokens.signOut(); // doesSessionExist said no: no call, a SIGN_OUT event
    expect(backend.state.signOutCalls).toBe(0);
    expect(events.at(-1)).toEqual({ action: 'SIGN_OUT', userContext: {} });

    const later = initLikeWebJs({
      tokenTransferMethod: 'header',
      ...overriding(() => ({
        getAccessTokenPayloadSecurely: async () => ({ 'st-role': { v: ['admin'], t: Date.now() }, 'st-flag': { v: false, t: Date.now() } }),
        getInvalidClaimsFromResponse: async () => [{ id: 'overridden-claim' }],
        getGlobalClaimValidators: () => [
          new PrimitiveArrayClaim<string>({ id: 'st-role', refresh: async () => {} }).validators.includes('admin'),
          new BooleanClaim({ id: 'st-flag', refresh: async () => {} }).validators.isTrue(),
        ],
      })),
    });
    // validateClaims checks the global validators from getGlobalClaimValidators against the overridden payload
    // (the backend's has no st-role: the role validator passes only on the overridden one).
    expect((await SuperTokens.validateClaims(undefined, {})).map((e) => e.id)).toEqual(['st-flag']);
    // An INVALID_CLAIM answer's event reads the claims through getInvalidClaimsFromResponse.
    await fetch(`${API}/api/admin`);
    expect(later.at(-1)).toEqual({ action: 'API_INVALID_CLAIM', claimValidationErrors: [{ id: 'overridden-claim' }], userContext: {} });
  });

  test("lockFactory: the session refresh is taken under the app's lock, tried again while refused", async () => {
    const backend = fakeBackend();
    const calls: string[] = [];
    let refusals = 1;
    const lock: Lock = {
      acquireLock: async (name, timeout) => {
        calls.push(`acquire ${name} ${timeout}`);
        return refusals-- <= 0;
      },
      releaseLock: async (name) => void calls.push(`release ${name}`),
    };
    initLikeWebJs({ lockFactory: async () => lock });
    await fetch(`${API}/auth/signin`, { method: 'POST' });
    backend.expire();
    expect((await fetch(`${API}/api/x`)).status).toBe(200);
    expect(backend.state.refreshCalls).toBe(1);
    expect(calls).toEqual(['acquire tabsession-refresh 1000', 'acquire tabsession-refresh 1000', 'release tabsession-refresh']);

    // validateClaims refreshes stale claims under the same lock (its own name), as the reference does.
    calls.length = 0;
    let claimRefreshes = 0;
    const ev = new BooleanClaim({ id: 'st-ev', refresh: async () => void claimRefreshes++ });
    expect((await SuperTokens.validateClaims(() => [ev.validators.isTrue()], {})).map((e) => e.id)).toEqual(['st-ev']);
    expect(claimRefreshes).toBe(1); // no value: refreshed first
    expect(calls).toEqual(['acquire tabsession-claims 1000', 'release tabsession-claims']);
  });
});

// supertokens-website's advice for axios apps: leave XMLHttpRequest alone and give the instance the interceptors.
describe('addAxiosInterceptors: the interceptors give an axios instance the session on their own', () => {
  const withoutXhrPatch = overriding(() => ({ addXMLHttpRequestInterceptor: () => {} }));
  test.each([
    ['cookie', 'xhr', 'XMLHttpRequest patch overridden away'],
    ['header', 'xhr', 'XMLHttpRequest patch overridden away'],
    ['cookie', 'fetch', 'XMLHttpRequest patch overridden away'],
    ['header', 'fetch', 'XMLHttpRequest patch overridden away'],
    ['cookie', 'xhr', 'XMLHttpRequest patch on'],
    ['header', 'xhr', 'XMLHttpRequest patch on'],
  ] as const)('%s mode, %s adapter, %s: an expired token is refreshed once, three sequential requests answer 200', async (mode, adapter, patch) => {
    const backend = fakeBackend();
    initLikeWebJs({ tokenTransferMethod: mode, ...(patch === 'XMLHttpRequest patch on' ? {} : withoutXhrPatch) });
    const instance = axios.create({ adapter });
    SuperTokens.addAxiosInterceptors(instance);
    await fetch(`${API}/auth/signin`, { method: 'POST' });
    backend.expire();
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await instance.get(`${API}/api/user`)).status);
    expect(statuses).toEqual([200, 200, 200]);
    expect(backend.state.refreshCalls).toBe(1);
    // The expired attempt, its retry and two more: each sent once, each with the session's headers.
    expect(backend.apiRequests().map((seen) => [seen.authMode, seen.rid])).toEqual(Array(4).fill([mode, 'anti-csrf']));
  });

  test('given something that is not an axios instance, it throws a CONFIG error', () => {
    fakeBackend();
    initLikeWebJs();
    expect(() => SuperTokens.addAxiosInterceptors({ interceptors: {} })).toThrow(expect.objectContaining({ name: 'TabsessionError', type: 'CONFIG' }));
  });
});
