import { tabsessionError } from '../errors';
import { sharedStore } from '../sync/idb';
import { leaseId, memoryLock, wait } from './memory';
import type { RefreshLock } from './types';

export interface IdbLockOptions {
  /** How long a lease lasts without renewal: a crashed or closed tab's lock frees itself after this. Default 5000 ms. */
  leaseMs?: number;
  /** How often a waiting tab looks at the lease again. Default 20 ms. */
  pollMs?: number;
  /**
   * Where a task goes when IndexedDB fails (e.g. a private mode that refuses it). Default: this tab only.
   * IndexedDB is tried again for the next task.
   */
  fallback?: RefreshLock;
  /** Told (a `FALLBACK` error) when IndexedDB fails and a task runs without cross-tab exclusion. Default: nothing. */
  onDiagnostic?: (error: unknown) => void;
}

interface Lease {
  id: string;
  until: number;
}


/**
 * The lock for browsers without Web Locks: a lease record in IndexedDB. Taking it is ONE readwrite
 * transaction that reads the lease and writes this tab's only if it is free, expired or already ours.
 * IndexedDB runs readwrite transactions on a store one at a time, across tabs too, so that is an atomic
 * compare-and-swap: two tabs never both hold a live lease, however late their event loops run. The
 * holder renews the lease every `leaseMs / 3`; a crashed tab's lease frees itself after `leaseMs`; waiters
 * look again every `pollMs`. What it loses against Web Locks: a holder whose main thread stalls longer
 * than `leaseMs` can lose the lease, and a tab closed mid-refresh holds the others up to `leaseMs`.
 * When IndexedDB fails, that task runs under `fallback` (reported once until IndexedDB works again),
 * and the next one tries IndexedDB again.
 *
 * @example
 * init({ apiDomain: 'https://api.example.com', lock: idbLock(indexedDB, { leaseMs: 10_000 }) });
 */
export function idbLock(factory: IDBFactory = indexedDB, options: IdbLockOptions = {}): RefreshLock {
  const { leaseMs = 5000, pollMs = 20 } = options;
  const db = sharedStore(factory);
  const id = leaseId();
  // Tasks of this tab queue in memory first, so the lease is only contended between tabs.
  const inTab = memoryLock();
  const fallback = options.fallback ?? memoryLock();
  /** A failure was reported and IndexedDB has not worked since: the next failures say nothing new. */
  let reported = false;
  const failed = (cause: unknown) => {
    if (reported) return;
    reported = true;
    options.onDiagnostic?.(
      tabsessionError('FALLBACK', 'TS056', [(cause as Error | null)?.name ?? 'error'], { cause }),
    );
  };

  /** Takes (or renews) the lease if it is free, expired or ours; with `take` false, gives ours back. */
  const swap = (key: string, take: boolean) =>
    db.update<Lease>(key, (held) => {
      if (held && held.id !== id && (!take || held.until > Date.now())) return undefined; // another tab's
      return take ? { id, until: Date.now() + leaseMs } : held && null;
    });

  async function holding<T>(name: string, task: () => Promise<T>): Promise<T> {
    const key = `lock:${name}`;
    try {
      for (;;) {
        const held = await swap(key, true);
        if (held?.id === id) break;
        await wait(Math.min(pollMs, (held?.until ?? 0) - Date.now()));
      }
    } catch (error) {
      failed(error);
      return fallback.run(name, task);
    }
    reported = false;
    const renew = setInterval(() => void swap(key, true).catch(() => {}), leaseMs / 3);
    try {
      return await task();
    } finally {
      clearInterval(renew);
      await swap(key, false).catch(() => {});
    }
  }

  return { run: (name, task) => inTab.run(name, () => holding(name, task)) };
}
