import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from '../support/test-site.ts';

describe('errors answered the way the caller reads them', () => {
  let site: TestSite;

  beforeAll(async () => {
    site = await startTestSite('sqlite');
  });
  afterAll(async () => {
    await site.close();
  });

  it('gives API callers problem JSON with the status’s title, our code and the inputs to fix', async () => {
    const response = await site.get('/api/en/search?q=budget&from=yesterday');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as { type: string; title: string; status: number; code: string; detail: string; errors: { field: string; detail: string }[] };
    expect(problem).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400, code: 'SEARCH_PARAMETER_INVALID' });
    expect(problem.errors.map((e) => e.field)).toContain('from');
    expect(problem.detail).toBe(problem.errors.map((e) => e.detail).join('; '));
  });

  it('gives API callers a not-found problem with a code for an address that leads nowhere', async () => {
    const response = await site.get('/api/en/nothing-here');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ status: 404, code: 'NOT_FOUND', title: 'Not Found' });
    const unknownEdition = await site.get('/api/zz/search?q=budget');
    expect(await unknownEdition.json()).toMatchObject({ status: 404, code: 'EDITION_UNKNOWN' });
  });

  it('gives readers an HTML page, in plain words, for a request the server cannot read', async () => {
    const response = await site.get('/en/news/%E0%A4%A');
    const body = await response.text();
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(body).toContain('The address is malformed.');
    expect(body).not.toContain('FST_ERR');
  });

  it('gives a script asking for JSON the same refusal as problem JSON', async () => {
    const response = await site.get('/en/news/%E0%A4%A', { headers: { accept: 'application/json' } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ status: 400, code: 'BAD_REQUEST', detail: 'The address is malformed.' });
  });

  it('gives the newsroom’s API a problem with a code when nobody is signed in', async () => {
    const response = await site.get('/api/admin/media');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 401, title: 'Unauthorized', code: 'UNAUTHENTICATED' });
  });
});
