import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/** The OpenAPI document is valid OpenAPI 3.1, describes every API route, and has a readable page of its own. */
describe.each(testEngines())('OpenAPI document on %s', (engine) => {
  let site: TestSite;
  let document: { openapi: string; paths: Record<string, Record<string, { parameters?: Array<{ name: string }>; responses?: Record<string, unknown> }>> };

  beforeAll(async () => {
    site = await startTestSite(engine);
    const response = await site.get('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    document = await response.json();
  });

  afterAll(async () => {
    await site?.close();
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(document.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(document as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes every /api/v1 and /api/admin route, and no reader page', () => {
    const routes = [...site.app.contentApiRoutes, ...site.app.adminRoutes.filter((r) => r.url.startsWith('/api/admin/'))];
    // The preflight answers browsers, and the reference page is the document itself, for people.
    const apiRoutes = routes.filter((r) => r.method !== 'OPTIONS' && r.url !== '/api/v1/reference');
    expect(apiRoutes.length).toBeGreaterThan(10);
    for (const route of apiRoutes) {
      const openApiPath = route.url.replace(/:(\w+)/g, '{$1}');
      expect(document.paths[openApiPath]?.[route.method.toLowerCase()], `${route.method} ${route.url}`).toBeDefined();
    }
    expect(Object.keys(document.paths).every((path) => path.startsWith('/api/'))).toBe(true);
  });

  it('documents the parameters and refusals of the story list', () => {
    const list = document.paths['/api/v1/stories']?.get;
    expect(list?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['edition', 'section', 'tag', 'author', 'from', 'to', 'limit', 'cursor', 'fields']));
    expect(Object.keys(list?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '429']));
  });

  it('documents the picture upload as a multipart form with its file, its required alt text and its refusals', () => {
    const upload = (document.paths['/api/admin/media'] as Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, { type?: string; format?: string }>; required: string[] } }> }; responses?: Record<string, unknown> }> | undefined)?.post;
    const form = upload?.requestBody?.content['multipart/form-data']?.schema;
    expect(form?.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(form?.required).toEqual(expect.arrayContaining(['file', 'alt']));
    expect(Object.keys(upload?.responses ?? {})).toEqual(expect.arrayContaining(['201', '400', '403', '413', '415', '429']));
  });

  it('describes refusals as the site answers them: the status name as title, the stable code in `code`', () => {
    const schemas = (document as unknown as { components: { schemas: Record<string, { description?: string; properties?: Record<string, unknown>; required?: string[] }> } }).components.schemas;
    const problem = Object.values(schemas).find((schema) => schema.description === 'RFC 9457 problem details');
    expect(Object.keys(problem?.properties ?? {})).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'code', 'field', 'errors']));
    expect(problem?.required).toEqual(expect.arrayContaining(['title', 'status', 'code']));
  });

  it('has a reference page made on the site, loading nothing from another host', async () => {
    const response = await site.get('/api/v1/reference');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await response.text();
    expect(html).toContain('<code>GET /api/v1/stories</code>');
    expect(html).toContain('<code>POST /api/admin/stories/{id}/publish</code>');
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
  });
});
