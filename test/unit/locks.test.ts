import { describe, expect, test } from 'vitest';
import { memoryLock, storageLock, webLocksLock, type RefreshLock } from '../../src/index';

/** Yields to the event loop (a macrotask), as a refresh's network round trip does. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Runs `n` tasks through the lock at once and records whether any two ever overlapped. Each task yields
 * to the event loop while holding the lock: a task that only awaited microtasks would finish before a
 * competing tab's timer could even fire, and a lock that excludes nothing would pass.
 */
async function contend(locks: RefreshLock[], n: number) {
  let holders = 0;
  let maxHolders = 0;
  const order: number[] = [];
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      locks[i % locks.length]!.run('test', async () => {
        holders++;
        maxHolders = Math.max(maxHolders, holders);
        await nextTask();
        await new Promise<void>((resolve) => setTimeout(resolve, 15));
        order.push(i);
        holders--;
      }),
    ),
  );
  return { maxHolders, order };
}

/**
 * One localStorage as tabs in different processes see it: every write goes into one ordered log, a tab
 * reads the newest write it can see, and it sees another tab's write only `lagMs` after it was made
 * (its own at once). `bothClaimed` tells whether two tabs ever wrote a lease within `lagMs` of each
 * other, i.e. whether the race the lease must survive actually happened.
 */
function laggingStorage(lagMs: number) {
  const log: { key: string; value: string | null; at: number; tab: number }[] = [];
  let tabs = 0;
  const write = (tab: number, key: string, value: string | null) => log.push({ key, value, at: performance.now(), tab });
  return {
    tab(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
      const me = tabs++;
      return {
        getItem: (key) => log.filter((w) => w.key === key && (w.tab === me || w.at <= performance.now() - lagMs)).at(-1)?.value ?? null,
        setItem: (key, value) => write(me, key, value),
        removeItem: (key) => write(me, key, null),
      };
    },
    latest: (key: string) => log.filter((w) => w.key === key).at(-1)?.value ?? null,
    bothClaimed: () => log.some((w, i) => w.value !== null && log.slice(i + 1).some((v) => v.value !== null && v.tab !== w.tab && v.at - w.at < lagMs)),
  };
}

describe('memoryLock', () => {
  test('runs tasks one at a time, in arrival order, and returns their results', async () => {
    const { maxHolders, order } = await contend([memoryLock()], 20);
    expect(maxHolders).toBe(1);
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
    await expect(memoryLock().run('x', async () => 42)).resolves.toBe(42);
  });

  test('a failing task releases the lock and rejects only its own caller', async () => {
    const lock = memoryLock();
    const failed = lock.run('x', async () => {
      throw new Error('task failed');
    });
    await expect(failed).rejects.toThrow('task failed');
    await expect(lock.run('x', async () => 'next')).resolves.toBe('next');
  });
});

describe('storageLock (the fallback without Web Locks)', () => {
  test('excludes across two lock instances sharing one storage (two tabs)', async () => {
    // Two tabs in two processes: one store orders the writes, but each tab sees the other's writes only
    // LAG_MS late, so both can read the lease free and both claim. Only the check after settleMs
    // (> LAG_MS) keeps them apart: with it removed, or a lock that never reads the lease, they overlap.
    const store = laggingStorage(5);
    const a = storageLock({ storage: store.tab(), leaseMs: 300, settleMs: 20 });
    const b = storageLock({ storage: store.tab(), leaseMs: 300, settleMs: 20 });
    const { maxHolders, order } = await contend([a, b], 6);
    expect(store.bothClaimed()).toBe(true); // the race happened: a stale read let both tabs claim
    expect(maxHolders).toBe(1);
    expect(order.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(store.latest('tabsession-lock:test')).toBeNull(); // released
  });

  test('two tabs that both saw the lease free: the later claim wins, the earlier waits', async () => {
    // Across processes a tab can read the lease before another tab's claim reaches it. Tab b's storage
    // hides a's claim from b's first read, so both claim; only the winner check keeps them apart.
    let hidden = false;
    const seenByB: Storage = Object.create(localStorage, {
      getItem: {
        value: (key: string) => {
          if (!hidden && key === 'tabsession-lock:test') {
            hidden = true;
            return null;
          }
          return localStorage.getItem(key);
        },
      },
      setItem: { value: (key: string, value: string) => localStorage.setItem(key, value) },
      removeItem: { value: (key: string) => localStorage.removeItem(key) },
    }) as Storage;
    const a = storageLock({ storage: localStorage, leaseMs: 300, settleMs: 20 });
    const b = storageLock({ storage: seenByB, leaseMs: 300, settleMs: 20 });
    let holders = 0;
    let maxHolders = 0;
    const task = async () => {
      holders++;
      maxHolders = Math.max(maxHolders, holders);
      await new Promise<void>((resolve) => setTimeout(resolve, 30));
      holders--;
    };
    const first = a.run('test', task);
    await nextTask(); // a has claimed and is settling
    const second = b.run('test', task);
    await Promise.all([first, second]);
    expect(hidden).toBe(true);
    expect(maxHolders).toBe(1);
  });

  test('a lease left by a crashed tab expires and is taken over', async () => {
    localStorage.setItem('tabsession-lock:test', JSON.stringify({ id: 'dead-tab', until: Date.now() + 50 }));
    const lock = storageLock({ leaseMs: 1000, settleMs: 5 });
    await expect(lock.run('test', async () => 'taken over')).resolves.toBe('taken over');
  });

  test('a garbage lease entry counts as free', async () => {
    localStorage.setItem('tabsession-lock:test', '{not json');
    await expect(storageLock({ settleMs: 5 }).run('test', async () => 'ok')).resolves.toBe('ok');
  });
});

describe('webLocksLock', () => {
  test('asks the LockManager for an exclusive lock of that name and returns the task result', async () => {
    const requests: [string, LockOptions][] = [];
    const manager = {
      request: (name: string, options: LockOptions, task: (lock: Lock | null) => Promise<unknown>) => {
        requests.push([name, options]);
        return task({ name, mode: 'exclusive' } as Lock);
      },
    } as unknown as LockManager;
    await expect(webLocksLock(manager).run('refresh', async () => 7)).resolves.toBe(7);
    expect(requests).toEqual([['refresh', { mode: 'exclusive' }]]);
  });
});
