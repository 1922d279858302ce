import type { NormalisedConfig } from '../config';
import type { Protocol, ProtocolContext, RefreshAnswer, SessionChange } from '../core/protocol';
import { retryAfterOf } from '../core/cooldown';
import { parseJsonBody } from '../core/body';
import { hooksOf } from '../core/hooks';
import { tabsessionError } from '../errors';
import type { ClaimValidationError } from '../events';
import { clockSkewFromPayload } from '../state/clock';

/** The FDI versions of the protocol this SDK speaks, sent on refresh as the reference client does. */
const FDI_VERSIONS = '1.16,1.17,1.18,1.19,2.0,3.0,3.1,4.0,4.1';
const FRONT_TOKEN = 'front-token';
const ANTI_CSRF = 'anti-csrf';
const ACCESS = 'st-access-token';
const REFRESH = 'st-refresh-token';
const AUTH_MODE = 'st-auth-mode';

/**
 * The SuperTokens session protocol (docs/protocol.md): the one module that knows its header names, its
 * `rid`, its refresh request and what its answers mean. The session lives in the frontend cookies
 * (src/state/store.ts), which every tab reads; its version stamp is the last-update cookie.
 */
export function supertokens({
  config,
  cookies: store,
  clock,
}: Omit<ProtocolContext, 'config'> & { config: Pick<NormalisedConfig, 'tokenTransferMethod' | 'refreshUrl' | 'sessionExpiredStatusCode' | 'onDiagnostic'> }): Protocol {
  const { tokenTransferMethod: mode, onDiagnostic: report } = config;
  /**
   * A stored value that cannot be a header value (a cookie planted with a newline, say) would make every
   * request throw in `Headers.set`: it is reported and left out instead.
   */
  const safe = (name: string, value: string | undefined): value is string => {
    if (value === undefined) return false;
    if (/^[\t\x20-\x7e\x80-\xff]*$/.test(value)) return true;
    report(tabsessionError('INVALID_RESPONSE', 'TS042', [name]));
    return false;
  };

  /**
   * The clock skew, from a new front token's payload. The app's code runs here (the drop-in's
   * `calculateClockSkewInMillis`, a custom `dateProvider`): if it throws, the token is still stored and
   * its events still fire; the skew stays as it was, and the app hears why (CONFIG).
   */
  const learnSkew = (payload: Record<string, unknown>, header: (name: string) => string | null) => {
    try {
      const skew = hooksOf(config).clockSkew; // the drop-in's calculateClockSkewInMillis
      clock.setClientClockSkewInMillis(skew ? skew(payload, header) : clockSkewFromPayload(payload));
    } catch (cause) {
      report(tabsessionError('CONFIG', 'TS060', [], { cause }));
    }
  };

  return {
    store,
    identity: (session) => store.decodeFrontToken(session.rawFrontToken),

    /** docs/protocol.md section 2. The caller's own choices win. */
    decorate(request, session, stale) {
      const { headers } = request;
      if (!headers.get('rid')) headers.set('rid', 'anti-csrf');
      headers.set(AUTH_MODE, mode);
      if (session.state === 'EXISTS' && safe(ANTI_CSRF, session.antiCsrf)) headers.set(ANTI_CSRF, session.antiCsrf);
      if (mode === 'header' && safe(ACCESS, session.accessToken)) {
        const own = headers.get('authorization');
        if (!own || (stale !== undefined && own === `Bearer ${stale}`)) headers.set('authorization', `Bearer ${session.accessToken}`);
      }
    },

    /** docs/protocol.md section 3. */
    read(header) {
      let change: SessionChange = {};
      const frontToken = header(FRONT_TOKEN);
      if (frontToken === 'remove') change = { removed: store.clear() };
      else if (frontToken) {
        try {
          const { token, ...changed } = store.setFrontToken(frontToken);
          change = changed;
          learnSkew(token.up, header);
        } catch (error) {
          report(error);
        }
      }
      const antiCsrf = header(ANTI_CSRF);
      if (antiCsrf) store.setAntiCsrf(antiCsrf);
      const access = header(ACCESS);
      if (access !== null) store.setToken('access', access);
      const refresh = header(REFRESH);
      if (refresh !== null) store.setToken('refresh', refresh);
      return change;
    },

    /** docs/protocol.md section 5. */
    async refresh(session, call, signal) {
      const headers: Record<string, string> = { rid: 'session', 'fdi-version': FDI_VERSIONS, [AUTH_MODE]: mode };
      if (safe(ANTI_CSRF, session.antiCsrf)) headers[ANTI_CSRF] = session.antiCsrf;
      if (mode === 'header' && safe(REFRESH, session.refreshToken)) headers['authorization'] = `Bearer ${session.refreshToken}`;
      const response = await call(config.refreshUrl, { method: 'POST', credentials: 'include', headers, signal });
      const { status, headers: answer } = response;
      let meaning: RefreshAnswer = 'REFRESHED';
      if (status === config.sessionExpiredStatusCode) meaning = 'ENDED';
      else if (!response.ok) meaning = retryAfterOf(status, answer.get('retry-after'), Date.now()) ?? 'FAILED';
      else if (!answer.get(FRONT_TOKEN)) {
        // Either the backend cleared duplicate cookies (CLEAR_DUPLICATE_SESSION_COOKIES), or the header was
        // lost on the way: the core retries (counted against maxRetryAttemptsForSessionRefresh). Say which is which.
        meaning = 'UNCHANGED';
        report(
          tabsessionError('INVALID_RESPONSE', 'TS043', [], { response }),
        );
      }
      return [response, meaning];
    },

    signOutHeaders: { rid: 'session', 'content-type': 'application/json; charset=utf-8' },

    /** docs/protocol.md section 6: an error status, or a 200 whose body says GENERAL_ERROR. */
    async signOutFailure(response) {
      let body: { status?: unknown; message?: unknown } | undefined;
      try {
        body = (await parseJsonBody(response)) as typeof body;
      } catch {
        body = undefined;
      }
      if (response.ok && body?.status !== 'GENERAL_ERROR') return undefined;
      return typeof body?.message === 'string' ? `: ${body.message}` : '';
    },
  };
}

/** Validates the `claimValidationErrors` of an INVALID_CLAIM body (docs/protocol.md section 4). */
export function claimErrorsOf(body: unknown): ClaimValidationError[] {
  const errors = (body as { claimValidationErrors?: unknown } | null | undefined)?.claimValidationErrors;
  if (!Array.isArray(errors) || !errors.every((e) => typeof e === 'object' && e !== null && typeof (e as { id?: unknown }).id === 'string')) {
    throw tabsessionError('INVALID_RESPONSE', 'TS041');
  }
  return errors as ClaimValidationError[];
}
