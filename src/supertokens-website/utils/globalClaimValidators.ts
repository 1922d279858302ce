export { getGlobalClaimValidators } from '../recipe';
