// The OAuth2 token endpoint (RFC 6749), strict rotation with reuse detection, revocation (RFC 7009),
// Bearer access tokens on /api, and its /__mock control (docs/mock-backend-oauth2.md).
import { describe, expect, it } from 'vitest';
import { Client, mockPost, start, stats } from './helpers.js';

const CLIENT_ID = 'tabsession-demo';

interface TokenResponse {
  readonly access_token: string;
  readonly token_type: string;
  readonly expires_in: number;
  readonly refresh_token: string;
  readonly scope?: string;
}

const post = (url: string, path: string, params: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  });

const refresh = (url: string, token: string, extra: Record<string, string> = {}): Promise<Response> =>
  post(url, '/oauth/token', { grant_type: 'refresh_token', refresh_token: token, client_id: CLIENT_ID, ...extra });

const revoke = (url: string, token: string, extra: Record<string, string> = {}): Promise<Response> =>
  post(url, '/oauth/revoke', { token, client_id: CLIENT_ID, ...extra });

const api = (url: string, accessToken: string, path = '/api/user'): Promise<Response> =>
  fetch(`${url}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });

async function signIn(url: string, extra: Record<string, string> = {}): Promise<TokenResponse> {
  // A URLSearchParams body, as docs/mock-backend-oauth2.md shows: fetch sets the form content type (with a charset) itself.
  const body = new URLSearchParams({ grant_type: 'password', username: 'demo@example.com', password: 'demo', client_id: CLIENT_ID, ...extra });
  const res = await fetch(`${url}/oauth/token`, { method: 'POST', body });
  expect(res.status).toBe(200);
  return (await res.json()) as TokenResponse;
}

async function tokens(res: Response): Promise<TokenResponse> {
  expect(res.status).toBe(200);
  return (await res.json()) as TokenResponse;
}

async function expectOAuthError(res: Response, status: number, error: string): Promise<void> {
  expect(res.status).toBe(status);
  expect(await res.json()).toEqual({ error, error_description: expect.any(String) as unknown });
}

async function expectInvalidToken(res: Response): Promise<void> {
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
  expect((await res.json()) as unknown).toMatchObject({ error: 'invalid_token' });
}

describe('POST /oauth/token, grant_type=password', () => {
  it('starts a grant: a Bearer pair, never cached, and the scope asked for', async () => {
    const { url, backend } = await start({ accessTokenLifetimeMs: 30_000 });
    const res = await post(url, '/oauth/token', {
      grant_type: 'password',
      username: 'demo@example.com',
      password: 'demo',
      client_id: CLIENT_ID,
      scope: 'openid  profile',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as TokenResponse;
    expect(body).toEqual({
      access_token: expect.stringMatching(/^mock_at_/) as unknown,
      token_type: 'Bearer',
      expires_in: 30,
      refresh_token: expect.stringMatching(/^mock_rt_/) as unknown,
      scope: 'openid profile',
    });
    expect(backend.control.stats().oauthGrants).toBe(1);
    const user = await api(url, body.access_token);
    expect(user.status).toBe(200);
    expect(await user.json()).toEqual({ userId: 'user-demo', email: 'demo@example.com', payload: { role: 'user', email: 'demo@example.com' } });
  });

  it('wrong credentials are invalid_grant and start nothing', async () => {
    const { url, backend } = await start();
    await expectOAuthError(await post(url, '/oauth/token', { grant_type: 'password', username: 'demo@example.com', password: 'nope', client_id: CLIENT_ID }), 400, 'invalid_grant');
    expect(backend.control.stats().oauthGrants).toBe(0);
    expect(backend.control.oauthGrants()).toEqual([]);
  });
});

describe('POST /oauth/token, grant_type=refresh_token: strict rotation', () => {
  it('every refresh issues a new refresh token and spends the old one', async () => {
    const { url, backend } = await start();
    const first = await signIn(url, { scope: 'openid profile' });
    const second = await tokens(await refresh(url, first.refresh_token));
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.scope).toBe('openid profile');
    expect((await api(url, second.access_token)).status).toBe(200);
    const third = await tokens(await refresh(url, second.refresh_token));
    expect(backend.control.oauthGrants()).toEqual([
      {
        id: expect.any(String) as unknown,
        userId: 'user-demo',
        clientId: CLIENT_ID,
        scope: 'openid profile',
        revokedBy: null,
        refreshTokens: { current: third.refresh_token, spent: [first.refresh_token, second.refresh_token] },
      },
    ]);
    expect(backend.control.stats()).toMatchObject({ oauthRefreshCalls: 2, reuseDetections: 0 });
  });

  it('a spent refresh token used again revokes the whole family, answers invalid_grant and is counted', async () => {
    const { url, backend } = await start();
    const first = await signIn(url);
    const second = await tokens(await refresh(url, first.refresh_token));

    await expectOAuthError(await refresh(url, first.refresh_token), 400, 'invalid_grant');
    expect(backend.control.stats().reuseDetections).toBe(1);
    // Every token of the family is dead: the current refresh token and both access tokens.
    await expectOAuthError(await refresh(url, second.refresh_token), 400, 'invalid_grant');
    await expectInvalidToken(await api(url, second.access_token));
    await expectInvalidToken(await api(url, first.access_token));
    expect(backend.control.oauthGrants()[0]?.revokedBy).toBe('reuse');
    // The current token of a revoked family is not a reuse; only spent ones are counted.
    expect(backend.control.stats().reuseDetections).toBe(1);
    // Another family is untouched.
    const other = await signIn(url);
    expect((await refresh(url, other.refresh_token)).status).toBe(200);
  });

  it('two refreshes racing with one refresh token: one wins, the other is a reuse that revokes the family', async () => {
    const { url, backend } = await start();
    const first = await signIn(url);
    // Both held in the server at once, then let through together.
    backend.control.config({ refreshDelayMs: 60_000 });
    const racing = [refresh(url, first.refresh_token), refresh(url, first.refresh_token)];
    await expect.poll(() => backend.control.stats().oauthRefreshCalls).toBe(2);
    backend.control.config({ refreshDelayMs: 0 });
    const answers = await Promise.all(racing);
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([200, 400]);
    const winner = answers.find((res) => res.status === 200);
    const loser = answers.find((res) => res.status === 400);
    if (winner === undefined || loser === undefined) throw new Error('unreachable: statuses checked above');
    expect(((await loser.json()) as { error: string }).error).toBe('invalid_grant');
    expect(backend.control.stats().reuseDetections).toBe(1);
    const won = (await winner.json()) as TokenResponse;
    await expectOAuthError(await refresh(url, won.refresh_token), 400, 'invalid_grant');
    await expectInvalidToken(await api(url, won.access_token));
  });

  it('a client that leaves during refreshDelayMs spends nothing: its refresh token stays good', async () => {
    const { url, backend } = await start();
    const first = await signIn(url);
    backend.control.config({ refreshDelayMs: 60_000 });
    const controller = new AbortController();
    const pending = fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: CLIENT_ID }).toString(),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await expect.poll(() => backend.control.stats().oauthRefreshCalls).toBe(1);
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    await expect.poll(() => backend.control.stats().requests.at(-1)?.status).toBe(0);
    backend.control.config({ refreshDelayMs: 0 });
    expect((await refresh(url, first.refresh_token)).status).toBe(200);
    expect(backend.control.stats().reuseDetections).toBe(0);
  });

  it('a refresh may narrow the scope, never widen it', async () => {
    const { url } = await start();
    const first = await signIn(url, { scope: 'openid profile' });
    const narrowed = await tokens(await refresh(url, first.refresh_token, { scope: 'openid' }));
    expect(narrowed.scope).toBe('openid');
    await expectOAuthError(await refresh(url, narrowed.refresh_token, { scope: 'openid email' }), 400, 'invalid_scope');
    // The refresh token keeps the scope of the grant.
    expect((await tokens(await refresh(url, narrowed.refresh_token))).scope).toBe('openid profile');
  });

  it('an expired refresh token is invalid_grant, not a reuse', async () => {
    let now = 1_000_000;
    const { url, backend } = await start({ refreshTokenLifetimeMs: 10_000, now: () => now });
    const first = await signIn(url);
    now += 10_000;
    await expectOAuthError(await refresh(url, first.refresh_token), 400, 'invalid_grant');
    expect(backend.control.stats().reuseDetections).toBe(0);
  });

  it('answers bad requests with the errors of RFC 6749 section 5.2', async () => {
    const { url, backend } = await start();
    const { refresh_token: token } = await signIn(url);
    const cases: [Response, number, string][] = [
      [await post(url, '/oauth/token', { refresh_token: token, client_id: CLIENT_ID }), 400, 'invalid_request'],
      [await post(url, '/oauth/token', { grant_type: 'client_credentials', client_id: CLIENT_ID }), 400, 'unsupported_grant_type'],
      [await post(url, '/oauth/token', { grant_type: 'refresh_token', refresh_token: token }), 400, 'invalid_client'],
      [await refresh(url, token, { client_id: 'someone-else' }), 400, 'invalid_client'],
      [await post(url, '/oauth/token', { grant_type: 'refresh_token', client_id: CLIENT_ID }), 400, 'invalid_request'],
      [await refresh(url, 'mock_rt_unknown'), 400, 'invalid_grant'],
      [await post(url, '/oauth/token', { grant_type: 'password', client_id: CLIENT_ID }), 400, 'invalid_request'],
      [
        await fetch(`${url}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: token, client_id: CLIENT_ID }),
        }),
        400,
        'invalid_request',
      ],
      [
        await fetch(`${url}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `grant_type=refresh_token&refresh_token=${token}&refresh_token=${token}&client_id=${CLIENT_ID}`,
        }),
        400,
        'invalid_request',
      ],
    ];
    for (const [res, status, error] of cases) await expectOAuthError(res, status, error);
    // None of them spent the token.
    expect((await refresh(url, token)).status).toBe(200);
    expect(backend.control.stats().reuseDetections).toBe(0);
    expect((await fetch(`${url}/oauth/token`)).status).toBe(405);
  });
});

describe('POST /oauth/revoke (RFC 7009)', () => {
  it('a refresh token revokes its family; counted; not a reuse', async () => {
    const { url, backend } = await start();
    const pair = await signIn(url);
    const res = await revoke(url, pair.refresh_token, { token_type_hint: 'refresh_token' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    await expectOAuthError(await refresh(url, pair.refresh_token), 400, 'invalid_grant');
    await expectInvalidToken(await api(url, pair.access_token));
    expect(backend.control.stats()).toMatchObject({ revocations: 1, reuseDetections: 0 });
    expect(backend.control.oauthGrants()[0]?.revokedBy).toBe('revocation');
  });

  it('an access token revokes only itself, whatever the hint says', async () => {
    const { url } = await start();
    const pair = await signIn(url);
    expect((await revoke(url, pair.access_token, { token_type_hint: 'refresh_token' })).status).toBe(200);
    await expectInvalidToken(await api(url, pair.access_token));
    const next = await tokens(await refresh(url, pair.refresh_token));
    expect((await api(url, next.access_token)).status).toBe(200);
  });

  it('answers 200 for unknown and already revoked tokens; 400 without a token or with another client', async () => {
    const { url, backend } = await start();
    const pair = await signIn(url);
    expect((await revoke(url, 'mock_rt_never-issued')).status).toBe(200);
    expect((await revoke(url, pair.refresh_token)).status).toBe(200);
    expect((await revoke(url, pair.refresh_token)).status).toBe(200);
    await expectOAuthError(await post(url, '/oauth/revoke', { client_id: CLIENT_ID }), 400, 'invalid_request');
    const other = await signIn(url);
    await expectOAuthError(await revoke(url, other.refresh_token, { client_id: 'someone-else' }), 400, 'invalid_client');
    expect((await refresh(url, other.refresh_token)).status).toBe(200);
    expect(backend.control.stats().revocations).toBe(5);
  });
});

describe('Bearer OAuth2 access tokens on /api', () => {
  it('expire(): the access tokens answer 401 invalid_token; a refresh gives one that works', async () => {
    const { url, backend } = await start();
    const pair = await signIn(url);
    expect(backend.control.expire()).toEqual({ expiredTokens: 1 });
    await expectInvalidToken(await api(url, pair.access_token));
    const next = await tokens(await refresh(url, pair.refresh_token));
    expect((await api(url, next.access_token)).status).toBe(200);
  });

  it('an access token expires with its lifetime (expires_in), which the config sets', async () => {
    let now = 1_000_000;
    const { url, backend } = await start({ now: () => now });
    backend.control.config({ accessTokenLifetimeMs: 5_000 });
    const pair = await signIn(url);
    expect(pair.expires_in).toBe(5);
    now += 4_999;
    expect((await api(url, pair.access_token, '/api/optional')).status).toBe(200);
    now += 1;
    await expectInvalidToken(await api(url, pair.access_token, '/api/optional'));
  });

  it('an unknown mock access token is invalid_token and clears no SuperTokens cookie', async () => {
    const { url, backend } = await start();
    const res = await api(url, 'mock_at_never-issued');
    await expectInvalidToken(res);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(res.headers.get('front-token')).toBeNull();
    expect(backend.control.stats().apiCalls).toBe(1);
  });

  it('every /api route takes it, and SuperTokens sessions work beside it', async () => {
    const { url, backend } = await start();
    const pair = await signIn(url);
    const echo = await fetch(`${url}/api/echo`, { method: 'POST', headers: { authorization: `Bearer ${pair.access_token}` }, body: 'hi' });
    expect(await echo.json()).toMatchObject({ body: 'hi', userId: 'user-demo' });
    expect(await (await api(url, pair.access_token, '/api/optional')).json()).toEqual({ userId: 'user-demo' });
    const admin = await api(url, pair.access_token, '/api/admin');
    expect(admin.status).toBe(403); // the demo user is no admin: the same claim answer as for a session

    const cookieClient = new Client(url);
    await cookieClient.signIn('admin@example.com', 'admin');
    const headerClient = new Client(url, 'header');
    await headerClient.signIn();
    expect(await (await cookieClient.request('/api/admin')).json()).toMatchObject({ userId: 'user-admin', role: 'admin' });
    expect((await headerClient.request('/api/user')).status).toBe(200);
    // Revoking the OAuth2 grant leaves the sessions alone, and the other way round.
    await revoke(url, pair.refresh_token);
    expect((await cookieClient.request('/api/user')).status).toBe(200);
    expect((await cookieClient.refresh()).status).toBe(200);
    expect(backend.control.revoke()).toEqual({ revokedSessions: 2, revokedGrants: 0 });
  });
});

describe('/__mock control of the OAuth2 endpoints', () => {
  const FORCED: [string, number, string | null][] = [
    ['invalid_grant', 400, null],
    ['too_many_requests', 429, '1'],
    ['server_error', 500, null],
    ['temporarily_unavailable', 503, '1'],
  ];
  for (const [error, status, retryAfter] of FORCED) {
    it(`forceOAuth ${error}: the next refresh answers ${status}`, async () => {
      const { url, backend } = await start();
      const pair = await signIn(url);
      const forced = await mockPost(url, 'oauth/force', { error });
      expect(await forced.json()).toEqual({ ok: true, forced: [{ error, remaining: 1 }] });
      expect((await signIn(url)).token_type).toBe('Bearer'); // the password grant does not take it
      const res = await refresh(url, pair.refresh_token);
      expect(res.headers.get('retry-after')).toBe(retryAfter);
      await expectOAuthError(res, status, error);
      const next = await refresh(url, pair.refresh_token);
      if (error === 'invalid_grant') {
        // The server ended the grant, as a real one that answers invalid_grant has.
        await expectOAuthError(next, 400, 'invalid_grant');
        await expectInvalidToken(await api(url, pair.access_token));
        expect(backend.control.oauthGrants()[0]?.revokedBy).toBe('forced');
      } else {
        expect(next.status).toBe(200); // used once; the token was not spent
      }
      expect(backend.control.stats()).toMatchObject({ oauthRefreshCalls: 2, reuseDetections: 0 });
    });
  }

  it('times: -1 forces until reset; bad input is a 400', async () => {
    const { url, backend } = await start();
    const pair = await signIn(url);
    backend.control.forceOAuth({ error: 'server_error', times: -1 });
    for (let i = 0; i < 3; i++) expect((await refresh(url, pair.refresh_token)).status).toBe(500);
    await mockPost(url, 'reset');
    expect(backend.control.stats()).toMatchObject({ oauthGrants: 0, oauthRefreshCalls: 0 });
    expect(backend.control.oauthGrants()).toEqual([]);
    await expectOAuthError(await refresh(url, pair.refresh_token), 400, 'invalid_grant'); // reset dropped the grants too
    expect((await mockPost(url, 'oauth/force', { error: 'UNAUTHORISED' })).status).toBe(400);
    expect((await mockPost(url, 'oauth/force', { error: 'server_error', times: 0 })).status).toBe(400);
    expect((await mockPost(url, 'oauth/force', { error: 'server_error', on: 'refresh' })).status).toBe(400);
    expect((await mockPost(url, 'oauth/force')).status).toBe(400);
  });

  it('the counters and the grants are in the HTTP stats; revoke() ends every grant', async () => {
    const { url } = await start();
    const first = await signIn(url);
    await tokens(await refresh(url, first.refresh_token));
    await refresh(url, first.refresh_token);
    await revoke(url, 'mock_rt_unknown');
    expect(await stats(url)).toMatchObject({ oauthGrants: 1, oauthRefreshCalls: 2, reuseDetections: 1, revocations: 1 });
    const grants = (await (await fetch(`${url}/__mock/oauth/grants`)).json()) as { revokedBy: string | null }[];
    expect(grants.map((grant) => grant.revokedBy)).toEqual(['reuse']);
    const live = await signIn(url);
    expect(await (await mockPost(url, 'revoke')).json()).toEqual({ ok: true, revokedSessions: 0, revokedGrants: 1 });
    await expectOAuthError(await refresh(url, live.refresh_token), 400, 'invalid_grant');
  });
});

describe('OAuth2 endpoint options and CORS', () => {
  it('the paths and the client id come from the options', async () => {
    const { url } = await start({ oauthTokenPath: '/connect/token', oauthRevocationPath: '/connect/revocation', oauthClientId: 'spa' });
    const res = await post(url, '/connect/token', { grant_type: 'password', username: 'demo@example.com', password: 'demo', client_id: 'spa' });
    const pair = await tokens(res);
    expect((await post(url, '/connect/revocation', { token: pair.refresh_token, client_id: 'spa' })).status).toBe(200);
    expect((await post(url, '/oauth/token', { grant_type: 'password', client_id: 'spa' })).status).toBe(404);
  });

  it('rejects bad options with a TypeError', async () => {
    await expect(start({ oauthTokenPath: 'oauth/token' })).rejects.toThrow(TypeError);
    await expect(start({ oauthClientId: '' })).rejects.toThrow(TypeError);
  });

  it('reflects an allowed Origin on the token endpoint and exposes WWW-Authenticate on the API', async () => {
    const { url } = await start();
    const origin = 'http://localhost:3000';
    const preflight = await fetch(`${url}/oauth/token`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    const pair = await signIn(url);
    const res = await post(url, '/oauth/token', { grant_type: 'refresh_token', refresh_token: pair.refresh_token, client_id: CLIENT_ID }, { origin });
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    const denied = await fetch(`${url}/api/user`, { headers: { origin, authorization: 'Bearer mock_at_never-issued' } });
    expect(denied.status).toBe(401);
    expect((denied.headers.get('access-control-expose-headers') ?? '').split(/,\s*/)).toContain('www-authenticate');
  });
});
