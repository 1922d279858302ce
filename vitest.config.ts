import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Two environments: the SDK runs in happy-dom (a browser stand-in, network mocked with msw);
// the mock backend and the SDK-against-backend integration tests run in Node over real HTTP.
// `npm test` adds the type tests (test/types, compiled, never run) and the coverage gate.
export default defineConfig({
  test: {
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // The gate: what the suite reaches now. Raise it when it grows; never lower it.
      thresholds: { statements: 92, branches: 86, functions: 87, lines: 94 },
    },
    projects: [
      {
        test: {
          name: 'types',
          include: [],
          typecheck: { enabled: true, only: true, include: ['test/types/**/*.test-d.ts'], tsconfig: './test/types/tsconfig.json' },
        },
      },
      {
        test: {
          name: 'unit',
          environment: 'happy-dom',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/unit/setup.ts'],
        },
      },
      {
        // The production build (process.env.NODE_ENV "production": error codes only, no config checks) runs
        // the core's refresh, single-refresh, lock and ordering tests; every test that asserts a long message
        // runs in the development build (the unit project). test/production checks what the build drops.
        test: {
          name: 'unit-production',
          environment: 'happy-dom',
          env: { NODE_ENV: 'production' },
          include: [
            'test/production/**/*.test.ts',
            'test/unit/{refresh,locks,ordered,cooldown,fetch,hardening,frontToken,storage}.test.ts',
          ],
          setupFiles: ['test/unit/setup.ts'],
        },
      },
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/server/**/*.test.ts', 'test/size/**/*.test.ts', 'test/node/**/*.test.ts'],
        },
      },
      {
        // Conformance: the protocol tests of the Express backend, again against the msw handlers (tabsession/msw).
        test: {
          name: 'conformance-msw',
          environment: 'node',
          include: ['test/server/{auth,api,bad-input,control,cors,fdi,forced-errors,oauth2}.test.ts', 'test/conformance/**/*.test.ts'],
          setupFiles: ['test/conformance/msw-target.ts'],
        },
      },
      {
        // The developer kit as an app uses it: tabsession with tabsession/msw (and tabsession/react) in happy-dom.
        resolve: {
          alias: [
            { find: /^tabsession$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
            { find: /^tabsession\/(msw|react|axios|ky|ssr|claims|xhr|oauth2)$/, replacement: fileURLToPath(new URL('./src/$1/index.ts', import.meta.url)) },
          ],
        },
        test: {
          name: 'kit',
          environment: 'happy-dom',
          include: ['test/examples/**/*.test.ts', 'test/kit/**/*.test.{ts,tsx}'],
        },
      },
      {
        // The SDK in happy-dom against the real mock backend over real HTTP: no msw.
        test: {
          name: 'integration',
          environment: 'happy-dom',
          include: ['test/integration/**/*.test.ts'],
        },
      },
    ],
  },
});
