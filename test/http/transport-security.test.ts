import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { testEngines } from '../support/engines.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * With an https PUBLIC_URL every response says Strict-Transport-Security, whatever answered it: reader
 * pages, feeds, assets, the newsroom, problem JSON, the site's own error pages and Fastify's for
 * malformed addresses. A plain-http site says nothing of the kind (HSTS over http is meaningless).
 */

const HSTS = 'max-age=31536000';

async function responses(site: TestSite): Promise<Array<[string, Response]>> {
  const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(await (await site.get('/en/')).text())?.[1] ?? '';
  const paths = ['/', '/en/', '/en/feed.xml', '/en/feed.atom', '/sitemap.xml', '/robots.txt', '/healthz', stylesheet, '/admin', '/admin/setup', '/api/admin/me', '/en/no-such-page', '/en/news/%E0%A4%A'];
  const out: Array<[string, Response]> = [];
  for (const path of paths) out.push([path, await site.get(path)]);
  out.push(['POST /admin/sign-in without a token', await site.get('/admin/sign-in', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a' })]);
  return out;
}

describe.each(testEngines())('transport security on %s', (engine) => {
  let https: TestSite;
  let http: TestSite;

  beforeAll(async () => {
    [https, http] = await Promise.all([startTestSite(engine, { publicUrl: 'https://news.example' }), startTestSite(engine, { publicUrl: 'http://news.example' })]);
    for (const site of [https, http]) {
      await site.services.stories.save({ editionCode: 'en', headline: 'Harbour Bridge Reopens', body: [paragraph('The bridge reopened on Monday.')], status: 'published', publishedAt: '2021-03-02T07:05:00.000Z' });
    }
  });

  afterAll(async () => {
    await Promise.all([https?.close(), http?.close()]);
  });

  it('sends Strict-Transport-Security on every response of an https site', async () => {
    const seen = await responses(https);
    expect(new Set(seen.map(([, response]) => response.status))).toEqual(new Set([200, 302, 303, 400, 401, 403, 404]));
    for (const [path, response] of seen) expect(response.headers.get('strict-transport-security'), `${path} (${response.status})`).toBe(HSTS);
  });

  it('sends none over plain http', async () => {
    for (const [path, response] of await responses(http)) expect(response.headers.get('strict-transport-security'), path).toBeNull();
  });
});
