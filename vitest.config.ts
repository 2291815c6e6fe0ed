import { defineConfig } from 'vitest/config';

// Unit and DOM tiers. The e2e tier (puppeteer + Chromium) has its own config: vitest.e2e.config.ts.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/dom/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
