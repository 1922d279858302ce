import { describe, expect, test } from 'vitest';
import { isTabsessionError, storageLock } from '../../src/index';
import { API, fakeBackend } from './harness';
import { tab } from './util';

/** localStorage whose writes throw, as a full storage (QuotaExceededError) or a blocked one (SecurityError) does. */
function throwingStorage(name: 'QuotaExceededError' | 'SecurityError'): Storage {
  return Object.create(localStorage, {
    getItem: { value: (key: string) => localStorage.getItem(key) },
    setItem: {
      value: () => {
        throw new DOMException(`setItem refused (${name})`, name);
      },
    },
    removeItem: { value: (key: string) => localStorage.removeItem(key) },
  }) as Storage;
}

const storageDiagnostics = (diagnostics: unknown[]) => diagnostics.filter((d) => isTabsessionError(d) && d.type === 'STORAGE');

describe('storage failures (issue 13, item 3)', () => {
  test.each(['QuotaExceededError', 'SecurityError'] as const)(
    'the lease setItem throws %s: the task still runs (this tab only), reported once',
    async (name) => {
      const diagnostics: unknown[] = [];
      const lock = storageLock({ storage: throwingStorage(name), settleMs: 5, onDiagnostic: (error) => diagnostics.push(error) });
      await expect(lock.run('test', async () => 'refreshed')).resolves.toBe('refreshed');
      await expect(lock.run('test', async () => 'again')).resolves.toBe('again');
      expect(storageDiagnostics(diagnostics)).toHaveLength(1);
      expect((diagnostics[0] as Error).message).toContain(name);
    },
  );

  test('a refresh through a lease that cannot be written still refreshes the session', async () => {
    const backend = fakeBackend();
    const diagnostics: unknown[] = [];
    const t = tab({ lock: storageLock({ storage: throwingStorage('QuotaExceededError'), settleMs: 5, onDiagnostic: (e) => diagnostics.push(e) }) });
    await t.signIn();
    backend.expire();
    expect((await t.fetch(`${API}/api/x`)).status).toBe(200);
    expect(backend.state.refreshCalls).toBe(1);
    expect(storageDiagnostics(diagnostics)).toHaveLength(1);
  });

  test('session cookies that do not stick (blocked cookies): one clear STORAGE diagnostic, once', async () => {
    const backend = fakeBackend();
    // The browser drops every write: a cookie jar that reads the page's cookies and stores nothing.
    const dropped: string[] = [];
    const cookieHandler = { getCookie: () => document.cookie, setCookie: (cookie: string) => void dropped.push(cookie) };
    {
      const t = tab({ cookieHandler });
      await t.signIn();
      backend.expire();
      await t.fetch(`${API}/api/x`).catch(() => undefined);
      await t.session.attemptRefreshingSession().catch(() => undefined);
      expect(backend.state.refreshCalls).toBeGreaterThan(0); // more front tokens arrived: still one report
      const reports = storageDiagnostics(t.diagnostics);
      expect(reports).toHaveLength(1);
      // TS055: sFrontToken (domain …) did not stick: cookies are blocked here (docs/error-codes.md).
      expect(reports[0]).toMatchObject({ type: 'STORAGE', code: 'TS055' });
      expect(await t.session.doesSessionExist().catch(() => false)).toBe(false);
      expect(dropped.length).toBeGreaterThan(0);
    }
  });

  test('cookies that stick are never reported', async () => {
    const backend = fakeBackend();
    const t = tab();
    await t.signIn();
    backend.expire();
    expect((await t.fetch(`${API}/api/x`)).status).toBe(200);
    expect(storageDiagnostics(t.diagnostics)).toEqual([]);
  });
});
