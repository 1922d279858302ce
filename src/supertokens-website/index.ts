import type { ClaimValidationError, SessionClaim, SessionClaimValidator } from '../claims/index';
import { getClient } from '../index';
import { getGlobalClaimValidators, getRecipe, init, withRecipe, type ResponseWithBody, type UserContext } from './recipe';

/**
 * `tabsession/supertokens-website`: the module shape of supertokens-website 20 (default export, named
 * exports, claims), so a bundler alias runs supertokens-web-js and supertokens-auth-react on tabsession.
 *
 * @example
 * // vite.config.ts
 * export default { resolve: { alias: { 'supertokens-website': 'tabsession/supertokens-website' } } };
 */

type Input = { userContext?: UserContext } | undefined;
const ctx = (input: Input) => input?.userContext ?? {};

export { init };
export const getUserId = (input?: Input): Promise<string> => getRecipe().getUserId({ userContext: ctx(input) });
export const getAccessTokenPayloadSecurely = (input?: Input): Promise<any> => getRecipe().getAccessTokenPayloadSecurely({ userContext: ctx(input) });
export const getAccessToken = async (input?: Input): Promise<string | undefined> => ((await doesSessionExist(input)) ? getClient().getAccessToken() : undefined);
export const attemptRefreshingSession = (): Promise<boolean> => getClient().attemptRefreshingSession();
export const doesSessionExist = (input?: Input): Promise<boolean> => getRecipe().doesSessionExist({ userContext: ctx(input) });
/** Gives an axios instance the session, with or without the XMLHttpRequest patch (handled once when both are on). */
export const addAxiosInterceptors = (axiosInstance: unknown, userContext?: UserContext): void =>
  withRecipe((recipe) => recipe.addAxiosInterceptors({ axiosInstance, userContext: userContext ?? {} }));
export const signOut = (input?: Input): Promise<void> => getRecipe().signOut({ userContext: ctx(input) });
export const getInvalidClaimsFromResponse = (input: { response: ResponseWithBody; userContext?: UserContext }): Promise<ClaimValidationError[]> =>
  getRecipe().getInvalidClaimsFromResponse({ response: input.response, userContext: ctx(input) });

export async function getClaimValue<T>(input: { claim: SessionClaim<T>; userContext?: UserContext }): Promise<T | undefined> {
  const userContext = ctx(input);
  if (!(await doesSessionExist({ userContext }))) return undefined;
  return input.claim.getValueFromPayload(await getAccessTokenPayloadSecurely({ userContext }), userContext);
}

export async function validateClaims(
  overrideGlobalClaimValidators?: (globalClaimValidators: SessionClaimValidator[], userContext: UserContext) => SessionClaimValidator[],
  userContext: UserContext = {},
): Promise<ClaimValidationError[]> {
  const claimValidators = getGlobalClaimValidators(overrideGlobalClaimValidators, userContext);
  if (claimValidators.length === 0 || !(await doesSessionExist({ userContext }))) return [];
  return getRecipe().validateClaims({ claimValidators, userContext });
}

const SuperTokensWebsite = {
  init,
  getUserId,
  getAccessTokenPayloadSecurely,
  getAccessToken,
  attemptRefreshingSession,
  doesSessionExist,
  addAxiosInterceptors,
  signOut,
  getInvalidClaimsFromResponse,
  getClaimValue,
  validateClaims,
};
export default SuperTokensWebsite;

export { BooleanClaim, PrimitiveArrayClaim, PrimitiveClaim } from '../claims/index';
export type { ClaimValidationError, ClaimValidationResult, SessionClaim, SessionClaimValidator } from '../claims/index';
export type { Event, InputType, RecipeInterface, PreAPIHookContext, RecipePostAPIHookContext } from './recipe';
