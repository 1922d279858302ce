// Builds the `tabsession-mock-backend` bin into dist/mock-backend, self-contained: express and jose are
// inlined (they are dev dependencies, so `npm i tabsession` does not install them), and the demo page is
// bundled next to it (dist/mock-backend/web) with the SDK, js-cookie, axios and ky inlined, so an
// installed package serves a working demo without node_modules lookups or an import map.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { entries } from './entries.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const out = `${root}dist/mock-backend`;
const web = `${root}demo/web`;
// Only what this script writes: tsc's declarations of src/mock-backend share the folder (tabsession/msw's types import them).
rmSync(`${out}/web`, { recursive: true, force: true });
rmSync(`${out}/cli.js`, { force: true });

await build({
  entryPoints: { cli: `${root}demo/server/cli.ts` },
  outdir: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: false,
  legalComments: 'eof',
  minify: true,
  // express is CommonJS and requires Node's built-ins: give the ESM bundle a require.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __tabsessionRequire } from 'node:module';\nconst require = __tabsessionRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// The demo page: its modules bundled, everything else copied; the import maps are no longer needed.
const modules = readdirSync(web).filter((name) => name.endsWith('.js') && name !== 'demo-config.js');
await build({
  entryPoints: modules.map((name) => `${web}/${name}`),
  outdir: `${out}/web`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  alias: Object.fromEntries(
    Object.entries(entries).map(([name, source]) => [name === 'index' ? 'tabsession' : `tabsession/${name}`, `${root}${source}`]),
  ),
  // The ?mock=worker entry is demo/mock's static build (npm run demo:static), not part of the bin's page.
  external: ['/mock/*'],
  logLevel: 'warning',
});
mkdirSync(`${out}/web`, { recursive: true });
for (const name of readdirSync(web)) {
  if (name.endsWith('.js')) continue;
  if (name.endsWith('.html')) {
    const html = readFileSync(`${web}/${name}`, 'utf8').replace(/\s*(<!--[^>]*-->\s*)?<script type="importmap">[\s\S]*?<\/script>/, '');
    writeFileSync(`${out}/web/${name}`, html);
  } else {
    cpSync(`${web}/${name}`, `${out}/web/${name}`, { recursive: true });
  }
}
console.log('scripts/mock-backend.mjs: dist/mock-backend/cli.js and its demo page');
