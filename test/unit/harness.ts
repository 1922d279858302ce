import { http, HttpResponse, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';

/** The API origin of the unit tests; anything else is "another domain". */
export const API = 'http://api.test';
export const OTHER = 'http://elsewhere.test';

export const server = setupServer();

export function frontToken(uid: string, ate = Date.now() + 60_000, up: Record<string, unknown> = { role: 'user' }): string {
  return btoa(JSON.stringify({ uid, ate, up }));
}

export interface SeenRequest {
  url: string;
  method: string;
  rid: string | null;
  authMode: string | null;
  antiCsrf: string | null;
  authorization: string | null;
  credentials: RequestCredentials;
  contentType: string | null;
  custom: string | null;
  body: string;
}

export type RefreshBehaviour = 'ok' | '401' | '500' | '429' | '503' | 'network' | 'no-front-token' | 'no-front-token-once' | 'malformed-front-token' | 'remove';

/**
 * A fake backend on msw, speaking the protocol (docs/protocol.md) enough to drive the SDK: sign-in, refresh, sign-out, and
 * API routes that answer 401 while the access token is expired. In cookie mode the access token is an
 * httpOnly cookie the test cannot see, so "valid" is the server's own flag; in header mode the
 * Authorization header must carry the current token.
 */
export function fakeBackend() {
  const state = {
    valid: true,
    generation: 0,
    refreshCalls: 0,
    signOutCalls: 0,
    refresh: 'ok' as RefreshBehaviour,
    /** The Retry-After header of a '429' or '503' refresh; undefined sends none. */
    retryAfter: undefined as string | undefined,
    /** API routes answer 401 whatever the token (loop-guard tests). */
    alwaysUnauthorised: false,
    /** Resolves refresh when set, so tests can hold a refresh in flight. */
    refreshGate: undefined as Promise<void> | undefined,
    payload: { role: 'user' } as Record<string, unknown>,
    requests: [] as SeenRequest[],
  };
  const accessToken = () => `access-${state.generation}`;
  const sessionHeaders = (headerMode: boolean): Record<string, string> => ({
    'front-token': frontToken('user-1', Date.now() + 60_000, state.payload),
    'anti-csrf': `csrf-${state.generation}`,
    ...(headerMode ? { 'st-access-token': accessToken(), 'st-refresh-token': `refresh-${state.generation}` } : {}),
  });
  const record = async (request: Request) => {
    const seen: SeenRequest = {
      url: request.url,
      method: request.method,
      rid: request.headers.get('rid'),
      authMode: request.headers.get('st-auth-mode'),
      antiCsrf: request.headers.get('anti-csrf'),
      authorization: request.headers.get('authorization'),
      credentials: request.credentials,
      contentType: request.headers.get('content-type'),
      custom: request.headers.get('x-test'),
      body: request.method === 'GET' || request.method === 'HEAD' ? '' : await request.clone().text(),
    };
    state.requests.push(seen);
    return seen;
  };
  const authorised = (seen: SeenRequest) =>
    !state.alwaysUnauthorised && state.valid && (seen.authMode !== 'header' || seen.authorization === `Bearer ${accessToken()}`);

  const handlers = [
    http.post(`${API}/auth/signin`, async ({ request }) => {
      const seen = await record(request);
      state.generation++;
      state.valid = true;
      return HttpResponse.json({ status: 'OK' }, { headers: sessionHeaders(seen.authMode === 'header') });
    }),
    http.post(`${API}/auth/session/refresh`, async ({ request }) => {
      const seen = await record(request);
      state.refreshCalls++;
      if (state.refreshGate) await state.refreshGate;
      switch (state.refresh) {
        case 'network':
          return HttpResponse.error();
        case '500':
          return HttpResponse.json({ message: 'boom' }, { status: 500 });
        case '429':
        case '503': {
          const headers: Record<string, string> = state.retryAfter === undefined ? {} : { 'retry-after': state.retryAfter };
          return HttpResponse.json({ message: 'slow down' }, { status: Number(state.refresh), headers });
        }
        case '401':
          return HttpResponse.json({ message: 'unauthorised' }, { status: 401, headers: { 'front-token': 'remove' } });
        case 'no-front-token':
          return HttpResponse.json({ message: 'cleared duplicate cookies' });
        case 'no-front-token-once':
          // Duplicate cookies cleared; the next refresh is an ordinary one.
          state.refresh = 'ok';
          return HttpResponse.json({ message: 'cleared duplicate cookies' });
        case 'remove':
          // A refresh that succeeds but ends the session (a backend override that signs the user out).
          return HttpResponse.json({}, { headers: { 'front-token': 'remove' } });
        case 'malformed-front-token':
          return HttpResponse.json({}, { headers: { 'front-token': 'not base64 json!' } });
        case 'ok':
          if (seen.authMode === 'header' && seen.authorization !== `Bearer refresh-${state.generation}`) {
            return HttpResponse.json({ message: 'unauthorised' }, { status: 401, headers: { 'front-token': 'remove' } });
          }
          state.generation++;
          state.valid = true;
          return HttpResponse.json({}, { headers: sessionHeaders(seen.authMode === 'header') });
      }
    }),
    http.post(`${API}/auth/signout`, async ({ request }) => {
      const seen = await record(request);
      state.signOutCalls++;
      if (!authorised(seen)) return HttpResponse.json({ message: 'try refresh token' }, { status: 401 });
      state.valid = false;
      return HttpResponse.json({ status: 'OK' }, { headers: { 'front-token': 'remove' } });
    }),
    http.all(`${API}/api/*`, async ({ request }) => {
      const seen = await record(request);
      if (!authorised(seen)) return HttpResponse.json({ message: 'try refresh token' }, { status: 401 });
      if (request.url.endsWith('/api/admin')) {
        return HttpResponse.json(
          { message: 'invalid claim', claimValidationErrors: [{ id: 'st-role', reason: { expectedToInclude: 'admin' } }] },
          { status: 403 },
        );
      }
      const body: JsonBodyType = { ok: true, method: seen.method, body: seen.body, contentType: seen.contentType, generation: state.generation };
      return HttpResponse.json(body);
    }),
    http.all(`${OTHER}/*`, async ({ request }) => {
      const seen = await record(request);
      return HttpResponse.json({ other: true, rid: seen.rid });
    }),
  ];
  server.use(...handlers);

  return {
    state,
    /** Makes every access token issued so far expired: API routes answer 401 until a refresh. */
    expire() {
      state.valid = false;
    },
    /** Holds the next refreshes until the returned function is called. */
    holdRefresh(): () => void {
      let release!: () => void;
      state.refreshGate = new Promise((resolve) => (release = resolve));
      return () => {
        state.refreshGate = undefined;
        release();
      };
    },
    apiRequests: () => state.requests.filter((r) => r.url.startsWith(`${API}/api/`)),
  };
}
