import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { decodeHtml } from '../support/html-text.ts';
import { plainJpeg } from '../support/picture-fixtures.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

describe.each(testEngines())('a story’s lead picture in the newsroom on %s', (engine) => {
  let site: TestSite;
  let editor: SignedInAgent;

  beforeAll(async () => {
    site = await startTestSite(engine);
    editor = await signInAs(site, 'editor');
  });

  afterAll(async () => {
    await site?.close();
  });

  it('sets the lead picture from the story form, refuses to publish while it has no alt text, at the field, and publishes once it has', async () => {
    const picture = await site.services.media.add(commandLineActor, { bytes: await plainJpeg(1200, 800), fileName: 'council.jpg' });
    const created = await editor.post('/admin/stories', { editionCode: 'en', headline: 'Council Approves Budget', bodyText: 'The council approved the budget.', leadMediaId: String(picture.id), authors: '', tags: '', section: '', slug: '', teaser: '', seoTitle: '', seoDescription: '', embargo: '', revision: '0' });
    expect(created.status).toBe(303);
    const id = Number(/\/admin\/stories\/(\d+)/u.exec(created.headers.get('location') ?? '')?.[1]);
    const form = await editor.html(`/admin/stories/${id}`);
    expect(form).toMatch(new RegExp(`name="leadMediaId"[^>]*value="${picture.id}"|value="${picture.id}"[^>]*name="leadMediaId"`, 'u'));

    const refused = await editor.post(`/admin/stories/${id}/publish`);
    expect(refused.status).toBe(422);
    const page = await refused.text();
    const leadField = /<div class="field field-invalid">[\s\S]*?name="leadMediaId"[\s\S]*?<\/div>/u.exec(page)?.[0] ?? '';
    expect(decodeHtml(leadField)).toContain('The lead picture (council.jpg) has no alt text');
    expect((await site.services.storyWorkflow.getForEditing(id, commandLineActor)).status).toBe('draft');

    await site.services.media.updateDetails(commandLineActor, picture.id, { alt: 'Councillors voting by show of hands' });
    expect((await editor.post(`/admin/stories/${id}/publish`)).status).toBe(303);
    const story = await site.services.storyWorkflow.getForEditing(id, commandLineActor);
    expect(story.status).toBe('published');
    const reader = await (await site.get(`/en/news/${story.code}/${story.slug}`)).text();
    expect(reader).toContain('alt="Councillors voting by show of hands"');
  });
});
