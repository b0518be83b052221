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
      { extends: true, test: { name: 'suite', include: ['tests/**/*.test.ts'], exclude: ['tests/faults/**'], sequence: { groupOrder: 0 } } },
      // Fault tests restart the shared Kafka and Elasticsearch: they run last, alone.
      { extends: true, test: { name: 'faults', include: ['tests/faults/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
