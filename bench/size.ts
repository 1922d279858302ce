/**
 * Bundle size, measured in-process (esbuild, nothing written): min+gzip of each entry with every
 * dependency inlined except the optional peers axios and ky, in the two builds an app makes: production
 * (`process.env.NODE_ENV` defined as "production", as Vite, webpack and esbuild users' production builds
 * define it: error codes only, no config checks) and development (defined as "development"). Shared by
 * `npm run bench` and the size budget test (test/size), so both report the same numbers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { ROOT } from '../test/e2e/support/env';
import { MANGLE_PROPS } from '../scripts/mangle.mjs';

export const BYTES_PER_KB = 1024;
const GZIP_LEVEL = 9;
/** Peers the app brings itself: never counted in our size, nor in the reference's. */
const PEERS = ['axios', 'ky', 'msw', 'react'];

/** The value bundlers give `process.env.NODE_ENV`. */
export type BuildMode = 'production' | 'development';

export interface BudgetEntry {
  /** Also the label of its README line, e.g. `core: 6.5 KB` (the production figure). */
  readonly name: string;
  /** Relative to the repository root. */
  readonly entry: string;
  /** The production build's budget. */
  readonly budgetKB: number;
  /** The development build's budget (the long error texts and the config checks kept). */
  readonly developmentBudgetKB: number;
  /** Only these exports are imported (an app's `import { init } from 'tabsession'`); default: all of them. */
  readonly imports?: readonly string[];
  /** Adapters are measured as what they add to this entry. */
  readonly onTopOf?: string;
}

export interface SizeBudget {
  readonly entries: readonly BudgetEntry[];
  readonly reference: { readonly name: string; readonly entry: string };
}

export function readBudget(): SizeBudget {
  const budget = JSON.parse(readFileSync(resolve(ROOT, 'bench/size-budget.json'), 'utf8')) as SizeBudget;
  for (const entry of budget.entries) {
    if (typeof entry.name !== 'string' || typeof entry.entry !== 'string' || !(entry.budgetKB > 0) || !(entry.developmentBudgetKB > 0)) {
      throw new TypeError(`bench/size-budget.json: bad entry ${JSON.stringify(entry)}`);
    }
  }
  return budget;
}

/** True when the entry's source exists (adapters land one by one). */
export const entryExists = (entry: BudgetEntry): boolean => existsSync(resolve(ROOT, entry.entry));

interface Bundle {
  readonly minified: number;
  readonly gzipped: number;
  readonly exports: readonly string[];
  /** Minified bytes in the output per input file. */
  readonly inputs: Metafile['outputs'][string]['inputs'];
}

