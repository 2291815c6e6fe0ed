import { defineConfig } from 'vitest/config';
import { vmlintRules } from './scripts/vite-plugin-rules';

// Unit and DOM tiers. The e2e tier (puppeteer + Chromium) has its own config: vitest.e2e.config.ts.
export default defineConfig({
  plugins: [vmlintRules()],
  test: {
    include: ['test/unit/**/*.test.ts', 'test/dom/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
