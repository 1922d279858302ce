/**
 * The demo as static files, with no backend: `npm run demo:static [outDir]` (default dist/demo-static)
 * after `npm run build`. Serve the folder with any static host and open `/?mock=worker`.
 */
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Writes the static demo into `outDir`: the page, the ESM build, the import map's peers, the mock worker. */
export async function buildStaticDemo(outDir: string): Promise<void> {
  const dist = join(ROOT, 'dist');
  if (!existsSync(join(dist, 'index.js'))) throw new Error('buildStaticDemo: run `npm run build` first (dist/index.js is missing)');
  mkdirSync(outDir, { recursive: true });
  cpSync(join(ROOT, 'demo/web'), outDir, { recursive: true });
  for (const name of readdirSync(dist)) {
    if (name.endsWith('.js') || name === 'chunks') cpSync(join(dist, name), join(outDir, 'dist', name), { recursive: true });
  }
  cpSync(join(ROOT, 'node_modules/js-cookie/dist'), join(outDir, 'vendor/js-cookie'), { recursive: true });
  cpSync(join(ROOT, 'node_modules/axios/dist/esm'), join(outDir, 'vendor/axios'), { recursive: true });
  cpSync(join(ROOT, 'node_modules/ky/distribution'), join(outDir, 'vendor/ky'), { recursive: true });
  cpSync(join(ROOT, 'node_modules/msw/lib/mockServiceWorker.js'), join(outDir, 'mockServiceWorker.js'));
  await build({
    entryPoints: [join(ROOT, 'demo/mock/worker.ts')],
    outfile: join(outDir, 'mock/worker.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  });
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? join(ROOT, 'dist/demo-static'));
  await buildStaticDemo(out);
  console.log(`static demo in ${out}: serve it and open /?mock=worker`);
}
