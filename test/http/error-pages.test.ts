import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from '../support/test-site.ts';

describe('unexpected errors', () => {
  let site: TestSite;

  beforeAll(async () => {
    site = await startTestSite('sqlite');
    await site.services.database.close();
  });
  afterAll(async () => {
    await site.app.close();
    await site.database.drop();
  });

  it('show readers the site’s error page, never the internal message', async () => {
    const response = await site.get('/en/news/898945/anything');
    const body = await response.text();
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(body).toContain('<h1>Something went wrong</h1>');
    expect(body).not.toMatch(/driver has already been destroyed|database| {4}at /i);
  });

  it('give API callers a generic problem, never the internal message', async () => {
    const response = await site.get('/en/news/898945/comments', { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: '{}' });
    const body = await response.text();
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(body).not.toMatch(/driver has already been destroyed|sqlite| {4}at /i);
  });

  it('is a 500 problem for API callers, with a generic detail and never its own message', async () => {
    const response = await site.get('/api/en/search?q=budget');
    const body = await response.text();
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.parse(body)).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', title: 'Internal Server Error' });
    expect(body).not.toMatch(/driver has already been destroyed|sqlite|database| {4}at /i);
  });
});
