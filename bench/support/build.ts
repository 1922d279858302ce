import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../../test/e2e/support/env';
import ensureBuiltSdk from '../../test/e2e/support/globalSetup';

/** Git-ignored output of the benchmark's own builds, served to the pages at /bench-build. */
export const BENCH_OUT = resolve(ROOT, '.bench');

const PAGE_HTML = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>tabsession bench</title></head>
  <body><script src="/bench-build/page.js"></script></body>
</html>
`;

/**
 * Everything the pages load: the SDK's own IIFE from dist/ (rebuilt by the e2e suite's setup when older
 * than src/), supertokens-website bundled the same way for the page (global `supertokens`), and the
 * bench page itself. Both libraries are minified, as an app would ship them.
 */
export async function buildBenchAssets(): Promise<void> {
  ensureBuiltSdk();
  await buildBenchPages();
}

/** The bench's own part of `buildBenchAssets`: supertokens-website's bundle and the page. */
export async function buildBenchPages(): Promise<void> {
  mkdirSync(BENCH_OUT, { recursive: true });
  const common = { bundle: true, minify: true, format: 'iife', platform: 'browser', target: 'es2020', logLevel: 'warning' } as const;
  await Promise.all([
    build({ ...common, entryPoints: ['supertokens-website'], globalName: 'supertokens', outfile: resolve(BENCH_OUT, 'supertokens-website.iife.js') }),
    build({ ...common, entryPoints: [resolve(ROOT, 'bench/page/page.ts')], outfile: resolve(BENCH_OUT, 'page.js') }),
  ]);
  writeFileSync(resolve(BENCH_OUT, 'bench.html'), PAGE_HTML);
}
