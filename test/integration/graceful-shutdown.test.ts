import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionDrainer } from '../../src/http/connection-drainer.ts';
import { runInAnotherProcess } from '../support/child-process.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const STORY = '/en/news/898945/west-plotting-to-disrupt-karabakh-ceasefire-russia';

function dateline(args: string[], databaseUrl: string, env: NodeJS.ProcessEnv = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['bin/dateline.js', ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', ...env },
    timeout: 120_000,
    killSignal: 'SIGKILL',
  });
}

interface Exit {
  code: number | null;
  stderr: string;
}

function exited(child: ChildProcessWithoutNullStreams): Promise<Exit> {
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

/** Starts `serve` on a free port; resolves with its URL once it says it is serving. */
function serve(databaseUrl: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcessWithoutNullStreams; url: string; exit: Promise<Exit> }> {
  const child = dateline(['serve', '--port', '0'], databaseUrl, env);
  const exit = exited(child);
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stderr.on('data', (chunk: Buffer | string) => {
      seen += chunk.toString();
      const match = /dateline: serving (http:\/\/127\.0\.0\.1:\d+)\//u.exec(seen);
      if (match?.[1]) resolve({ child, url: match[1], exit });
    });
    void exit.then((result) => reject(new Error(`serve exited (${result.code}) before serving: ${result.stderr}`)));
  });
}

type Outcome = { kind: 'answered'; status: number; isClosing: boolean; at: number } | { kind: 'refused' } | { kind: 'reset'; error: string };

function get(url: string, agent: http.Agent): Promise<Outcome> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent }, (response) => {
      response.resume();
      response.on('end', () =>
        resolve({ kind: 'answered', status: response.statusCode ?? 0, isClosing: response.headers.connection === 'close', at: performance.now() }),
      );
      response.on('error', (error) => resolve({ kind: 'reset', error: error.message }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      // Refused: the server had stopped accepting, so this request never reached it; another server takes it.
      resolve(error.code === 'ECONNREFUSED' ? { kind: 'refused' } : { kind: 'reset', error: `${error.code ?? ''} ${error.message}` });
    });
  });
}

describe('SIGTERM on a running server', () => {
  let dir: string;
  let databaseUrl: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dateline-shutdown-'));
    databaseUrl = `sqlite:${join(dir, 'dateline.db')}`;
    const imported = await exited(dateline(['import-text', 'corpus/seed-898945.txt'], databaseUrl));
    expect(imported.code, imported.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('answers every request that reached it, with Connection: close, and resets none, under load on keep-alive connections', { timeout: 60_000 }, async () => {
    const { child, url, exit } = await serve(databaseUrl, { SHUTDOWN_TIMEOUT_MS: '8000' });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const outcomes: Outcome[] = [];
    let isStopped = false;
    const client = async () => {
      while (!isStopped) {
        const outcome = await get(`${url}${STORY}`, agent);
        outcomes.push(outcome);
        if (outcome.kind !== 'answered') return;
      }
    };
    try {
      const clients = Array.from({ length: 48 }, () => client());
      // Under way: every connection busy, requests queued behind each other.
      for (let waited = 0; outcomes.length < 150 && waited < 20_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      const answeredBefore = outcomes.length;
      const signalledAt = performance.now();
      child.kill('SIGTERM');
      const result = await exit;
      const stoppedMs = performance.now() - signalledAt;
      isStopped = true;
      await Promise.all(clients);

      const resets = outcomes.filter((o) => o.kind === 'reset');
      const answeredAfter = outcomes.filter((o) => o.kind === 'answered' && o.at > signalledAt);
      expect(resets).toEqual([]);
      expect(answeredBefore).toBeGreaterThan(48);
      // What was in flight when the signal came was answered, and told the client to go elsewhere next.
      expect(answeredAfter.length).toBeGreaterThan(0);
      expect(answeredAfter.filter((o) => o.kind === 'answered' && o.status !== 200)).toEqual([]);
      expect(answeredAfter.filter((o) => o.kind === 'answered' && o.isClosing).length).toBeGreaterThan(0);
      expect(outcomes.filter((o) => o.kind === 'refused').length).toBeGreaterThan(0);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/dateline: stopped\n$/u);
      expect(stoppedMs).toBeLessThan(8000);
    } finally {
      isStopped = true;
      agent.destroy();
      child.kill('SIGKILL');
    }
  });

  it('does not let a slow client hold the shutdown past the deadline', { timeout: 60_000 }, async () => {
    const deadlineMs = 2000;
    const { child, url, exit } = await serve(databaseUrl, { SHUTDOWN_TIMEOUT_MS: String(deadlineMs) });
    const { port } = new URL(url);
    const slow = net.connect(Number(port), '127.0.0.1');
    slow.on('error', () => {});
    try {
      await new Promise((resolve) => slow.once('connect', resolve));
      // Half a request, and then nothing: a slow or stuck client.
      slow.write('GET /en/ HTTP/1.1\r\nHost: dateline.test\r\n');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const signalledAt = performance.now();
      child.kill('SIGTERM');
      const result = await exit;
      const stoppedMs = performance.now() - signalledAt;
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(`dateline: closed 1 connection(s) still open after ${deadlineMs} ms`);
      expect(stoppedMs).toBeGreaterThan(deadlineMs - 100);
      expect(stoppedMs).toBeLessThan(deadlineMs + 2000);
    } finally {
      slow.destroy();
      child.kill('SIGKILL');
    }
  });
});

/**
 * A client of its own process (it must keep running while the server's cannot): `n` keep-alive connections,
 * a request on each; then, told to go, after a moment another request on each of the same connections.
 */
function keepAliveClient(port: number, n: number): string {
  return `
    const { default: http } = await import('node:http');
    const agent = new http.Agent({ keepAlive: true, maxSockets: ${n} });
    const get = () => new Promise((resolve) => {
      const request = http.get({ host: '127.0.0.1', port: ${port}, path: '/', agent }, (response) => {
        response.resume();
        response.on('end', () => resolve({ kind: 'answered', status: response.statusCode, isClosing: response.headers.connection === 'close' }));
      });
      request.on('error', (error) => resolve({ kind: 'reset', error: error.code + ' ' + error.message }));
    });
    const first = await Promise.all(Array.from({ length: ${n} }, get));
    console.log('ready');
    process.stdin.once('data', async () => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const second = await Promise.all(Array.from({ length: ${n} }, get));
      console.log(JSON.stringify({ first, second }));
      agent.destroy();
      process.exit(0);
    });
  `;
}

/** A client of its own process that, told to go, after a moment opens `n` new connections with a request on each. */
function newConnectionsClient(port: number, n: number): string {
  return `
    const { default: http } = await import('node:http');
    const get = () => new Promise((resolve) => {
      const request = http.get({ host: '127.0.0.1', port: ${port}, path: '/', agent: false }, (response) => {
        response.resume();
        response.on('end', () => resolve({ kind: 'answered', status: response.statusCode, isClosing: response.headers.connection === 'close' }));
      });
      request.on('error', (error) => resolve({ kind: error.code === 'ECONNREFUSED' ? 'refused' : 'reset', error: error.code + ' ' + error.message }));
    });
    console.log('ready');
    process.stdin.once('data', async () => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const second = await Promise.all(Array.from({ length: ${n} }, get));
      console.log(JSON.stringify({ first: [], second }));
      process.exit(0);
    });
  `;
}

/** Busy for `ms`, as a process the machine gives no time to run. */
function holdUp(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // nothing: the event loop reads no socket meanwhile
  }
}

