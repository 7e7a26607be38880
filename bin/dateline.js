#!/usr/bin/env node
// Runs the TypeScript sources directly: no build step stands between `npm ci` and `npx dateline`.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv);
