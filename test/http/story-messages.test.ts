import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { blocksToTiptap } from '../../src/content/tiptap-blocks.ts';
import { commandLineActor, personActor } from '../../src/modules/accounts/account-types.ts';
import type { EditableStory } from '../../src/modules/newsroom/index.ts';
import { createUser, signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { decodeHtml, visibleText } from '../support/html-text.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * The story workflow's refusals speak the newsroom language each person chose (issue 17): a deleted story, a
 * step from the wrong status, a step the role does not allow, fields the story cannot keep, an edit conflict,
 * and the revision comparison's words. English readers of the newsroom see the English sentences unchanged.
 */

const START = '2025-03-14T09:00:00.000Z';

function errorSummary(html: string): string {
  const block = /<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
  return decodeHtml(block.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/** The form fields of a plain (no-JavaScript) save of `story` at `revision`, with `changes` over them. */
function saveForm(story: EditableStory, changes: Record<string, string> = {}): Record<string, string> {
  return { revision: String(story.revision), headline: story.headline, bodyText: 'The ferry runs again from Monday.', teaser: '', section: '', tags: '', authors: '', slug: story.slug, seoTitle: '', seoDescription: '', embargo: '', ...changes };
}

describe.each(testEngines())('story refusals in the person’s language on %s', (engine) => {
  let site: TestSite;
  const clock = new ManualClock(START);
  let persianEditor: SignedInAgent;
  let spanishAuthor: SignedInAgent;
  let arabicEditor: SignedInAgent;
  let englishEditor: SignedInAgent;
  let seq = 0;

  async function draftBy(agent: SignedInAgent): Promise<EditableStory> {
    return site.services.storyWorkflow.createDraft(
      { editionCode: 'en', headline: `Ferry Service Resumes ${++seq}`, body: [paragraph('The ferry runs again from Monday.')], authors: [agent.user.displayName] },
      personActor(agent.user),
    );
  }

  async function deletedStory(): Promise<EditableStory> {
    const story = await draftBy(persianEditor);
    await site.services.storyWorkflow.softDelete(story.id, commandLineActor);
    return story;
  }

  async function storyRow(id: number) {
    return site.services.database.db.selectFrom('stories').select(['status', 'revision', 'headline', 'deleted_at']).where('id', '=', id).executeTakeFirstOrThrow();
  }

  async function readsIn(agent: SignedInAgent, language: string): Promise<void> {
    expect((await agent.post('/admin/account', { newsroomLanguage: language })).status).toBe(303);
  }

  beforeAll(async () => {
    site = await startTestSite(engine, { clock });
    await createUser(site, 'owner');
    await site.services.taxonomy.createSection(commandLineActor, 'en', { name: 'City' });
    [persianEditor, spanishAuthor, arabicEditor, englishEditor] = await Promise.all([signInAs(site, 'editor'), signInAs(site, 'author'), signInAs(site, 'editor'), signInAs(site, 'editor')]);
    await Promise.all([readsIn(persianEditor, 'fa'), readsIn(spanishAuthor, 'es'), readsIn(arabicEditor, 'ar')]);
  });

  afterAll(async () => {
    await site?.close();
  });

  it('refuses steps on a deleted story in Persian, and in English for an English editor', async () => {
    const story = await deletedStory();

    const publish = await persianEditor.post(`/admin/stories/${story.id}/publish`);
    expect(publish.status).toBe(409);
    expect(errorSummary(await publish.text())).toContain('این خبر حذف شده است: پیش از آنکه منتشرش کنید، بازگردانیدش.');

    const again = await persianEditor.post(`/admin/stories/${story.id}/delete`);
    expect(again.status).toBe(409);
    expect(errorSummary(await again.text())).toContain('این خبر پیش‌تر حذف شده است.');

    const english = await englishEditor.post(`/admin/stories/${story.id}/publish`);
    expect(english.status).toBe(409);
    expect(errorSummary(await english.text())).toContain('This story is deleted: restore it before you publish it.');
    const englishAgain = await englishEditor.post(`/admin/stories/${story.id}/delete`);
    expect(errorSummary(await englishAgain.text())).toContain('This story is already deleted.');
    expect((await storyRow(story.id)).deleted_at).not.toBeNull();
  });

  it('names the status and the rule in one Persian sentence when a step does not start from it', async () => {
    const story = await draftBy(persianEditor);
    const response = await persianEditor.post(`/admin/stories/${story.id}/unpublish`);
    expect(response.status).toBe(409);
    expect(errorSummary(await response.text())).toContain('این خبر پیش‌نویس است. فقط انتشار خبرِ منتشرشده را می‌توان لغو کرد.');
    expect((await storyRow(story.id)).status).toBe('draft');

    const english = await englishEditor.post(`/admin/stories/${story.id}/unpublish`);
    expect(errorSummary(await english.text())).toContain('This story is a draft. Only a published story can be unpublished.');
  });

  it('tells an author in Spanish that their role does not let them publish a story in review', async () => {
    const story = await draftBy(spanishAuthor);
    expect((await spanishAuthor.post(`/admin/stories/${story.id}/submit`)).status).toBe(303);
    const response = await spanishAuthor.post(`/admin/stories/${story.id}/publish`);
    expect(response.status).toBe(403);
    expect(visibleText(await response.text())).toContain('Tu función no te permite publicar esta noticia mientras está en revisión.');
    expect((await storyRow(story.id)).status).toBe('in_review');
  });

  it('refuses a headline too long, a taken address and an unknown section at their fields, in Spanish and Persian digits', async () => {
    const taken = await draftBy(spanishAuthor);
    const story = await draftBy(spanishAuthor);

    const long = await spanishAuthor.post(`/admin/stories/${story.id}`, saveForm(story, { headline: 'T'.repeat(301) }));
    expect(long.status).toBe(422);
    expect(errorSummary(await long.text())).toContain('El titular tiene más de 300 caracteres.');

    const slug = await spanishAuthor.post(`/admin/stories/${story.id}`, saveForm(story, { slug: taken.slug }));
    expect(slug.status).toBe(422);
    expect(errorSummary(await slug.text())).toContain(`Otra noticia de esta edición ya tiene la dirección «${taken.slug}»: elige otra, o déjala vacía para crearla a partir del titular.`);

    const section = await spanishAuthor.post(`/admin/stories/${story.id}`, saveForm(story, { section: 'Astronomía' }));
    expect(section.status).toBe(422);
    expect(errorSummary(await section.text())).toContain('No hay ninguna sección «Astronomía» en esta edición: elige una de la lista (los editores añaden secciones en Secciones y etiquetas).');

    const persian = await draftBy(persianEditor);
    const persianLong = await persianEditor.post(`/admin/stories/${persian.id}`, saveForm(persian, { teaser: 'x'.repeat(1001) }));
    expect(persianLong.status).toBe(422);
    expect(errorSummary(await persianLong.text())).toContain('لید بیش از ۱٬۰۰۰ نویسه است.');

    const english = await englishEditor.post(`/admin/stories/${story.id}`, saveForm(story, { headline: 'T'.repeat(301) }));
    expect(errorSummary(await english.text())).toContain('The headline is longer than 300 characters.');
    expect((await storyRow(story.id)).revision).toBe(story.revision);
  });

  it('says in Arabic, with the plural form for thirty, how many tags a story may have', async () => {
    const story = await draftBy(arabicEditor);
    const tags = Array.from({ length: 31 }, (_, i) => `Tag ${i + 1}`).join(', ');
    const response = await arabicEditor.post(`/admin/stories/${story.id}`, saveForm(story, { tags }));
    expect(response.status).toBe(422);
    expect(errorSummary(await response.text())).toContain('لا يمكن أن يحمل الخبر أكثر من 30 وسمًا.');
    const english = await englishEditor.post(`/admin/stories/${story.id}`, saveForm(story, { tags }));
    expect(errorSummary(await english.text())).toContain('A story can have at most 30 tags.');
  });

  it('answers a stale autosave in Persian, naming who saved the newer version', async () => {
    const story = await draftBy(persianEditor);
    await site.services.storyWorkflow.update(story.id, { headline: 'Changed by a Colleague' }, story.revision, personActor(englishEditor.user));
    const stale = { expectedRevision: story.revision, fields: { headline: 'Mine' }, body: blocksToTiptap(story.body) };

    const response = await persianEditor.api('PUT', `/api/admin/stories/${story.id}/draft`, stale);
    expect(response.status).toBe(409);
    const problem = (await response.json()) as { code: string; detail: string };
    expect(problem.code).toBe('STORY_CONFLICT');
    const version = (story.revision + 1).toLocaleString('fa');
    expect(problem.detail).toBe(`${englishEditor.user.displayName} پس از آنکه شما این خبر را باز کردید، نگارش تازه‌تری از آن ذخیره کرد (نگارش ${version}). تغییرهای شما ذخیره نشد.`);

    const english = await englishEditor.api('PUT', `/api/admin/stories/${story.id}/draft`, stale);
    expect(((await english.json()) as { detail: string }).detail).toBe(
      `${englishEditor.user.displayName} saved a newer version of this story (version ${story.revision + 1}) after you opened it. Your changes were not saved.`,
    );
  });

  it('dates the story list in each person’s language, calendar and digits', async () => {
    // An author's list holds their own stories only: this one is theirs, so every person here sees it.
    const story = await draftBy(spanishAuthor);
    const rowOf = async (agent: SignedInAgent) => {
      const text = visibleText(await agent.html('/admin/stories'));
      expect(text).toContain(story.headline);
      return text.slice(text.indexOf(story.headline));
    };
    expect(await rowOf(persianEditor)).toContain('۲۴ اسفند ۱۴۰۳، ۹:۰۰');
    expect(await rowOf(spanishAuthor)).toContain('14 mar 2025, 9:00');
    expect(await rowOf(englishEditor)).toContain('14 Mar 2025, 09:00');
  });

  it('introduces the revision comparison in Persian, with the versions, times and names in one sentence', async () => {
    const story = await draftBy(persianEditor);
    await site.services.storyWorkflow.update(story.id, { headline: 'Ferry Service Resumes on Monday' }, story.revision, personActor(persianEditor.user));
    const [a, b] = [story.revision, story.revision + 1];
    const page = visibleText(await persianEditor.html(`/admin/stories/${story.id}/revisions/compare?a=${a}&b=${b}`));
    const name = persianEditor.user.displayName;
    expect(page).toMatch(new RegExp(`از نگارش ${a.toLocaleString('fa')} \\(.*?، ${name}\\) تا نگارش ${b.toLocaleString('fa')} \\(.*?، ${name}\\)\\. واژه‌های افزوده زیرخط دارند`));
    expect(page).not.toContain('version');
    // The times too: 14 March 2025 on the Solar Hijri calendar, in Persian digits and month names.
    expect(page).toContain('۲۴ اسفند ۱۴۰۳، ۹:۰۰');
    expect(page).not.toContain('Mar 2025');

    const english = visibleText(await englishEditor.html(`/admin/stories/${story.id}/revisions/compare?a=${a}&b=${b}`));
    expect(english).toMatch(new RegExp(`From version ${a} \\(.*?, ${name}\\) to version ${b} \\(.*?, ${name}\\)\\. Added words are underlined`));
    expect(english).toContain('14 Mar 2025, ');
  });
});
