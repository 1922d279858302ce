// The raw Cookie header parser (duplicates matter) and the Set-Cookie serialiser.
import { describe, expect, it } from 'vitest';
import { EPOCH, cookieValues, parseCookieHeader, serializeCookie } from '../../demo/server/cookies.js';

describe('parseCookieHeader', () => {
  it('keeps duplicates in order', () => {
    const pairs = parseCookieHeader('sAccessToken=new; other=1; sAccessToken=old');
    expect(cookieValues(pairs, 'sAccessToken')).toEqual(['new', 'old']);
  });

  it('survives garbage: no name, no "=", bad percent-encoding, quotes, extra spaces', () => {
    expect(parseCookieHeader('=x; ;;  a = 1 ; novalue; b="q v"; c=%E0%A4%A; d=%20')).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: 'q v' },
      { name: 'c', value: '%E0%A4%A' },
      { name: 'd', value: ' ' },
    ]);
    expect(parseCookieHeader(undefined)).toEqual([]);
    expect(parseCookieHeader(['a=1', 'a=2'])).toEqual([
      { name: 'a', value: '1' },
      { name: 'a', value: '2' },
    ]);
  });
});

describe('serializeCookie', () => {
  it('writes every attribute and encodes the value', () => {
    const header = serializeCookie('n', 'a b;c', {
      path: '/p',
      domain: 'example.test',
      expires: new Date(Date.UTC(2030, 0, 1)),
      httpOnly: true,
      secure: true,
      sameSite: 'none',
    });
    expect(header).toBe('n=a%20b%3Bc; Path=/p; Domain=example.test; Expires=Tue, 01 Jan 2030 00:00:00 GMT; HttpOnly; Secure; SameSite=None');
  });

  it('a clearing cookie has an epoch expiry and Max-Age=0', () => {
    expect(serializeCookie('n', '', { path: '/', expires: EPOCH, httpOnly: false, secure: false, sameSite: 'strict' })).toBe(
      'n=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; SameSite=Strict',
    );
  });
});
