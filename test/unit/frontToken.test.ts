import { describe, expect, test } from 'vitest';
import { isTabsessionError } from '../../src/index';
import { parseFrontToken } from '../../src/state/frontToken';

const encode = (value: unknown) => btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))));

describe('parseFrontToken', () => {
  test('decodes base64 UTF-8 JSON, including non-ASCII payloads and URL-safe base64 without padding', () => {
    const token = { uid: 'usér-1', ate: 1700000000000, up: { name: 'Zoë ✓' } };
    expect(parseFrontToken(encode(token))).toEqual(token);
    const urlSafe = encode(token).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(parseFrontToken(urlSafe)).toEqual(token);
  });

  test.each([
    ['not base64', '%%%'],
    ['not JSON', btoa('hello')],
    ['not UTF-8', btoa('\xff\xfe{}')],
    ['null', encode(null)],
    ['missing uid', encode({ ate: 1, up: {} })],
    ['uid not a string', encode({ uid: 1, ate: 1, up: {} })],
    ['ate not finite', encode({ uid: 'u', ate: 'soon', up: {} })],
    ['up an array', encode({ uid: 'u', ate: 1, up: [] })],
    ['up null', encode({ uid: 'u', ate: 1, up: null })],
  ])('%s → MALFORMED_FRONT_TOKEN', (_, value) => {
    let caught: unknown;
    try {
      parseFrontToken(value);
    } catch (error) {
      caught = error;
    }
    expect(isTabsessionError(caught) && caught.type).toBe('MALFORMED_FRONT_TOKEN');
  });
});
