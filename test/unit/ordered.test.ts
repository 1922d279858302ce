import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, test, vi } from 'vitest';
import { coreOf } from '../../src/core/public';
import { createClient, createFetch, idbLock, isTabsessionError, memoryLock, type RefreshLock, type SessionClient, type TabsessionConfig, type TabsessionError } from '../../src/index';
import type { SessionStore, Snapshot } from '../../src/state/store';
import { sessionState } from '../../src/state/snapshot';
import { sharedStore } from '../../src/sync/idb';
import { API, fakeBackend } from './harness';
import { messageBus, tab } from './util';

// Issue 9: after the lock hand-over, Firefox and WebKit can show a waiting tab the cookies from before
// the other tab's refresh. These tests make one tab's cookie view lag, the way those engines do.

/** From now on, `session` reads the cookies as they are now, whatever is written later (its view lags). */
function freezeCookieView(session: SessionClient): void {
  const store = (coreOf(session) as unknown as { store: SessionStore }).store;
  const frozen: Snapshot = store.snapshot();
  store.snapshot = () => frozen;
}

/** `session` sees new cookie versions but keeps seeing today's anti-csrf and tokens (cookies arrive one by one). */
function freezeTokensInView(session: SessionClient): void {
  const store = (coreOf(session) as unknown as { store: SessionStore }).store;
  const real = store.snapshot.bind(store);
  const { antiCsrf, accessToken, refreshToken } = real();
  store.snapshot = () => ({ ...real(), antiCsrf, accessToken, refreshToken });
}

const fallbacks = (diagnostics: unknown[]) =>
  diagnostics.filter((d) => isTabsessionError(d) && d.type === 'FALLBACK').map((d) => (d as TabsessionError).code);

/** Two tabs (one lock, one cookie jar, one IndexedDB, one message bus); a signed in, the access token expired. */
async function twoTabs(config: Partial<TabsessionConfig> = {}) {
  const backend = fakeBackend();
  const lock = memoryLock();
  const bus = messageBus();
  const a = tab({ lock, messenger: bus(), ...config });
  const b = tab({ lock, messenger: bus(), ...config });
  await a.signIn(); // generation 1: access-1, refresh-1
  backend.expire();
  return { backend, a, b };
}

describe('the refresh decision is ordered with the lock (issue 9)', () => {
  test.each(['cookie', 'header'] as const)(
    '%s mode: a waiting tab whose cookie view lags still retries with the new session, and nobody refreshes twice',
    async (mode) => {
      const { backend, a, b } = await twoTabs({ tokenTransferMethod: mode });
      freezeCookieView(b.session);
      const release = backend.holdRefresh();
      const fromA = Array.from({ length: 5 }, () => a.fetch(`${API}/api/a`));
      await expect.poll(() => backend.state.refreshCalls).toBe(1); // a holds the lock, refreshing
      const fromB = Array.from({ length: 5 }, () => b.fetch(`${API}/api/b`));
      await expect.poll(() => backend.apiRequests().length).toBe(10); // b met its 401s and waits on the lock
      release();
      const responses = await Promise.all([...fromA, ...fromB]);
      expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(backend.state.refreshCalls).toBe(1);
      if (mode === 'header') {
        // b's retries carried the token of a's refresh, taken from the record, not its stale cookie.
        const retries = backend.apiRequests().filter((r) => r.url.endsWith('/api/b')).slice(5);
        expect(retries.map((r) => r.authorization)).toEqual(Array(5).fill('Bearer access-2'));
      }
    },
  );

  test('header mode: a tab that sees the new version but the old token (a partial cookie view) retries with the new one', async () => {
    const { backend, a, b } = await twoTabs({ tokenTransferMethod: 'header' });
    freezeTokensInView(b.session);
    expect((await a.fetch(`${API}/api/a`)).status).toBe(200); // a refreshed: version, access-2, refresh-2
    const responses = await Promise.all(Array.from({ length: 5 }, () => b.fetch(`${API}/api/b`)));
    expect(responses.map((r) => r.status)).toEqual(Array(5).fill(200));
    expect(backend.state.refreshCalls).toBe(1);
    const sent = backend.apiRequests().filter((r) => r.url.endsWith('/api/b')).map((r) => r.authorization);
    expect(sent).toEqual([...Array(5).fill('Bearer access-1'), ...Array(5).fill('Bearer access-2')]);
  });

  test('a session signed in after the last refresh: the older record is not used, one refresh, no MAX_REFRESH_ATTEMPTS', async () => {
    const { backend, a, b } = await twoTabs({ tokenTransferMethod: 'header' });
    expect((await b.fetch(`${API}/api/x`)).status).toBe(200); // b refreshes: the record holds access-2
    await a.signIn(); // a new session, access-3; no refresh, so no record
    backend.expire();
    const responses = await Promise.all(Array.from({ length: 5 }, () => b.fetch(`${API}/api/y`)));
    expect(responses.map((r) => r.status)).toEqual(Array(5).fill(200));
    expect(backend.state.refreshCalls).toBe(2);
    expect(backend.state.requests.filter((r) => r.url.endsWith('/session/refresh')).at(-1)?.authorization).toBe('Bearer refresh-3');
  });

  test('a refresh that fails writes no record: the next tab refreshes', async () => {
    const { backend, a, b } = await twoTabs();
    backend.state.refresh = '500';
    await expect(a.fetch(`${API}/api/x`)).rejects.toMatchObject({ type: 'REFRESH_FAILED' });
    backend.state.refresh = 'ok';
    freezeCookieView(b.session);
    expect((await b.fetch(`${API}/api/y`)).status).toBe(200);
    expect(backend.state.refreshCalls).toBe(2);
    // b refreshed at once: its 401, then the retry (no extra round for a record the failure bumped).
    expect(backend.apiRequests().filter((r) => r.url.endsWith('/api/y'))).toHaveLength(2);
  });
});

