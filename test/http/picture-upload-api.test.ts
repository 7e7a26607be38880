import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor, type User } from '../../src/modules/accounts/account-types.ts';
import { createUser, signInAs } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { pdfDocument, photoWithGps, plainJpeg } from '../support/picture-fixtures.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

interface FileToSend {
  name: string;
  bytes: Buffer;
  type?: string;
}

interface UploadedPicture {
  id: number;
  fileName: string;
  alt: string;
  credit: string;
  width: number;
  height: number;
  src: string;
}

/** Staff automation uploads a picture to the library with an admin key, through the library's own checks. */
describe.each(testEngines())('uploading a picture through the newsroom’s API on %s', (engine) => {
  let site: TestSite;
  let desk: User;
  let token: string;

  beforeAll(async () => {
    site = await startTestSite(engine);
    desk = (await createUser(site, 'editor', { displayName: 'Photo Desk Robot' })).user;
    token = (await site.services.apiKeys.create(commandLineActor, { name: 'Photo desk', scope: 'admin', allowedOrigins: [], requestsPerMinute: 600, actsAsUserId: desk.id })).token;
  });

  afterAll(async () => {
    await site?.close();
  });

  function pictureForm(file: FileToSend | undefined, fields: Record<string, string>): FormData {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    if (file) form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'image/jpeg' }), file.name);
    return form;
  }

  const uploadWithKey = (form: FormData, key = token) => site.get('/api/admin/media', { method: 'POST', body: form, headers: { authorization: `Bearer ${key}` } });
  const mediaCount = async () => Number((await site.services.database.db.selectFrom('media').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('stores the picture with its alt text and credit, as the key’s person, and serves its variants', async () => {
    const response = await uploadWithKey(pictureForm({ name: 'harbour.jpg', bytes: await photoWithGps() }, { alt: 'Fishing boats moored in the harbour\u0007 at dawn', credit: 'Ana Ruiz / Dateline' }));
    expect(response.status, await response.clone().text()).toBe(201);
    const { picture } = (await response.json()) as { picture: UploadedPicture };
    expect(picture).toMatchObject({ fileName: 'harbour.jpg', alt: 'Fishing boats moored in the harbour at dawn', credit: 'Ana Ruiz / Dateline' });
    expect(picture.width).toBeGreaterThan(0);
    expect((await site.get(picture.src)).status).toBe(200);

    const row = await site.services.database.db.selectFrom('media').select(['created_by', 'alt', 'credit']).where('id', '=', picture.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ created_by: desk.id, alt: 'Fishing boats moored in the harbour at dawn', credit: 'Ana Ruiz / Dateline' });
    const audit = await site.services.database.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('subject_type', '=', 'media').where('subject_id', '=', String(picture.id)).execute();
    expect(audit).toEqual([{ action: 'media.added', actor_user_id: desk.id }]);
  });

  it('takes the same upload from a signed-in session with its CSRF token', async () => {
    const author = await signInAs(site, 'author');
    const form = pictureForm({ name: 'market.jpg', bytes: await plainJpeg() }, { alt: 'Stalls of the night market' });
    const response = await author.request('/api/admin/media', { method: 'POST', body: form, headers: { 'x-csrf-token': await author.csrfToken() } });
    expect(response.status, await response.clone().text()).toBe(201);
    const forged = await author.request('/api/admin/media', { method: 'POST', body: pictureForm({ name: 'market.jpg', bytes: await plainJpeg() }, { alt: 'Stalls' }) });
    expect(forged.status).toBe(403);
  });

  it.each([
    ['a PDF named .jpg', (): FileToSend => ({ name: 'report.jpg', bytes: pdfDocument() }), { alt: 'A report' }, 415, 'MEDIA_TYPE_REFUSED', 'file'],
    ['no alt text', (): FileToSend => ({ name: 'no-alt.jpg', bytes: Buffer.alloc(0) }), { credit: 'Ana Ruiz' }, 400, 'PARAMETER_INVALID', 'alt'],
    ['an alt text of spaces', (): FileToSend => ({ name: 'blank-alt.jpg', bytes: Buffer.alloc(0) }), { alt: '   ' }, 400, 'PARAMETER_INVALID', 'alt'],
    ['no file', (): FileToSend | undefined => undefined, { alt: 'Something' }, 400, 'PARAMETER_INVALID', 'file'],
    ['a field it does not know', (): FileToSend => ({ name: 'x.jpg', bytes: Buffer.alloc(0) }), { alt: 'Something', owner: 'someone' }, 400, 'PARAMETER_INVALID', 'owner'],
    ['a credit longer than the library keeps', (): FileToSend => ({ name: 'x.jpg', bytes: Buffer.alloc(0) }), { alt: 'Something', credit: 'x'.repeat(301) }, 400, 'PARAMETER_INVALID', 'credit'],
  ] as const)('refuses %s with problem details naming the field, and stores nothing', async (_label, file, fields, status, code, field) => {
    const before = await mediaCount();
    const response = await uploadWithKey(pictureForm(file(), fields));
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status, code, field });
    expect(await mediaCount()).toBe(before);
  });

  it('refuses a file past the upload limit as too large, and keeps serving', async () => {
    const before = await mediaCount();
    const huge = Buffer.alloc(41 * 1024 * 1024, 0);
    huge.set([0xff, 0xd8, 0xff, 0xe0]);
    const response = await uploadWithKey(pictureForm({ name: 'huge.jpg', bytes: huge }, { alt: 'Far too large' }));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'MEDIA_FILE_TOO_LARGE', field: 'file' });
    expect(await mediaCount()).toBe(before);
    expect((await site.get('/healthz')).status).toBe(200);
  });

  it('refuses a key that only reads content, and stores nothing', async () => {
    const { token: contentKey } = await site.services.apiKeys.create(commandLineActor, { name: 'Reader app', scope: 'content', allowedOrigins: [], requestsPerMinute: 600 });
    const before = await mediaCount();
    const response = await uploadWithKey(pictureForm({ name: 'street.jpg', bytes: await plainJpeg() }, { alt: 'A street' }), contentKey);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ title: 'Forbidden', code: 'API_KEY_SCOPE' });
    expect(await mediaCount()).toBe(before);
  });
});
