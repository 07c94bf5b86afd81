import { defineConfig } from 'vitest/config';

// The whole suite must stay under 15 minutes on 2 cores; every test has a bounded timeout.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
