import { tabsessionError, type ErrorCode } from '../errors';
import { idbLock } from './idbLock';
import { memoryLock } from './memory';
import { storageLock } from './storageLock';
import type { RefreshLock } from './types';
import { webLocksLock } from './webLocks';

export type { RefreshLock } from './types';
export { idbLock, memoryLock, storageLock, webLocksLock };

/**
 * Web Locks where the browser has them; else an IndexedDB lease; else a localStorage lease; else (no
 * storage) this tab only. Each fallback is reported once, saying what it loses.
 */
export function defaultLock(report: (error: unknown) => void, storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): RefreshLock {
  if (typeof navigator !== 'undefined' && navigator.locks && typeof navigator.locks.request === 'function') {
    return webLocksLock(navigator.locks);
  }
  let lock = memoryLock();
  let loses: ErrorCode = 'TS050';
  try {
    if (storage !== undefined || (typeof localStorage !== 'undefined' && typeof addEventListener === 'function')) {
      lock = storageLock({ onDiagnostic: report, storage });
      loses = 'TS051';
    }
  } catch {
    // localStorage can throw on access (privacy settings, sandboxed iframes): fall through.
  }
  if (typeof indexedDB === 'object' && indexedDB) {
    lock = idbLock(indexedDB, { fallback: lock, onDiagnostic: report });
    loses = 'TS052';
  }
  report(tabsessionError('FALLBACK', loses));
  return lock;
}
