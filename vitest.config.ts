import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Contract and end-to-end suites use SQLite files, child processes and real servers; files
    // run in parallel workers, cases inside a file run in order.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'suite', include: ['tests/**/*.test.ts'], exclude: ['tests/faults/**', 'tests/browser/**'], sequence: { groupOrder: 0 } } },
      // The console in a real browser: the bundle is built once (if stale) before these files run.
      { extends: true, test: { name: 'browser', include: ['tests/browser/**/*.test.ts'], globalSetup: ['tests/browser/build-console-setup.ts'], sequence: { groupOrder: 0 } } },
      // Fault tests restart the shared Kafka and Elasticsearch: they run last, alone.
      { extends: true, test: { name: 'faults', include: ['tests/faults/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
