import { defineConfig } from 'vitest/config';

// The real-browser suite (test/e2e): Debian's Chromium, Firefox ESR and WebKitGTK (TABSESSION_ENGINES)
// drive pages that load the built bundle against the mock backend. One file at a time: each test starts its own backend and browser pages, and the
// machine has two cores. Run with `npm run test:e2e` (vitest run -c vitest.e2e.config.ts).
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/support/globalSetup.ts'],
    fileParallelism: false,
    // Hang guards only (no test passes or fails on speed): generous, since WebKit's WebDriver runs one
    // command at a time and the suite shares its machine.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // A flaky pass would hide a race; a failure must show on the first run.
    retry: 0,
    // A file whose only selected engine it leaves out (enginesExcept, which names the engine and the
    // reason on the console) has no test; that is not a failure.
    passWithNoTests: true,
  },
});