describe('the session state (useSession) follows another tab even while its cookie view lags (Firefox)', () => {
  /** Two signed-out tabs; b's session state subscribed and settled. With b's state and its notification count. */
  async function watched() {
    const backend = fakeBackend();
    backend.state.refresh = '401'; // b's first check finds no session
    const bus = messageBus();
    const lock = memoryLock();
    const a = tab({ lock, messenger: bus() });
    const b = tab({ lock, messenger: bus() });
    const state = sessionState(b.session);
    const seen = { notified: 0 };
    state.subscribe(() => seen.notified++);
    await expect.poll(() => state.getSnapshot().loading).toBe(false);
    expect(state.getSnapshot().exists).toBe(false);
    backend.state.refresh = 'ok';
    return { a, b, state, seen };
  }

  test('a sign-in in another tab shows here, though this tab does not see the new cookies yet', async () => {
    const { a, b, state, seen } = await watched();
    freezeCookieView(b.session);
    const before = seen.notified;
    expect((await a.signIn()).status).toBe(200);
    expect(seen.notified).toBeGreaterThan(before); // the UI is told to re-render
    expect(state.getSnapshot()).toMatchObject({ loading: false, exists: true, userId: await a.session.getUserId() });
  });

  test('a sign-out in another tab shows here, though this tab still sees the session cookies', async () => {
    const { a, b, state } = await watched();
    await a.signIn();
    expect(state.getSnapshot().exists).toBe(true);
    freezeCookieView(b.session);
    await a.session.signOut();
    expect(state.getSnapshot()).toMatchObject({ exists: false, userId: undefined });
  });

  test("an older or malformed carried session does not override this tab's own view", async () => {
    const { a, b, state } = await watched();
    await a.signIn();
    const core = coreOf(b.session);
    for (const heard of [{ version: '1', rawFrontToken: undefined }, { version: 'x' }, { version: '9'.repeat(15), rawFrontToken: 42 }, 'garbage']) {
      core.heard = heard;
      expect(state.getSnapshot().exists, JSON.stringify(heard)).toBe(true);
    }
  });
});

