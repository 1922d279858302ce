import type { RefreshLock } from './types';

/** Resolves after `ms`: the lease locks' poll and settle waits. */
export const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A lease holder's id, unique enough among the tabs of one origin. */
export const leaseId = () => Math.random().toString(36).slice(2) + Date.now().toString(36);

/** A lock for one JavaScript realm: a FIFO queue per name. Used where no cross-tab lock exists, and in tests. */
export function memoryLock(): RefreshLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(name: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(name) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(name, tail);
      // Drop the entry once the queue drains, so an idle lock holds no memory.
      void tail.then(() => {
        if (tails.get(name) === tail) tails.delete(name);
      });
      return result;
    },
  };
}
