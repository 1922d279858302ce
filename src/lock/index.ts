import { memoryLock } from './memory';
import { storageLock } from './storageLock';
import type { RefreshLock } from './types';
import { webLocksLock } from './webLocks';

export type { RefreshLock } from './types';
export { memoryLock, storageLock, webLocksLock };

/** Web Locks where the browser has them, else a localStorage lease, else (no storage) this tab only. */
export function defaultLock(storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): RefreshLock {
  if (typeof navigator !== 'undefined' && navigator.locks && typeof navigator.locks.request === 'function') {
    return webLocksLock(navigator.locks);
  }
  try {
    if (storage !== undefined) return storageLock({ storage });
    if (typeof localStorage !== 'undefined' && typeof addEventListener === 'function') return storageLock();
  } catch {
    // localStorage can throw on access (privacy settings, sandboxed iframes): fall through.
  }
  return memoryLock();
}
