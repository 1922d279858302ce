export { PrimitiveArrayClaim } from '../../../../claims/index';
export type { PrimitiveClaimConfig } from '../../../../claims/index';
export type { PrimitiveClaimConfig as PrimitiveArrayClaimConfig } from '../../../../claims/index';
