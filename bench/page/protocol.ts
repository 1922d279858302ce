/**
 * What the driver (Node) and the bench page (browser) agree on: the libraries, the roles, and the shape of
 * `window.bench`. No side effects, so Node code can import it.
 */
import type * as Tabsession from '../../src/index';
import type * as SuperTokens from 'supertokens-website';

export const LIBS = ['raw', 'tabsession', 'supertokens-website'] as const;
export type Lib = (typeof LIBS)[number];
export type LockKind = 'webLocksLock' | 'idbLock' | 'storageLock' | 'memoryLock';
/** In a fan-in round: a library tab, or a raw-fetch tab acting the ideal protocol (leader or follower). */
export type FanInRole = 'library' | 'ideal-leader' | 'ideal-follower';

export interface Timed {
  readonly ms: number;
  /** Responses that were not 200: a run with any is an error, not a result. */
  readonly failures: number;
}

/** One tab's part of a round started by 'go'. */
export interface RoundResult {
  /** Epoch ms (high resolution) when this tab saw 'go', and when it finished its part. */
  readonly goAt: number;
  readonly doneAt: number;
}

export interface FanInResult extends RoundResult {
  readonly statuses: readonly number[];
}

export interface LockResult extends RoundResult {
  /** Mean ms of one acquire+release, waits included. */
  readonly perOpMs: number;
}

export interface BenchPage {
  readonly lib: Lib;
  signIn(): Promise<number>;
  sequential(count: number): Promise<Timed>;
  concurrent(count: number): Promise<Timed>;
  /** Waits for 'go' on the bench channel, then runs its part of a fan-in round; `collect` returns it. */
  arm(count: number, role: FanInRole): void;
  /** Waits for 'go', then runs `count` empty critical sections of a fresh lock; `collect` returns a LockResult. */
  armLock(kind: LockKind, count: number): void;
  collect(): Promise<unknown>;
  /** Posts 'go' to every other tab of the origin; returns when (epoch ms). */
  go(): number;
  /** Mean ms of one acquire+release of a fresh lock, over `count` in a row. */
  lockRun(kind: LockKind, count: number): Promise<number>;
  /**
   * Stub pages only (`&stub`): mean µs of main-thread time per request through the library, `window.fetch`
   * having been replaced, before the library was loaded, by one that answers at once without a network.
   */
  stubbedCost(count: number): Promise<number>;
}

declare global {
  interface Window {
    bench: BenchPage;
    tabsession?: typeof Tabsession;
    supertokens?: typeof SuperTokens;
  }
}
