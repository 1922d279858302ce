export { BooleanClaim } from '../../../../claims/index';
export type { PrimitiveClaimConfig } from '../../../../claims/index';
