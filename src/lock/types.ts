/**
 * A mutual-exclusion lock shared by every tab of the origin. Only one tab at a time may call the refresh
 * endpoint; the others wait, then notice the new session version and retry without refreshing.
 *
 * @example
 * // A lock shared by two SDK instances in one page (tests):
 * const lock = memoryLock();
 * const a = createClient({ apiDomain, lock });
 * const b = createClient({ apiDomain, lock });
 */
export interface RefreshLock {
  /** Runs `task` while holding the lock `name`, and releases it when `task` settles. */
  run<T>(name: string, task: () => Promise<T>): Promise<T>;
}
