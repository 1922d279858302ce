/**
 * The one results table: every benchmark as rows of tabsession next to supertokens-website and the
 * reference (raw fetch, the ideal protocol), with the target and whether the median meets it.
 */
import type { FanInCell } from './fanin';
import type { LockCell } from './locks';
import type { Machine } from './machine';
import type { OverheadResult, StubbedCost } from './overhead';
import type { Lib } from './page/protocol';
import { BYTES_PER_KB, kb, type DependencyShare, type EntrySize } from './size';
import { formatMs, formatRange, formatRatio } from './stats';

/** The targets of issue #6 other than sizes (those are in bench/size-budget.json). */
export const TARGETS = { overheadRatio: 1.05, fanInRatio: 1.3, refreshCalls: 1 } as const;

export interface Row {
  readonly benchmark: string;
  readonly case: string;
  readonly tabsession: string;
  readonly supertokens: string;
  readonly reference: string;
  readonly target: string;
  readonly verdict: string;
}

export interface AppSize {
  readonly name: string;
  readonly tabsession: number;
  readonly reference: number;
}

export interface Results {
  readonly sizes: readonly EntrySize[];
  readonly reference: EntrySize;
  readonly shares: readonly DependencyShare[];
  /** gzipped bytes of dist/tabsession.iife.min.js, the project's own rollup+terser production build. */
  readonly shippedIife: number | undefined;
  /** gzipped bytes of whole apps (supertokens-web-js, supertokens-auth-react), with the alias and with the real supertokens-website. */
  readonly apps?: readonly AppSize[];
  readonly overhead: readonly OverheadResult[];
  readonly stubbed: readonly StubbedCost[];
  readonly overheadCount: number;
  readonly fanIn: readonly FanInCell[];
  readonly locks: readonly LockCell[];
}

/** Judged on the median; a caveat says what the median alone hides. */
const verdict = (misses: readonly string[], caveat?: string): string => {
  const said = misses.length === 0 ? 'met' : `**missed**: ${misses.join('; ')}`;
  return caveat === undefined ? said : `${said} (${caveat})`;
};
const gz = (bytes: number) => `${kb(bytes)} KB`;

function sizeRows(results: Results): Row[] {
  const rows: Row[] = [];
  const core = results.sizes.find((s) => s.onTopOf === undefined);
  for (const size of results.sizes) {
    const budget = size.budgetKB ?? Infinity;
    const over = size.gzipped / BYTES_PER_KB - budget;
    rows.push({
      benchmark: 'size',
      case: size.onTopOf === undefined ? `${size.name}, min+gzip (min)` : `${size.name} adapter on top of ${size.onTopOf}, min+gzip (min)`,
      tabsession: `${gz(size.gzipped)} (${kb(size.minified)} KB)`,
      supertokens:
        size === core || size.onTopOf === undefined ? `${gz(results.reference.gzipped)} (${kb(results.reference.minified)} KB)` : 'in its core',
      reference: '',
      target: `≤ ${size.budgetKB} KB`,
      verdict: verdict(over > 0 ? [`${over.toFixed(2)} KB over`] : []),
    });
  }
  const totalGzipped = core?.gzipped ?? 1;
  const totalMinified = results.shares.reduce((sum, share) => sum + share.minified, 0);
  const percent = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;
  for (const share of results.shares) {
    rows.push({
      benchmark: 'size',
      case: share.own ? `core share, own code: ${share.name}` : `core share, dependency: ${share.name}`,
      tabsession:
        share.gzippedMarginal === undefined
          ? `${kb(share.minified)} KB min, ${percent(share.minified, totalMinified)}`
          : `${gz(share.gzippedMarginal)} gz, ${percent(share.gzippedMarginal, totalGzipped)} (${kb(share.minified)} KB min)`,
      supertokens: '',
      reference: '',
      target: '',
      verdict: '',
    });
  }
  for (const app of results.apps ?? []) {
    rows.push({
      benchmark: 'size',
      case: `${app.name} app bundle (esbuild, min+gzip)`,
      tabsession: `${gz(app.tabsession)} (alias to tabsession/supertokens-website)`,
      supertokens: gz(app.reference),
      reference: '',
      target: '',
      verdict: `${gz(app.reference - app.tabsession)} smaller`,
    });
  }
  if (results.shippedIife !== undefined) {
    rows.push({
      benchmark: 'size',
      case: 'dist/tabsession.iife.min.js as built (rollup + terser, production), gzip',
      tabsession: gz(results.shippedIife),
      supertokens: '',
      reference: '',
      target: '',
      verdict: '',
    });
  }
  return rows;
}

