import type { StorageHandler } from '../config';
import { tabsessionError } from '../errors';
import type { SharedStore } from '../sync/idb';

/** A 429 without `Retry-After` cools the refresh down this long. */
export const DEFAULT_BACKOFF_MS = 5_000;
/** A `Retry-After` further away is capped: a misconfigured header must not lock every tab out for days. */
export const MAX_COOLDOWN_MS = 60 * 60_000;
/** Where every tab finds the end of a rate-limit cooldown (in the `storage` option, default localStorage; the chaos soak reads it too). */
export const COOLDOWN_KEY = 'tabsession-refresh-cooldown';

/**
 * When a rate-limited refresh may be tried again (ms since the epoch), or undefined when the answer is no
 * rate limit: a 429 (with `Retry-After` in seconds or as an HTTP date, else the default backoff), or a
 * 503 that says `Retry-After`. Any other failure (a 500, a 503 without it) is retried by the next request.
 */
export function retryAfterOf(status: number, header: string | null, now: number): number | undefined {
  const value = header?.trim() ?? '';
  let delay: number | undefined;
  if (/^\d+$/.test(value)) delay = Number(value) * 1000;
  else if (value !== '' && !Number.isNaN(Date.parse(value))) delay = Date.parse(value) - now;
  if (status === 429) delay ??= DEFAULT_BACKOFF_MS;
  else if (status !== 503 || delay === undefined) return undefined;
  return now + Math.min(Math.max(delay, 0), MAX_COOLDOWN_MS);
}

/** The platform's localStorage, or undefined where there is none or reading it throws (sandboxed iframes, privacy settings). */
const platformStorage = (): StorageHandler | undefined => {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
};

/** A STORAGE diagnostic: `where` refused the cooldown (the error is the `cause`); other tabs learn of it later or not at all. */
const refused = (where: string, cause: unknown) =>
  tabsessionError('STORAGE', 'TS059', [where], { cause });

/**
 * The refresh cooldown every tab respects. Kept in three places: this tab's memory; the `storage` option
 * (default localStorage), read synchronously so a request in any tab fails fast without waiting for the
 * lock; and the IndexedDB record store, read inside the lock, where it is ordered with the lock
 * hand-over in every engine. A write either store refuses is reported (STORAGE); the cooldown still
 * holds in this tab and in the other store.
 */
export class Cooldown {
  /** This tab's own knowledge: the latest end it started or read. */
  private end_ = 0;

  constructor(
    private readonly shared_: () => SharedStore | undefined,
    private readonly storage_: StorageHandler | undefined,
    private readonly report_: (error: unknown) => void,
  ) {}

  /** The end of the cooldown if one is running now (this tab's or another's), else undefined. */
  until(now = Date.now()): number | undefined {
    let until = this.end_;
    try {
      const stored = Number((this.storage_ ?? platformStorage())?.getItem(COOLDOWN_KEY));
      if (stored > until) until = stored;
    } catch {
      // Blocked storage: this tab's own knowledge and the IndexedDB record remain.
    }
    return until > now ? until : undefined;
  }

  /** As `until`, after reading the IndexedDB record: call it holding the refresh lock. */
  async read(now?: number): Promise<number | undefined> {
    const stored = await this.shared_()?.update<number>('cooldown').catch(() => undefined);
    if (typeof stored === 'number' && stored > this.end_) this.end_ = stored;
    return this.until(now);
  }

  /** Starts (or extends) the cooldown for every tab; resolves once the IndexedDB record is committed. */
  async start(until: number): Promise<void> {
    this.end_ = Math.max(this.end_, until);
    const storage = this.storage_ ?? platformStorage();
    try {
      storage?.setItem(COOLDOWN_KEY, String(this.end_));
    } catch (error) {
      this.report_(refused(this.storage_ ? 'the storage option' : 'localStorage', error));
    }
    await this.shared_()
      ?.update<number>('cooldown', (old) => Math.max(old ?? 0, until))
      .catch((error: unknown) => this.report_(refused('IndexedDB', error)));
  }
}