/** Bundles `export * from` each module (a path from the root, or a package name), or only `imports` of it. */
async function bundle(
  modules: readonly string[],
  { external = [], own = true, mode = 'production', imports }: { external?: readonly string[]; own?: boolean; mode?: BuildMode; imports?: readonly string[] | undefined } = {},
): Promise<Bundle> {
  const specifier = (module: string) => JSON.stringify(module.startsWith('src/') ? `./${module}` : module);
  const names = imports === undefined ? '*' : `{ ${imports.join(', ')} }`;
  const result = await build({
    stdin: { contents: modules.map((m) => `export ${names} from ${specifier(m)};`).join('\n'), resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
    // As the build does for our own code (scripts/mangle.mjs): internal `…_` members shortened.
    ...(own ? { mangleProps: MANGLE_PROPS } : {}),
    metafile: true,
    logLevel: 'silent',
    external: [...PEERS, ...external].flatMap((name) => [name, `${name}/*`]),
  });
  const [file] = result.outputFiles;
  const [output] = Object.values(result.metafile.outputs);
  if (file === undefined || output === undefined) throw new Error(`esbuild produced no output for ${modules.join(' + ')}`);
  return {
    minified: file.contents.byteLength,
    gzipped: gzipSync(file.contents, { level: GZIP_LEVEL }).byteLength,
    exports: output.exports,
    inputs: output.inputs,
  };
}

export interface EntrySize {
  readonly name: string;
  /** Bytes of the production build; for an adapter, what it adds on top of `onTopOf`. */
  readonly minified: number;
  readonly gzipped: number;
  readonly budgetKB: number | undefined;
  /** The development build, measured the same way. */
  readonly development: { readonly minified: number; readonly gzipped: number; readonly budgetKB: number | undefined };
  readonly onTopOf: string | undefined;
}

/** One build of one budget entry; an adapter's is bundle(base + adapter) − bundle(base). */
async function measureBuild(entry: BudgetEntry, base: BudgetEntry | undefined, mode: BuildMode): Promise<{ minified: number; gzipped: number }> {
  const imports = entry.imports;
  if (base === undefined) return bundle([entry.entry], { mode, imports });
  const [without, withAdapter, adapterAlone] = await Promise.all([
    bundle([base.entry], { mode }),
    bundle([base.entry, entry.entry], { mode }),
    bundle([entry.entry], { mode }),
  ]);
  // `export *` drops a name two modules export as different bindings; then the sum would undercount.
  const lost = adapterAlone.exports.filter((name) => !withAdapter.exports.includes(name));
  if (lost.length > 0) throw new Error(`size: ${entry.entry} and ${base.entry} both export ${lost.join(', ')}; cannot measure the sum`);
  return { minified: withAdapter.minified - without.minified, gzipped: withAdapter.gzipped - without.gzipped };
}

/** The size of one budget entry, production and development. */
export async function measureEntry(entry: BudgetEntry, budget: SizeBudget = readBudget()): Promise<EntrySize> {
  const base = entry.onTopOf === undefined ? undefined : budget.entries.find((e) => e.name === entry.onTopOf);
  if (entry.onTopOf !== undefined && base === undefined) throw new TypeError(`size budget: ${entry.name} is on top of unknown ${entry.onTopOf}`);
  const [production, development] = await Promise.all([measureBuild(entry, base, 'production'), measureBuild(entry, base, 'development')]);
  return {
    name: entry.name,
    ...production,
    budgetKB: entry.budgetKB,
    development: { ...development, budgetKB: entry.developmentBudgetKB },
    onTopOf: base?.name,
  };
}

/** The reference library measured exactly as our entries are (its production build). */
export async function measureReference(budget: SizeBudget = readBudget()): Promise<EntrySize> {
  const [production, development] = await Promise.all(
    (['production', 'development'] as const).map((mode) => bundle([budget.reference.entry], { own: false, mode })),
  );
  const sizes = (b: Bundle | undefined) => ({ minified: b?.minified ?? 0, gzipped: b?.gzipped ?? 0 });
  return { name: budget.reference.name, ...sizes(production), budgetKB: undefined, development: { ...sizes(development), budgetKB: undefined }, onTopOf: undefined };
}

export interface DependencyShare {
  /** A package name, or a folder (file) of our own sources such as `src/transports/`. */
  readonly name: string;
  readonly own: boolean;
  /** Minified bytes of its code in the bundle. */
  readonly minified: number;
  /** Packages only: what the gzipped bundle loses when the package is left out (an import instead). */
  readonly gzippedMarginal: number | undefined;
}

function ownerOf(input: string): { name: string; own: boolean } {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (match?.[1] !== undefined) return { name: match[1], own: false };
  const folder = /^src\/[^/]+\//.exec(input);
  return { name: folder?.[0] ?? input, own: true };
}

/** Each package's share of an entry's bundle (minified bytes, marginal gzipped cost), and each of our folders'. */
export async function dependencyShares(entry: BudgetEntry): Promise<DependencyShare[]> {
  const whole = await bundle([entry.entry]);
  const minified = new Map<string, { own: boolean; bytes: number }>();
  for (const [input, { bytesInOutput }] of Object.entries(whole.inputs)) {
    if (bytesInOutput === 0) continue;
    const { name, own } = ownerOf(input);
    minified.set(name, { own, bytes: (minified.get(name)?.bytes ?? 0) + bytesInOutput });
  }
  const shares: DependencyShare[] = [];
  for (const [name, { own, bytes }] of minified) {
    const gzippedMarginal = own ? undefined : whole.gzipped - (await bundle([entry.entry], { external: [name] })).gzipped;
    shares.push({ name, own, minified: bytes, gzippedMarginal });
  }
  return shares.sort((a, b) => Number(a.own) - Number(b.own) || b.minified - a.minified);
}

/** KB with one decimal, as the README writes it. */
export const kb = (bytes: number): string => (bytes / BYTES_PER_KB).toFixed(1);

/**
 * The README's size figures: one line per entry of the form `core: 6.5 KB` (adapters: what they add
 * on top of the core, e.g. `axios: 0.9 KB`). Every occurrence is returned, so a stale duplicate is caught.
 */
export function readmeFigures(readme: string, names: readonly string[]): Map<string, number[]> {
  const figures = new Map<string, number[]>(names.map((name) => [name, []]));
  const escaped = names.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  for (const match of readme.matchAll(new RegExp(`(?<![\\w/-])(${escaped.join('|')}): (\\d+(?:\\.\\d+)?) KB\\b`, 'g'))) {
    const [, name, value] = match;
    if (name !== undefined && value !== undefined) figures.get(name)?.push(Number(value));
  }
  return figures;
}
