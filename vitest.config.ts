import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests beside their code, and integration/browser
// tests under test/ that need the real ClickHouse (started by test/global-setup.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'etl/**/*.test.ts', 'sql/**/*.test.ts', 'dashboard/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/global-setup.ts', 'test/build-dashboard-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
