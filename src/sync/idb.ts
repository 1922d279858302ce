/**
 * One IndexedDB object store as a key-value map shared by every tab of the origin. Why IndexedDB: a
 * readwrite transaction that completed before a Web Lock was released is seen by a transaction the next
 * holder starts after the grant, in Chromium, Firefox and WebKit alike; document.cookie, localStorage and
 * BroadcastChannel are not ordered with the lock hand-over in Firefox and WebKit (measured in each engine by
 * test/e2e/race.test.ts).
 * And readwrite transactions on one store run one at a time, across tabs too, so `update` is an atomic
 * read-modify-write: a compare-and-swap.
 */
export interface SharedStore {
  /**
   * Reads `key` and, given `change`, stores what it returns (`undefined`: leave as is, `null`: delete),
   * in ONE transaction. Resolves once that transaction has committed, with the value it left.
   */
  update<T>(key: string, change?: (old: T | undefined) => T | null | undefined): Promise<T | undefined>;
}

/** An open that has not answered after this long (a known WebKit hang) counts as failed. */
const OPEN_TIMEOUT_MS = 3000;

export function sharedStore(factory: IDBFactory): SharedStore {
  let db: Promise<IDBDatabase> | undefined;
  /** A failed open (or a connection found closing) is forgotten: the next call opens again. */
  const forget = (error: unknown): never => {
    db = undefined;
    throw error;
  };
  const open = () =>
    (db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open('tabsession', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('kv');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      setTimeout(reject, OPEN_TIMEOUT_MS, new DOMException('IndexedDB open timed out', 'TimeoutError'));
    }).catch(forget));
  return {
    async update<T>(key: string, change?: (old: T | undefined) => T | null | undefined) {
      let tx: IDBTransaction;
      try {
        tx = (await open()).transaction('kv', change ? 'readwrite' : 'readonly');
      } catch (error) {
        return forget(error);
      }
      const store = tx.objectStore('kv');
      return new Promise<T | undefined>((resolve, reject) => {
        let value: T | undefined;
        const read = store.get(key);
        read.onsuccess = () => {
          value = read.result as T | undefined;
          const next = change?.(value);
          if (next === null) store.delete(key);
          else if (next !== undefined) store.put(next, key);
          if (next !== undefined) value = next ?? undefined;
        };
        tx.oncomplete = () => resolve(value);
        tx.onerror = tx.onabort = () => reject(tx.error);
      });
    },
  };
}
