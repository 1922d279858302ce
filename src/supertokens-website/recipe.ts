import { claimValidatorStore, getInvalidClaimsFromResponse, runClaimValidators, type ClaimValidationError, type SessionClaimValidator } from '../claims/index';
import type { TabsessionConfig } from '../config';
import { replaceGlobal } from '../core/globals';
import { setHooks, type CoreHooks } from '../core/hooks';
import { matchesApi } from '../core/interception';
import { coreOf } from '../core/public';
import { inBrowser } from '../env';
import { tabsessionError } from '../errors';
import type { SessionEvent } from '../events';
import { fetch as sessionFetch, getClient, init as coreInit, isTabsessionError, nativeFetch } from '../index';
import type { RefreshLock } from '../lock/types';
import { wrapFetch } from '../transports/fetch';
import { clockSkewFromPayload } from '../state/clock';
import { parseCookies, type CookieHandler } from '../state/cookies';
import { addDropinAxiosInterceptors } from './axios';
import { STGeneralError } from './error';
import { xhr } from '../xhr/index';
import { CookieHandlerReference, DateProviderReference, WindowHandlerReference } from './references';
import type { CookieHandlerInput, CookieHandlerInterface } from './utils/cookieHandler/types';
import type { DateProviderInput } from './utils/dateProvider/types';
import type { WindowHandlerInput } from './utils/windowHandler/types';

/**
 * The supertokens-website 20 surface over tabsession's core: its option names, its RecipeInterface and
 * override builder, and its behaviour where it differs from tabsession's (docs/migrating.md).
 */

export type UserContext = unknown;
export type Event =
  | { action: 'SIGN_OUT' | 'REFRESH_SESSION' | 'SESSION_CREATED' | 'ACCESS_TOKEN_PAYLOAD_UPDATED'; userContext: UserContext }
  | { action: 'API_INVALID_CLAIM'; claimValidationErrors: ClaimValidationError[]; userContext: UserContext }
  | { action: 'UNAUTHORISED'; sessionExpiredOrRevoked: boolean; userContext: UserContext };
export type PreAPIHookContext = { action: 'SIGN_OUT' | 'REFRESH_SESSION'; requestInit: RequestInit; url: string; userContext: UserContext };
export type RecipePostAPIHookContext = PreAPIHookContext & { fetchResponse: Response };
export type ResponseWithBody = { data: unknown } | Response;

export type RecipeInterface = {
  addFetchInterceptorsAndReturnModifiedFetch: (input: { originalFetch: unknown; userContext: UserContext }) => typeof fetch;
  addXMLHttpRequestInterceptor: (input: { userContext: UserContext }) => void;
  addAxiosInterceptors: (input: { axiosInstance: unknown; userContext: UserContext }) => void;
  getUserId: (input: { userContext: UserContext }) => Promise<string>;
  getAccessTokenPayloadSecurely: (input: { userContext: UserContext }) => Promise<any>;
  doesSessionExist: (input: { userContext: UserContext }) => Promise<boolean>;
  signOut: (input: { userContext: UserContext }) => Promise<void>;
  getInvalidClaimsFromResponse(input: { response: ResponseWithBody; userContext: UserContext }): Promise<ClaimValidationError[]>;
  validateClaims: (input: { claimValidators: SessionClaimValidator[]; userContext: UserContext }) => Promise<ClaimValidationError[]>;
  getGlobalClaimValidators(input: { claimValidatorsAddedByOtherRecipes: SessionClaimValidator[]; userContext: UserContext }): SessionClaimValidator[];
  shouldDoInterceptionBasedOnUrl(toCheckUrl: string, apiDomain: string, sessionTokenBackendDomain: string | undefined): boolean;
  calculateClockSkewInMillis(params: { accessTokenPayload: any; responseHeaders: Headers }): number;
};

/** The reference's lock (browser-tabs-lock's shape): `acquireLock` resolves false when `timeout` ms passed without the lock. */
export type Lock = { acquireLock(lockName: string, timeout?: number): Promise<boolean>; releaseLock(lockName: string): Promise<void> };
export type LockFactory = () => Promise<Lock>;

/** What `override.functions` receives second: `builder.override(fn)` stacks another layer on the result. */
export interface OverrideableBuilder<T> {
  override(layer: (original: T, builder: OverrideableBuilder<T>) => T): OverrideableBuilder<T>;
}

