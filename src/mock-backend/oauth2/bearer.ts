/**
 * OAuth2 access tokens on the API routes (RFC 6750): a request whose `Authorization: Bearer` carries one
 * of the token endpoint's access tokens is answered from its grant; any other request goes the SuperTokens
 * way unchanged (cookies, or a JWT in the same header).
 */
import type { BackendContext } from '../context.js';
import type { RouteHandler, RouteRequest, Reply } from '../http.js';
import type { UserPayload } from '../tokens.js';
import { readBearer } from '../transport.js';
import { ACCESS_PREFIX } from './grants.js';

/** Who is calling, whichever kind of token proved it. */
export interface ApiUser {
  readonly userId: string;
  readonly email: string;
  readonly up: UserPayload;
}

export type ApiHandler = (req: RouteRequest, res: Reply, user: ApiUser | undefined) => void | Promise<void>;

/**
 * `sessionHandler` for every request but those with one of our OAuth2 access tokens: those reach
 * `handler` when the token is live, else a 401 `invalid_token` (RFC 6750 section 3.1) that touches no
 * cookie and no SuperTokens session.
 */
export function withOAuthBearer(ctx: BackendContext, sessionHandler: RouteHandler, handler: ApiHandler): RouteHandler {
  return async (req, res) => {
    const bearer = readBearer(req);
    if (bearer === undefined || !bearer.startsWith(ACCESS_PREFIX)) return sessionHandler(req, res);
    ctx.state.count('apiCalls');
    const check = ctx.grants.checkAccess(bearer, ctx.options.now());
    if (check.kind !== 'ok') {
      const description = `access token ${check.kind === 'unknown' ? 'unknown' : `is ${check.kind}`}`;
      res.set('WWW-Authenticate', `Bearer error="invalid_token", error_description="${description}"`);
      return res.json({ error: 'invalid_token', error_description: description }, 401);
    }
    const { user } = check.grant;
    await handler(req, res, { userId: user.id, email: user.email, up: { role: user.role, email: user.email } });
  };
}
