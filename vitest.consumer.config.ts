import { defineConfig } from 'vitest/config';

// The consumer test (test/consumer): builds and packs the package, installs the tarball into temporary
// projects and uses it as a new user would. Minutes, not seconds: run with `npm run test:consumer`.
export default defineConfig({
  test: {
    name: 'consumer',
    environment: 'node',
    include: ['test/consumer/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 600_000,
    retry: 0,
  },
});
