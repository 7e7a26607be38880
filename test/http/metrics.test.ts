import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from '../support/test-site.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A port nothing listens on just now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** `dateline serve` in a process of its own; resolves with its URL once it says it is serving. */
function serve(databaseUrl: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', ...env };
  delete childEnv.METRICS_TOKEN;
  const child = spawn(process.execPath, ['bin/dateline.js', 'serve', '--create-if-missing', '--port', '0'], { cwd: repoRoot, env: childEnv, timeout: 60_000, killSignal: 'SIGKILL' });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      seen += chunk;
      const match = /dateline: serving (http:\/\/127\.0\.0\.1:\d+)\//u.exec(seen);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.on('close', (code) => reject(new Error(`serve exited (${code}) before serving: ${seen}`)));
  });
}

describe('metrics at /metrics', () => {
  let site: TestSite | undefined;

  afterEach(async () => {
    await site?.close();
    site = undefined;
  });

  it('answers 404 when no METRICS_TOKEN is configured', async () => {
    site = await startTestSite('sqlite');
    expect((await site.get('/metrics')).status).toBe(404);
  });

  it('asks for the bearer token, then serves request counts and latencies per route and the process metrics', async () => {
    site = await startTestSite('sqlite', { metricsToken: 's3cret-scrape-token' });
    expect((await site.get('/metrics')).status).toBe(401);
    expect((await site.get('/metrics', { headers: { authorization: 'Bearer wrong-scrape-token!' } })).status).toBe(401);

    expect((await site.get('/livez')).status).toBe(200);
    expect((await site.get('/en/')).status).toBe(200);
    const response = await site.get('/metrics', { headers: { authorization: 'Bearer s3cret-scrape-token' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/u);
    const text = await response.text();
    expect(text).toMatch(/^dateline_http_requests_total\{method="GET",route="\/livez",status="200"\} [1-9]/mu);
    expect(text).toMatch(/^dateline_http_request_duration_seconds_count\{method="GET",route="\/:edition\/"\} [1-9]/mu);
    expect(text).toContain('# TYPE dateline_database_query_duration_seconds histogram');
    expect(text).toMatch(/^process_cpu_user_seconds_total /mu);
  });

  it('tags every response with the request id of its log lines', async () => {
    site = await startTestSite('sqlite');
    const first = (await site.get('/livez')).headers.get('x-request-id');
    const second = (await site.get('/livez')).headers.get('x-request-id');
    expect(first).toMatch(/^[0-9a-f-]{36}$/u);
    expect(second).not.toBe(first);
  });

  it('serves /metrics without a token on METRICS_PORT, with the server\'s own figures, and not on the site\'s port', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dateline-metrics-'));
    const metricsPort = await freePort();
    const { child, url } = await serve(`sqlite:${join(dir, 'dateline.db')}`, { METRICS_PORT: String(metricsPort), PAGE_CACHE_MB: '64' });
    try {
      expect((await fetch(`${url}/en/`)).status).toBe(200);
      const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/u);
      const text = await response.text();
      expect(text).toMatch(/^dateline_http_requests_total\{method="GET",route="\/:edition\/",status="200"\} [1-9]/mu);
      // The gauges only a running server registers, each read as the metrics are fetched.
      expect(text).toMatch(/^dateline_page_cache_events_total\{outcome="misses"\} [1-9]/mu);
      // PAGE_CACHE_MB, and a quarter more for the last good copies kept for when the database cannot answer.
      expect(text).toMatch(/^dateline_page_cache_bytes\{of="limit"\} 83886080$/mu);
      expect(text).toMatch(/^dateline_page_cache_entries [1-9]/mu);
      expect(text).toMatch(/^dateline_change_events_behind 0$/mu);
      expect(text).toMatch(/^dateline_comments_pending 0$/mu);
      expect(text).toMatch(/^dateline_scheduler_lag_seconds 0$/mu);
      expect(text).toMatch(/^dateline_webhook_deliveries\{state="pending"\} 0$/mu);
      expect(text).toMatch(/^dateline_webhook_oldest_pending_seconds 0$/mu);
      expect(text).not.toMatch(/^dateline_database_connections\{/mu);
      expect((await fetch(`http://127.0.0.1:${metricsPort}/en/`)).status).toBe(404);

      const onSite = await fetch(`${url}/metrics`, { headers: { accept: 'text/plain' } });
      expect(onSite.status).toBe(404);
      expect(await onSite.text()).not.toContain('dateline_http_requests_total');
    } finally {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
