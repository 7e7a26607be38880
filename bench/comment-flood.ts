/**
 * Story-page latency with and without a concurrent flood of comment posts, on loopback. A script that
 * prints figures, not a test.
 *
 *   npm run bench:comments                     SQLite in a temp folder, 8 s of reads per run
 *   BENCH_DURATION=5s npm run bench:comments   shorter runs (wrk's -d)
 *   BENCH_POSTERS=16 npm run bench:comments    concurrent posting loops (default 8)
 *
 * The server runs as its own process (`dateline serve`, TRUST_PROXY=1 so each posting loop can claim its
 * own addresses with X-Forwarded-For); wrk reads the story page; Node fetch loops post comments meanwhile.
 * Most posts end in 429 once the story's limit is reached — that is the flood the limiter must absorb.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { paragraph } from '../src/content/blocks.ts';
import { parseDatabaseUrl } from '../src/db/database-url.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { createServices } from '../src/services.ts';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const WRK = '/usr/bin/wrk';
const DURATION = process.env.BENCH_DURATION ?? '8s';
const POSTERS = Number(process.env.BENCH_POSTERS ?? 8);
const CONNECTIONS = 20;

const children = new Set<ChildProcess>();
let tempDir: string | undefined;
async function cleanup(): Promise<void> {
  for (const child of children) child.kill('SIGTERM');
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
}
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  return port;
}

interface Reads {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  return unit === 'us' ? n / 1000 : unit === 's' ? n * 1000 : n;
}

async function runWrk(url: string): Promise<Reads> {
  const child = spawn(WRK, ['-t1', `-c${CONNECTIONS}`, `-d${DURATION}`, '--latency', url], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await once(child, 'exit');
  children.delete(child);
  const percentile = (p: string) => {
    const match = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(output);
    if (!match) throw new Error(`wrk printed no ${p}% latency:\n${output}`);
    return toMs(match[1]!, match[2]!);
  };
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? 0),
    p50: percentile('50'),
    p99: percentile('99'),
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0),
  };
}

async function main(): Promise<void> {
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'dateline-comment-bench-'));
  const databaseUrl = `sqlite:${path.join(tempDir, 'bench.db')}`;
  const handle = await openDatabase(parseDatabaseUrl(databaseUrl));
  const services = await createServices(handle);
  const saved = await services.stories.save({
    editionCode: 'en',
    headline: 'Bench Story for the Comment Flood',
    body: Array.from({ length: 12 }, (_, i) => paragraph(`Paragraph ${i + 1} of a story readers keep reading while others comment.`)),
    status: 'published',
    publishedAt: new Date(Date.now() - 3_600_000).toISOString(),
  });
  await services.comments.setStoryPolicy(saved.id, 'post_moderated');
  await handle.close();

  const port = await freePort();
  const server = spawn(process.execPath, [path.join(repoRoot, 'bin/dateline.js'), 'serve', '--port', String(port)], {
    env: { ...process.env, DATABASE_URL: databaseUrl, TRUST_PROXY: '1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(server);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (i > 100) throw new Error('the server did not start');
    const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const storyUrl = `${base}/en/news/${saved.code}/${saved.slug}`;
  const html = await (await fetch(storyUrl)).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  // The form's minimum fill time.
  await new Promise((r) => setTimeout(r, 3500));

  const quiet = await runWrk(storyUrl);

  const tally = { sent: 0, created: 0, limited: 0, other: 0 };
  let flooding = true;
  const poster = async (n: number) => {
    for (let i = 0; flooding; i++) {
      const response = await fetch(`${base}/en/news/${saved.code}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'x-forwarded-for': `10.${n}.${(i >> 8) & 255}.${i & 255}` },
        body: new URLSearchParams({ _csrf: token, name: `Poster ${n}`, email: `p${n}-${i}@example.org`, body: `Comment ${i} from poster ${n}.`, website: '' }),
      }).catch(() => undefined);
      await response?.arrayBuffer();
      tally.sent++;
      if (response?.status === 201) tally.created++;
      else if (response?.status === 429) tally.limited++;
      else tally.other++;
    }
  };
  const started = performance.now();
  const posters = Array.from({ length: POSTERS }, (_, n) => poster(n));
  const flood = await runWrk(storyUrl);
  flooding = false;
  await Promise.all(posters);
  const seconds = (performance.now() - started) / 1000;

  console.log(`# Comment flood bench (SQLite, wrk -t1 -c${CONNECTIONS} -d${DURATION} on the story page, ${POSTERS} posting loops)\n`);
  console.log('| reads             | req/s  | p50 ms | p99 ms | non-2xx |');
  console.log('|-------------------|-------:|-------:|-------:|--------:|');
  for (const [label, r] of [['quiet', quiet], ['during the flood', flood]] as const) {
    console.log(`| ${label.padEnd(17)} | ${r.rps.toFixed(0).padStart(6)} | ${r.p50.toFixed(2).padStart(6)} | ${r.p99.toFixed(2).padStart(6)} | ${String(r.non2xx).padStart(7)} |`);
  }
  console.log(`\nposts: ${tally.sent} in ${seconds.toFixed(1)} s (${(tally.sent / seconds).toFixed(0)}/s): ${tally.created} created, ${tally.limited} refused with 429, ${tally.other} other`);
  console.log('The server keeps no page cache (pages carry Cache-Control for browsers and proxies only): every read renders the page.');
}

try {
  await main();
} finally {
  await cleanup();
}
