import { afterEach, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from '../support/test-site.ts';

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
});
