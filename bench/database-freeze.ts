/**
 * Readers while PostgreSQL is frozen (SIGSTOP on the postmaster and every backend: what a stuck volume or a
 * network partition looks like): the story page under wrk -c20, quiet, then with the database frozen for
 * the middle of the run, and how long the first good answer takes after SIGCONT. A script that prints
 * figures, not a test; `npm run bench` runs it last, `npm run bench:freeze` alone.
 */
import { parseDatabaseUrl } from '../src/db/database-url.ts';
import { maintenanceTimeouts, openDatabase } from '../src/db/open-database.ts';
import { importStoryFiles } from '../src/modules/import/import-story-files.ts';
import { createServices } from '../src/services.ts';
import { findPostgresTools, startPostgresCluster } from '../test/support/postgres-cluster.ts';
import { cleanup, fmtMs, isInterrupted, repoRoot, runWrk, seconds, sleep, startServer, type WrkResult } from './bench-kit.ts';

const CONNECTIONS = 20;
const FROZEN_MS = 6000;

async function main(): Promise<void> {
  if (!findPostgresTools()) {
    console.log('bench: skipping the database freeze: initdb/pg_ctl not on PATH');
    return;
  }
  const cluster = await startPostgresCluster();
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const handle = await openDatabase(parseDatabaseUrl(cluster.url), { timeouts: maintenanceTimeouts });
    const services = await createServices(handle);
    const [seed] = await importStoryFiles([`${repoRoot}corpus/seed-898945.txt`], services, { editionCode: 'en' });
    await handle.close();
    if (!seed?.ok) throw new Error('could not import the seed story');
    server = await startServer(cluster.url);
    const page = `${server.base}${seed.url}`;

    console.log(`# Readers during a PostgreSQL freeze (story page, wrk -c${CONNECTIONS}, default timeouts)\n`);
    const quiet = await runWrk(page, '6s', CONNECTIONS, '30s');
    const frozenRun = runWrk(page, '12s', CONNECTIONS, '30s');
    await sleep(3000);
    await cluster.freeze();
    await sleep(FROZEN_MS);
    await cluster.thaw();
    const thawedAt = performance.now();
    let recoveredMs = Number.NaN;
    while (performance.now() - thawedAt < 30_000) {
      const response = await fetch(page).catch(() => undefined);
      await response?.arrayBuffer();
      if (response?.status === 200) {
        recoveredMs = performance.now() - thawedAt;
        break;
      }
      await sleep(50);
    }
    const frozen = await frozenRun;

    const row = (name: string, r: WrkResult) =>
      `| ${name} | ${Math.round(r.requestsPerSecond)} | ${fmtMs(r.p50Ms)} ms | ${fmtMs(r.p95Ms)} ms | ${fmtMs(r.p99Ms)} ms | ${r.non2xx} | ${r.timeouts} |`;
    console.log('| story page | req/s | p50 | p95 | p99 | non-2xx (503) | timeouts |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    console.log(row('quiet', quiet));
    console.log(row(`frozen ${FROZEN_MS / 1000} s of 12 s`, frozen));
    console.log(`\nfirst 200 after SIGCONT: ${Number.isNaN(recoveredMs) ? 'none within 30 s' : seconds(recoveredMs)}`);
  } finally {
    await cluster.thaw().catch(() => {});
    await cleanup();
    await cluster.stop().catch(() => {});
  }
}

try {
  await main();
} catch (error) {
  if (!isInterrupted()) console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
