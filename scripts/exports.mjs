// Writes package.json's `exports` and `typesVersions` from the one list of entries, scripts/entries.mjs.
//   node scripts/exports.mjs          rewrite package.json (npm run exports)
//   node scripts/exports.mjs --check  exit 1 and say what differs when package.json is out of date
// Each entry gets ESM JS + ESM declarations under `import`, CJS JS + CJS declarations under `require`
// (`.d.ts` / `.d.cts`, written by scripts/types.mjs), and a typesVersions path for node10 resolution.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { entries, patterns } from './entries.mjs';

const PACKAGE_JSON = fileURLToPath(new URL('../package.json', import.meta.url));

/** `src/axios/index.ts` → `./dist/axios/index` (where tsc writes its declarations). */
const declarationBase = (source) => `./dist/${source.replace(/^src\//, '').replace(/\.tsx?$/, '')}`;

export function packageFields(list = entries) {
  const exports = {};
  const typesVersions = {};
  for (const [name, source] of Object.entries(list)) {
    const types = declarationBase(source);
    const subpath = name === 'index' ? '.' : `./${name}`;
    exports[subpath] = {
      import: { types: `${types}.d.ts`, default: `./dist/${name}.js` },
      require: { types: `${types}.d.cts`, default: `./dist/${name}.cjs` },
    };
    if (name !== 'index') typesVersions[name] = [`${types}.d.cts`];
  }
  for (const pattern of patterns) {
    const types = `./dist/${pattern}`;
    exports[`./${pattern}`] = {
      import: { types: `${types}.d.ts`, default: `${types}.js` },
      require: { types: `${types}.d.cts`, default: `${types}.cjs` },
    };
    typesVersions[pattern] = [`${types}.d.cts`];
  }
  exports['./package.json'] = './package.json';
  return {
    main: './dist/index.cjs',
    module: './dist/index.js',
    types: `${declarationBase(list.index)}.d.cts`,
    exports,
    typesVersions: { '*': typesVersions },
  };
}

const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8'));
const wanted = packageFields();
const stale = Object.keys(wanted).filter((key) => JSON.stringify(pkg[key]) !== JSON.stringify(wanted[key]));

if (process.argv.includes('--check')) {
  if (stale.length > 0) {
    console.error(`package.json is out of date with scripts/entries.mjs (${stale.join(', ')}): run npm run exports`);
    process.exit(1);
  }
} else if (stale.length > 0) {
  Object.assign(pkg, wanted);
  writeFileSync(PACKAGE_JSON, `${JSON.stringify(pkg, null, 2)}\n`);
  console.log(`package.json: wrote ${stale.join(', ')}`);
}
