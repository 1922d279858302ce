import type { RefreshLock } from './types';

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
