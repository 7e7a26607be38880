import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30000,
    hookTimeout: 60000,
    pool: 'forks',
    // UTC+14: code that formats dates in the server's zone instead of the edition's zone fails here.
    env: { TZ: 'Pacific/Kiritimati' },
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
