import { readFileSync } from 'node:fs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

// Entries of the package: the core (with fetch), and each optional adapter as its own subpath.
// Adapters import the core's shared chunk, so `tabsession/axios` talks to the same session as `tabsession`.
// This list is the only one: `exports` and `typesVersions` in package.json are written from it by
// scripts/exports.mjs (`npm run exports`), and a test fails when they disagree. Add a line, then run it.
// The key `index` is the package root; any other key `name` is the subpath `tabsession/name`.
export const entries = {
  index: 'src/index.ts',
  axios: 'src/axios/index.ts',
  ky: 'src/ky/index.ts',
  'broadcast-channel': 'src/broadcast-channel/index.ts',
  ssr: 'src/ssr/index.ts',
};

const ts = () =>
  typescript({
    tsconfig: './tsconfig.build.json',
    compilerOptions: { declaration: false, emitDeclarationOnly: false, noEmit: false, outDir: 'dist', rootDir: 'src', sourceMap: true },
  });

// The package's runtime dependencies and its peers stay imports in the npm build (read from package.json,
// so a new peer needs no change here).
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const imported = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });
const external = (id) => imported.some((name) => id === name || id.startsWith(`${name}/`));

export default [
  {
    input: entries,
    external,
    plugins: [ts()],
    output: [
      { dir: 'dist', format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: true },
      {
        dir: 'dist',
        format: 'cjs',
        entryFileNames: '[name].cjs',
        chunkFileNames: 'chunks/[name]-[hash].cjs',
        exports: 'named',
        sourcemap: true,
      },
    ],
  },
  {
    // For <script> tags: the core and tabsession/ssr, everything inlined, exposed as the global `tabsession`.
    input: 'src/global.ts',
    plugins: [nodeResolve({ browser: true }), ts()],
    output: { file: 'dist/tabsession.iife.js', format: 'iife', name: 'tabsession', plugins: [terser()], sourcemap: true },
  },
];