/** The reference's options: the ones tabsession shares (same names, same meaning), then its own. */
export type InputType = Pick<
  TabsessionConfig,
  | 'apiDomain'
  | 'apiBasePath'
  | 'sessionTokenFrontendDomain'
  | 'sessionTokenBackendDomain'
  | 'sessionExpiredStatusCode'
  | 'invalidClaimStatusCode'
  | 'autoAddCredentials'
  | 'isInIframe'
  | 'maxRetryAttemptsForSessionRefresh'
  | 'tokenTransferMethod'
> & {
  cookieHandler?: CookieHandlerInput;
  windowHandler?: WindowHandlerInput;
  dateProvider?: DateProviderInput;
  preAPIHook?: (context: PreAPIHookContext) => Promise<{ url: string; requestInit: RequestInit }>;
  postAPIHook?: (context: RecipePostAPIHookContext) => Promise<void>;
  onHandleEvent?: (event: Event) => void;
  override?: { functions?: (originalImplementation: RecipeInterface, builder: OverrideableBuilder<RecipeInterface>) => RecipeInterface };
  /** The lock the session refresh is taken under (default: Web Locks, else an IndexedDB or localStorage lease). */
  lockFactory?: LockFactory;
  enableDebugLogs?: boolean;
  /** Any other key (supertokens-web-js passes `appInfo`, `recipeId`) is accepted and ignored. */
  [unknownKey: string]: unknown;
};

/** A refresh that never reached the backend: the reference reports "no session" for it, not an error. */
const isNetworkRefreshFailure = (error: unknown): boolean =>
  isTabsessionError(error) && error.type === 'REFRESH_FAILED' && error.response === undefined;

/** Set by the original `addXMLHttpRequestInterceptor`: an override that does not call it leaves XMLHttpRequest alone. */
let xhrWanted = false;
const hostOf = (url: string) => new URL(url, location.href).hostname;

function originalImplementation(): RecipeInterface {
  return {
    addFetchInterceptorsAndReturnModifiedFetch: ({ originalFetch }) =>
      originalFetch === nativeFetch ? sessionFetch : wrapFetch(() => coreOf(getClient()), originalFetch as typeof fetch),
    addXMLHttpRequestInterceptor: () => {
      xhrWanted = true;
    },
    // On its own, not through the XMLHttpRequest patch: the reference's advice for axios apps is to turn that off.
    addAxiosInterceptors: ({ axiosInstance }) => addDropinAxiosInterceptors(axiosInstance),
    getUserId: () => getClient().getUserId(),
    getAccessTokenPayloadSecurely: () => getClient().getAccessTokenPayloadSecurely(),
    doesSessionExist: async () => {
      try {
        return await getClient().doesSessionExist();
      } catch (error) {
        if (isNetworkRefreshFailure(error)) return false;
        throw error;
      }
    },
    signOut: async ({ userContext }) => {
      if (!(await getRecipe().doesSessionExist({ userContext }))) {
        coreOf(getClient()).emit({ action: 'SIGN_OUT' });
        return;
      }
      try {
        await getClient().signOut();
      } catch (error) {
        const body = isTabsessionError(error) && error.type === 'SIGN_OUT_FAILED' ? await error.response?.clone().json().catch(() => undefined) : undefined;
        if (body?.status === 'GENERAL_ERROR') throw new STGeneralError(String(body.message ?? 'sign-out failed'));
        throw error;
      }
    },
    getInvalidClaimsFromResponse: ({ response }) => getInvalidClaimsFromResponse({ response }),
    validateClaims: ({ claimValidators, userContext }) =>
      runClaimValidators(claimValidators, userContext, () => getRecipe().getAccessTokenPayloadSecurely({ userContext })),
    getGlobalClaimValidators: ({ claimValidatorsAddedByOtherRecipes }) => claimValidatorsAddedByOtherRecipes,
    shouldDoInterceptionBasedOnUrl: (url, apiDomain, backendDomain) =>
      !url.includes('superTokensDoNotDoInterception') &&
      matchesApi(hostOf(url), hostOf(apiDomain.includes('://') ? apiDomain : `https://${apiDomain}`), backendDomain?.replace(/^\./, '').toLowerCase()),
    calculateClockSkewInMillis: ({ accessTokenPayload }) => clockSkewFromPayload(accessTokenPayload ?? {}),
  };
}

