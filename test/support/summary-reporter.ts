import type { SerializedError } from 'vitest';
import type { Reporter, TestModule, TestRunEndReason } from 'vitest/node';

/** Prints `N passed, N failed[, N skipped]` as the run's last line, in a form CI log readers recognise. */
export class SummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        // A test still pending at the end never ran (an interrupted run), so it counts as skipped.
        else skipped++;
      }
      // A file that fails to load, or a failing beforeAll/afterAll, fails the run without failing a test.
      if (testModule.errors().length > 0) failed++;
    }
    failed += unhandledErrors.length;
    // A failing global setup (or no test files at all) fails the run with no test or error to count here.
    if (reason === 'failed' && failed === 0) failed = 1;
    const line = `${passed} passed, ${failed} failed` + (skipped > 0 ? `, ${skipped} skipped` : '');
    process.stdout.write(`\n${line}\n`);
  }
}

// Vitest loads a reporter given by path from its default export.
export default SummaryReporter;
