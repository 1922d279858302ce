import { describe, expect, test } from 'vitest';
import { normaliseConfig, type TabsessionConfig } from '../../src/config';
import { isApiUrl } from '../../src/core/interception';
import { isTabsessionError } from '../../src/index';

const configError = (config: unknown) => {
  try {
    normaliseConfig(config as TabsessionConfig);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('normaliseConfig', () => {
  test('fills in the defaults of supertokens-website', () => {
    const config = normaliseConfig({ apiDomain: 'https://api.example.com' });
    expect(config).toMatchObject({
      apiOrigin: 'https://api.example.com',
      apiBasePath: '/auth',
      refreshUrl: 'https://api.example.com/auth/session/refresh',
      signOutUrl: 'https://api.example.com/auth/signout',
      sessionExpiredStatusCode: 401,
      invalidClaimStatusCode: 403,
      autoAddCredentials: true,
      tokenTransferMethod: 'cookie',
      maxRetryAttemptsForSessionRefresh: 10,
      patchGlobalFetch: true,
      sessionTokenBackendDomain: undefined,
    });
  });

  test.each([
    ['/auth/', '/auth'],
    ['auth', '/auth'],
    ['/', ''],
    ['/api/v1/auth', '/api/v1/auth'],
  ])('apiBasePath %j is normalised to %j', (apiBasePath, expected) => {
    expect(normaliseConfig({ apiDomain: 'https://api.example.com', apiBasePath }).apiBasePath).toBe(expected);
  });

  test('an apiDomain without a scheme takes the page protocol', () => {
    expect(normaliseConfig({ apiDomain: 'api.example.com:8080' }).apiOrigin).toBe(`${location.protocol}//api.example.com:8080`);
  });

  test.each([
    [undefined, /config must be an object/],
    [{}, /apiDomain is required/],
    [{ apiDomain: '' }, /apiDomain is required/],
    [{ apiDomain: 'https://api.example.com/v1' }, /without a path/],
    [{ apiDomain: 'ftp://api.example.com' }, /http\(s\)/],
    [{ apiDomain: 'http://exa mple.com' }, /not a valid URL/],
    [{ apiDomain: 'https://a.b', apiBasePath: '/auth?x=1' }, /apiBasePath/],
    [{ apiDomain: 'https://a.b', sessionExpiredStatusCode: 200 }, /sessionExpiredStatusCode/],
    [{ apiDomain: 'https://a.b', invalidClaimStatusCode: '403' }, /invalidClaimStatusCode/],
    [{ apiDomain: 'https://a.b', sessionExpiredStatusCode: 403 }, /must differ/],
    [{ apiDomain: 'https://a.b', tokenTransferMethod: 'bearer' }, /tokenTransferMethod/],
    [{ apiDomain: 'https://a.b', maxRetryAttemptsForSessionRefresh: -1 }, /maxRetryAttemptsForSessionRefresh/],
    [{ apiDomain: 'https://a.b', maxRetryAttemptsForSessionRefresh: 1.5 }, /maxRetryAttemptsForSessionRefresh/],
    [{ apiDomain: 'https://a.b', refreshTimeoutMs: 0 }, /refreshTimeoutMs/],
    [{ apiDomain: 'https://a.b', autoAddCredentials: 'yes' }, /autoAddCredentials/],
    [{ apiDomain: 'https://a.b', patchGlobalFetch: 1 }, /patchGlobalFetch/],
    [{ apiDomain: 'https://a.b', onHandleEvent: 'log' }, /onHandleEvent must be a function/],
    [{ apiDomain: 'https://a.b', preAPIHook: {} }, /preAPIHook must be a function/],
    [{ apiDomain: 'https://a.b', postAPIHook: 1 }, /postAPIHook must be a function/],
    [{ apiDomain: 'https://a.b', onDiagnostic: true }, /onDiagnostic must be a function/],
    [{ apiDomain: 'https://a.b', sessionTokenBackendDomain: 'https://example.com' }, /bare domain/],
    [{ apiDomain: 'https://a.b', sessionTokenFrontendDomain: 'example.com/x' }, /bare domain/],
    [{ apiDomain: 'https://a.b', sessionTokenBackendDomain: '.com' }, /not a bare suffix/],
    [{ apiDomain: 'https://a.b', lock: {} }, /lock must have a run/],
    [{ apiDomain: 'https://a.b', messenger: { post() {} } }, /messenger must have/],
    // Every method the SDK calls, not only the first: destroy() closes the messenger, the lease writes
    // and removes, a new front token sets the clock skew.
    [{ apiDomain: 'https://a.b', messenger: { post() {}, subscribe: () => () => {} } }, /messenger must have a close\(\) method/],
    [{ apiDomain: 'https://a.b', storage: { getItem: (): null => null } }, /storage must have a setItem\(\) method/],
    [{ apiDomain: 'https://a.b', storage: { getItem: (): null => null, setItem() {} } }, /storage must have a removeItem\(\) method/],
    [{ apiDomain: 'https://a.b', dateProvider: { now: () => 0 } }, /dateProvider must have a setClientClockSkewInMillis\(\) method/],
  ])('rejects %j with a CONFIG error', (config, message) => {
    const error = configError(config);
    expect(isTabsessionError(error) && error.type).toBe('CONFIG');
    expect((error as Error).message).toMatch(message);
  });
});

describe('unknown options (plain JavaScript has no compiler to catch a typo)', () => {
  test.each([
    ['sesionExpiredStatusCode', 'sessionExpiredStatusCode'],
    ['apiBasepath', 'apiBasePath'],
    ['autoAddCredential', 'autoAddCredentials'],
    ['tokenTransferMode', 'tokenTransferMethod'],
    ['onHandleEvents', 'onHandleEvent'],
    ['isInIfame', 'isInIframe'],
  ])('%s is a CONFIG error that names %s', (key, nearest) => {
    const error = configError({ apiDomain: 'https://a.b', [key]: true });
    expect(isTabsessionError(error) && error.type).toBe('CONFIG');
    expect((error as Error).message).toBe(`tabsession init: unknown option ${JSON.stringify(key)}; did you mean ${JSON.stringify(nearest)}?`);
  });

  test('override, windowHandler and lockFactory (supertokens-website options this SDK does not have) are rejected too', () => {
    for (const key of ['override', 'windowHandler', 'lockFactory']) {
      expect((configError({ apiDomain: 'https://a.b', [key]: {} }) as Error).message).toMatch(`unknown option "${key}"`);
    }
  });

  test('a caller can accept named extra keys (the compatibility entry passes appInfo and recipeId)', () => {
    const config = { apiDomain: 'https://a.b', appInfo: { appName: 'x' }, recipeId: 'session' } as unknown as TabsessionConfig;
    expect(normaliseConfig(config, ['appInfo', 'recipeId']).apiOrigin).toBe('https://a.b');
    expect((configError(config) as Error).message).toMatch('unknown option "appInfo"');
  });
});

describe('isApiUrl: which requests are touched (docs/protocol.md section 2)', () => {
  const config = normaliseConfig({ apiDomain: 'https://api.example.com', sessionTokenBackendDomain: '.backend.example.org' });
  test.each([
    ['https://api.example.com/x', true],
    ['http://api.example.com:8443/x', true], // any port, any scheme
    ['https://API.EXAMPLE.COM/x', true],
    ['https://backend.example.org/x', true],
    ['https://eu.backend.example.org/x', true],
    ['https://evilbackend.example.org/x', false], // suffix without a dot boundary
    ['https://api.example.com.evil.net/x', false],
    ['https://other.example.com/x', false],
    ['https://api.example.com/x?superTokensDoNotDoInterception', false],
    ['https://api.example.com/auth/session/refresh', false], // the SDK's own endpoint, never intercepted
    ['https://api.example.com/auth/session/refresh?x=1', false],
    ['https://api.example.com/auth/session/refreshes', true],
    ['/relative/path', false], // resolves against the page (localhost in tests), not the API
    ['http://[invalid', false],
  ])('%s → %s', (url, expected) => {
    expect(isApiUrl(config, url)).toBe(expected);
  });
});

describe('sessionTokenFrontendDomain must cover the page', () => {
  test('a domain the page is not on is a CONFIG error; its own domain or a parent is fine', () => {
    const happyDOM = (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM;
    happyDOM.setURL('https://app.example.com/');
    try {
      expect(normaliseConfig({ apiDomain: 'https://a.b', sessionTokenFrontendDomain: '.example.com' }).sessionTokenFrontendDomain).toBe('.example.com');
      expect(normaliseConfig({ apiDomain: 'https://a.b', sessionTokenFrontendDomain: 'app.example.com' }).sessionTokenFrontendDomain).toBe('app.example.com');
      const error = configError({ apiDomain: 'https://a.b', sessionTokenFrontendDomain: '.other.com' });
      expect((error as Error).message).toMatch(/does not cover this page's host app.example.com/);
    } finally {
      happyDOM.setURL('http://localhost:3000/');
    }
  });
});