describe('fallbacks say what they lose, once', () => {
  test('no IndexedDB: the cookie version decides, with one diagnostic; two tabs still refresh once', async () => {
    delete (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    const { backend, a, b } = await twoTabs();
    const responses = await Promise.all([a.fetch(`${API}/api/a`), b.fetch(`${API}/api/b`), a.fetch(`${API}/api/a`)]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(backend.state.refreshCalls).toBe(1);
    // TS053: no IndexedDB: the cross-tab refresh decision is ordered only in Chromium (docs/error-codes.md).
    for (const t of [a, b]) expect(fallbacks(t.diagnostics)).toEqual(['TS053']);
  });

  test('an IndexedDB that fails to open: one diagnostic, and refreshes still work', async () => {
    globalThis.indexedDB = flakyIndexedDB(Array(100).fill('throw')).profile; // refused, as in a private mode
    const backend = fakeBackend();
    const t = tab();
    await t.signIn();
    for (let i = 0; i < 2; i++) {
      backend.expire();
      expect((await t.fetch(`${API}/api/x`)).status).toBe(200);
    }
    expect(backend.state.refreshCalls).toBe(2);
    // Each refresh tried IndexedDB again and failed: said once.
    expect(fallbacks(t.diagnostics)).toEqual(['TS063']);
  });

  test('an IndexedDB that fails once: FALLBACK for that refresh, and the next refresh writes the record again', async () => {
    const { profile } = flakyIndexedDB(['throw']); // one failed open, then a working IndexedDB
    globalThis.indexedDB = profile;
    const backend = fakeBackend();
    const t = tab();
    await t.signIn();
    backend.expire();
    expect((await t.fetch(`${API}/api/x`)).status).toBe(200); // its record read failed: the cookie decides
    expect(fallbacks(t.diagnostics)).toEqual(['TS063']);
    backend.expire();
    expect((await t.fetch(`${API}/api/y`)).status).toBe(200);
    expect(backend.state.refreshCalls).toBe(2);
    // The second refresh used IndexedDB again: its session is the record other tabs order against.
    const record = await sharedStore(profile).update<Snapshot>('record');
    expect(record?.version).toBe(coreOf(t.session).view().version);
    expect(record?.version).not.toBe('');
  });

  test('no Web Locks and an IndexedDB that fails: the default lock says the refresh lost its cross-tab exclusion, once', async () => {
    globalThis.indexedDB = flakyIndexedDB(Array(100).fill('throw')).profile; // refused, as in a private mode
    const backend = fakeBackend();
    const diagnostics: unknown[] = [];
    // The default lock: the IndexedDB lease, over the localStorage lease.
    const session = createClient({ apiDomain: API, messenger: messageBus()(), onDiagnostic: (d) => diagnostics.push(d) });
    const fetch = createFetch(session);
    await fetch(`${API}/auth/signin`, { method: 'POST' });
    for (let i = 0; i < 2; i++) {
      backend.expire();
      expect((await fetch(`${API}/api/x`)).status).toBe(200);
    }
    session.destroy();
    expect(fallbacks(diagnostics)).toEqual([
      'TS052', // no Web Locks: the IndexedDB lease
      'TS056', // IndexedDB failed (…): this refresh runs without reliable cross-tab exclusion
      'TS063', // IndexedDB failed (…): this refresh is ordered by the session cookie
    ]);
  });

  test('no Web Locks: the default lock is the IndexedDB lease, else the localStorage lease; each reported once', async () => {
    fakeBackend();
    expect(navigator.locks).toBeFalsy(); // happy-dom has none
    const withDefaultLock = () => {
      const diagnostics: unknown[] = [];
      const session = createClient({ apiDomain: API, messenger: messageBus()(), onDiagnostic: (d) => diagnostics.push(d) });
      return { session, diagnostics };
    };
    const withIdb = withDefaultLock();
    expect(fallbacks(withIdb.diagnostics)).toEqual(['TS052']); // no Web Locks: the IndexedDB lease
    delete (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    const withoutIdb = withDefaultLock();
    expect(fallbacks(withoutIdb.diagnostics)).toEqual([
      'TS051', // no Web Locks: no IndexedDB either: the localStorage lease is best effort
      'TS053', // no IndexedDB: the cross-tab refresh decision
    ]);
    // Using them reports nothing more.
    for (const { session } of [withIdb, withoutIdb]) {
      expect(await session.attemptRefreshingSession()).toBe(true); // MAY_EXIST: the fake accepts
      session.destroy();
    }
    expect(fallbacks(withIdb.diagnostics)).toHaveLength(1);
    expect(fallbacks(withoutIdb.diagnostics)).toHaveLength(2);
  });
});

/** Runs `n` tasks through the locks at once; each yields to the event loop (timers), as a refresh does. */
async function contend(locks: RefreshLock[], n: number) {
  let holders = 0;
  let maxHolders = 0;
  const results = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      locks[i % locks.length]!.run('test', async () => {
        maxHolders = Math.max(maxHolders, ++holders);
        await new Promise((resolve) => setTimeout(resolve, 2));
        await new Promise((resolve) => setTimeout(resolve, 0));
        holders--;
        return i;
      }),
    ),
  );
  return { maxHolders, results };
}

/**
 * An IndexedDB whose next `open`s fail as `failures` says (in order; push more later), and work otherwise:
 * `throw` (a private mode that refuses it), `error` (a request that fails), `hang` (a WebKit open that never answers).
 */
function flakyIndexedDB(failures: Array<'throw' | 'error' | 'hang'>) {
  const profile = new IDBFactory();
  const open = profile.open.bind(profile);
  const refused = new DOMException('refused', 'InvalidStateError');
  profile.open = (name, version) => {
    const failure = failures.shift();
    if (failure === undefined) return open(name, version);
    if (failure === 'throw') throw refused;
    const request = { error: null } as { error: DOMException | null; onerror?: () => void };
    if (failure === 'error') {
      queueMicrotask(() => {
        request.error = refused;
        request.onerror?.();
      });
    }
    return request as unknown as IDBOpenDBRequest;
  };
  return { profile, refused };
}

describe('sharedStore (the IndexedDB record and lease store)', () => {
  test('a failed open rejects with its error, and the next call opens again', async () => {
    const { profile, refused } = flakyIndexedDB(['error']);
    const store = sharedStore(profile);
    await expect(store.update('k')).rejects.toBe(refused);
    await expect(store.update('k', () => 'v')).resolves.toBe('v');
  });

  test('an open that never answers rejects with a TimeoutError after 3 s, and the next call opens again', async () => {
    const { profile } = flakyIndexedDB(['hang']);
    const store = sharedStore(profile);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const first = store.update('k');
      const settled = expect(first).rejects.toMatchObject({ name: 'TimeoutError' });
      vi.advanceTimersByTime(3000);
      await settled;
    } finally {
      vi.useRealTimers();
    }
    await expect(store.update('k', () => 'v')).resolves.toBe('v');
  });
});

