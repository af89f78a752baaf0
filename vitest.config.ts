import { defineConfig } from 'vitest/config';

// Two cores here: two workers. Each test file gets its own fresh database (tests/helpers/db.ts).
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Sized for a loaded 2-core machine (CLI tests start processes; crash and multi-process tests
    // set their own): a passing test never waits for these, only a stuck one does.
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
