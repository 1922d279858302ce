import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { assertEngines } from './drivers';
import { ROOT } from './env';

/** Newest modification time of any file under `dir` (0 when it does not exist). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * Runs once before the suite: a missing engine of the selected ones fails the run (with the apt-get line), and a
 * missing or stale dist/ is rebuilt, because the pages load the built bundle, never the sources.
 */
export default function setup(): void {
  assertEngines();
  const bundle = join(ROOT, 'dist/index.js');
  const inputs = Math.max(newest(join(ROOT, 'src')), statSync(join(ROOT, 'rollup.config.mjs')).mtimeMs);
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < inputs) {
    console.log('[e2e] dist/ is missing or older than src/: running npm run build');
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
}
