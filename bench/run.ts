/**
 * The reader site's throughput on a 10,000-story database, against the machine's ceiling (nginx serving
 * the same page as a static file), and the story page's latency during a comment flood. A script that
 * prints figures, not a test: nothing here passes or fails.
 *
 *   npm run bench                        SQLite in a temp folder, 10 s of load per page
 *   BENCH_DURATION=5s npm run bench      shorter load (wrk's -d)
 *   BENCH_STORIES=2000 npm run bench     a smaller database (default 10000, the seed included)
 *   BENCH_ENGINE=postgres DATABASE_URL=postgres://… npm run bench
 *                                        an existing PostgreSQL database; filled when it holds no story
 *   BENCH_POSTERS=16 npm run bench       concurrent posting loops in the comment flood (default 8)
 *
 * After the page loads, the comment flood (bench/comment-flood-phase.ts): the story page's latency for
 * readers while comments pour in from one address, then from many, and what became of the posts.
 *
 * Loopback only. Every child process and temp folder is removed on the way out, also on failure or Ctrl-C.
 * Compare ratios within one run, never absolute numbers across runs or machines.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { paragraph } from '../src/content/blocks.ts';
import { parseDatabaseUrl } from '../src/db/database-url.ts';
import { maintenanceTimeouts, openDatabase } from '../src/db/open-database.ts';
import { creditFor } from '../src/modules/demo/load-demo-content.ts';
import { benchArticles } from './search.ts';
import { importStoryFiles } from '../src/modules/import/import-story-files.ts';
import type { NamedRef } from '../src/modules/stories/story-types.ts';
import { createServices } from '../src/services.ts';
import { commandLineActor } from '../src/modules/accounts/account-types.ts';
import {
  cleanup,
  fmtMs,
  freePort,
  isInterrupted,
  makeTempDir,
  readDuration,
  repoRoot,
  runWrk,
  seconds,
  startServer,
  stopChild,
  track,
  waitFor,
  WARMUP,
  WRK,
  type WrkResult,
} from './bench-kit.ts';
import { FLOOD_CONNECTIONS, floodTable, runCommentFlood, saveFloodStories, type FloodStory } from './comment-flood-phase.ts';

const SEED_FILE = path.join(repoRoot, 'corpus/seed-898945.txt');
const RESULTS_FILE = path.join(repoRoot, 'bench/results/latest.json');
const NGINX = '/usr/sbin/nginx';
const CONNECTIONS = 50;

function readStoryCount(raw: string | undefined): number {
  const value = Number(raw ?? '10000');
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`BENCH_STORIES "${raw}" is not a whole number from 1 up`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// 1. The database: the seed plus stories made from the Wikinews corpus, through the real store.

const SECTIONS: NamedRef[] = [{ name: 'World' }, { name: 'Politics' }, { name: 'Business' }, { name: 'Science' }, { name: 'Culture' }, { name: 'Sport' }];
const TAGS = ['Europe', 'Asia', 'Americas', 'Africa', 'Middle East', 'Elections', 'Markets', 'Technology', 'Climate', 'Health'];
const FIRST_PUBLISHED = Date.parse('2019-01-01T06:00:00Z');
const LAST_PUBLISHED = Date.parse('2020-12-31T18:00:00Z');

interface BuildReport {
  stories: number;
  buildMs: number;
  savesPerSecond: number;
  seedPath: string;
  reused: boolean;
  /** The comment flood's stories, saved beside the others (bench/comment-flood-phase.ts). */
  floodStories: FloodStory[];
}

