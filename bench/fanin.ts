/**
 * Fan-in recovery: K tabs × N concurrent requests meet an expired access token at once. For each
 * library: refresh calls the backend saw, and the wall time from 'go' until every request succeeded,
 * next to the ideal protocol played by raw-fetch tabs on the same backend (see `ideal` in page/page.ts).
 */
import type { BrowserContext } from 'playwright-core';
import { LIBS, type FanInResult, type FanInRole, type Lib } from './page/protocol';
import { median, rotate } from './stats';
import { openSignedInTabs, openTab, type BenchTab, type BenchWorld } from './support/world';

export interface FanInCell {
  readonly tabs: number;
  readonly requestsPerTab: number;
  /** `raw`: raw-fetch tabs playing the ideal protocol. */
  readonly player: Lib;
  /** Median over the rounds where every request succeeded of the wall time from the first tab's start to the last success; NaN when none did. */
  readonly wallMs: number;
  /** Median of (wall time / the ideal's wall time in the same round) over those rounds; 1 for the ideal itself. */
  readonly ratioToIdeal: number;
  /** Rounds that ended with a request failing (e.g. the session lost to a double refresh), of `refreshCalls.length`. */
  readonly failedRounds: number;
  /** Refresh calls the backend saw, per round. */
  readonly refreshCalls: readonly number[];
  /** Largest spread between the first and the last tab seeing 'go', over all rounds. */
  readonly maxGoSkewMs: number;
  /** Rounds with more than one refresh call or a failure: what failed, when each refresh call arrived after 'go', and its answer. */
  readonly anomalies: readonly string[];
}

export interface FanInOptions {
  readonly tabs: readonly number[];
  readonly requestsPerTab: readonly number[];
  /** Rounds of a cell of `requests` (K × N) requests: a long round averages more by itself. */
  readonly rounds: (requests: number) => number;
}

export interface Table {
  readonly player: Lib;
  readonly tabs: BenchTab[];
  /** A raw tab of the same profile that posts 'go' (a tab does not hear its own BroadcastChannel). */
  readonly conductor: BenchTab;
}

export interface Round {
  readonly wallMs: number;
  readonly refreshCalls: number;
  readonly goSkewMs: number;
  /** Requests that did not end with 200, by status (0: the request threw): `{}` when the round succeeded. */
  readonly failures: Readonly<Record<number, number>>;
  /** Set when the round made more than one refresh call or failed. */
  readonly anomaly?: string;
}

export async function playRound(world: BenchWorld, table: Table, count: number): Promise<Round> {
  await world.backend.expire();
  await Promise.all(
    table.tabs.map((tab, index) => {
      const role: FanInRole = table.player !== 'raw' ? 'library' : index === 0 ? 'ideal-leader' : 'ideal-follower';
      return tab.run(([n, r]) => window.bench.arm(n, r), [count, role] as const);
    }),
  );
  const before = await world.backend.refreshCalls();
  const goAt = await table.conductor.run(() => window.bench.go(), null);
  const results = (await Promise.all(table.tabs.map((tab) => tab.run(() => window.bench.collect(), null)))) as FanInResult[];
  const refreshCalls = (await world.backend.refreshCalls()) - before;
  const failures: Record<number, number> = {};
  for (const status of results.flatMap((r) => r.statuses)) if (status !== 200) failures[status] = (failures[status] ?? 0) + 1;
  // From the first tab's start: how late 'go' reaches the pages is the harness's, not the library's.
  const startAt = Math.min(...results.map((r) => r.goAt));
  const round = {
    wallMs: Math.max(...results.map((r) => r.doneAt)) - startAt,
    refreshCalls,
    goSkewMs: Math.max(...results.map((r) => r.goAt)) - startAt,
    failures,
  };
  const failed = Object.entries(failures).map(([status, n]) => `${n} requests ended ${status}`);
  if (refreshCalls <= 1 && failed.length === 0) return round;
  // The backend's clock is the page's (one machine); the log is cut to what arrived after 'go'.
  const calls = await world.backend.refreshRequests(Math.floor(goAt));
  const log = calls.map((c) => `+${(c.at - startAt).toFixed(0)} ms → ${c.status ?? 'pending'}`).join(', ');
  return { ...round, anomaly: [...failed, `refresh calls: ${log || 'none logged'}`].join('; ') };
}

/** After a failed round the profile may have lost its session: sign in again, so the next round starts like the others. */
async function recover(table: Table): Promise<void> {
  const status = await table.tabs[0]!.run(() => window.bench.signIn(), null);
  if (status !== 200) throw new Error(`fan-in: signing ${table.player} in again answered ${status}`);
}

export async function runFanIn(world: BenchWorld, options: FanInOptions, progress: (line: string) => void = () => {}): Promise<FanInCell[]> {
  const cells: FanInCell[] = [];
  for (const tabCount of options.tabs) {
    const contexts: BrowserContext[] = [];
    try {
      const tables: Table[] = [];
      for (const player of LIBS) {
        const { context, tabs } = await openSignedInTabs(world, player, tabCount);
        contexts.push(context);
        tables.push({ player, tabs, conductor: await openTab(context, world.backend.url, 'raw') });
      }
      // Warm-up: every tab's first refresh-and-retry (code paths, connections) is not what is measured.
      for (const table of tables) {
        const warmUp = await playRound(world, table, options.requestsPerTab[0] ?? 1);
        if (warmUp.anomaly !== undefined) await recover(table);
      }
      for (const count of options.requestsPerTab) {
        const rounds = new Map<Lib, Round[]>(LIBS.map((player) => [player, []]));
        for (let round = 0; round < options.rounds(tabCount * count); round++) {
          for (const table of rotate(tables, round)) {
            const played = await playRound(world, table, count);
            rounds.get(table.player)!.push(played);
            if (Object.keys(played.failures).length > 0) await recover(table);
          }
        }
        const ideal = rounds.get('raw')!;
        const succeeded = (round: Round) => Object.keys(round.failures).length === 0;
        for (const player of LIBS) {
          const own = rounds.get(player)!;
          const good = own.flatMap((round, i) => (succeeded(round) && succeeded(ideal[i]!) ? [{ round, ideal: ideal[i]! }] : []));
          cells.push({
            tabs: tabCount,
            requestsPerTab: count,
            player,
            wallMs: good.length === 0 ? NaN : median(good.map((g) => g.round.wallMs)),
            ratioToIdeal: good.length === 0 ? NaN : median(good.map((g) => g.round.wallMs / g.ideal.wallMs)),
            failedRounds: own.filter((round) => !succeeded(round)).length,
            refreshCalls: own.map((r) => r.refreshCalls),
            maxGoSkewMs: Math.max(...own.map((r) => r.goSkewMs)),
            anomalies: own.flatMap((r, i) => (r.anomaly === undefined ? [] : [`round ${i + 1}: ${r.anomaly}`])),
          });
        }
        progress(`fan-in K=${tabCount} N=${count} done`);
      }
    } finally {
      await Promise.all(contexts.map((context) => context.close()));
    }
  }
  return cells;
}
