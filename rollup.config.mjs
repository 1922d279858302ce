import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

// Entries of the package: the core (with fetch), and each optional adapter as its own subpath.
// Adapters import the core's shared chunk, so `tabsession/axios` talks to the same session as `tabsession`.
const entries = {
  index: 'src/index.ts',
  axios: 'src/axios/index.ts',
  ky: 'src/ky/index.ts',
  'broadcast-channel': 'src/broadcast-channel/index.ts',
  claims: 'src/claims/index.ts',
  // The supertokens-website drop-in: its main module and the subpaths supertokens-web-js imports,
  // each an entry, so they share one state (the session, the claim validators) through the chunks.
  ...Object.fromEntries(
    [
      'index',
      'utils/cookieHandler',
      'utils/windowHandler',
      'utils/dateProvider',
      'utils/error',
      'utils/sessionClaimValidatorStore',
      'utils/globalClaimValidators',
      'lib/build/claims/primitiveClaim',
      'lib/build/claims/primitiveArrayClaim',
      'lib/build/claims/booleanClaim',
    ].map((path) => [`supertokens-website/${path}`, `src/supertokens-website/${path}.ts`]),
  ),
};

const ts = () =>
  typescript({
    tsconfig: './tsconfig.build.json',
    compilerOptions: { declaration: false, emitDeclarationOnly: false, noEmit: false, outDir: 'dist', rootDir: 'src' },
  });

// The package's runtime dependencies and its optional peers stay imports in the npm build.
const external = (id) => /^(js-cookie|axios|ky|broadcast-channel)(\/|$)/.test(id);

export default [
  {
    input: entries,
    external,
    plugins: [ts()],
    output: [
      { dir: 'dist', format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs', exports: 'named' },
    ],
  },
  {
    // The mock backend's command line (`npx tabsession-mock-backend`): Node, its dependencies left as imports.
    input: { cli: 'demo/server/cli.ts' },
    external: (id) => /^(node:|express|jose)/.test(id),
    plugins: [
      typescript({
        tsconfig: './tsconfig.json',
        include: ['demo/server/**/*.ts'],
        compilerOptions: { noEmit: false, declaration: false, outDir: 'dist/mock-backend', rootDir: '.' },
      }),
    ],
    output: { dir: 'dist/mock-backend', format: 'esm', banner: '#!/usr/bin/env node', chunkFileNames: '[name].js' },
  },
  {
    // For <script> tags: everything inlined, exposed as the global `tabsession`.
    input: 'src/index.ts',
    plugins: [nodeResolve({ browser: true }), ts()],
    output: { file: 'dist/tabsession.iife.js', format: 'iife', name: 'tabsession', plugins: [terser()] },
  },
];
