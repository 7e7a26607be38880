import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { ConfigError, readConfig } from '../../src/config/app-config.ts';
import { signInAs } from '../support/admin-agent.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * Hardening headers (docs/decisions/010-security-headers-and-embeds.md): Permissions-Policy and
 * Cross-Origin-Resource-Policy on every response, Cross-Origin-Opener-Policy and a CSP that requires
 * Trusted Types on every page, and images only from the site, `data:` and the origins the operator lists.
 */

const PERMISSIONS = 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()';

describe('security headers', () => {
  let site: TestSite;
  let listed: TestSite;
  let storyPath: string;

  beforeAll(async () => {
    [site, listed] = await Promise.all([startTestSite('sqlite'), startTestSite('sqlite', { imageOrigins: ['https://images.example.org', 'https://cdn.example.net'] })]);
    const saved = await site.services.stories.save({ editionCode: 'en', headline: 'Harbour Crane Returns', body: [paragraph('The crane is back.')], status: 'published', publishedAt: '2021-03-02T07:05:00.000Z' });
    storyPath = `/en/news/${saved.code}`;
  });

  afterAll(async () => {
    await Promise.all([site?.close(), listed?.close()]);
  });

  it('pages: Permissions-Policy, COOP, CORP same-origin, and a CSP with Trusted Types and images from the site alone', async () => {
    const admin = await signInAs(site, 'admin');
    const pages: Array<[string, Response]> = [];
    for (const path of ['/en/', storyPath, '/en/search?q=crane', '/en/nowhere', '/admin/sign-in']) pages.push([path, await site.get(path, { redirect: 'follow' })]);
    pages.push(['/admin/people (signed in)', await admin.get('/admin/people')]);
    for (const [path, response] of pages) {
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/u);
      expect(response.headers.get('permissions-policy'), path).toBe(PERMISSIONS);
      expect(response.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
      expect(response.headers.get('cross-origin-resource-policy'), path).toBe('same-origin');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("img-src 'self' data:;");
      expect(csp, path).toContain("require-trusted-types-for 'script'");
      expect(csp, path).not.toContain('https:');
    }
  });

  it('feeds, sitemaps and assets may be loaded by other sites; JSON stays ours', async () => {
    const home = await (await site.get('/en/')).text();
    const stylesheet = /<link rel="stylesheet" href="([^"]+)"/u.exec(home)?.[1] ?? '';
    for (const path of ['/en/feed.xml', '/en/feed.atom', '/en/feed.json', '/sitemap.xml', stylesheet]) {
      const response = await site.get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cross-origin-resource-policy'), path).toBe('cross-origin');
      expect(response.headers.get('permissions-policy'), path).toBe(PERMISSIONS);
      expect(response.headers.get('cross-origin-opener-policy'), path).toBeNull();
    }
    for (const path of ['/healthz', '/api/admin/me']) expect((await site.get(path)).headers.get('cross-origin-resource-policy'), path).toBe('same-origin');
  });

  it('lists the image origins the operator allows, and nothing else', async () => {
    const csp = (await listed.get('/en/')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("img-src 'self' data: https://images.example.org https://cdn.example.net;");
  });

  it('reads IMAGE_ORIGINS as https origins, refusing anything else by name', () => {
    expect(readConfig({}).imageOrigins).toEqual([]);
    expect(readConfig({ IMAGE_ORIGINS: 'https://images.example.org https://cdn.example.net/' }).imageOrigins).toEqual(['https://images.example.org', 'https://cdn.example.net']);
    for (const bad of ['http://images.example.org', 'https:', 'https://images.example.org/photos', '*']) {
      expect(() => readConfig({ IMAGE_ORIGINS: bad }), bad).toThrow(ConfigError);
    }
    expect(() => readConfig({ IMAGE_ORIGINS: 'https:' })).toThrow('IMAGE_ORIGINS: "https:" is not an https origin like https://images.example.org');
  });
});
