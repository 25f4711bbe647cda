import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'extension/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    // Browser tests drive the built UI; build it once per run (extension/*.test.tsx pick jsdom themselves).
    globalSetup: ['extension/test/build-ui.global.ts'],
    // Storage tests run against real databases; each file gets its own schema or file.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
