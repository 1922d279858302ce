/**
 * The OAuth2 token endpoint (RFC 6749: the password grant to start a family, section 4.3; the refresh
 * grant, section 6; errors, section 5.2) and the revocation endpoint (RFC 7009), both at the paths of
 * the options. docs/mock-backend-oauth2.md describes them for users.
 */
import type { BackendContext } from '../context.js';
import type { OAuthForcedErrorType } from '../control.js';
import { clientLeftDuringDelay } from '../delay.js';
import type { Reply, Route, RouteRequest } from '../http.js';
import { findUser } from '../users.js';
import { normaliseScope } from './grants.js';
import type { IssuedPair, Lifetimes } from './grants.js';

type OAuthError = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_scope' | OAuthForcedErrorType;

const FORCED_STATUS: Readonly<Record<OAuthForcedErrorType, number>> = {
  invalid_grant: 400,
  too_many_requests: 429,
  server_error: 500,
  temporarily_unavailable: 503,
};

/** Section 5.2's error answer. */
function sendError(res: Reply, error: OAuthError, description: string, status = 400): void {
  if (status === 429 || status === 503) res.set('Retry-After', '1');
  res.json({ error, error_description: description }, status);
}

/**
 * The form body's parameters, or the section 5.2 error to answer. A parameter sent twice is an
 * `invalid_request` (section 3.2: "MUST NOT be included more than once").
 */
function readForm(req: RouteRequest): { get(name: string): string | undefined } | string {
  const type = (req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return 'expected an application/x-www-form-urlencoded body';
  const params = new URLSearchParams(new TextDecoder().decode(req.rawBody));
  const repeated = [...new Set(params.keys())].find((name) => params.getAll(name).length > 1);
  if (repeated !== undefined) return `${repeated} was sent more than once`;
  return { get: (name) => params.get(name) ?? undefined };
}

/** Section 5.1's answer, never cached. */
function sendTokens(res: Reply, pair: IssuedPair): void {
  res.set('Pragma', 'no-cache');
  res.json({
    access_token: pair.accessToken,
    token_type: 'Bearer',
    expires_in: pair.expiresIn,
    refresh_token: pair.refreshToken,
    ...(pair.scope === undefined ? {} : { scope: pair.scope }),
  });
}

/** Mounted at the root: the paths come from the options. */
export function oauthRoutes(ctx: BackendContext): Route[] {
  const { grants, state, options } = ctx;
  const lifetimes = (): Lifetimes => ({ now: options.now(), accessMs: state.config.accessTokenLifetimeMs, refreshMs: options.refreshTokenLifetimeMs });

  const token = async (req: RouteRequest, res: Reply): Promise<void> => {
    const form = readForm(req);
    if (typeof form === 'string') return sendError(res, 'invalid_request', form);
    const grantType = form.get('grant_type');
    if (grantType === 'refresh_token') state.count('oauthRefreshCalls');
    if (grantType !== 'refresh_token' && grantType !== 'password') {
      return grantType === undefined
        ? sendError(res, 'invalid_request', 'grant_type is missing')
        : sendError(res, 'unsupported_grant_type', 'grant_type must be refresh_token or password');
    }
    if (form.get('client_id') !== options.oauthClientId) return sendError(res, 'invalid_client', 'unknown or missing client_id');
    const scope = normaliseScope(form.get('scope'));

    if (grantType === 'password') {
      const username = form.get('username');
      const password = form.get('password');
      if (username === undefined || password === undefined) return sendError(res, 'invalid_request', 'username and password are required');
      const user = findUser(username, password);
      if (user === undefined) return sendError(res, 'invalid_grant', 'wrong username or password');
      const { pair } = grants.create(user, options.oauthClientId, scope, lifetimes());
      state.count('oauthGrants');
      return sendTokens(res, pair);
    }

    if (await clientLeftDuringDelay(ctx, req.signal)) return res.end(0);
    const presented = form.get('refresh_token');
    if (presented === undefined) return sendError(res, 'invalid_request', 'refresh_token is missing');
    const forced = state.takeOAuthForced();
    if (forced !== undefined) {
      const family = grants.grantOf(presented);
      if (forced === 'invalid_grant' && family !== undefined) grants.revokeGrant(family, 'forced');
      return sendError(res, forced, 'forced by /__mock/oauth/force', FORCED_STATUS[forced]);
    }
    // From here to the answer nothing awaits: two refreshes with one token cannot both pass.
    const outcome = grants.refresh(presented, scope, lifetimes());
    switch (outcome.kind) {
      case 'ok':
        return sendTokens(res, outcome.pair);
      case 'reused':
        state.count('reuseDetections');
        return sendError(res, 'invalid_grant', 'refresh token reused: every token of its grant is revoked');
      case 'scope':
        return sendError(res, 'invalid_scope', 'scope exceeds the scope originally granted');
      default:
        return sendError(res, 'invalid_grant', `refresh token ${outcome.kind}`);
    }
  };

  const revoke = (req: RouteRequest, res: Reply): void => {
    state.count('revocations');
    const form = readForm(req);
    const presented = typeof form === 'string' ? undefined : form.get('token');
    if (typeof form === 'string' || presented === undefined) {
      sendError(res, 'invalid_request', typeof form === 'string' ? form : 'token is missing');
    } else if (form.get('client_id') !== options.oauthClientId) {
      sendError(res, 'invalid_client', 'unknown or missing client_id');
    } else {
      // token_type_hint is only a hint (section 2.1): every kind of token is looked up whatever it says.
      grants.revokeToken(presented);
      // Section 2.2: 200 whether or not the token was known or already revoked.
      res.json({});
    }
  };

  return [
    { path: options.oauthTokenPath, body: 'raw', methods: { POST: token } },
    { path: options.oauthRevocationPath, body: 'raw', methods: { POST: revoke } },
  ];
}
