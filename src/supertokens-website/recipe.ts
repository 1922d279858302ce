import { claimValidatorStore, getInvalidClaimsFromResponse, runClaimValidators, type ClaimValidationError, type SessionClaimValidator } from '../claims/index';
import type { TabsessionConfig } from '../config';
import type { SessionEvent } from '../events';
import { fetch as sessionFetch, getClient, init as coreInit, isTabsessionError } from '../index';
import { clockSkewFromPayload } from '../state/clock';
import { parseCookies, type CookieHandler } from '../state/cookies';
import { STGeneralError } from './error';
import { CookieHandlerReference, DateProviderReference, WindowHandlerReference } from './references';
import type { CookieHandlerInput, CookieHandlerInterface } from './utils/cookieHandler/types';
import type { DateProviderInput } from './utils/dateProvider/types';
import type { WindowHandlerInput } from './utils/windowHandler/types';

/**
 * The supertokens-website 20 surface over tabsession's core: its option names, its RecipeInterface and
 * override builder, and its behaviour where it differs from tabsession's (README, "Migrating").
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
  /** Accepted and ignored: tabsession keeps its own cross-tab lock (Web Locks). */
  lockFactory?: unknown;
  enableDebugLogs?: boolean;
  /** Any other key (supertokens-web-js passes `appInfo`, `recipeId`) is accepted and ignored. */
  [unknownKey: string]: unknown;
};

/** A refresh that never reached the backend: the reference reports "no session" for it, not an error. */
const isNetworkRefreshFailure = (error: unknown): boolean =>
  isTabsessionError(error) && error.type === 'REFRESH_FAILED' && error.response === undefined;

function originalImplementation(): RecipeInterface {
  return {
    addFetchInterceptorsAndReturnModifiedFetch: () => sessionFetch,
    // init() patches XMLHttpRequest; axios uses XMLHttpRequest (or fetch) in the browser, both intercepted.
    addXMLHttpRequestInterceptor: () => {},
    addAxiosInterceptors: () => {},
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
    signOut: async () => {
      try {
        await getClient().signOut();
      } catch (error) {
        const body = isTabsessionError(error) && error.type === 'SIGN_OUT_FAILED' ? await error.response?.clone().json().catch(() => undefined) : undefined;
        if (body?.status === 'GENERAL_ERROR') throw new STGeneralError(String(body.message ?? 'sign-out failed'));
        throw error;
      }
    },
    getInvalidClaimsFromResponse: ({ response }) => getInvalidClaimsFromResponse({ response }),
    validateClaims: ({ claimValidators, userContext }) => runClaimValidators(claimValidators, userContext),
    getGlobalClaimValidators: ({ claimValidatorsAddedByOtherRecipes }) => claimValidatorsAddedByOtherRecipes,
    shouldDoInterceptionBasedOnUrl: (url) => getClient().intercepts(url),
    calculateClockSkewInMillis: ({ accessTokenPayload }) => clockSkewFromPayload(accessTokenPayload ?? {}),
  };
}

let recipe: RecipeInterface | undefined;

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
 * every write at once, and reloaded from the jar after each write settles.
 */
function cachedCookieHandler(jar: CookieHandlerInterface): CookieHandler {
  let cache = '';
  const reload = () =>
    jar.getCookie().then(
      (value) => {
        cache = value;
      },
      () => {},
    );
  void reload();
  return {
    getCookie: () => cache,
    setCookie(cookie) {
      const pair = cookie.split(';')[0] ?? '';
      const name = pair.slice(0, pair.indexOf('='));
      const others = Object.entries(parseCookies(cache)).filter(([key]) => key !== name);
      if (!/expires=Thu, 01 Jan 1970/.test(cookie)) others.unshift([name, pair.slice(name.length + 1)]);
      cache = others.map(([key, value]) => `${key}=${value}`).join('; ');
      void jar.setCookie(cookie).then(reload, () => {});
    },
  };
}

const withoutTab = ({ fromOtherTab: _, ...event }: SessionEvent) => ({ ...event, userContext: {} }) as Event;

export function init(options: InputType): void {
  CookieHandlerReference.init(options.cookieHandler);
  WindowHandlerReference.init(options.windowHandler);
  DateProviderReference.init(options.dateProvider);
  recipe = build(originalImplementation(), options.override?.functions);
  const cookies = CookieHandlerReference.getReferenceOrThrow();
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
    dateProvider: DateProviderReference.getReferenceOrThrow().dateProvider,
    cookieHandler: cookies.custom ? cachedCookieHandler(cookies.cookieHandler) : undefined,
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
  coreInit(config as unknown as TabsessionConfig);
}

/** The validators every `validateClaims()` checks: those other recipes registered, through the recipe's override. */
export function getGlobalClaimValidators(
  overrideGlobalClaimValidators?: (globalClaimValidators: SessionClaimValidator[], userContext: UserContext) => SessionClaimValidator[],
  userContext: UserContext = {},
): SessionClaimValidator[] {
  const globals = getRecipe().getGlobalClaimValidators({ claimValidatorsAddedByOtherRecipes: claimValidatorStore.list(), userContext });
  return overrideGlobalClaimValidators ? overrideGlobalClaimValidators(globals, userContext) : globals;
}
