import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { cameraSecrets, hasGpsDirectory, pdfDocument, photoWithGps, pngBomb, svgWithScript, truncatedJpeg } from '../support/picture-fixtures.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

interface UploadAnswer {
  pictures: { id: number; src: string; fileName: string }[];
  errors: { fileName: string; code: string; message: string }[];
}

describe.each(testEngines())('uploading pictures over HTTP on %s', (engine) => {
  let site: TestSite;
  let author: SignedInAgent;

  beforeAll(async () => {
    site = await startTestSite(engine);
    author = await signInAs(site, 'author');
  });

  afterAll(async () => {
    await site?.close();
  });

  async function upload(files: { name: string; bytes: Buffer; type?: string }[], fields: Record<string, string> = {}, accept = 'application/json'): Promise<Response> {
    const form = new FormData();
    form.append('_csrf', await author.csrfToken());
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    for (const file of files) form.append('files', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'image/jpeg' }), file.name);
    return author.request('/admin/media', { method: 'POST', body: form, headers: { accept } });
  }

  const mediaCount = async () => Number((await site.services.database.db.selectFrom('media').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('stores a photo and serves its variants with long-lived caching and no GPS position or camera serial', async () => {
    const response = await upload([{ name: 'street.jpg', bytes: await photoWithGps() }], { alt: 'A street at night', credit: 'Ana Ruiz' });
    expect(response.status).toBe(201);
    const answer = (await response.json()) as UploadAnswer;
    expect(answer.pictures).toHaveLength(1);
    const { id, src } = answer.pictures[0]!;
    const page = await author.html(`/admin/media/${id}`);
    expect(page).toContain('A street at night');
    const urls = [...new Set([...page.matchAll(/\/media\/\d+\/[^\s"',]+\.(?:avif|webp|jpeg)/gu)].map((m) => m[0]))];
    expect(urls.length).toBeGreaterThanOrEqual(3);
    for (const url of [src, ...urls]) {
      const file = await site.get(url);
      expect(file.status, url).toBe(200);
      expect(file.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const bytes = Buffer.from(await file.arrayBuffer());
      const meta = await sharp(bytes).metadata();
      expect(hasGpsDirectory(meta.exif), url).toBe(false);
      expect(meta.exif).toBeUndefined();
      expect(bytes.includes(cameraSecrets.serial)).toBe(false);
    }
    expect((await site.get(`/media/${id}/original-999-000000000000000000000000.jpeg`)).status).toBe(404);
  });

  it.each([
    ['a PDF renamed .jpg', () => pdfDocument(), 'report.jpg', 415, /PDF/u],
    ['an SVG with a script', () => svgWithScript(), 'logo.svg', 415, /SVG/u],
    ['a truncated JPEG', () => truncatedJpeg(), 'cut.jpg', 422, /damaged or cut short/u],
    ['a 30,000 × 30,000 PNG', () => pngBomb(), 'bomb.png', 422, /30,000 × 30,000/u],
    ['a zero-byte file', () => Buffer.alloc(0), 'empty.jpg', 400, /empty/u],
  ] as const)('refuses %s with a clear message, stores nothing, and keeps serving', async (_label, make, name, status, message) => {
    const before = await mediaCount();
    const response = await upload([{ name, bytes: await make() }]);
    expect(response.status).toBe(status);
    const answer = (await response.json()) as UploadAnswer;
    expect(answer.errors[0]?.fileName).toBe(name);
    expect(answer.errors[0]?.message).toMatch(message);
    expect(await mediaCount()).toBe(before);
    expect((await site.get('/healthz')).status).toBe(200);
  });

  it('refuses a 100 MB file as too large, stores nothing, and keeps serving', async () => {
    const before = await mediaCount();
    const huge = Buffer.alloc(100 * 1024 * 1024, 0);
    huge.set([0xff, 0xd8, 0xff, 0xe0]);
    const response = await upload([{ name: 'huge.jpg', bytes: huge }]);
    expect(response.status).toBe(413);
    expect(((await response.json()) as UploadAnswer).errors[0]?.message).toMatch(/larger than 40 MB/u);
    expect(await mediaCount()).toBe(before);
    expect((await site.get('/healthz')).status).toBe(200);
  });

  it('shows a refused file’s name and reason on the library page when the form is posted without script', async () => {
    const response = await upload([{ name: 'report.jpg', bytes: pdfDocument() }], {}, 'text/html');
    expect(response.status).toBe(415);
    expect(await response.text()).toContain('report.jpg: This file is not a picture the site accepts (it is a PDF document)');
  });

  it('refuses an upload without a CSRF token', async () => {
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(await photoWithGps())], { type: 'image/jpeg' }), 'x.jpg');
    const before = await mediaCount();
    const response = await author.request('/admin/media', { method: 'POST', body: form });
    expect(response.status).toBe(403);
    expect(await mediaCount()).toBe(before);
  });
});
