/** Everything a route needs, built once per engine by createEngine. */
import type { ControlState } from './control.js';
import type { Accounts } from './fdi/accounts.js';
import type { GrantStore } from './oauth2/grants.js';
import type { ResolvedOptions } from './options.js';
import type { SessionStore } from './sessions.js';
import type { TokenIssuer } from './tokens.js';
import type { TransportSettings } from './transport.js';

export interface BackendContext {
  readonly options: ResolvedOptions;
  readonly store: SessionStore;
  readonly issuer: TokenIssuer;
  readonly state: ControlState;
  readonly transport: TransportSettings;
  /** The FDI accounts (sign-up, email verification) and the claim entries of each session's payload. */
  readonly accounts: Accounts;
  /** The OAuth2 token families (oauth2/). */
  readonly grants: GrantStore;
}
