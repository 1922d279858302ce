/**
 * Lock latency: one acquire+release (an empty critical section) of each RefreshLock the bundle exports,
 * alone in one tab, and with K tabs of one profile hammering the same lock name from the same moment.
 */
import type { LockKind, LockResult } from './page/protocol';
import { median } from './stats';
import { openSignedInTabs, openTab, type BenchWorld } from './support/world';

export const LOCK_KINDS: readonly LockKind[] = ['webLocksLock', 'idbLock', 'storageLock', 'memoryLock'];

export interface LockCell {
  readonly kind: LockKind;
  /** 1 = uncontended. */
  readonly tabs: number;
  /** Median over rounds (and tabs) of the mean time a caller spends per acquire+release, waits included. */
  readonly perOpMs: number;
  /** Contended only: wall time / all sections run, i.e. the time per hand-over of the lock. */
  readonly handoffMs: number | undefined;
}

export interface LockOptions {
  readonly tabs: readonly number[];
  readonly rounds: number;
  /** Critical sections per tab and round, per lock (the localStorage lease waits ~30 ms per acquire by design). */
  readonly sections: Readonly<Record<LockKind, number>>;
}

export async function runLocks(world: BenchWorld, options: LockOptions): Promise<LockCell[]> {
  const cells: LockCell[] = [];
  const largest = Math.max(1, ...options.tabs);
  const { context, tabs } = await openSignedInTabs(world, 'tabsession', largest);
  try {
    const conductor = await openTab(context, world.backend.url, 'raw');
    const [first] = tabs;
    for (const kind of LOCK_KINDS) {
      const sections = options.sections[kind];
      await first!.run(([k, n]) => window.bench.lockRun(k, n), [kind, sections] as const); // warm-up
      const alone: number[] = [];
      for (let round = 0; round < options.rounds; round++) alone.push(await first!.run(([k, n]) => window.bench.lockRun(k, n), [kind, sections] as const));
      cells.push({ kind, tabs: 1, perOpMs: median(alone), handoffMs: undefined });

      for (const count of options.tabs.filter((k) => k > 1)) {
        const contending = tabs.slice(0, count);
        const perOp: number[] = [];
        const handoff: number[] = [];
        for (let round = 0; round < options.rounds; round++) {
          await Promise.all(contending.map((tab) => tab.run(([k, n]) => window.bench.armLock(k, n), [kind, sections] as const)));
          const goAt = await conductor.run(() => window.bench.go(), null);
          const results = (await Promise.all(contending.map((tab) => tab.run(() => window.bench.collect(), null)))) as LockResult[];
          perOp.push(...results.map((r) => r.perOpMs));
          handoff.push((Math.max(...results.map((r) => r.doneAt)) - goAt) / (count * sections));
        }
        cells.push({ kind, tabs: count, perOpMs: median(perOp), handoffMs: median(handoff) });
      }
    }
  } finally {
    await context.close();
  }
  return cells;
}
