// Every session error forced on every target, with the seeds' status/body and the protocol's token effects.
import { describe, expect, it } from 'vitest';
import type { ForceTarget, SessionErrorType } from '../../demo/server/app.js';
import { Client, isClearing, mockPost, parseSetCookie, start } from './helpers.js';

interface Expected {
  readonly status: number;
  readonly body: unknown;
  /** front-token header: null = absent. */
  readonly front: string | null;
  readonly revokes: boolean;
}

const expected = (error: SessionErrorType, on: ForceTarget): Expected => {
  switch (error) {
    case 'TRY_REFRESH_TOKEN':
      return { status: 401, body: { message: 'try refresh token' }, front: null, revokes: false };
    case 'UNAUTHORISED':
      return { status: 401, body: { message: 'unauthorised' }, front: 'remove', revokes: true };
    case 'TOKEN_THEFT_DETECTED':
      return { status: 401, body: { message: 'token theft detected' }, front: 'remove', revokes: true };
    case 'INVALID_CLAIM':
      return {
        status: 403,
        body: { message: 'invalid claim', claimValidationErrors: [{ id: expect.any(String) as unknown, reason: expect.any(Object) as unknown }] },
        front: null,
        revokes: false,
      };
    case 'CLEAR_DUPLICATE_SESSION_COOKIES':
      return { status: 200, body: { message: expect.stringContaining('multiple session cookies') as unknown }, front: null, revokes: false };
    case 'GENERAL_ERROR':
      return on === 'signout'
        ? { status: 200, body: { status: 'GENERAL_ERROR', message: expect.any(String) as unknown }, front: null, revokes: false }
        : { status: 500, body: { message: expect.any(String) as unknown }, front: null, revokes: false };
    case 'RATE_LIMITED':
      return { status: 429, body: { message: 'too many requests' }, front: null, revokes: false };
  }
};

const ERRORS: readonly SessionErrorType[] = [
  'TRY_REFRESH_TOKEN',
  'UNAUTHORISED',
  'TOKEN_THEFT_DETECTED',
  'INVALID_CLAIM',
  'CLEAR_DUPLICATE_SESSION_COOKIES',
  'GENERAL_ERROR',
  'RATE_LIMITED',
];
const TARGETS: readonly ForceTarget[] = ['api', 'refresh', 'signout'];

const send = (client: Client, on: ForceTarget): Promise<Response> =>
  on === 'api' ? client.request('/api/user') : on === 'refresh' ? client.refresh() : client.post('/auth/signout');

describe('POST /__mock/force', () => {
  for (const on of TARGETS) {
    for (const error of ERRORS) {
      it(`${error} on ${on}`, async () => {
        const { url, backend } = await start();
        const client = new Client(url);
        await client.signIn();
        const forced = await mockPost(url, 'force', { error, on });
        expect(await forced.json()).toEqual({ ok: true, forced: [{ error, on, remaining: 1 }] });

        const want = expected(error, on);
        const res = await send(client, on);
        expect(res.status).toBe(want.status);
        expect(await res.json()).toEqual(want.body);
        expect(res.headers.get('front-token')).toBe(want.front);
        expect(res.headers.get('retry-after')).toBe(error === 'RATE_LIMITED' ? '1' : null);
        expect(backend.control.sessions()[0]?.revoked).toBe(want.revokes);
        const cookies = res.headers.getSetCookie();
        if (want.revokes) {
          expect(cookies.filter(isClearing).map((c) => parseSetCookie(c).name).sort()).toEqual(['sAccessToken', 'sRefreshToken']);
        } else if (error === 'CLEAR_DUPLICATE_SESSION_COOKIES') {
          expect(cookies.map(parseSetCookie)).toEqual([expect.objectContaining({ name: 'sAccessToken', value: '' })]);
        } else {
          expect(cookies).toEqual([]);
        }
        // Consumed: the next request of the same kind is handled normally.
        expect(backend.control.stats().requests.length).toBeGreaterThan(0);
        const next = await send(client, on);
        expect(next.status).toBe(want.revokes ? 401 : 200);
      });
    }
  }

  it('forced errors only hit their target', async () => {
    const { url, backend } = await start();
    const client = new Client(url);
    await client.signIn();
    backend.control.force({ error: 'GENERAL_ERROR', on: 'refresh' });
    expect((await client.request('/api/user')).status).toBe(200);
    expect((await client.refresh()).status).toBe(500);
  });

  it('times: n answers n requests; errors queue in order', async () => {
    const { url, backend } = await start();
    const client = new Client(url);
    await client.signIn();
    backend.control.force({ error: 'TRY_REFRESH_TOKEN', times: 2 });
    backend.control.force({ error: 'INVALID_CLAIM' });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await client.request('/api/user')).status);
    expect(statuses).toEqual([401, 401, 403, 200]);
  });

  it('times: -1 keeps failing until reset (loop-guard tests)', async () => {
    const { url, backend } = await start();
    const client = new Client(url);
    await client.signIn();
    backend.control.force({ error: 'TRY_REFRESH_TOKEN', times: -1 });
    for (let i = 0; i < 12; i += 1) expect((await client.request('/api/user')).status).toBe(401);
    expect(backend.control.stats().apiCalls).toBe(12);
    await mockPost(url, 'reset');
    await client.signIn();
    expect((await client.request('/api/user')).status).toBe(200);
  });

  it('forcing works without a session (no session to revoke, tokens still cleared)', async () => {
    const { url, backend } = await start();
    backend.control.force({ error: 'UNAUTHORISED', on: 'refresh' });
    const res = await new Client(url).refresh();
    expect(res.status).toBe(401);
    expect(res.headers.get('front-token')).toBe('remove');
  });

  it('in header mode, clearing sends empty st-access-token / st-refresh-token', async () => {
    const { url, backend } = await start();
    const client = new Client(url, 'header');
    await client.signIn();
    backend.control.force({ error: 'TOKEN_THEFT_DETECTED', on: 'refresh' });
    const res = await client.refresh();
    expect(res.headers.get('st-access-token')).toBe('');
    expect(res.headers.get('st-refresh-token')).toBe('');
    expect(backend.control.sessions()[0]?.revoked).toBe(true);
  });
});
