import { defineConfig } from 'vitest/config';

// Two environments: the SDK runs in happy-dom (a browser stand-in, network mocked with msw);
// the mock backend and the SDK-against-backend integration tests run in Node over real HTTP.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'happy-dom',
          include: ['test/unit/**/*.test.ts'],
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
