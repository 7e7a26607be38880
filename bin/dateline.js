#!/usr/bin/env node
// Runs the compiled JavaScript in dist/, which `npm run build` makes (`npm ci` runs it through `prepare`).
// DATELINE_RUN_SOURCES=1 runs the TypeScript sources through tsx instead: the test suite sets it, so the
// commands it starts are the code under test, never an older build.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
let runCli;
if (process.env.DATELINE_RUN_SOURCES === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../src/cli/main.ts'));
} else if (existsSync(compiled)) {
  ({ runCli } = await import(compiled.href));
} else {
  console.error('dateline: there is no build in dist/: run `npm run build` (npm ci does it), or set DATELINE_RUN_SOURCES=1 to run the sources');
  process.exit(1);
}
process.exitCode = await runCli(process.argv);
