/**
 * The FDI recipes beyond the session (EmailPassword, EmailVerification) that SuperTokens' frontend SDKs
 * call. One hookup for the engine's route table: the routes under apiBasePath (before the session routes,
 * which a sign-in for an unknown email falls through to), and their test control under /__mock/fdi.
 */
import type { BackendContext } from '../context.js';
import type { Route } from '../http.js';
import { emailPasswordRoutes } from './emailpassword.js';
import { emailVerificationRoutes } from './emailverification.js';

export { fdiControlRoutes } from './control.js';

/** Mounted at apiBasePath. */
export function fdiRoutes(ctx: BackendContext): Route[] {
  return [...emailPasswordRoutes(ctx), ...emailVerificationRoutes(ctx)];
}
