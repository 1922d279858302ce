// Writes dist/npm-override/: a package named supertokens-website whose modules are the drop-in's, for
// npm `overrides` ("supertokens-website": "file:./node_modules/tabsession/dist/npm-override"; docs/migrating.md,
// "npm overrides"). Node and bundlers resolve a package found through that link by file paths (an `exports`
// map may not point outside its folder), so each module the drop-in has gets a CommonJS stub at the
// reference's path that loads the built one, with a declaration re-exporting its `.d.cts` twin.
// Run by `npm run build` after scripts/types.mjs; test/consumer installs it with `overrides`.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist/npm-override');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
/** The supertokens-website version the drop-in follows (package-lock.json's devDependency). */
const REFERENCE_VERSION = '20.1.6';

/**
 * Writes `<module>.d.ts` in OUT re-exporting the declarations `types` (a `.d.cts` under dist/), and
 * `<module>.js` loading `runtime` (a `.cjs` under dist/) unless the module is type-only.
 */
function stub(module, types, runtime) {
  const file = join(OUT, module);
  mkdirSync(dirname(file), { recursive: true });
  const from = (target) => JSON.stringify(relative(dirname(file), join(ROOT, target)).split('\\').join(posix.sep));
  const declarations = from(types.replace(/\.d\.cts$/, '.cjs'));
  if (runtime) writeFileSync(`${file}.js`, `module.exports = require(${from(runtime)});\n`);
  writeFileSync(`${file}.d.ts`, `export * from ${declarations};\n${runtime ? `export { default } from ${declarations};\n` : ''}`);
}

let count = 0;
for (const [key, conditions] of Object.entries(pkg.exports)) {
  if (key !== './supertokens-website' && !key.startsWith('./supertokens-website/')) continue;
  if (key.includes('*')) continue;
  stub(key === './supertokens-website' ? 'index' : key.slice('./supertokens-website/'.length), conditions.require.types, conditions.require.default);
  count++;
}
// The type-only modules (`utils/cookieHandler/types`, ...), served by the `supertokens-website/*` pattern.
const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
const declarations = join(ROOT, 'dist/supertokens-website');
for (const file of existsSync(declarations) ? walk(declarations) : []) {
  if (!file.endsWith('/types.d.cts')) continue;
  const module = relative(declarations, file).replace(/\.d\.cts$/, '');
  stub(module, relative(ROOT, file), undefined);
  count++;
}
// No "type": the stubs are CommonJS, as the reference's build is. The version is the reference's, so
// the packages that depend on it see the version they ask for.
writeFileSync(
  join(OUT, 'package.json'),
  `${JSON.stringify({ name: 'supertokens-website', version: REFERENCE_VERSION, description: `tabsession's drop-in (tabsession ${pkg.version})`, main: 'index.js', types: 'index.d.ts' }, null, 2)}\n`,
);
console.log(`scripts/npm-override.mjs: dist/npm-override, ${count} modules`);
