/**
 * The comment flood on its own, on a database holding only its stories: the phase `npm run bench` runs
 * after its page loads (bench/comment-flood-phase.ts), for a quick look. A script that prints figures, not
 * a test.
 *
 *   npm run bench:comments                     SQLite in a temp folder, 8 s of reads per run
 *   BENCH_DURATION=5s npm run bench:comments   shorter runs (wrk's -d)
 *   BENCH_POSTERS=16 npm run bench:comments    concurrent posting loops (default 8)
 */
import path from 'node:path';
import { parseDatabaseUrl } from '../src/db/database-url.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { createServices } from '../src/services.ts';
import { cleanup, isInterrupted, makeTempDir, readDuration, startServer } from './bench-kit.ts';
import { floodTable, runCommentFlood, saveFloodStories } from './comment-flood-phase.ts';

async function main(): Promise<void> {
  const duration = readDuration(process.env.BENCH_DURATION ?? '8s');
  const posters = Number(process.env.BENCH_POSTERS ?? 8);
  const databaseUrl = `sqlite:${path.join(await makeTempDir('dateline-comment-bench-'), 'bench.db')}`;
  const handle = await openDatabase(parseDatabaseUrl(databaseUrl));
  const stories = await saveFloodStories(await createServices(handle));
  await handle.close();

  const server = await startServer(databaseUrl);
  console.log(`# Comment flood bench (SQLite, ${posters} posting loops, ${duration} of reads each)\n`);
  const report = await runCommentFlood(server.base, stories, { duration, posters });
  console.log('');
  for (const line of floodTable(report)) console.log(line);
  console.log('\nThe server keeps no page cache (pages carry Cache-Control for browsers and proxies only): every read renders the page.');
}

try {
  await main();
} catch (error) {
  if (!isInterrupted()) console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
