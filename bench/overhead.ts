/**
 * Per-request overhead: `count` sequential and `count` concurrent GET /api/user with a valid session,
 * through raw fetch, tabsession and supertokens-website, each in a fresh profile and page of its own.
 * Each library is compared with raw fetch of the same round.
 */
import type { BrowserContext } from 'playwright-core';
import { LIBS, type Lib, type Timed } from './page/protocol';
import { median, quantile, rotate } from './stats';
import { openSignedInTabs, openTab, type BenchTab, type BenchWorld } from './support/world';

export type OverheadMode = 'sequential' | 'concurrent';

export interface OverheadResult {
  readonly mode: OverheadMode;
  readonly lib: Lib;
  /** Median over rounds of the time per request. */
  readonly perRequestMs: number;
  /** Median over rounds of (this library's time / raw fetch's time in the same round), with its quartiles. */
  readonly ratio: number;
  readonly ratioQuartiles: readonly [number, number];
}

export interface StubbedCost {
  readonly lib: Lib;
  /** Median µs of main-thread time per request, fetch answering at once. */
  readonly perRequestUs: number;
  /** What the library adds to raw (stubbed) fetch, µs per request. */
  readonly addedUs: number;
}

export interface OverheadOptions {
  readonly count: number;
  readonly rounds: number;
  /** Requests per round, and rounds, of the stubbed (network-free) measurement. */
  readonly stubCount: number;
  readonly stubRounds: number;
}

async function timed(tab: BenchTab, mode: OverheadMode, count: number): Promise<number> {
  const result: Timed =
    mode === 'sequential' ? await tab.run((n) => window.bench.sequential(n), count) : await tab.run((n) => window.bench.concurrent(n), count);
  if (result.failures > 0) throw new Error(`overhead: ${result.failures} of ${count} ${mode} ${tab.lib} requests did not answer 200`);
  return result.ms;
}

export async function runOverhead(world: BenchWorld, options: OverheadOptions): Promise<{ network: OverheadResult[]; stubbed: StubbedCost[] }> {
  const contexts: BrowserContext[] = [];
  try {
    const tabs = new Map<Lib, BenchTab>();
    for (const lib of LIBS) {
      const { context, tabs: [tab] } = await openSignedInTabs(world, lib, 1);
      contexts.push(context);
      tabs.set(lib, tab!);
    }
    const modes: OverheadMode[] = ['sequential', 'concurrent'];
    // Warm-up: JIT, connection pool, the libraries' first-request work.
    for (const tab of tabs.values()) for (const mode of modes) await timed(tab, mode, Math.min(options.count, 50));

    // A round runs each library twice, in mirrored order (A B C C B A): a load that rises or falls
    // steadily through the round weighs the same on every library, so it cancels in the ratios.
    const samples = new Map<string, number[]>();
    const key = (mode: OverheadMode, lib: Lib) => `${mode}/${lib}`;
    for (let round = 0; round < options.rounds; round++) {
      for (const mode of modes) {
        const order = rotate(LIBS, round);
        const sums = new Map<Lib, number>();
        for (const lib of [...order, ...[...order].reverse()]) sums.set(lib, (sums.get(lib) ?? 0) + (await timed(tabs.get(lib)!, mode, options.count)));
        for (const [lib, ms] of sums) samples.set(key(mode, lib), [...(samples.get(key(mode, lib)) ?? []), ms / 2]);
      }
    }
    const network = modes.flatMap((mode) => {
      const raw = samples.get(key(mode, 'raw'))!;
      return LIBS.map((lib): OverheadResult => {
        const own = samples.get(key(mode, lib))!;
        const ratios = own.map((ms, round) => ms / raw[round]!);
        return {
          mode,
          lib,
          perRequestMs: median(own) / options.count,
          ratio: median(ratios),
          ratioQuartiles: [quantile(ratios, 0.25), quantile(ratios, 0.75)],
        };
      });
    });
    return { network, stubbed: await runStubbed(world, options, contexts) };
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
}

/** The libraries' own work per request, with no network to drown it: fetch is stubbed below them. */
async function runStubbed(world: BenchWorld, options: OverheadOptions, contexts: BrowserContext[]): Promise<StubbedCost[]> {
  const tabs: BenchTab[] = [];
  for (const lib of LIBS) {
    // A real sign-in first, in a normal tab of the same profile, so the library holds a session.
    const { context, tabs: [signedIn] } = await openSignedInTabs(world, lib, 1);
    contexts.push(context);
    await signedIn!.close();
    tabs.push(await openTab(context, world.backend.url, lib, { stub: true }));
  }
  const samples = new Map<Lib, number[]>();
  for (const tab of tabs) await tab.run((n) => window.bench.stubbedCost(n), options.stubCount); // warm-up
  for (let round = 0; round < options.stubRounds; round++) {
    for (const tab of rotate(tabs, round)) {
      samples.set(tab.lib, [...(samples.get(tab.lib) ?? []), await tab.run((n) => window.bench.stubbedCost(n), options.stubCount)]);
    }
  }
  const raw = median(samples.get('raw')!);
  return LIBS.map((lib) => {
    const perRequestUs = median(samples.get(lib)!);
    return { lib, perRequestUs, addedUs: perRequestUs - raw };
  });
}
