/**
 * What the benches that load a real server share: children and temp folders that are always cleaned up
 * (also on failure or Ctrl-C), free ports, the server itself (`dateline serve` as its own process), and
 * wrk with the percentiles it reports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../', import.meta.url));
export const WRK = '/usr/bin/wrk';
/** Each load starts with this much unmeasured: the server's code paths get compiled first. */
export const WARMUP = '2s';
/** wrk's `--latency` prints p50/p75/p90/p99 only; this script prints the percentiles the reports use. */
const PERCENTILES_SCRIPT = path.join(repoRoot, 'bench/wrk-percentiles.lua');

// ---------------------------------------------------------------------------------------------
// Cleanup: every child and temp folder is registered here the moment it exists.

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let cleaningUp: Promise<void> | undefined;
let interrupted = false;

/** Whether Ctrl-C (or SIGTERM, SIGHUP) arrived: long loops check it, and errors after it are no news. */
export function isInterrupted(): boolean {
  return interrupted;
}

export function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (alive(child)) {
    const exited = once(child, 'exit').catch(() => {});
    child.kill(signal);
    const timer = sleep(5000).then(() => 'timeout' as const);
    if ((await Promise.race([exited, timer])) === 'timeout' && alive(child)) {
      child.kill('SIGKILL');
      await exited;
    }
  }
  children.delete(child);
}

export function cleanup(): Promise<void> {
  cleaningUp ??= (async () => {
    await Promise.all([...children].map((child) => stopChild(child)));
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
    tempDirs.clear();
  })();
  return cleaningUp;
}

// Last resort when the process ends without passing through cleanup() (an uncaught error, process.exit).
process.on('exit', () => {
  for (const child of children) if (alive(child)) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\nbench: ${signal} received, stopping children and removing temp folders…`);
    void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function track(child: ChildProcess, name: string): { child: ChildProcess; output: () => string } {
  children.add(child);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (error) => {
    tail += `\n${name}: ${error.message}`;
  });
  child.on('exit', () => {
    if (!cleaningUp) children.delete(child);
  });
  return { child, output: () => tail };
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

export async function waitFor(url: string, child: ChildProcess, output: () => string, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!alive(child)) throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before answering:\n${output().trim()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000} s:\n${output().trim()}`);
    await sleep(100);
  }
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `BENCH_DURATION` as wrk's `-d`: `10s`, `30` or `1m`. */
export function readDuration(raw: string | undefined): string {
  const value = (raw ?? '10s').trim();
  const match = /^(\d+)(s|m)?$/.exec(value);
  if (!match || Number(match[1]) === 0) throw new Error(`BENCH_DURATION "${value}" is not a duration like 10s, 30 or 1m`);
  return `${match[1]}${match[2] ?? 's'}`;
}

/** A duration from `readDuration` in milliseconds. */
export function durationMs(duration: string): number {
  const match = /^(\d+)(s|m)$/.exec(duration);
  return match ? Number(match[1]) * (match[2] === 'm' ? 60_000 : 1000) : 0;
}

// ---------------------------------------------------------------------------------------------
// The server, as operators run it.

export interface BenchServer {
  base: string;
  child: ChildProcess;
  output: () => string;
}

/**
 * `dateline serve` on a free loopback port, answering /healthz. `TRUST_PROXY=1` lets a bench claim many
 * client addresses with X-Forwarded-For (the comment flood); reads do not depend on it.
 */
export async function startServer(databaseUrl: string, env: Record<string, string> = {}): Promise<BenchServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = track(
    spawn(process.execPath, ['bin/dateline.js', 'serve', '--host', '127.0.0.1', '--port', String(port)], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', PUBLIC_URL: base, TRUST_PROXY: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
    'server',
  );
  await waitFor(`${base}/healthz`, server.child, server.output, 'the server');
  return { base, ...server };
}

// ---------------------------------------------------------------------------------------------
// Load with wrk.

export interface WrkResult {
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  socketErrors: number;
  /** Requests that got no answer within wrk's 2 s timeout: counted in socketErrors, absent from the percentiles. */
  timeouts: number;
}

export function parseWrk(output: string): WrkResult {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const percentile = (p: number) => {
    const match = new RegExp(`^percentile ${p} (\\d+)$`, 'm').exec(output);
    if (!match) throw new Error(`wrk printed no ${p}th percentile:\n${output}`);
    // wrk counts latency in microseconds.
    return Number(match[1]) / 1000;
  };
  if (!rps) throw new Error(`wrk printed no Requests/sec:\n${output}`);
  const requests = /(\d+) requests in/.exec(output);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    requestsPerSecond: Number(rps[1]),
    p50Ms: percentile(50),
    p90Ms: percentile(90),
    p95Ms: percentile(95),
    p99Ms: percentile(99),
    requests: Number(requests?.[1] ?? 0),
    non2xx: Number(non2xx?.[1] ?? 0),
    socketErrors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
    timeouts: Number(socket?.[4] ?? 0),
  };
}

/** One wrk thread, `connections` connections, for `duration`; its figures. A longer `timeout` (wrk's default is 2s) keeps slow answers in the percentiles. */
export async function runWrk(url: string, duration: string, connections: number, timeout?: string): Promise<WrkResult> {
  const args = ['-t1', `-c${connections}`, `-d${duration}`, ...(timeout ? ['--timeout', timeout] : []), '-s', PERCENTILES_SCRIPT, url];
  const { child, output } = track(spawn(WRK, args, { stdio: ['ignore', 'pipe', 'pipe'] }), 'wrk');
  const [code] = (await once(child, 'exit')) as [number | null];
  children.delete(child);
  if (code !== 0) throw new Error(`wrk exited ${code} on ${url}:\n${output()}`);
  return parseWrk(output());
}

/** Milliseconds as the reports print them: two decimals under 10 ms, one above. */
export function fmtMs(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}
