import { readFileSync } from 'node:fs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
// The package's entries: one list for the builds, package.json's exports and typesVersions.
import { entries } from './scripts/entries.mjs';
// Internal members (named `…_`) shortened, the same in every chunk.
import { mangleInternals } from './scripts/mangle.mjs';

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
    plugins: [ts(), mangleInternals()],
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
    plugins: [nodeResolve({ browser: true }), ts(), mangleInternals()],
    output: { file: 'dist/tabsession.iife.js', format: 'iife', name: 'tabsession', plugins: [terser()], sourcemap: true },
  },
];
