/** The mock backend's public types, re-exported by both adapters (the Express server and `tabsession/msw`). */
export type { MockBackendOptions } from './options.js';
export type {
  ForceRequest,
  ForceTarget,
  ForcedError,
  MockConfig,
  MockConfigUpdate,
  MockControl,
  MockSessionInfo,
  MockStats,
  MockOAuthGrantInfo,
  OAuthForceRequest,
  OAuthForcedError,
  OAuthForcedErrorType,
  RequestRecord,
} from './control.js';
export type { SessionErrorType } from './errors.js';
