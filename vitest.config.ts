import { defineConfig } from 'vitest/config';

// Two cores here: two workers. Each test file gets its own fresh database (tests/helpers/db.ts).
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
