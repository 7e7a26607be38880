import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/open-database.ts';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { MediaError, variantPath, widthsFor, type MediaErrorCode } from '../../src/modules/media/index.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/engines.ts';
import { animatedGif, cameraSecrets, hasGpsDirectory, pdfDocument, photoWithGps, plainJpeg, plainPng, pngBomb, svgWithScript, truncatedJpeg } from '../support/picture-fixtures.ts';

describe.each(testEngines())('the picture library on %s', (engine) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let services: Services;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    handle = await openDatabase(parseDatabaseUrl(database.url));
    services = await createServices(handle, { mediaWarm: 'none' });
  });

  afterAll(async () => {
    await services.media.settle();
    await handle.close();
    await database.drop();
  });

  const variantName = (path: string) => path.split('/').pop()!;
  const countRows = async (table: 'media' | 'media_variants') => Number((await handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  async function refusal(bytes: Buffer, fileName: string): Promise<{ code: MediaErrorCode; message: string }> {
    const error = await services.media.add(commandLineActor, { bytes, fileName }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(MediaError);
    return { code: (error as MediaError).code, message: (error as MediaError).message };
  }

  it('keeps a photo turned upright, in sRGB, with no GPS position, camera serial or any other metadata', async () => {
    const picture = await services.media.add(commandLineActor, { bytes: await photoWithGps(), fileName: 'phone.jpg' }, { alt: 'A red and blue card', credit: 'Test Desk' });
    expect({ width: picture.width, height: picture.height }).toEqual({ width: 400, height: 600 });
    const { master } = await handle.db.selectFrom('media').select('master').where('id', '=', picture.id).executeTakeFirstOrThrow();
    const stored = await sharp(Buffer.from(master)).metadata();
    expect(stored.exif).toBeUndefined();
    expect(stored.xmp).toBeUndefined();
    expect(stored.icc).toBeUndefined();
    expect(Buffer.from(master).includes(cameraSecrets.serial)).toBe(false);
    // The top of the upright picture is the red half.
    const { data } = await sharp(Buffer.from(master)).extract({ left: 150, top: 20, width: 10, height: 10 }).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(150);
    expect(data[2]).toBeLessThan(100);
  });

  it('serves every variant without metadata, in the format and size its name says, never wider than the picture', async () => {
    const original = await photoWithGps();
    expect(hasGpsDirectory((await sharp(original).metadata()).exif)).toBe(true);
    const picture = await services.media.add(commandLineActor, { bytes: original, fileName: 'gps.jpg' });
    expect(widthsFor(picture, 'original')).toEqual([320, 400]);
    for (const crop of ['original', '16x9', '4x3', '1x1'] as const) {
      for (const format of ['avif', 'webp', 'jpeg'] as const) {
        const width = widthsFor(picture, crop).at(-1)!;
        const variant = await services.media.findVariant(picture.id, variantName(variantPath(picture, crop, width, format)));
        expect(variant, `${crop} ${format}`).toBeDefined();
        const meta = await sharp(variant!.bytes).metadata();
        expect(meta.format).toBe(format === 'avif' ? 'heif' : format);
        expect(meta.width).toBe(width);
        expect(meta.exif).toBeUndefined();
        expect(hasGpsDirectory(meta.exif)).toBe(false);
        expect(variant!.bytes.includes(cameraSecrets.serial)).toBe(false);
      }
    }
    expect(await services.media.findVariant(picture.id, variantName(variantPath(picture, 'original', 2048, 'jpeg')))).toBeUndefined();
  });

  it('makes a variant once and answers later requests from the store', async () => {
    const picture = await services.media.add(commandLineActor, { bytes: await plainJpeg(), fileName: 'plain.jpg' });
    const name = variantName(variantPath(picture, '16x9', 640, 'webp'));
    const before = await countRows('media_variants');
    const [a, b] = await Promise.all([services.media.findVariant(picture.id, name), services.media.findVariant(picture.id, name)]);
    expect(a!.bytes.equals(b!.bytes)).toBe(true);
    expect(await countRows('media_variants')).toBe(before + 1);
    expect((await services.media.findVariant(picture.id, name))!.bytes.equals(a!.bytes)).toBe(true);
    expect(await services.media.findVariant(picture.id, name.replace(/-[0-9a-f]{24}\./u, '-000000000000000000000000.'))).toBeUndefined();
  });

  it('keeps the subject of a crop around the focal point, under a new address once it moves', async () => {
    const picture = await services.media.add(commandLineActor, { bytes: await plainJpeg(1600, 900), fileName: 'wide.jpg' });
    const before = variantPath(picture, '1x1', 640, 'jpeg');
    const { picture: moved } = await services.media.updateDetails(commandLineActor, picture.id, { focalX: 0.9, focalY: 0.5 });
    expect(variantPath(moved, '1x1', 640, 'jpeg')).not.toBe(before);
    expect(variantPath(moved, 'original', 640, 'jpeg')).toBe(variantPath(picture, 'original', 640, 'jpeg'));
  });

  it.each([
    ['a PDF renamed .jpg', () => pdfDocument(), 'report.jpg', 'MEDIA_TYPE_REFUSED', /PDF/u],
    ['an SVG with a script', () => svgWithScript(), 'logo.svg', 'MEDIA_TYPE_REFUSED', /SVG/u],
    ['an HTML page', () => Buffer.from('<!doctype html><title>x</title>'), 'page.png', 'MEDIA_TYPE_REFUSED', /HTML/u],
    ['a truncated JPEG', () => truncatedJpeg(), 'cut.jpg', 'MEDIA_FILE_DAMAGED', /damaged or cut short/u],
    ['a 30,000 × 30,000 PNG', () => pngBomb(), 'bomb.png', 'MEDIA_TOO_LARGE_DIMENSIONS', /30,000 × 30,000/u],
    ['a zero-byte file', () => Buffer.alloc(0), 'empty.jpg', 'MEDIA_FILE_EMPTY', /empty/u],
    ['an animated GIF', () => animatedGif(), 'moving.gif', 'MEDIA_TYPE_REFUSED', /Animated/u],
  ] as const)('refuses %s clearly and stores nothing', async (_label, make, fileName, code, message) => {
    const before = await countRows('media');
    const refused = await refusal(await make(), fileName);
    expect(refused.code).toBe(code);
    expect(refused.message).toMatch(message);
    expect(await countRows('media')).toBe(before);
  });

  it('accepts PNG with transparency, WebP, AVIF and a still GIF', async () => {
    const png = await plainPng();
    const webp = await sharp(await plainJpeg(300, 200)).webp().toBuffer();
    const avif = await sharp(await plainJpeg(300, 200)).avif().toBuffer();
    const gif = await sharp(await plainJpeg(300, 200)).gif().toBuffer();
    for (const [bytes, format] of [[png, 'png'], [webp, 'webp'], [avif, 'avif'], [gif, 'gif']] as const) {
      const picture = await services.media.add(commandLineActor, { bytes, fileName: `a.${format}` });
      expect(picture.sourceFormat).toBe(format);
    }
  });

  it('changes details in one place and names the stories that show the picture; refuses to delete it while they do', async () => {
    const picture = await services.media.add(commandLineActor, { bytes: await plainJpeg(), fileName: 'harbour.jpg' }, { alt: 'Boats in a harbour' });
    const lead = await services.stories.save({ editionCode: 'en', headline: 'Harbour Reopens After Storm', body: [paragraph('The harbour reopened.')], status: 'published', publishedAt: '2021-03-02T07:05:00.000Z', leadMediaId: picture.id });
    const inBody = await services.stories.save({
      editionCode: 'en',
      headline: 'Fishing Fleet Returns',
      body: [paragraph('The fleet came back.'), { type: 'image', src: '/media/x.jpg', alt: 'Boats', mediaId: picture.id }],
      status: 'draft',
    });
    const { storyIds, picture: changed } = await services.media.updateDetails(commandLineActor, picture.id, { caption: 'The harbour at dawn.', credit: 'Port Authority', texts: [{ language: 'es', alt: 'Barcos en un puerto', caption: '' }] });
    expect(storyIds.sort()).toEqual([lead.id, inBody.id].sort());
    expect(changed.caption).toBe('The harbour at dawn.');
    expect((await services.media.findShown([picture.id], 'es')).get(picture.id)?.alt).toBe('Barcos en un puerto');
    expect((await services.media.findShown([picture.id], 'fa')).get(picture.id)?.alt).toBe('Boats in a harbour');

    const refused = await services.media.delete(commandLineActor, picture.id).then(() => undefined, (e: unknown) => e as MediaError);
    expect(refused?.code).toBe('MEDIA_IN_USE');
    expect(refused?.message).toContain('Harbour Reopens After Storm');
    expect(refused?.message).toContain('Fishing Fleet Returns');

    // A later save that leaves the lead alone keeps it.
    await services.stories.save({ editionCode: 'en', code: lead.code, headline: 'Harbour Reopens After Storm', body: [paragraph('The harbour reopened today.')], status: 'published', publishedAt: '2021-03-02T07:05:00.000Z' });
    expect((await services.media.usesOf(picture.id)).map((u) => u.role).sort()).toEqual(['body', 'lead']);

    await services.stories.save({ editionCode: 'en', code: lead.code, headline: 'Harbour Reopens After Storm', body: [paragraph('The harbour reopened.')], status: 'published', publishedAt: '2021-03-02T07:05:00.000Z', leadMediaId: null });
    await services.stories.save({ editionCode: 'en', code: inBody.code, headline: 'Fishing Fleet Returns', body: [paragraph('The fleet came back.')], status: 'draft' });
    await services.media.delete(commandLineActor, picture.id);
    expect(await services.media.find(picture.id)).toBeUndefined();
  });

  it('lists, searches alt text, caption, credit and file name, and filters the library', async () => {
    const a = await services.media.add(commandLineActor, { bytes: await plainJpeg(), fileName: 'lighthouse.jpg' }, { alt: 'A lighthouse in fog', credit: 'Marta Quintero' });
    const b = await services.media.add(commandLineActor, { bytes: await plainJpeg(), fileName: 'no-alt.jpg' }, { caption: 'Unlabelled lighthouse keeper' });
    expect((await services.media.list({ q: 'lighthouse' })).items.map((p) => p.id)).toEqual([b.id, a.id]);
    expect((await services.media.list({ q: 'quintero' })).items.map((p) => p.id)).toEqual([a.id]);
    expect((await services.media.list({ q: 'NO-ALT.jpg' })).items.map((p) => p.id)).toEqual([b.id]);
    expect((await services.media.list({ q: 'lighthouse', filter: 'missing-alt' })).items.map((p) => p.id)).toEqual([b.id]);
    expect((await services.media.list({ q: 'lighthouse', filter: 'in-use' })).items).toEqual([]);
    expect((await services.media.list({ q: '100%' })).items).toEqual([]);
  });

  it('refuses to publish a story whose lead picture has no alt text, at the field, and publishes once it has', async () => {
    const picture = await services.media.add(commandLineActor, { bytes: await plainJpeg(), fileName: 'undescribed.jpg' });
    const draft = await services.storyWorkflow.createDraft({ editionCode: 'en', headline: 'Undescribed Picture Story', body: [paragraph('Words.')], leadMediaId: picture.id }, commandLineActor);
    const refused = await services.storyWorkflow.publish(draft.id, commandLineActor).then(() => undefined, (e: unknown) => e as { code: string; field?: string; message: string });
    expect(refused).toMatchObject({ code: 'STORY_FIELD_INVALID', field: 'leadAlt' });
    expect(refused?.message).toMatch(/no alt text/u);
    expect((await services.storyWorkflow.getForEditing(draft.id, commandLineActor)).status).toBe('draft');
    await services.media.updateDetails(commandLineActor, picture.id, { alt: 'A council meeting' });
    const published = await services.storyWorkflow.publish(draft.id, commandLineActor);
    expect(published.story.status).toBe('published');
    expect(published.story.leadMediaId).toBe(picture.id);
  });
});
