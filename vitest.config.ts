import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30000,
    hookTimeout: 60000,
    pool: 'forks',
    // UTC+14: code that formats dates in the server's zone instead of the edition's zone fails here.
    // DATELINE_RUN_SOURCES: `bin/dateline.js` started by a test runs the sources under test, not dist/.
    env: { TZ: 'Pacific/Kiritimati', DATELINE_RUN_SOURCES: '1' },
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