describe('idbLock (the fallback without Web Locks)', () => {
  test('excludes across three lock instances (tabs) sharing one IndexedDB, with tasks that yield to timers', async () => {
    const profile = new IDBFactory();
    const locks = [0, 1, 2].map(() => idbLock(profile, { pollMs: 1 }));
    const { maxHolders, results } = await contend(locks, 12);
    expect(maxHolders).toBe(1);
    expect(results).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(await sharedStore(profile).update('lock:test')).toBeUndefined(); // released
  });

  test('the holder renews its lease: a task longer than the lease still excludes the other tab', async () => {
    const profile = new IDBFactory();
    const [a, b] = [0, 1].map(() => idbLock(profile, { leaseMs: 300, pollMs: 5 })) as [RefreshLock, RefreshLock];
    const log: string[] = [];
    const slow = (name: string) => async () => {
      log.push(`${name} in`);
      await new Promise((resolve) => setTimeout(resolve, 1000)); // several lease lifetimes
      log.push(`${name} out`);
    };
    const first = a.run('test', slow('a'));
    await expect.poll(() => log).toEqual(['a in']);
    await Promise.all([first, b.run('test', slow('b'))]);
    expect(log).toEqual(['a in', 'a out', 'b in', 'b out']);
  });

  test('a lease left by a crashed tab expires and is taken over', async () => {
    const profile = new IDBFactory();
    await sharedStore(profile).update('lock:test', () => ({ id: 'dead-tab', until: Date.now() + 30 }));
    await expect(idbLock(profile, { pollMs: 5 }).run('test', async () => 'taken over')).resolves.toBe('taken over');
  });

  test('a failing IndexedDB hands the tasks to the fallback lock', async () => {
    const failing = new IDBFactory();
    failing.open = () => {
      throw new DOMException('refused', 'InvalidStateError');
    };
    const fallback = memoryLock();
    let used = 0;
    const counting: RefreshLock = {
      run: (name, task) => {
        used++;
        return fallback.run(name, task);
      },
    };
    await expect(idbLock(failing, { fallback: counting }).run('test', async () => 'ran')).resolves.toBe('ran');
    expect(used).toBe(1);
  });

  test('an IndexedDB failure is reported as FALLBACK naming the lost exclusion, and the next refresh tries IndexedDB again', async () => {
    const failures: Array<'throw' | 'error'> = [];
    const { profile, refused } = flakyIndexedDB(failures);
    const observer = sharedStore(profile);
    await observer.update('opened'); // the test's own view of the store opens before the failures start
    failures.push('throw', 'error');
    const diagnostics: unknown[] = [];
    let fellBack = 0;
    const fallback: RefreshLock = {
      run: (_name, task) => {
        fellBack++;
        return task();
      },
    };
    const lock = idbLock(profile, { fallback, onDiagnostic: (error) => diagnostics.push(error) });
    const leaseDuringTask = () => lock.run('test', () => observer.update<{ id: string }>('lock:test'));

    expect(await leaseDuringTask()).toBeUndefined(); // open threw: the task ran under the fallback, no lease
    expect(await leaseDuringTask()).toBeUndefined(); // open failed again: fallback again, nothing new to say
    expect(fellBack).toBe(2);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ type: 'FALLBACK', cause: refused });
    // TS056: IndexedDB failed (InvalidStateError): this refresh runs without reliable cross-tab exclusion; IndexedDB is tried again on the next one.
    expect(diagnostics[0]).toMatchObject({ type: 'FALLBACK', code: 'TS056', message: expect.stringContaining('InvalidStateError') });

    expect(await leaseDuringTask()).toMatchObject({ id: expect.any(String) }); // IndexedDB works again: the lease is taken there
    expect(fellBack).toBe(2);
    expect(await observer.update('lock:test')).toBeUndefined(); // and given back
    expect(diagnostics).toHaveLength(1);
  });
});
