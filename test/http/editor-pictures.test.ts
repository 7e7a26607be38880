import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { largestVariantPath } from '../../src/modules/media/index.ts';
import { signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { decodeHtml } from '../support/html-text.ts';
import { plainJpeg } from '../support/picture-fixtures.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * The story editor's side of the library, over HTTP: the page hands the editor its picture tools and the
 * pictures the story shows; alt text written in the editor goes to the library (CSRF-checked, owner-checked)
 * and reaches the published story at once.
 */

interface EditorPicture {
  id: number;
  fileName: string;
  alt: string;
  src: string;
  href: string;
  thumbnail: string;
}

/** The `data-pictures` JSON on the editor's element. */
function pictureTools(html: string): { uploadUrl: string; searchUrl: string; detailsUrl: string; known: EditorPicture[] } | undefined {
  const raw = /data-pictures="([^"]*)"/u.exec(html)?.[1];
  return raw === undefined ? undefined : JSON.parse(decodeHtml(raw));
}

describe.each(testEngines())('pictures in the story editor over HTTP on %s', (engine) => {
  let site: TestSite;
  let author: SignedInAgent;
  let otherAuthor: SignedInAgent;

  beforeAll(async () => {
    site = await startTestSite(engine);
    author = await signInAs(site, 'author');
    otherAuthor = await signInAs(site, 'author');
  });

  afterAll(async () => {
    await site?.close();
  });

  /** A picture uploaded by `agent` through the library's own form. */
  async function uploadAs(agent: SignedInAgent, fileName: string): Promise<EditorPicture> {
    const form = new FormData();
    form.append('_csrf', await agent.csrfToken());
    form.append('files', new Blob([new Uint8Array(await plainJpeg(800, 600))], { type: 'image/jpeg' }), fileName);
    const response = await agent.request('/admin/media', { method: 'POST', body: form, headers: { accept: 'application/json' } });
    expect(response.status).toBe(201);
    const [picture] = ((await response.json()) as { pictures: EditorPicture[] }).pictures;
    if (!picture) throw new Error('the upload answered no picture');
    return picture;
  }

  it('gives the editor where to upload, search and describe, and the lead and body pictures the story shows', async () => {
    const lead = await uploadAs(author, 'lead.jpg');
    const inBody = await uploadAs(author, 'body.jpg');
    const unused = await uploadAs(author, 'unused.jpg');
    const draft = await site.services.storyWorkflow.createDraft(
      { editionCode: 'en', headline: 'Lighthouse Keeper Retires', body: [paragraph('After forty years.'), { type: 'image', src: inBody.src, alt: '', mediaId: inBody.id }], leadMediaId: lead.id },
      commandLineActor,
    );
    await site.services.database.db.updateTable('stories').set({ created_by: author.user.id }).where('id', '=', draft.id).execute();
    const tools = pictureTools(await author.html(`/admin/stories/${draft.id}`));
    expect(tools).toMatchObject({ uploadUrl: '/admin/media', searchUrl: '/api/admin/media', detailsUrl: '/api/admin/media' });
    expect(tools?.known.map((p) => p.fileName).sort()).toEqual(['body.jpg', 'lead.jpg']);
    expect(tools?.known.find((p) => p.id === lead.id)).toMatchObject({ href: `/admin/media/${lead.id}`, src: lead.src });
    expect(tools?.known.some((p) => p.id === unused.id)).toBe(false);
    expect(pictureTools(await author.html('/admin/stories/new'))?.known).toEqual([]);
  });

  it('the picker finds pictures by their alt text', async () => {
    const picture = await uploadAs(author, 'gull.jpg');
    await author.api('PUT', `/api/admin/media/${picture.id}`, { alt: 'A herring gull on a mooring post' });
    const found = (await (await author.api('GET', '/api/admin/media?q=herring')).json()) as { pictures: EditorPicture[]; total: number };
    expect(found.pictures.map((p) => p.id)).toEqual([picture.id]);
    expect(found.total).toBe(1);
  });

  it('writes alt text to the library, and the published story shows it at once', async () => {
    const picture = await uploadAs(author, 'ferry.jpg');
    const saved = await site.services.stories.save({ editionCode: 'en', headline: 'Ferry Sails Despite the Wind', body: [paragraph('The ferry sailed.')], status: 'published', publishedAt: new Date().toISOString(), leadMediaId: picture.id });
    const storyPath = `/en/news/${saved.code}/${saved.slug}`;
    expect(await (await site.get(storyPath)).text()).not.toContain('alt="The ferry leaving the harbour in a swell"');

    const response = await author.api('PUT', `/api/admin/media/${picture.id}`, { alt: '  The ferry leaving the harbour in a swell ' });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { picture: EditorPicture; storyCount: number };
    expect(answer.picture).toMatchObject({ id: picture.id, alt: 'The ferry leaving the harbour in a swell', src: largestVariantPath(await site.services.media.get(picture.id)) });
    expect(answer.storyCount).toBe(1);
    expect(await (await site.get(storyPath)).text()).toContain('alt="The ferry leaving the harbour in a swell"');
  });

  it('refuses alt text without the CSRF token, on another author’s picture, or not as text; nothing changes', async () => {
    const picture = await uploadAs(author, 'crane.jpg');
    const without = await author.api('PUT', `/api/admin/media/${picture.id}`, { alt: 'Forged' }, { csrf: 'none' });
    expect(without.status).toBe(403);
    const forbidden = await otherAuthor.api('PUT', `/api/admin/media/${picture.id}`, { alt: 'Not mine to describe' });
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { detail: string }).detail).toBe('Your role does not allow you to change this picture: ask an editor.');
    const notText = await author.api('PUT', `/api/admin/media/${picture.id}`, { alt: 42 });
    expect(notText.status).toBe(400);
    expect(((await notText.json()) as { detail: string }).detail).toBe('Send the alt text as text, in “alt”.');
    const tooLong = await author.api('PUT', `/api/admin/media/${picture.id}`, { alt: 'x'.repeat(1001) });
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { detail: string }).detail).toBe('The alt text is longer than 1000 characters.');
    expect((await site.services.media.get(picture.id)).alt).toBe('');
    expect((await author.api('PUT', '/api/admin/media/999999', { alt: 'Nothing there' })).status).toBe(404);
  });
});
