import { configDefaults, defineConfig } from 'vitest/config';

// Three projects, run one after another (sequence.groupOrder): fast unit
// tests beside their code; integration/browser tests under test/ that need
// the real ClickHouse (started by test/global-setup.ts); and the cluster
// stage (test/cluster/), against a local cluster of 2 shards × 2 replicas
// with ZooKeeper started by its own global setup and stopped after it.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'etl/**/*.test.ts', 'sql/**/*.test.ts', 'dashboard/src/**/*.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/cluster/**'],
          environment: 'node',
          globalSetup: ['test/global-setup.ts', 'test/build-dashboard-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'cluster',
          include: ['test/cluster/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/cluster/global-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
