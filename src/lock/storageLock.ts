import { tabsessionError } from '../errors';
import { leaseId, memoryLock, wait } from './memory';
import type { RefreshLock } from './types';

export interface StorageLockOptions {
  /** Where the lease lives; every tab of the origin must see the same storage. Default `localStorage`. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined;
  /** How long a lease lasts without renewal: a crashed tab's lock frees itself after this. Default 5000 ms. */
  leaseMs?: number;
  /** How long a tab waits after writing its claim before checking that it won. Default 30 ms. */
  settleMs?: number;
  /** Told once when the lease cannot be written (a full or blocked localStorage). Default: nothing. */
  onDiagnostic?: (error: unknown) => void;
}

interface Lease {
  id: string;
  until: number;
}


/**
 * The fallback for browsers without Web Locks: a lease in localStorage, renewed while held, released on
 * `pagehide`, and expiring by itself if the holder crashes. localStorage has no compare-and-swap, so a tab
 * writes its claim, lets `settleMs` pass for a competing writer to overwrite it, and only then checks
 * that it won; waiters wake on the `storage` event of the release or when the lease runs out.
 */
export function storageLock(options: StorageLockOptions = {}): RefreshLock {
  const storage = options.storage ?? localStorage;
  const leaseMs = options.leaseMs ?? 5000;
  const settleMs = options.settleMs ?? 30;
  const id = leaseId();
  // Tasks of this tab queue in memory first, so the storage lease is only contended between tabs.
  const inTab = memoryLock();

  const read = (key: string): Lease | undefined => {
    try {
      const lease = JSON.parse(storage.getItem(key) ?? 'null') as Lease | null;
      return lease && typeof lease.id === 'string' && typeof lease.until === 'number' ? lease : undefined;
    } catch {
      return undefined; // a garbage entry counts as free
    }
  };
  const claim = (key: string) => storage.setItem(key, JSON.stringify({ id, until: Date.now() + leaseMs }));
  let reported = false;
  /**
   * `setItem` throws QuotaExceededError on a full storage and SecurityError where storage is blocked.
   * The refresh must still run: it goes ahead holding this tab's lock only (the version check still
   * stops most second refreshes), and the loss is reported once.
   */
  const unwritable = (cause: unknown) => {
    if (reported) return;
    reported = true;
    const name = (cause as { name?: unknown } | null)?.name;
    options.onDiagnostic?.(
      tabsessionError('STORAGE', 'TS054', [typeof name === 'string' ? name : 'error'], { cause }),
    );
  };

  const released = (key: string, ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        removeEventListener('storage', onStorage);
        resolve();
      };
      const onStorage = (event: StorageEvent) => {
        if (event.key === key || event.key === null) done();
      };
      const timer = setTimeout(done, Math.max(ms, 1));
      addEventListener('storage', onStorage);
    });

  async function holding<T>(name: string, task: () => Promise<T>): Promise<T> {
    const key = `tabsession-lock:${name}`;
    for (;;) {
      const holder = read(key);
      const now = Date.now();
      if (holder === undefined || holder.until <= now || holder.id === id) {
        try {
          claim(key);
        } catch (error) {
          unwritable(error);
          return task();
        }
        await wait(settleMs);
        if (read(key)?.id === id) break;
      } else {
        await released(key, holder.until - now);
      }
    }
    const release = () => {
      try {
        if (read(key)?.id === id) storage.removeItem(key);
      } catch {
        // The lease expires by itself.
      }
    };
    const renew = setInterval(() => {
      try {
        claim(key);
      } catch (error) {
        unwritable(error); // the lease runs out while the refresh finishes; nothing to throw into
      }
    }, leaseMs / 3);
    addEventListener('pagehide', release);
    try {
      return await task();
    } finally {
      clearInterval(renew);
      removeEventListener('pagehide', release);
      release();
    }
  }

  return { run: (name, task) => inTab.run(name, () => holding(name, task)) };
}
