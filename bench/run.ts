/**
 * `npm run bench` (tsx bench/run.ts): bundle sizes, per-request overhead, fan-in recovery and lock
 * latency, tabsession next to supertokens-website in the same run, then the fan-in in every engine
 * (bench/engines.ts). Prints the tables and writes BENCHMARKS.md. `--quick`: fewer rounds, prints the
 * tables and writes nothing. `--engines-only`: only the per-engine fan-in (printed, nothing written).
 * `--sizes-only`: only the whole-app bundles (supertokens-web-js, supertokens-auth-react) with and without
 * the alias, printed (nothing written, no browser; needs dist/).
 * TABSESSION_ENGINES picks the engines, as for the browser suite.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../test/e2e/support/env';
import { selectedEngines } from '../test/e2e/support/drivers';
import { engineFanInTable, runEngineFanIn, type EngineFanInOptions } from './engines';
import { runFanIn, type FanInOptions } from './fanin';
import { runLocks, type LockOptions } from './locks';
import { describeMachine, loadNow } from './machine';
import { runOverhead, type OverheadOptions } from './overhead';
import { benchmarksMarkdown, markdownTable, notes, rows } from './report';
import { dependencyShares, entryExists, measureEntry, measureReference, readBudget } from './size';
import { buildBenchAssets } from './support/build';
import { bundlePage } from '../test/e2e/support/dropin';
import { startWorld } from './support/world';

interface Plan {
  readonly overhead: OverheadOptions;
  readonly fanIn: FanInOptions;
  readonly locks: LockOptions;
  readonly engines: EngineFanInOptions;
}

const SWEEP = { tabs: [1, 2, 5, 10], requestsPerTab: [1, 10, 50] } as const;
const PLANS: Record<'full' | 'quick', Plan> = {
  full: {
    // Short batches: a library and raw fetch are compared a few seconds apart at most.
    overhead: { count: 100, rounds: 8, stubCount: 1000, stubRounds: 3 },
    // A short round is at the mercy of one scheduling hiccup, so it is repeated more.
    fanIn: { ...SWEEP, rounds: (requests) => (requests <= 20 ? 9 : requests <= 100 ? 4 : 3) },
    locks: { tabs: [2, 5, 10], rounds: 3, sections: { webLocksLock: 200, idbLock: 50, storageLock: 5, memoryLock: 2000 } },
    engines: { engines: selectedEngines(), tabs: [2, 5, 10], requestsPerTab: 10, rounds: 10 },
  },
  quick: {
    overhead: { count: 100, rounds: 2, stubCount: 1000, stubRounds: 2 },
    fanIn: { ...SWEEP, rounds: () => 1 },
    locks: { tabs: [2, 5, 10], rounds: 1, sections: { webLocksLock: 50, idbLock: 20, storageLock: 3, memoryLock: 500 } },
    engines: { engines: selectedEngines(), tabs: [2, 5, 10], requestsPerTab: 10, rounds: 2 },
  },
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, 'engines-only': { type: 'boolean', default: false }, 'sizes-only': { type: 'boolean', default: false } },
  });
  const quick = values.quick === true;
  if (values['engines-only'] === true) return enginesOnly(PLANS[quick ? 'quick' : 'full'].engines);
  if (values['sizes-only'] === true) {
    for (const app of await appSizes()) console.log(`${app.name}: ${(app.tabsession / 1024).toFixed(1)} KB with the alias, ${(app.reference / 1024).toFixed(1)} KB with supertokens-website`);
    return;
  }
  const plan = PLANS[quick ? 'quick' : 'full'];
  const started = Date.now();
  const loadAtStart = loadNow();
  const log = (line: string) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${line}`);

  const budget = readBudget();
  const present = budget.entries.filter(entryExists);
  const core = present.find((entry) => entry.onTopOf === undefined);
  if (core === undefined) throw new Error('bench: the core entry of bench/size-budget.json does not exist');
  const sizes = await Promise.all(present.map((entry) => measureEntry(entry, budget)));
  const [reference, shares] = await Promise.all([measureReference(budget), dependencyShares(core)]);
  log('sizes measured');

  await buildBenchAssets();
  const apps = await appSizes();
  log('app bundles measured');
  const iife = resolve(ROOT, 'dist/tabsession.iife.min.js');
  const shippedIife = existsSync(iife) ? gzipSync(readFileSync(iife), { level: 9 }).byteLength : undefined;
  const world = await startWorld();
  try {
    log('browser and backend up');
    const { network, stubbed } = await runOverhead(world, plan.overhead);
    log('overhead done');
    const fanIn = await runFanIn(world, plan.fanIn, log);
    const locks = await runLocks(world, plan.locks);
    log('locks done');
    const engines = engineFanInTable(await runEngineFanIn(world, plan.engines, log), plan.engines);

    const results = { sizes, reference, shares, shippedIife, apps, overhead: network, stubbed, overheadCount: plan.overhead.count, fanIn, locks };
    const table = `${markdownTable(rows(results))}\n\nFan-in in every engine (${plan.engines.rounds} rounds per cell after a warm-up; wall time: median over the rounds that succeeded):\n\n${engines}`;
    const runNotes = notes(results);
    console.log(`${table}\n\n${runNotes.map((note) => `- ${note}`).join('\n')}`);
    if (quick) {
      log('--quick: BENCHMARKS.md left as it was');
    } else {
      const machine = describeMachine(world.browser.version(), loadAtStart);
      writeFileSync(resolve(ROOT, 'BENCHMARKS.md'), benchmarksMarkdown(table, runNotes, machine, 'npm run bench', new Date()));
      log('wrote BENCHMARKS.md');
    }
  } finally {
    await world.close();
  }
}

/** Whole apps built on supertokens-web-js / supertokens-auth-react, gzipped, before and after the alias (needs dist/). */
async function appSizes(): Promise<Array<{ name: string; tabsession: number; reference: number }>> {
  const gzipped = async (entry: string, variant: 'tabsession' | 'supertokens-website') =>
    gzipSync(await bundlePage(entry, variant), { level: 9 }).byteLength;
  const apps = [];
  for (const [name, entry] of [
    ['supertokens-web-js', 'test/e2e/fixtures/webjs-app.ts'],
    ['supertokens-auth-react', 'test/e2e/fixtures/auth-react-app.jsx'],
  ] as const) {
    apps.push({ name, tabsession: await gzipped(entry, 'tabsession'), reference: await gzipped(entry, 'supertokens-website') });
  }
  return apps;
}

/** `--engines-only`: the per-engine fan-in alone, printed. */
async function enginesOnly(options: EngineFanInOptions): Promise<void> {
  await buildBenchAssets();
  const world = await startWorld();
  try {
    const log = (line: string) => console.error(`[bench] ${line}`);
    console.log(engineFanInTable(await runEngineFanIn(world, options, log), options));
  } finally {
    await world.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
