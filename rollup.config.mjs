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

/**
 * Replaces `process.env.NODE_ENV` with `mode`, as an app's bundler does: the script-tag builds have no
 * bundler after them, so the development texts and checks are kept or dropped here (docs/production.md).
 */
const nodeEnv = (mode) => ({
  name: 'node-env',
  transform(code) {
    if (!code.includes('process.env.NODE_ENV')) return null;
    return { code: code.replaceAll('process.env.NODE_ENV', JSON.stringify(mode)), map: null };
  },
});

/** For <script> tags: the core, tabsession/ssr and the XMLHttpRequest patch, everything inlined, as the global `tabsession`. */
const scriptTag = (mode, file, minify) => ({
  input: 'src/global.ts',
  plugins: [nodeResolve({ browser: true }), ts(), nodeEnv(mode), mangleInternals()],
  output: { file, format: 'iife', name: 'tabsession', plugins: minify ? [terser({ compress: { passes: 2 } })] : [], sourcemap: true },
});

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
  // Development: readable, with the long error texts and the config checks.
  scriptTag('development', 'dist/tabsession.iife.js', false),
  // Production: minified, error codes only (docs/error-codes.md), with its source map.
  scriptTag('production', 'dist/tabsession.iife.min.js', true),
];
