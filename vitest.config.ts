import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Logs of the code under test stay out of the run's output unless TEST_LOGS=1 (see the file).
    setupFiles: ['tests/support/quiet-logs.ts'],
    // The end-to-end suites start real servers, models and child processes; two cores cannot run many at once.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
