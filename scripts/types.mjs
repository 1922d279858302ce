// After `tsc -p tsconfig.build.json` has written dist/**/*.d.ts: makes the declarations resolvable under
// every moduleResolution. node16/nodenext need file extensions on relative imports, and CommonJS
// consumers need declarations of their own format, so each `x.d.ts` gets its relative specifiers
// completed (`./x` → `./x.js`, `./dir` → `./dir/index.js`) and a `x.d.cts` twin pointing at `.cjs`.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
/** Folders of dist/ that hold no declarations (the shared chunks). */
const SKIP = new Set(['chunks']);

function* declarations(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!(dir === DIST && SKIP.has(name))) yield* declarations(path);
    } else if (name.endsWith('.d.ts')) {
      yield path;
    }
  }
}

/** Relative specifiers in `from '…'`, `import '…'` and `import('…')`. */
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*)\2/g;

function complete(file, source, extension) {
  return source.replace(SPECIFIER, (_whole, lead, quote, specifier) => {
    const base = join(dirname(file), specifier);
    let target;
    if (existsSync(`${base}.d.ts`)) target = `${specifier}.${extension}`;
    else if (existsSync(join(base, 'index.d.ts'))) target = `${specifier.replace(/\/$/, '')}/index.${extension}`;
    else if (/\.(js|cjs|mjs)$/.test(specifier)) target = specifier.replace(/\.(js|cjs|mjs)$/, `.${extension}`);
    else throw new Error(`${relative(DIST, file)}: cannot resolve ${specifier}`);
    return `${lead}${quote}${target}${quote}`;
  });
}

let count = 0;
for (const file of declarations(DIST)) {
  const source = readFileSync(file, 'utf8');
  writeFileSync(file, complete(file, source, 'js'));
  writeFileSync(file.replace(/\.d\.ts$/, '.d.cts'), complete(file, source, 'cjs'));
  count++;
}
console.log(`scripts/types.mjs: ${count} declarations completed, each with a .d.cts twin`);
