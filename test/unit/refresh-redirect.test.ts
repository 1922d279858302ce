/**
 * The SSR refresh page as an SDK call (docs/protocol.md section 8): `refreshAndRedirect` refreshes once and
 * goes back only to a path of this origin; `safeRedirectPath` is the check, tried on every spelling of an
 * open redirect we know of (the browser suite, test/e2e/ssr.test.ts, runs the same page in Chromium).
 */
import { describe, expect, test } from 'vitest';
import * as tabsession from '../../src/index';
import { refreshAndRedirect, safeRedirectPath } from '../../src/ssr/index';
import { fakeBackend, API } from './harness';
import { messageBus } from './util';

const { memoryLock } = tabsession;

const unsafe: Record<string, string> = {
  'protocol-relative': '//evil.example',
  'protocol-relative with path': '//evil.example/dashboard',
  'absolute https': 'https://evil.example/',
  'absolute http on this origin spelled as URL': `${location.origin}/dashboard`,
  'javascript: URL': 'javascript:alert(1)',
  'javascript: URL in mixed case': 'JaVaScRiPt:alert(1)',
  'data: URL': 'data:text/html,<script>alert(1)</script>',
  'slash backslash': '/\\evil.example',
  'backslash backslash': '\\\\evil.example',
  'slash tab slash': '/\t/evil.example',
  'slash newline slash': '/\n/evil.example',
  'slash carriage return slash': '/\r/evil.example',
  'leading tab': '\t//evil.example',
  'leading space': ' /dashboard',
  'dot segments collapsing to //': '/..//evil.example',
  'dot segments with backslash': '/.\\./evil.example',
  'relative host-looking path': 'evil.example/path',
  relative: 'dashboard',
  'dot relative': './dashboard',
  empty: '',
};

describe('safeRedirectPath', () => {
  for (const [name, value] of Object.entries(unsafe)) {
    test(`${name} (${JSON.stringify(value)}) gives the fallback`, () => {
      expect(safeRedirectPath(value)).toBe('/');
      expect(safeRedirectPath(value, '/home')).toBe('/home');
    });
  }

  test('a missing value (null, undefined) gives the fallback', () => {
    expect(safeRedirectPath(null, '/home')).toBe('/home');
    expect(safeRedirectPath(undefined)).toBe('/');
  });

  test('a path of this origin is kept as given, query and hash included', () => {
    expect(safeRedirectPath('/dashboard')).toBe('/dashboard');
    expect(safeRedirectPath('/dashboard?tab=2#top')).toBe('/dashboard?tab=2#top');
    expect(safeRedirectPath('/a/../b')).toBe('/b');
    // An encoded backslash stays an encoded path character: no browser reads it as a host.
    expect(safeRedirectPath('/%5Cevil.example')).toBe('/%5Cevil.example');
  });
});

describe('refreshAndRedirect', () => {
  function start() {
    const backend = fakeBackend();
    tabsession.init({ apiDomain: API, patchGlobalFetch: false, lock: memoryLock(), messenger: messageBus()() });
    const went: string[] = [];
    return { backend, went, navigate: (url: string) => void went.push(url) };
  }

  test('a successful refresh goes back to redirectBack, read from the page URL by default', async () => {
    const { backend, went, navigate } = start();
    history.replaceState(null, '', '/refresh-session?redirectBack=%2Fdashboard%3Ftab%3D2');
    expect(await refreshAndRedirect({ loginPath: '/login', navigate })).toBe('/dashboard?tab=2');
    expect(went).toEqual(['/dashboard?tab=2']);
    expect(backend.state.refreshCalls).toBe(1);
  });

  test('an unsafe redirectBack goes to the fallback after the refresh, never elsewhere', async () => {
    const { backend, went, navigate } = start();
    for (const value of Object.values(unsafe)) {
      await refreshAndRedirect({ loginPath: '/login', fallback: '/home', redirectBack: value, navigate });
    }
    expect(went).toEqual(Object.values(unsafe).map(() => '/home'));
    expect(backend.state.refreshCalls).toBe(Object.keys(unsafe).length);
  });

  test('no redirectBack at all: the fallback, default "/"', async () => {
    const { went, navigate } = start();
    history.replaceState(null, '', '/refresh-session');
    await refreshAndRedirect({ loginPath: '/login', navigate });
    expect(went).toEqual(['/']);
  });

  test('a session that is over (refresh 401) goes to the login page', async () => {
    const { backend, went, navigate } = start();
    backend.state.refresh = '401';
    expect(await refreshAndRedirect({ loginPath: '/login?expired=1', redirectBack: '/dashboard', navigate })).toBe('/login?expired=1');
    expect(went).toEqual(['/login?expired=1']);
  });

  test('a failed refresh (500) rejects with REFRESH_FAILED and does not navigate', async () => {
    const { backend, went, navigate } = start();
    backend.state.refresh = '500';
    await expect(refreshAndRedirect({ loginPath: '/login', redirectBack: '/dashboard', navigate })).rejects.toMatchObject({
      type: 'REFRESH_FAILED',
    });
    expect(went).toEqual([]);
  });

  test('without a loginPath it is a CONFIG error, before any request', async () => {
    const { backend, navigate } = start();
    await expect(refreshAndRedirect({ loginPath: '', navigate })).rejects.toMatchObject({ type: 'CONFIG' });
    expect(backend.state.refreshCalls).toBe(0);
  });

  test('navigates with location.replace by default, so the refresh page leaves no history entry', async () => {
    start();
    const replaced: string[] = [];
    const original = location.replace.bind(location);
    location.replace = (url: string | URL) => void replaced.push(String(url));
    try {
      await refreshAndRedirect({ loginPath: '/login', redirectBack: '/dashboard' });
    } finally {
      location.replace = original;
    }
    expect(replaced).toEqual(['/dashboard']);
  });
});
