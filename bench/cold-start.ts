/**
 * `npm run bench:start`: how long `dateline serve` takes from process start to its first answered request,
 * and how long `dateline --help` takes, as an operator starts them (`node bin/dateline.js`): the compiled
 * JavaScript of dist/ (`npm run build`) beside the TypeScript sources run through tsx (DATELINE_RUN_SOURCES=1,
 * which is also how every start went before there was a build step, islands bundled at each start included).
 *
 * An SQLite site with the demo content is made once in a temporary folder (not measured); then each round
 * starts the server on a free loopback port, asks for the English home page every 5 ms until it answers 200,
 * and stops the server with SIGTERM. The two ways alternate round by round, so both see the same machine
 * load. Prints the median and the fastest of COLD_START_ROUNDS (default 7) each.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = Number(process.env.COLD_START_ROUNDS ?? 7);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

type Way = 'compiled' | 'sources';

const childEnv = (databaseUrl: string, way: Way): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
  if (way === 'sources') env.DATELINE_RUN_SOURCES = '1';
  else delete env.DATELINE_RUN_SOURCES;
  return env;
};

/** Starts `serve`, waits for `/en/` to answer 200, stops it; returns the milliseconds to the first answer. */
async function startAndAnswer(databaseUrl: string, way: Way, options: { demo: boolean }): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const args = ['bin/dateline.js', 'serve', '--host', '127.0.0.1', '--port', String(port), ...(options.demo ? ['--demo-if-empty', '--create-if-missing'] : [])];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: childEnv(databaseUrl, way), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let isExited = false;
  void exited.then(() => (isExited = true));
  try {
    for (;;) {
      if (isExited) throw new Error(`the server exited before answering:\n${stderr}`);
      if (performance.now() - started > 180_000) throw new Error(`no answer within 180 s:\n${stderr}`);
      const status = await fetch(`http://127.0.0.1:${port}/en/`).then(
        (response) => response.arrayBuffer().then(() => response.status),
        () => 0,
      );
      if (status === 200) return performance.now() - started;
      if (status !== 0) throw new Error(`the home page answered ${status}:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

async function helpTime(way: Way): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/dateline.js', '--help'], { cwd: ROOT, env: childEnv('sqlite::memory:', way), stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return performance.now() - started;
}

const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `median ${Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0)} ms, fastest ${Math.round(sorted[0] ?? 0)} ms (${times.map(Math.round).join(', ')})`;
};

const folder = await mkdtemp(join(tmpdir(), 'dateline-cold-start-'));
try {
  const databaseUrl = `sqlite:${join(folder, 'site.db')}`;
  console.log('making a site with the demo content…');
  await startAndAnswer(databaseUrl, 'sources', { demo: true });
  const ways: Way[] = existsSync(new URL('../dist/cli/main.js', import.meta.url)) ? ['compiled', 'sources'] : ['sources'];
  if (ways.length === 1) console.log('no dist/ (npm run build): measuring the sources only');
  const serve: Record<Way, number[]> = { compiled: [], sources: [] };
  const help: Record<Way, number[]> = { compiled: [], sources: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const way of ways) {
      serve[way].push(await startAndAnswer(databaseUrl, way, { demo: false }));
      help[way].push(await helpTime(way));
    }
  }
  for (const way of ways) {
    console.log(`${way}: start to first answered request: ${summary(serve[way])}`);
    console.log(`${way}: dateline --help: ${summary(help[way])}`);
  }
} finally {
  await rm(folder, { recursive: true, force: true });
}
