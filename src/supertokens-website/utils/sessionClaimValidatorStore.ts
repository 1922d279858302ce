import { claimValidatorStore, type SessionClaimValidator } from '../../claims/index';

/** The validators other recipes (email verification, MFA) register: the same store `validateClaims()` reads. */
export class SessionClaimValidatorStore {
  static addClaimValidatorFromOtherRecipe = (validator: SessionClaimValidator): void => claimValidatorStore.add(validator);
  static getClaimValidatorsAddedByOtherRecipes = (): SessionClaimValidator[] => claimValidatorStore.list();
}
export default SessionClaimValidatorStore;