async function buildDatabase(databaseUrl: string, total: number): Promise<BuildReport> {
  const started = performance.now();
  const database = await openDatabase(parseDatabaseUrl(databaseUrl), { timeouts: maintenanceTimeouts });
  try {
    const services = await createServices(database);
    const existing = await database.db.selectFrom('stories').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const reused = Number(existing.n) > 0;
    const [seed] = await importStoryFiles([SEED_FILE], services, { editionCode: 'en' });
    if (!seed?.ok) throw new Error(`the seed story did not import: ${seed && !seed.ok ? seed.error : 'no outcome'}`);
    if (reused) {
      console.log(`database already holds ${existing.n} stories: using them as they are (the seed re-imported)`);
      return { stories: Number(existing.n), buildMs: performance.now() - started, savesPerSecond: 0, seedPath: seed.url, reused, floodStories: await saveFloodStories(services) };
    }

    const articles = benchArticles();
    const edition = services.editions.get('en');
    const generated = total - 1;
    const step = (LAST_PUBLISHED - FIRST_PUBLISHED) / Math.max(generated, 1);
    let random = 42;
    const nextRandom = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let lastReport = performance.now();
    for (let n = 1; n <= generated; n++) {
      const article = articles[(n - 1) % articles.length]!;
      const publishedAt = new Date(FIRST_PUBLISHED + (n - 1) * step + Math.floor(nextRandom() * step));
      const tagA = TAGS[n % TAGS.length]!;
      const tagB = TAGS[(n * 7 + 3) % TAGS.length]!;
      await services.stories.save({
        editionCode: edition.code,
        headline: `${article.title} (${n})`,
        body: article.paragraphs.map(paragraph),
        status: 'published',
        publishedAt: publishedAt.toISOString(),
        section: article.id.startsWith('meantime-') ? { name: 'Business' } : SECTIONS[n % SECTIONS.length],
        tags: [...new Set([tagA, tagB])].map((name) => ({ name })),
        credit: creditFor(article),
      });
      // better-sqlite3 answers synchronously, so this loop never reaches the event loop by itself:
      // yield now and then, or Ctrl-C would wait for the whole build.
      if (n % 50 === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        if (isInterrupted()) throw new Error('interrupted');
      }
      if (performance.now() - lastReport > 15_000 || n === generated) {
        lastReport = performance.now();
        const elapsed = performance.now() - started;
        console.log(`  ${n + 1}/${total} stories, ${seconds(elapsed)}, ${((n / elapsed) * 1000).toFixed(0)} saves/s`);
      }
    }
    const buildMs = performance.now() - started;
    return { stories: total, buildMs, savesPerSecond: (generated / buildMs) * 1000, seedPath: seed.url, reused, floodStories: await saveFloodStories(services) };
  } finally {
    await database.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 2–3. Load with wrk.

async function load(name: string, url: string, duration: string): Promise<WrkResult> {
  process.stdout.write(`  ${name}: warm-up ${WARMUP}, then ${duration} on ${url} … `);
  await runWrk(url, WARMUP, CONNECTIONS);
  const result = await runWrk(url, duration, CONNECTIONS);
  console.log(`${result.requestsPerSecond.toFixed(0)} req/s`);
  if (result.non2xx > 0 || result.socketErrors > 0) {
    console.log(`    warning: ${result.non2xx} non-2xx responses and ${result.socketErrors} socket errors (${result.timeouts} timeouts) in ${result.requests} requests`);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// 4. The server's memory.

async function memoryOf(pid: number): Promise<{ peakRssKb: number; rssKb: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { peakRssKb: field('VmHWM'), rssKb: field('VmRSS') };
}

// ---------------------------------------------------------------------------------------------
// 4b. A publication made on one app server, seen on another; and the whole site kept in memory.

interface VisibleReport {
  samples: number[];
  medianMs: number;
  maxMs: number;
}

/** Publishes stories through this process's services (the first app server) and times their arrival on the home page of the server at `base`. */
async function publishToVisible(databaseUrl: string, base: string): Promise<VisibleReport> {
  const database = await openDatabase(parseDatabaseUrl(databaseUrl));
  const samples: number[] = [];
  try {
    const services = await createServices(database);
    for (let i = 1; i <= 10; i++) {
      const headline = `Bench Publication Number ${i} at ${Date.now()}`;
      const draft = await services.storyWorkflow.createDraft({ editionCode: 'en', headline, body: [paragraph(`${headline}: the body.`)] }, commandLineActor);
      // The home page is kept on the other server before the publication.
      await (await fetch(`${base}/en/`)).text();
      const started = performance.now();
      await services.storyWorkflow.publish(draft.id, commandLineActor);
      for (;;) {
        const html = await (await fetch(`${base}/en/`)).text();
        if (html.includes(headline)) break;
        if (performance.now() - started > 10_000) throw new Error(`a publication did not reach the other server within 10 s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      samples.push(performance.now() - started);
    }
  } finally {
    await database.close();
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { samples: samples.map((s) => Number(s.toFixed(1))), medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0, maxMs: sorted.at(-1) ?? 0 };
}

/** Reads every published story's page once (eight at a time), then the server's resident memory. */
async function keepEveryStoryPage(databaseUrl: string, base: string, pid: number): Promise<{ pages: number; ms: number; rssMiB: number; rssBeforeMiB: number }> {
  const database = await openDatabase(parseDatabaseUrl(databaseUrl));
  let paths: string[];
  try {
    const rows = await database.db.selectFrom('stories').select(['edition_code', 'code', 'slug']).where('status', '=', 'published').where('deleted_at', 'is', null).execute();
    paths = rows.map((r) => `/${r.edition_code}/news/${r.code}/${encodeURIComponent(r.slug)}`);
  } finally {
    await database.close();
  }
  const before = await memoryOf(pid);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < paths.length) {
        const path = paths[next++]!;
        const response = await fetch(`${base}${path}`, { headers: { 'accept-encoding': 'br' } });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      }
    }),
  );
  const ms = performance.now() - started;
  const after = await memoryOf(pid);
  return { pages: paths.length, ms: Number(ms.toFixed(0)), rssMiB: Number((after.rssKb / 1024).toFixed(1)), rssBeforeMiB: Number((before.rssKb / 1024).toFixed(1)) };
}

// ---------------------------------------------------------------------------------------------
// 5. The ceiling: nginx serving the same HTML as a static file.

async function startNginx(html: string): Promise<{ url: string; child: ChildProcess }> {
  const dir = await makeTempDir('dateline-bench-nginx-');
  // Run as root, nginx's workers become `nobody`: they must be able to read the page.
  await chmod(dir, 0o755);
  await mkdir(path.join(dir, 'www'), { mode: 0o755 });
  await writeFile(path.join(dir, 'www', 'story.html'), html, { mode: 0o644 });
  const port = await freePort();
  const at = (name: string) => path.join(dir, name);
  const conf = `# generated by bench/run.ts
daemon off;
worker_processes 1;
pid ${at('nginx.pid')};
lock_file ${at('nginx.lock')};
error_log ${at('error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${at('client_body')};
  proxy_temp_path ${at('proxy')};
  fastcgi_temp_path ${at('fastcgi')};
  uwsgi_temp_path ${at('uwsgi')};
  scgi_temp_path ${at('scgi')};
  types { text/html html; }
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:${port};
    root ${at('www')};
  }
}
`;
  await writeFile(at('nginx.conf'), conf);
  const { child, output } = track(spawn(NGINX, ['-e', at('error.log'), '-p', dir, '-c', at('nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] }), 'nginx');
  const url = `http://127.0.0.1:${port}/story.html`;
  await waitFor(url, child, () => `${output()}\n${safeRead(at('error.log'))}`, 'nginx', 10_000);
  return { url, child };
}

function safeRead(file: string): string {
  const result = spawnSync('tail', ['-n', '20', file], { encoding: 'utf8' });
  return result.stdout ?? '';
}

// ---------------------------------------------------------------------------------------------

function firstLine(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown';
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const duration = readDuration(process.env.BENCH_DURATION);
  const storyCount = readStoryCount(process.env.BENCH_STORIES);
  const engine = process.env.BENCH_ENGINE ?? 'sqlite';
  let databaseUrl: string;
  if (engine === 'postgres') {
    databaseUrl = process.env.DATABASE_URL ?? '';
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('BENCH_ENGINE=postgres needs DATABASE_URL=postgres://user@host:port/name');
    const host = new URL(databaseUrl).hostname;
    if (!['127.0.0.1', 'localhost', '::1', '[::1]', ''].includes(host)) throw new Error(`the bench runs on loopback only; DATABASE_URL names ${host}`);
  } else if (engine === 'sqlite') {
    databaseUrl = `sqlite:${path.join(await makeTempDir('dateline-bench-db-'), 'bench.db')}`;
  } else {
    throw new Error(`BENCH_ENGINE "${engine}" is not sqlite or postgres`);
  }

  const posters = Number(process.env.BENCH_POSTERS ?? 8);
  if (!Number.isSafeInteger(posters) || posters < 1) throw new Error(`BENCH_POSTERS "${process.env.BENCH_POSTERS}" is not a whole number from 1 up`);

  console.log(`# Dateline bench (${engine}, ${storyCount} stories, wrk -t1 -c${CONNECTIONS} -d${duration})\n`);
  console.log('building the database through StoryStore.save, one transaction per story…');
  const build = await buildDatabase(databaseUrl, storyCount);
  console.log(`built ${build.stories} stories in ${seconds(build.buildMs)}${build.reused ? ' (reused)' : ` (${build.savesPerSecond.toFixed(0)} saves/s)`}\n`);

  console.log('starting the server…');
  const serverStarted = performance.now();
  // Room for every story page in the cache, so that the memory figure is that of a whole site kept.
  const server = await startServer(databaseUrl, { PAGE_CACHE_MB: '4096' });
  const base = server.base;
  console.log(`server pid ${server.child.pid} answered /healthz after ${seconds(performance.now() - serverStarted)}`);

  const pages = [
    { name: 'story page (seed)', path: build.seedPath },
    { name: 'edition home', path: '/en/' },
  ];
  const fetched = new Map<string, string>();
  for (const page of pages) {
    const response = await fetch(`${base}${page.path}`, { redirect: 'manual' });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${page.path} answered ${response.status}, not 200`);
    fetched.set(page.path, body);
  }

  const loadBefore = os.loadavg()[0] ?? 0;
  console.log(`load (machine load average before: ${loadBefore.toFixed(2)}):`);
  const results: { name: string; path: string; bytes: number; wrk: WrkResult }[] = [];
  for (const page of pages) {
    results.push({ name: page.name, path: page.path, bytes: Buffer.byteLength(fetched.get(page.path) ?? ''), wrk: await load(page.name, `${base}${page.path}`, duration) });
  }
  // Read before the flood, so that the figure stays the page loads' own.
  const memory = await memoryOf(server.child.pid!);

  // The page made on every request: a query the cache does not keep (?uncached=…), so each one renders.
  const uncachedUrl = `${base}${build.seedPath}?uncached=1`;
  const uncached = await load('story page, made on every request', uncachedUrl, duration);
  process.stdout.write('  story page, made on every request, one connection at a time … ');
  const uncachedAlone = await runWrk(uncachedUrl, duration, 1);
  console.log(`p50 ${fmtMs(uncachedAlone.p50Ms)} ms`);

  console.log('publish to visible on a second app server:');
  const visible = await publishToVisible(databaseUrl, base);
  console.log(`  ${visible.samples.length} publications: median ${fmtMs(visible.medianMs)} ms, slowest ${fmtMs(visible.maxMs)} ms`);

  console.log('every story page kept in memory:');
  const wholeSite = await keepEveryStoryPage(databaseUrl, base, server.child.pid!);
  console.log(`  ${wholeSite.pages} story pages read in ${seconds(wholeSite.ms)}; server RSS ${wholeSite.rssMiB} MiB (${wholeSite.rssBeforeMiB} MiB before)`);

  console.log(`comment flood (wrk -t1 -c${FLOOD_CONNECTIONS} -d${duration} on a post-moderated story, ${posters} posting loops):`);
  const flood = await runCommentFlood(base, build.floodStories, { duration, posters });
  // The server is idle from here; it stops so that the ceiling is measured on a quiet machine.
  await stopChild(server.child);

  const storyHtml = fetched.get(build.seedPath)!;
  const nginx = await startNginx(storyHtml);
  const ceiling = await load('nginx, static story page', nginx.url, duration);
  await stopChild(nginx.child);

  const loadAfter = os.loadavg()[0] ?? 0;
  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    totalMemoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    wrk: firstLine(WRK, ['--version']),
    nginx: firstLine(NGINX, ['-v']),
    // Other work on the machine skews every figure: above the core count, distrust the run.
    loadAverage1mBefore: Number(loadBefore.toFixed(2)),
    loadAverage1mAfter: Number(loadAfter.toFixed(2)),
  };
  const rows = [
    ...results.map((r) => ({ page: r.name, path: r.path, bytes: r.bytes, ...r.wrk, ratioToNginx: r.wrk.requestsPerSecond / ceiling.requestsPerSecond })),
    { page: 'nginx, static copy of the story page', path: '/story.html', bytes: Buffer.byteLength(storyHtml), ...ceiling, ratioToNginx: 1 },
  ];
  const report = {
    date: new Date().toISOString(),
    engine,
    stories: build.stories,
    buildSeconds: Number((build.buildMs / 1000).toFixed(1)),
    buildReusedDatabase: build.reused,
    savesPerSecond: Number(build.savesPerSecond.toFixed(0)),
    load: { tool: 'wrk', threads: 1, connections: CONNECTIONS, duration, warmup: WARMUP },
    server: { peakRssMiB: Number((memory.peakRssKb / 1024).toFixed(1)), rssAfterLoadMiB: Number((memory.rssKb / 1024).toFixed(1)) },
    uncachedStoryPage: { ...uncached, aloneP50Ms: uncachedAlone.p50Ms, aloneP99Ms: uncachedAlone.p99Ms },
    publishToVisibleOnSecondServer: visible,
    everyStoryPageKept: wholeSite,
    pages: rows,
    commentFlood: flood,
    machine,
    benchSeconds: 0,
  };
  report.benchSeconds = Number(((performance.now() - benchStarted) / 1000).toFixed(1));

  console.log('');
  console.log('| page | req/s | p50 | p95 | p99 | ratio to nginx |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    console.log(`| ${row.page} (${(row.bytes / 1024).toFixed(1)} KB) | ${row.requestsPerSecond.toFixed(0)} | ${fmtMs(row.p50Ms)} ms | ${fmtMs(row.p95Ms)} ms | ${fmtMs(row.p99Ms)} ms | ${row.ratioToNginx.toFixed(3)} |`);
  }
  console.log('');
  for (const line of floodTable(flood)) console.log(line);
  console.log('');
  const timedOut = [...rows.map((r) => ({ label: r.page, wrk: r as WrkResult })), { label: 'quiet story page', wrk: flood.quiet }, ...flood.scenarios.map((s) => ({ label: `story page during the flood from ${s.name}`, wrk: s.reads }))];
  for (const { label, wrk } of timedOut) {
    if (wrk.timeouts > 0) console.log(`- ${label}: ${wrk.timeouts} of ${wrk.requests + wrk.timeouts} requests got no answer within wrk's 2 s timeout and are not in the percentiles`);
  }
  console.log(`- story page made on every request (not from the cache): ${uncached.requestsPerSecond.toFixed(0)} req/s at ${CONNECTIONS} connections; alone, p50 ${fmtMs(uncachedAlone.p50Ms)} ms, p99 ${fmtMs(uncachedAlone.p99Ms)} ms`);
  console.log(`- publish to visible on a second app server (another process, its page cache warm): median ${fmtMs(visible.medianMs)} ms, slowest ${fmtMs(visible.maxMs)} ms over ${visible.samples.length} publications`);
  console.log(`- every story page kept (${wholeSite.pages} pages): server RSS ${wholeSite.rssMiB} MiB, up from ${wholeSite.rssBeforeMiB} MiB`);
  console.log(`- server peak RSS (VmHWM after the load): ${report.server.peakRssMiB} MiB (RSS then: ${report.server.rssAfterLoadMiB} MiB)`);
  console.log(`- database: ${engine}, ${build.stories} stories, built in ${report.buildSeconds} s${build.reused ? ' (reused, not built)' : ` (${report.savesPerSecond} saves/s, one transaction each)`}`);
  console.log(`- load: wrk -t1 -c${CONNECTIONS} -d${duration} after a ${WARMUP} warm-up, loopback; wrk shares the machine with the server`);
  console.log(`- comment flood: ${posters} posting loops against a post-moderated story while wrk -c${FLOOD_CONNECTIONS} reads it; "refused" is mostly 429 (5 posts a minute per address, 60 per story)`);
  console.log(`- machine: ${machine.cpu}, ${machine.cores} cores, ${machine.totalMemoryGiB} GiB, node ${machine.node}, ${machine.platform}`);
  console.log(`- machine load average (1 min): ${machine.loadAverage1mBefore} before the load, ${machine.loadAverage1mAfter} after${loadAfter > machine.cores || loadBefore > machine.cores ? ' — other work was running: distrust these figures' : ''}`);
  console.log(`- bench took ${report.benchSeconds} s`);

  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(repoRoot, RESULTS_FILE)}`);
}

try {
  await main();
} catch (error) {
  // After Ctrl-C, the errors of children being stopped are no news.
  if (!isInterrupted()) console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
