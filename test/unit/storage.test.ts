import { describe, expect, test } from 'vitest';
import { COOLDOWN_KEY } from '../../src/core/cooldown';
import { coreOf } from '../../src/core/public';
import { isTabsessionError, memoryLock, storageLock, type SessionClient } from '../../src/index';
import type { SharedStore } from '../../src/sync/idb';
import { API, fakeBackend } from './harness';
import { rejection, tab } from './util';

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
      await expect(t.session.doesSessionExist()).resolves.toBe(false); // a rejection fails the test
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

/** A Map-backed `storage` option that records its writes; `refuse` makes setItem throw as a full localStorage does. */
function mapStorage(refuse = false) {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => {
      if (refuse) throw new DOMException('setItem refused', 'QuotaExceededError');
      map.set(key, value);
    },
    removeItem: (key: string) => void map.delete(key),
  };
}

/** A tab rate-limited by its refresh (429, Retry-After 60 s): the REFRESH_FAILED it got. */
async function rateLimited(t: ReturnType<typeof tab>, backend: ReturnType<typeof fakeBackend>) {
  await t.signIn();
  backend.expire();
  backend.state.refresh = '429';
  backend.state.retryAfter = '60';
  return rejection(t.fetch(`${API}/api/x`));
}

describe('the refresh cooldown in storage', () => {
  test('it is kept in the storage option, not in localStorage: a tab sharing that storage fails fast without refreshing', async () => {
    delete (globalThis as { indexedDB?: unknown }).indexedDB; // the storage is then the only way between the tabs
    const backend = fakeBackend();
    const storage = mapStorage();
    const a = tab({ storage });
    const b = tab({ storage, lock: memoryLock() });
    const failed = await rateLimited(a, backend);
    expect(storage.map.get(COOLDOWN_KEY)).toBe(String(failed.retryAfter?.getTime()));
    expect(localStorage.getItem(COOLDOWN_KEY)).toBeNull();
    expect((await rejection(b.fetch(`${API}/api/y`))).retryAfter).toEqual(failed.retryAfter);
    expect(backend.state.refreshCalls).toBe(1);
  });

  test('a storage that refuses the cooldown: one STORAGE diagnostic, and the request still gets the rate-limited REFRESH_FAILED', async () => {
    const backend = fakeBackend();
    const t = tab({ storage: mapStorage(true) });
    const failed = await rateLimited(t, backend);
    expect(failed.type).toBe('REFRESH_FAILED');
    expect(failed.retryAfter).toBeInstanceOf(Date);
    const reports = storageDiagnostics(t.diagnostics);
    // TS059: the storage option refused the refresh cooldown: other tabs may refresh before it ends.
    expect(reports).toEqual([expect.objectContaining({ type: 'STORAGE', code: 'TS059', message: expect.stringContaining('the storage option') })]);
    expect(((reports[0] as Error).cause as DOMException).name).toBe('QuotaExceededError');
    // This tab still respects it.
    expect((await rejection(t.fetch(`${API}/api/x`))).retryAfter).toEqual(failed.retryAfter);
    expect(backend.state.refreshCalls).toBe(1);
  });

  test('an IndexedDB that refuses the cooldown record: one STORAGE diagnostic, and the rate-limited REFRESH_FAILED still comes', async () => {
    const backend = fakeBackend();
    const t = tab();
    refuseCooldownRecord(t.session);
    const failed = await rateLimited(t, backend);
    expect(failed.retryAfter).toBeInstanceOf(Date);
    const reports = storageDiagnostics(t.diagnostics);
    // TS059: IndexedDB refused the refresh cooldown: other tabs may refresh before it ends.
    expect(reports).toEqual([expect.objectContaining({ type: 'STORAGE', code: 'TS059', message: expect.stringContaining('IndexedDB') })]);
    expect(((reports[0] as Error).cause as DOMException).name).toBe('AbortError');
  });
});

/** The tab's IndexedDB store aborts every write of the cooldown record (the session record still works). */
function refuseCooldownRecord(session: SessionClient): void {
  const core = coreOf(session) as unknown as { shared_: SharedStore };
  const real = core.shared_;
  core.shared_ = {
    update: (key, change) =>
      key === 'cooldown' && change ? Promise.reject(new DOMException('the transaction was aborted', 'AbortError')) : real.update(key, change),
  };
}
