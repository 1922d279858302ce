import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { createDateProvider, isTabsessionError, type TabsessionConfig } from '../../src/index';
import { API, fakeBackend, frontToken, server } from './harness';
import { tab } from './util';

/** An in-memory cookie jar standing in for a native one (Electron, Capacitor): no document.cookie. */
function memoryJar() {
  const jar = new Map<string, string>();
  const writes: string[] = [];
  return {
    jar,
    writes,
    handler: {
      getCookie: () => [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
      setCookie: (cookie: string) => {
        writes.push(cookie);
        const [pair = ''] = cookie.split(';');
        const eq = pair.indexOf('=');
        const name = pair.slice(0, eq);
        if (/expires=[^;]*1970/.test(cookie)) jar.delete(name);
        else jar.set(name, pair.slice(eq + 1));
      },
    },
  };
}

describe('injectable cookie handler', () => {
  test('the session lives in the given cookie jar, and document.cookie is never touched', async () => {
    const backend = fakeBackend();
    const { handler, jar } = memoryJar();
    const t = tab({ cookieHandler: handler });
    await t.signIn();
    expect(jar.has('sFrontToken')).toBe(true);
    expect(document.cookie).toBe('');
    expect(await t.session.getUserId()).toBe('user-1');
    backend.expire();
    expect((await t.fetch(`${API}/api/x`)).status).toBe(200);
    expect(backend.state.refreshCalls).toBe(1);
    expect(backend.state.requests.at(-1)?.antiCsrf).toBe('csrf-2');
    await t.session.signOut();
    expect(jar.has('sFrontToken')).toBe(false);
    expect(await t.session.doesSessionExist()).toBe(false);
  });

  test('a cookie handler without getCookie/setCookie is a CONFIG error at init', () => {
    expect(() => tab({ cookieHandler: {} as never })).toThrow(/cookieHandler/);
  });
});

describe('iframe mode', () => {
  test('isInIframe writes the SDK cookies SameSite=None; Secure, the default writes SameSite=Lax', async () => {
    fakeBackend();
    const iframe = memoryJar();
    await tab({ cookieHandler: iframe.handler, isInIframe: true }).signIn();
    expect(iframe.writes.length).toBeGreaterThan(0);
    expect(iframe.writes.every((cookie) => /samesite=None/.test(cookie) && /; secure/.test(cookie))).toBe(true);
    const top = memoryJar();
    await tab({ cookieHandler: top.handler }).signIn();
    expect(top.writes.every((cookie) => /samesite=Lax/.test(cookie) && !/; secure/.test(cookie))).toBe(true);
  });
});

describe('injectable storage', () => {
  test('without Web Locks and IndexedDB, the default lock keeps its lease in the given storage', async () => {
    const backend = fakeBackend();
    delete (globalThis as { indexedDB?: unknown }).indexedDB; // else the IndexedDB lease is the fallback
    const locks = Object.getOwnPropertyDescriptor(navigator, 'locks');
    Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });
    const keys: string[] = [];
    const map = new Map<string, string>();
    const storage = {
      getItem: (key: string) => map.get(key) ?? null,
      setItem: (key: string, value: string) => {
        keys.push(key);
        map.set(key, value);
      },
      removeItem: (key: string) => void map.delete(key),
    };
    try {
      // No lock given: the default one, which has no Web Locks here.
      const t = tab({ lock: undefined, storage } as unknown as Partial<TabsessionConfig>);
      await t.signIn();
      backend.expire();
      expect((await t.fetch(`${API}/api/x`)).status).toBe(200);
      expect(keys.some((key) => key.startsWith('tabsession-lock'))).toBe(true);
      expect(localStorage.length).toBe(0);
    } finally {
      if (locks) Object.defineProperty(navigator, 'locks', locks);
      else delete (navigator as { locks?: unknown }).locks;
    }
  });
});

describe('clock skew', () => {
  const FIVE_MINUTES = 5 * 60_000;
  /** A backend whose clock is 5 minutes behind the client's (the client clock is fast); tokens live 60 s. */
  function slowServer() {
    let refreshCalls = 0;
    const headers = () => {
      const serverNow = Date.now() - FIVE_MINUTES;
      return { 'front-token': frontToken('user-1', serverNow + 60_000, { iat: Math.floor(serverNow / 1000) }) };
    };
    server.use(
      http.post(`${API}/auth/signin`, () => HttpResponse.json({ status: 'OK' }, { headers: headers() })),
      http.post(`${API}/auth/session/refresh`, () => {
        refreshCalls++;
        return HttpResponse.json({}, { headers: headers() });
      }),
    );
    return { refreshCalls: () => refreshCalls };
  }

  test('a client clock 5 minutes fast: 5 doesSessionExist() calls make no refresh', async () => {
    const backend = slowServer();
    const t = tab();
    await t.signIn();
    for (let i = 0; i < 5; i++) expect(await t.session.doesSessionExist()).toBe(true);
    expect(backend.refreshCalls()).toBe(0);
  });

  test('the skew is learned from iat into the given date provider', async () => {
    slowServer();
    const dateProvider = createDateProvider();
    await tab({ dateProvider }).signIn();
    expect(dateProvider.getClientClockSkewInMillis()).toBeLessThan(-FIVE_MINUTES + 2000);
    expect(dateProvider.getClientClockSkewInMillis()).toBeGreaterThan(-FIVE_MINUTES - 2000);
  });

  test('a date provider whose setClientClockSkewInMillis throws: SESSION_CREATED still fires, and a CONFIG diagnostic says why', async () => {
    slowServer();
    const broken = new Error('skew store unavailable');
    const dateProvider = {
      ...createDateProvider(),
      setClientClockSkewInMillis: () => {
        throw broken;
      },
    };
    const t = tab({ dateProvider });
    await t.signIn();
    expect(t.actions()).toEqual(['SESSION_CREATED']);
    const configs = t.diagnostics.filter((d) => isTabsessionError(d) && d.type === 'CONFIG');
    expect(configs).toHaveLength(1);
    expect((configs[0] as Error).message).toMatch(/clock skew hook threw/);
    expect((configs[0] as Error).cause).toBe(broken);
    expect(await t.session.doesSessionExist()).toBe(true); // the session works (with the skew it had)
  });

  test('a token that really expired is still refreshed with the skew corrected', async () => {
    const backend = slowServer();
    const dateProvider = createDateProvider();
    const t = tab({ dateProvider });
    await t.signIn();
    const skew = dateProvider.getClientClockSkewInMillis();
    // 61 s later on the server's clock, the 60 s token is over.
    const later = { ...dateProvider, now: () => Date.now() + skew + 61_000 };
    const t2 = tab({ dateProvider: later });
    expect(await t2.session.doesSessionExist()).toBe(true);
    expect(backend.refreshCalls()).toBe(1);
  });
});