let recipe: RecipeInterface | undefined;
/** `addAxiosInterceptors` calls made before `init`, run by `init` through the app's recipe (as the reference queues them). */
let axiosQueue: Array<(recipe: RecipeInterface) => void> = [];

/** Runs `call` on the recipe now, or once `init` has built it. */
export function withRecipe(call: (recipe: RecipeInterface) => void): void {
  if (recipe) call(recipe);
  else axiosQueue.push(call);
}

/** The RecipeInterface after the app's overrides; the plain one before `init`. */
export function getRecipe(): RecipeInterface {
  return recipe ?? originalImplementation();
}

/** Applies `override.functions` and every layer it stacks with `builder.override`, in order. */
function build(original: RecipeInterface, functions: NonNullable<InputType['override']>['functions']): RecipeInterface {
  const layers: Array<(original: RecipeInterface, builder: OverrideableBuilder<RecipeInterface>) => RecipeInterface> = [functions ?? ((o) => o)];
  const builder: OverrideableBuilder<RecipeInterface> = {
    override(layer) {
      layers.push(layer);
      return builder;
    },
  };
  let impl = original;
  for (let i = 0; i < layers.length; i++) impl = (layers[i] as (typeof layers)[number])(impl, builder);
  return impl;
}

/**
 * An app's asynchronous cookie jar, read synchronously by the core: a cache loaded at init, updated by
 * every write at once, and reloaded from the jar after each write settles. The jar is the app's code: a
 * call that throws or rejects is reported (CONFIG, with the error as `cause`), and this page goes on
 * with its cache.
 */
function cachedCookieHandler(jar: CookieHandlerInterface, report: (error: unknown) => void): CookieHandler {
  let cache = '';
  const failed = (call: string, lost: string) => (cause: unknown) =>
    report(tabsessionError('CONFIG', 'TS058', [call, lost], { cause }));
  /** The jar's call as a promise, a synchronous throw included. */
  const attempt = <T>(call: () => Promise<T>) => new Promise<T>((resolve) => resolve(call()));
  const reload = () =>
    attempt(() => jar.getCookie()).then((value) => {
      cache = value;
    }, failed('getCookie()', 'the page keeps the cookies it last read'));
  void reload();
  return {
    getCookie: () => cache,
    setCookie(cookie) {
      const pair = cookie.split(';')[0] ?? '';
      const name = pair.slice(0, pair.indexOf('='));
      const others = Object.entries(parseCookies(cache)).filter(([key]) => key !== name);
      if (!/expires=Thu, 01 Jan 1970/.test(cookie)) others.unshift([name, pair.slice(name.length + 1)]);
      cache = others.map(([key, value]) => `${key}=${value}`).join('; ');
      void attempt(() => jar.setCookie(cookie)).then(reload, failed('setCookie()', 'the session is kept in this page only'));
    },
  };
}

/**
 * The reference's lock factory as the core's lock: tried for 1 s at a time until granted (as the
 * reference does, at most 100 tries), and released when the refresh settles.
 */
function lockFromFactory(factory: LockFactory): RefreshLock {
  return {
    async run(name, task) {
      const lock = await factory();
      let granted = false;
      for (let tries = 0; !granted && tries < 100; tries++) granted = await lock.acquireLock(name, 1000);
      if (!granted) throw tabsessionError('REFRESH_FAILED', 'TS037');
      try {
        return await task();
      } finally {
        await lock.releaseLock(name);
      }
    },
  };
}

/** The response headers as `calculateClockSkewInMillis` receives them: a `Headers` view with `get` and `has`. */
const headersView = (header: (name: string) => string | null) => ({ get: header, has: (name: string) => header(name) !== null }) as unknown as Headers;

const withoutTab = ({ fromOtherTab: _, ...event }: SessionEvent) => ({ ...event, userContext: {} }) as Event;

