// The FDI routes supertokens-web-js and supertokens-auth-react call: EmailPassword, EmailVerification,
// the claim entries in the payload, and the test control that drives them.
import { describe, expect, it } from 'vitest';
import { Client, decodeFrontToken, mockPost, start } from './helpers.js';

const form = (email: string, password: string) => ({
  formFields: [
    { id: 'email', value: email },
    { id: 'password', value: password },
  ],
});
const up = (res: Response) => decodeFrontToken(res.headers.get('front-token') ?? '').up;

describe('EmailPassword', () => {
  it('sign-up creates the account and a session whose payload has st-ev false and st-role', async () => {
    const { url } = await start();
    const client = new Client(url);
    const res = await client.post('/auth/signup', form('new@example.com', 'secret123'));
    const body = (await res.json()) as { status: string; user: { emails: string[]; loginMethods: unknown[] } };
    expect(body.status).toBe('OK');
    expect(body.user.emails).toEqual(['new@example.com']);
    expect(body.user.loginMethods).toHaveLength(1);
    expect(up(res)).toMatchObject({ 'st-ev': { v: false }, 'st-role': { v: ['user'] } });
    expect(client.cookie('sAccessToken')).toBeDefined();
  });

  it('sign-up answers FIELD_ERROR for a taken email, a bad email and a weak password', async () => {
    const { url } = await start();
    const client = new Client(url);
    await client.post('/auth/signup', form('taken@example.com', 'secret123'));
    const error = async (email: string, password: string) => (await (await client.post('/auth/signup', form(email, password))).json()) as unknown;
    expect(await error('taken@example.com', 'secret123')).toEqual({
      status: 'FIELD_ERROR',
      formFields: [{ id: 'email', error: 'This email already exists. Please sign in instead.' }],
    });
    expect(await error('demo@example.com', 'secret123')).toMatchObject({ status: 'FIELD_ERROR' });
    expect(await error('not-an-email', 'secret123')).toEqual({ status: 'FIELD_ERROR', formFields: [{ id: 'email', error: 'Email is invalid' }] });
    expect(await error('ok@example.com', 'short')).toMatchObject({ status: 'FIELD_ERROR', formFields: [{ id: 'password' }] });
  });

  it('bad bodies are a 400 with a message, never a crash', async () => {
    const { url } = await start();
    const client = new Client(url);
    for (const body of [undefined, {}, { formFields: 'x' }, { formFields: [null] }, { formFields: [{ id: 3 }] }]) {
      const res = await client.post('/auth/signup', body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toBeTruthy();
    }
    const garbage = await client.request('/auth/signup', { method: 'POST', body: '{not json' });
    expect(garbage.status).toBe(400);
  });

  it('sign-in: right password starts a session, wrong one is WRONG_CREDENTIALS_ERROR; demo accounts still sign in', async () => {
    const { url } = await start();
    await new Client(url).post('/auth/signup', form('me@example.com', 'secret123'));
    const client = new Client(url);
    expect(await (await client.post('/auth/signin', form('me@example.com', 'wrong-one1'))).json()).toEqual({ status: 'WRONG_CREDENTIALS_ERROR' });
    expect(await (await client.post('/auth/signin', form('nobody@example.com', 'secret123'))).json()).toEqual({ status: 'WRONG_CREDENTIALS_ERROR' });
    const ok = await client.post('/auth/signin', form('me@example.com', 'secret123'));
    expect(((await ok.json()) as { status: string }).status).toBe('OK');
    expect(up(ok)).toMatchObject({ 'st-ev': { v: false } });
    expect((await new Client(url).post('/auth/signin', form('demo@example.com', 'demo'))).status).toBe(200);
  });

  it('email exists, on the FDI 1 and FDI 2+ paths', async () => {
    const { url } = await start();
    const client = new Client(url);
    await client.post('/auth/signup', form('me@example.com', 'secret123'));
    for (const path of ['/auth/signup/email/exists', '/auth/emailpassword/email/exists']) {
      expect(await (await client.request(`${path}?email=me%40example.com`)).json()).toEqual({ status: 'OK', exists: true });
      expect(await (await client.request(`${path}?email=other%40example.com`)).json()).toEqual({ status: 'OK', exists: false });
      expect((await client.request(path)).status).toBe(400);
    }
  });
});

describe('EmailVerification', () => {
  it('GET /user/email/verify refetches st-ev into a new front token after the test control marks the email verified', async () => {
    const { url } = await start();
    const client = new Client(url);
    await client.post('/auth/signup', form('me@example.com', 'secret123'));
    const before = await client.request('/auth/user/email/verify');
    expect(await before.json()).toEqual({ status: 'OK', isVerified: false });
    expect(up(before)).toMatchObject({ 'st-ev': { v: false } });
    expect((await mockPost(url, 'fdi/verify-email', { email: 'me@example.com' })).status).toBe(200);
    const after = await client.request('/auth/user/email/verify');
    expect(await after.json()).toEqual({ status: 'OK', isVerified: true });
    expect(up(after)).toMatchObject({ 'st-ev': { v: true } });
    // A refresh keeps the fetched value.
    expect(up(await client.refresh())).toMatchObject({ 'st-ev': { v: true } });
  });

  it('token flow: send a token, verify with it (once), then the token route says already verified', async () => {
    const { url } = await start();
    const client = new Client(url);
    await client.post('/auth/signup', form('me@example.com', 'secret123'));
    expect(await (await client.post('/auth/user/email/verify/token')).json()).toEqual({ status: 'OK' });
    const { token } = (await (await fetch(`${url}/__mock/fdi/verification-token?email=me%40example.com`)).json()) as { token: string };
    const verify = await client.post('/auth/user/email/verify', { method: 'token', token });
    expect(await verify.json()).toMatchObject({ status: 'OK', user: { email: 'me@example.com' } });
    expect(up(verify)).toMatchObject({ 'st-ev': { v: true } });
    expect(await (await client.post('/auth/user/email/verify', { method: 'token', token })).json()).toEqual({ status: 'EMAIL_VERIFICATION_INVALID_TOKEN_ERROR' });
    expect(await (await client.post('/auth/user/email/verify/token')).json()).toEqual({ status: 'EMAIL_ALREADY_VERIFIED_ERROR' });
    expect((await client.post('/auth/user/email/verify', { method: 'link' })).status).toBe(400);
  });

  it('the verification routes need a session (401 without one)', async () => {
    const { url } = await start();
    const client = new Client(url);
    expect((await client.request('/auth/user/email/verify')).status).toBe(401);
    expect((await client.post('/auth/user/email/verify/token')).status).toBe(401);
  });

  it('the roles control changes st-role at the next claim fetch', async () => {
    const { url } = await start();
    const client = new Client(url);
    await client.post('/auth/signup', form('me@example.com', 'secret123'));
    expect((await mockPost(url, 'fdi/roles', { email: 'me@example.com', roles: ['admin'] })).status).toBe(200);
    expect(up(await client.request('/auth/user/email/verify'))).toMatchObject({ 'st-role': { v: ['admin'] } });
    expect((await mockPost(url, 'fdi/roles', { email: 'nobody@example.com', roles: [] })).status).toBe(400);
    expect((await mockPost(url, 'fdi/verify-email', { email: 'nobody@example.com' })).status).toBe(404);
  });

  it('testControl: false removes the /__mock/fdi routes; the FDI routes stay', async () => {
    const { url } = await start({ testControl: false });
    const client = new Client(url);
    expect(((await (await client.post('/auth/signup', form('me@example.com', 'secret123'))).json()) as { status: string }).status).toBe('OK');
    expect((await mockPost(url, 'fdi/verify-email', { email: 'me@example.com' })).status).toBe(404);
    expect((await mockPost(url, 'fdi/roles', { email: 'me@example.com', roles: ['admin'] })).status).toBe(404);
    expect((await fetch(`${url}/__mock/fdi/verification-token?email=me%40example.com`)).status).toBe(404);
  });
});
