/**
 * Fan-in in every engine: K tabs of one profile × N concurrent requests meet an expired access token;
 * tabsession next to supertokens-website (the version in package-lock.json, 20.1.6) in the same engine,
 * through the e2e suite's drivers (Chromium: playwright-core; Firefox: puppeteer-core over WebDriver
 * BiDi; WebKit: WebKitWebDriver under Xvfb). Rounds are played by the bench page exactly as in fanin.ts
 * ('go' over BroadcastChannel, timings taken in the pages). A WebDriver session is one profile, so the
 * libraries take turns by block of rounds here, not round by round.
 */
import { launch, type BrowserTab, type Engine, type Profile } from '../test/e2e/support/drivers';
import { until } from '../test/e2e/support/until';
import { playRound, type Round } from './fanin';
import type { Lib } from './page/protocol';
import { formatMs, median } from './stats';
import type { BenchTab, BenchWorld } from './support/world';

export const ENGINE_LIBS = ['tabsession', 'supertokens-website'] as const;

export interface EngineFanInOptions {
  readonly engines: readonly Engine[];
  readonly tabs: readonly number[];
  readonly requestsPerTab: number;
  readonly rounds: number;
}

export interface EngineFanInCell {
  readonly engine: Engine;
  readonly tabs: number;
  readonly lib: (typeof ENGINE_LIBS)[number];
  /** Refresh calls the backend saw, per round. */
  readonly refreshCalls: readonly number[];
  /** Rounds where a request did not end 200. */
  readonly failedRounds: number;
  /** Median wall time ('go' to the last success) over the rounds that succeeded; NaN when none did. */
  readonly wallMs: number;
  readonly anomalies: readonly string[];
}

async function openBenchTab(profile: Profile, origin: string, lib: Lib): Promise<BenchTab> {
  const tab: BrowserTab = await profile.newTab(`${origin}/bench-build/bench.html?lib=${lib}`);
  await until(() => tab.evaluate(() => document.documentElement.dataset['ready'] === 'true'), `the ${lib} bench page to be ready`);
  return {
    lib,
    close: () => tab.close(),
    async run(fn, arg) {
      const result = await tab.evaluate(fn, arg);
      const errors = await tab.errors();
      if (errors.length > 0) throw new Error(`bench page (${lib}) threw: ${errors.join('; ')}`);
      return result;
    },
  };
}

async function signIn(tab: BenchTab): Promise<void> {
  const status = await tab.run(() => window.bench.signIn(), null);
  if (status !== 200) throw new Error(`bench: sign-in from a ${tab.lib} tab answered ${status}`);
}

export async function runEngineFanIn(world: BenchWorld, options: EngineFanInOptions, progress: (line: string) => void = () => {}): Promise<EngineFanInCell[]> {
  const cells: EngineFanInCell[] = [];
  for (const engine of options.engines) {
    const browser = await launch(engine);
    try {
      for (const tabCount of options.tabs) {
        for (const lib of ENGINE_LIBS) {
          const profile = await browser.newProfile();
          try {
            const tabs = await Promise.all(Array.from({ length: tabCount }, () => openBenchTab(profile, world.backend.url, lib)));
            const table = { player: lib, tabs, conductor: await openBenchTab(profile, world.backend.url, 'raw') };
            await signIn(tabs[0]!);
            // Warm-up, as in fanin.ts: the first refresh-and-retry of each tab is not measured.
            const warmUp = await playRound(world, table, options.requestsPerTab);
            if (warmUp.anomaly !== undefined) await signIn(tabs[0]!);
            const rounds: Round[] = [];
            for (let round = 0; round < options.rounds; round++) {
              const played = await playRound(world, table, options.requestsPerTab);
              rounds.push(played);
              if (Object.keys(played.failures).length > 0) await signIn(tabs[0]!);
            }
            const good = rounds.filter((r) => Object.keys(r.failures).length === 0);
            cells.push({
              engine,
              tabs: tabCount,
              lib,
              refreshCalls: rounds.map((r) => r.refreshCalls),
              failedRounds: rounds.length - good.length,
              wallMs: good.length === 0 ? NaN : median(good.map((r) => r.wallMs)),
              anomalies: rounds.flatMap((r, i) => (r.anomaly === undefined ? [] : [`round ${i + 1}: ${r.anomaly}`])),
            });
          } finally {
            await profile.close();
          }
        }
        progress(`fan-in in ${engine}, K=${tabCount} done`);
      }
    } finally {
      await browser.close();
    }
  }
  return cells;
}

/** One row per engine and K: rounds with exactly one refresh call, failed rounds, median wall time, per library. */
export function engineFanInTable(cells: readonly EngineFanInCell[], options: EngineFanInOptions): string {
  const cell = (c: EngineFanInCell | undefined) => {
    if (c === undefined) return '–';
    const exact = c.refreshCalls.filter((n) => n === 1).length;
    const failed = c.failedRounds > 0 ? `, ${c.failedRounds} failed` : '';
    return `${exact} of ${c.refreshCalls.length} rounds with 1 refresh (max ${Math.max(...c.refreshCalls)})${failed}; ${Number.isNaN(c.wallMs) ? '–' : formatMs(c.wallMs)}`;
  };
  const lines = [
    `| engine | K tabs × ${options.requestsPerTab} requests | tabsession | supertokens-website |`,
    '|---|---|---|---|',
  ];
  for (const engine of options.engines) {
    for (const tabs of options.tabs) {
      const of = (lib: EngineFanInCell['lib']) => cells.find((c) => c.engine === engine && c.tabs === tabs && c.lib === lib);
      lines.push(`| ${engine} | ${tabs} × ${options.requestsPerTab} | ${cell(of('tabsession'))} | ${cell(of('supertokens-website'))} |`);
    }
  }
  return lines.join('\n');
}