export function init(options: InputType): void {
  CookieHandlerReference.init(options.cookieHandler);
  WindowHandlerReference.init(options.windowHandler);
  DateProviderReference.init(options.dateProvider);
  const base = originalImplementation();
  const r = build(base, options.override?.functions);
  recipe = r;
  xhrWanted = false;
  r.addXMLHttpRequestInterceptor({ userContext: {} });
  const cookies = CookieHandlerReference.getReferenceOrThrow();
  /** Where the cookie jar's failures go: the core's reporter, once the core exists (they come asynchronously). */
  let report: (error: unknown) => void = () => {};
  const windowRef = WindowHandlerReference.getReferenceOrThrow();
  const { preAPIHook, postAPIHook, onHandleEvent } = options;
  const config: Record<string, unknown> = {
    apiDomain: options.apiDomain,
    apiBasePath: options.apiBasePath,
    sessionTokenFrontendDomain: options.sessionTokenFrontendDomain,
    sessionTokenBackendDomain: options.sessionTokenBackendDomain,
    sessionExpiredStatusCode: options.sessionExpiredStatusCode,
    invalidClaimStatusCode: options.invalidClaimStatusCode,
    autoAddCredentials: options.autoAddCredentials,
    isInIframe: options.isInIframe,
    maxRetryAttemptsForSessionRefresh: options.maxRetryAttemptsForSessionRefresh,
    tokenTransferMethod: options.tokenTransferMethod,
    interceptXMLHttpRequest: xhrWanted && xhr,
    lock: options.lockFactory ? lockFromFactory(options.lockFactory) : undefined,
    dateProvider: DateProviderReference.getReferenceOrThrow().dateProvider,
    cookieHandler: cookies.custom ? cachedCookieHandler(cookies.cookieHandler, (error) => report(error)) : undefined,
    storage: windowRef.custom
      ? { getItem: windowRef.windowHandler.localStorage.getItemSync, setItem: windowRef.windowHandler.localStorage.setItemSync, removeItem: windowRef.windowHandler.localStorage.removeItemSync }
      : undefined,
    // The reference hands its hook a Headers instance.
    preAPIHook: preAPIHook
      ? (context: { action: 'SIGN_OUT' | 'REFRESH_SESSION'; url: string; requestInit: RequestInit }) =>
          preAPIHook({ ...context, requestInit: { ...context.requestInit, headers: new Headers(context.requestInit.headers) }, userContext: {} })
      : undefined,
    postAPIHook: postAPIHook ? (context: Omit<RecipePostAPIHookContext, 'userContext'>) => postAPIHook({ ...context, userContext: {} }) : undefined,
    onHandleEvent: onHandleEvent ? (event: SessionEvent) => onHandleEvent(withoutTab(event)) : undefined,
  };
  for (const key of Object.keys(config)) if (config[key] === undefined) delete config[key];
  const session = coreInit(config as unknown as TabsessionConfig);
  report = coreOf(session).config.onDiagnostic;
  if (!inBrowser()) return;
  // What the app's overrides change reaches the core through its hooks; the methods it left alone cost nothing.
  const core = coreOf(session).config;
  const hooks: CoreHooks = { signOutOnRemoval: true };
  const own = (name: keyof RecipeInterface) => r[name] !== base[name];
  if (own('shouldDoInterceptionBasedOnUrl')) {
    hooks.intercepts = (url) => r.shouldDoInterceptionBasedOnUrl(url, core.apiOrigin, options.sessionTokenBackendDomain);
  }
  if (own('calculateClockSkewInMillis')) {
    hooks.clockSkew = (accessTokenPayload, header) => r.calculateClockSkewInMillis({ accessTokenPayload, responseHeaders: headersView(header) });
  }
  if (own('getInvalidClaimsFromResponse')) {
    hooks.invalidClaims = (data) => r.getInvalidClaimsFromResponse({ response: { data }, userContext: {} });
  }
  setHooks(core, hooks);
  const modified = r.addFetchInterceptorsAndReturnModifiedFetch({ originalFetch: nativeFetch, userContext: {} });
  if (globalThis.fetch !== modified) replaceGlobal('fetch', modified);
  const queued = axiosQueue;
  axiosQueue = [];
  for (const call of queued) call(r);
}

/** The validators every `validateClaims()` checks: those other recipes registered, through the recipe's override. */
export function getGlobalClaimValidators(
  overrideGlobalClaimValidators?: (globalClaimValidators: SessionClaimValidator[], userContext: UserContext) => SessionClaimValidator[],
  userContext: UserContext = {},
): SessionClaimValidator[] {
  const globals = getRecipe().getGlobalClaimValidators({ claimValidatorsAddedByOtherRecipes: claimValidatorStore.list(), userContext });
  return overrideGlobalClaimValidators ? overrideGlobalClaimValidators(globals, userContext) : globals;
}