describe('draining while the server cannot run', () => {
  it('answers the connections the system made for it meanwhile, before it stops accepting, and resets none', { timeout: 30_000 }, async () => {
    const server = http.createServer((_request, response) => response.end('ok'));
    const drainer = new ConnectionDrainer(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const connections = 8;
    const client = runInAnotherProcess<{ second: Outcome[] }>(newConnectionsClient(port, connections), '', 'client', 30_000);
    try {
      await client.ready;
      client.go();
      // The connections are made and their requests sent while the server's process cannot run: they wait
      // in the listening socket's queue, not yet accepted, when the signal to stop is handled.
      holdUp(1000);
      const drained = drainer.drain({ deadlineMs: 5000, idleGraceMs: 200 });
      const { second } = await client.result;
      const { destroyed } = await drained;

      expect(second.filter((o) => o.kind !== 'answered')).toEqual([]);
      expect(second.every((o) => o.kind === 'answered' && o.status === 200)).toBe(true);
      expect(destroyed).toBe(0);
    } finally {
      client.kill();
      server.close();
    }
  });

  it('answers the requests that arrived on idle connections meanwhile, and resets none', { timeout: 30_000 }, async () => {
    const server = http.createServer((_request, response) => response.end('ok'));
    const drainer = new ConnectionDrainer(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const connections = 8;
    const client = runInAnotherProcess<{ first: Outcome[]; second: Outcome[] }>(keepAliveClient(port, connections), '', 'client', 30_000);
    try {
      await client.ready;
      const drained = drainer.drain({ deadlineMs: 5000, idleGraceMs: 200 });
      client.go();
      // The server's process gets no time to run (a loaded machine) for longer than the quiet time: the
      // requests sent meanwhile wait unread in their sockets while the quiet time runs out.
      holdUp(1000);
      const { first, second } = await client.result;
      const { destroyed } = await drained;

      expect(first.filter((o) => o.kind !== 'answered')).toEqual([]);
      expect(second.filter((o) => o.kind === 'reset')).toEqual([]);
      expect(second).toHaveLength(connections);
      expect(second.every((o) => o.kind === 'answered' && o.status === 200)).toBe(true);
      expect(destroyed).toBe(0);
    } finally {
      client.kill();
      server.close();
    }
  });
});
