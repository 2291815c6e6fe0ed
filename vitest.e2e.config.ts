import { defineConfig } from 'vitest/config';

// End-to-end tier: the built extension (dist/) in Debian's Chromium. One browser at a time.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
