import type { RefreshLock } from './types';

/**
 * The Web Locks API: exclusive across every tab and worker of the origin, and released by the browser
 * when the holding tab closes or crashes, so a dead tab can never hold the refresh forever.
 */
export function webLocksLock(locks: LockManager = navigator.locks): RefreshLock {
  return {
    run: <T>(name: string, task: () => Promise<T>) => locks.request(name, { mode: 'exclusive' }, task) as Promise<T>,
  };
}