function overheadRows(results: Results): Row[] {
  const rows: Row[] = [];
  for (const mode of ['sequential', 'concurrent'] as const) {
    const of = (lib: Lib) => results.overhead.find((r) => r.mode === mode && r.lib === lib)!;
    const cell = (r: OverheadResult) =>
      `${formatMs(r.perRequestMs)} (${formatRatio(r.ratio)}, IQR ${r.ratioQuartiles[0].toFixed(2)}–${r.ratioQuartiles[1].toFixed(2)})`;
    const ts = of('tabsession');
    const st = of('supertokens-website');
    const misses: string[] = [];
    if (ts.ratio > TARGETS.overheadRatio) misses.push(`${((ts.ratio - 1) * 100).toFixed(1)}% over raw fetch`);
    const [low, high] = ts.ratioQuartiles;
    const spans = low <= TARGETS.overheadRatio && high > TARGETS.overheadRatio;
    if (ts.ratio >= st.ratio) misses.push(`not below supertokens-website (${formatRatio(ts.ratio)} vs ${formatRatio(st.ratio)})`);
    rows.push({
      benchmark: 'overhead',
      case: `${results.overheadCount} ${mode} GET /api/user, per request`,
      tabsession: cell(ts),
      supertokens: cell(st),
      reference: `raw fetch ${formatMs(of('raw').perRequestMs)}`,
      target: `≤ ${TARGETS.overheadRatio}× raw, < supertokens-website`,
      verdict: verdict(misses, spans ? `inconclusive: the IQR spans ${TARGETS.overheadRatio}×` : undefined),
    });
  }
  const stub = (lib: Lib) => results.stubbed.find((s) => s.lib === lib)!;
  rows.push({
    benchmark: 'overhead',
    case: 'main-thread work per request, fetch stubbed (added to raw)',
    tabsession: `+${stub('tabsession').addedUs.toFixed(1)} µs`,
    supertokens: `+${stub('supertokens-website').addedUs.toFixed(1)} µs`,
    reference: `raw fetch ${stub('raw').perRequestUs.toFixed(1)} µs`,
    target: '',
    verdict: '',
  });
  return rows;
}

function fanInRows(results: Results): Row[] {
  const rows: Row[] = [];
  const keys = [...new Set(results.fanIn.map((c) => `${c.tabs}×${c.requestsPerTab}`))];
  for (const key of keys) {
    const of = (lib: Lib) => results.fanIn.find((c) => `${c.tabs}×${c.requestsPerTab}` === key && c.player === lib)!;
    const cell = (c: FanInCell) =>
      [
        Number.isNaN(c.wallMs) ? 'no round succeeded' : `${formatMs(c.wallMs)} (${formatRatio(c.ratioToIdeal)})`,
        `${formatRange(c.refreshCalls)} refresh`,
        ...(c.failedRounds > 0 ? [`**${c.failedRounds} of ${c.refreshCalls.length} rounds failed**`] : []),
      ].join(', ');
    const ts = of('tabsession');
    const ideal = of('raw');
    const misses: string[] = [];
    const wrong = ts.refreshCalls.filter((n) => n !== TARGETS.refreshCalls);
    if (wrong.length > 0) misses.push(`${wrong.length} of ${ts.refreshCalls.length} rounds made ${formatRange(wrong)} refresh calls`);
    if (ts.failedRounds > 0) misses.push(`${ts.failedRounds} rounds failed`);
    if (ts.ratioToIdeal > TARGETS.fanInRatio) misses.push(`${formatRatio(ts.ratioToIdeal)} ideal, ${((ts.ratioToIdeal / TARGETS.fanInRatio - 1) * 100).toFixed(0)}% over target`);
    rows.push({
      benchmark: 'fan-in',
      case: `K=${ts.tabs} tabs × N=${ts.requestsPerTab} requests`,
      tabsession: cell(ts),
      supertokens: cell(of('supertokens-website')),
      reference: `ideal ${formatMs(ideal.wallMs)}`,
      target: `${TARGETS.refreshCalls} refresh, ≤ ${TARGETS.fanInRatio}× ideal`,
      verdict: verdict(misses),
    });
  }
  return rows;
}

function lockRows(results: Results): Row[] {
  return results.locks.map((cell) => ({
    benchmark: 'lock',
    case: cell.tabs === 1 ? `${cell.kind}, uncontended` : `${cell.kind}, ${cell.tabs} tabs contending`,
    tabsession:
      cell.handoffMs === undefined ? formatMs(cell.perOpMs) : `${formatMs(cell.perOpMs)} per caller, ${formatMs(cell.handoffMs)} per hand-over`,
    supertokens: '',
    reference: '',
    target: '',
    verdict: cell.kind === 'memoryLock' && cell.tabs > 1 ? 'tabs do not exclude each other (one realm only)' : '',
  }));
}

export function rows(results: Results): Row[] {
  return [...sizeRows(results), ...overheadRows(results), ...fanInRows(results), ...lockRows(results)];
}

/** What the table cannot show: rounds with extra refresh calls, and how late 'go' reached a tab. */
export function notes(results: Results): string[] {
  const lines = results.fanIn.flatMap((cell) =>
    cell.anomalies.map((log) => `fan-in K=${cell.tabs} × N=${cell.requestsPerTab}, ${cell.player === 'raw' ? 'ideal' : cell.player}, ${log}`),
  );
  const skew = Math.max(...results.fanIn.map((cell) => cell.maxGoSkewMs));
  lines.push(`fan-in: the last tab saw 'go' at most ${formatMs(skew)} after the first (included in the wall times).`);
  return lines;
}

export function markdownTable(all: readonly Row[]): string {
  const header = ['benchmark', 'case', 'tabsession', 'supertokens-website', 'reference', 'target', 'verdict'];
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [
    line(header),
    line(header.map(() => '---')),
    ...all.map((r) => line([r.benchmark, r.case, r.tabsession, r.supertokens, r.reference, r.target, r.verdict])),
  ].join('\n');
}

export function benchmarksMarkdown(table: string, runNotes: readonly string[], machine: Machine, command: string, date: Date): string {
  return `# Benchmarks

The latest full run of \`${command}\`, written by bench/run.ts (do not edit by hand).

- Date: ${date.toISOString()}
- Machine: ${machine.cores} cores (\`nproc\`), ${machine.cpu}; Chromium ${machine.chromium} (headless, Debian's); Node ${machine.node}; 1-minute load average ${machine.loadAtStart.toFixed(2)} at start, ${machine.loadAtEnd.toFixed(2)} at end

${table}

${runNotes.map((note) => `- ${note}`).join('\n')}

## How to read it

- **size**: esbuild bundle of each entry, minified, gzip level 9, 1 KB = 1024 bytes; every dependency inlined
  except the peers axios and ky; supertokens-website's full entry measured the same way. An adapter's size is
  bundle(core + adapter) − bundle(core). A dependency's gzip share is what the gzipped core loses without it.
  Budgets: bench/size-budget.json, enforced by test/size/size.test.ts.
- **overhead**: GET /api/user with a valid session, from a page on the backend's origin, each library in its
  own fresh profile; the time of the whole batch over the request count, median over rounds; the ratio is to raw
  fetch in the same round (a round runs each library twice, mirrored: A B C C B A, so a steady drift of the
  machine's load cancels), with its quartiles over rounds. The stubbed row
  replaces fetch below the library with one that answers at once: the library's own main-thread work.
- **fan-in**: K tabs of one profile, N concurrent requests each, all started by one BroadcastChannel 'go'
  after /__mock/expire; wall time from the first tab's start until every request answered 200, median over rounds, and
  (in brackets) its median ratio to the ideal of the same round. The ideal is raw-fetch tabs doing the
  least the protocol allows: each request's 401, one refresh as soon as the first 401 is in, then each retry.
  Refresh calls are the backend's count for each round.
- **lock**: the mean time of an empty critical section of a fresh lock; with K tabs, every tab runs its
  sections from the same 'go', so a caller's time includes waiting for the others; a hand-over is the
  wall time over all sections run. The storage lock waits its 30 ms settle time on every acquire by design.
- The backend runs in its own Node process; Chromium, the backend and the driver share the machine's cores,
  so absolute times are those of a loaded 2-core machine; ratios are the figures to compare.
`;
}
