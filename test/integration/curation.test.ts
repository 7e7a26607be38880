import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/open-database.ts';
import { commandLineActor, personActor, type Actor } from '../../src/modules/accounts/account-types.ts';
import type { Role } from '../../src/modules/accounts/permissions.ts';
import { CurationError, type CurationErrorCode } from '../../src/modules/curation/index.ts';
import { FEATURED_RAIL_SIZE } from '../../src/modules/stories/story-queries.ts';
import type { StoryStatus } from '../../src/db/schema.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/engines.ts';

/**
 * The curation service on every engine: the lead story, the Featured Stories rail and pinned related
 * stories — what changes, what is refused (and then changes nothing), what the audit log records, and what
 * readers' queries then show.
 */

async function expectRefusal(promise: Promise<unknown>, code: CurationErrorCode): Promise<CurationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(CurationError);
  expect((error as CurationError).code).toBe(code);
  return error as CurationError;
}

describe.each(testEngines())('curation on %s', (engine) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let services: Services;
  let editor: Actor;
  let author: Actor;
  let made = 0;

  /** A new story; published ones a minute apart, each newer than the last. */
  async function story(options: { edition?: 'en' | 'fa'; status?: StoryStatus; code?: number; headline?: string } = {}): Promise<{ code: number; headline: string }> {
    made++;
    const headline = options.headline ?? `Regional Water Board Report Number ${made}`;
    const saved = await services.stories.save({
      editionCode: options.edition ?? 'en',
      code: options.code,
      headline,
      body: [paragraph(`${headline}: what the board decided, and why.`)],
      status: options.status ?? 'published',
      publishedAt: new Date(Date.UTC(2021, 0, 1, 0, made)).toISOString(),
    });
    return { code: saved.code, headline };
  }

  async function person(role: Role): Promise<Actor> {
    const added = await services.users.addUser(commandLineActor, { email: `${role}-${made++}@curation.test`, role, password: 'a long enough password here' });
    return personActor(added.user, 'address-hash');
  }

  async function railHeadlines(): Promise<string[]> {
    return (await services.curation.getEditionCuration('en')).featured.map((e) => e.headline);
  }

  async function auditCount(action: string): Promise<number> {
    return (await services.audit.query({ action: action as never })).total;
  }

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    handle = await openDatabase(parseDatabaseUrl(database.url));
    services = await createServices(handle);
    await services.editions.ensure('fa');
    editor = await person('editor');
    author = await person('author');
  });

  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  describe('the lead story', () => {
    it('is a published story of the edition, chosen by an editor, until they let the newest lead again', async () => {
      const chosen = await story();
      await story(); // newer: it would lead without a choice
      expect(await services.curation.findLeadStory('en')).toBeUndefined();

      const lead = await services.curation.setLead(editor, 'en', chosen.code);
      expect(lead?.headline).toBe(chosen.headline);
      expect(await services.curation.findLeadStory('en')).toMatchObject({ code: chosen.code, headline: chosen.headline, editionCode: 'en' });
      expect((await services.curation.getEditionCuration('en')).lead?.code).toBe(chosen.code);
      // Each edition has its own.
      expect(await services.curation.findLeadStory('fa')).toBeUndefined();

      await services.curation.setLead(editor, 'en', null);
      expect(await services.curation.findLeadStory('en')).toBeUndefined();
      const entries = (await services.audit.query({ action: 'curation.lead_changed' })).items;
      expect(entries.slice(0, 2).map((e) => e.details)).toEqual([
        { from: chosen.code, to: null },
        { from: null, to: chosen.code, headline: chosen.headline },
      ]);
      expect(entries[0]?.actor?.id).toBe(editor.kind === 'person' ? editor.user.id : undefined);
      expect(entries[0]?.addressHash).toBe('address-hash');
    });

    it('stops leading when it is no longer published, and comes back when it is', async () => {
      const chosen = await story();
      await services.curation.setLead(editor, 'en', chosen.code);
      const input = { editionCode: 'en', code: chosen.code, headline: chosen.headline, body: [paragraph('Withdrawn.')], publishedAt: '2021-01-01T00:00:00.000Z' };
      await services.stories.save({ ...input, status: 'unpublished' });
      expect(await services.curation.findLeadStory('en')).toBeUndefined();
      // The choice stays, so the newsroom can see why the newest story leads.
      expect((await services.curation.getEditionCuration('en')).lead?.status).toBe('unpublished');
      await services.stories.save({ ...input, status: 'published' });
      expect((await services.curation.findLeadStory('en'))?.code).toBe(chosen.code);
    });

    it('refuses drafts, unknown stories, stories of another edition and unknown editions, changing nothing', async () => {
      const current = await story();
      await services.curation.setLead(editor, 'en', current.code);
      const before = await auditCount('curation.lead_changed');
      const draft = await story({ status: 'draft' });
      const persianOnly = await story({ edition: 'fa' });
      await expectRefusal(services.curation.setLead(editor, 'en', draft.code), 'STORY_NOT_PUBLISHED');
      await expectRefusal(services.curation.setLead(editor, 'en', 99_999_999), 'STORY_NOT_FOUND');
      await expectRefusal(services.curation.setLead(editor, 'en', persianOnly.code), 'STORY_NOT_FOUND');
      await expectRefusal(services.curation.setLead(editor, 'xx', current.code), 'EDITION_UNKNOWN');
      expect((await services.curation.findLeadStory('en'))?.code).toBe(current.code);
      expect(await auditCount('curation.lead_changed')).toBe(before);
    });
  });

  describe('the Featured Stories rail', () => {
    it('adds, moves, removes and reorders entries by key, keeping headlines whose story is not on the site', async () => {
      const [a, b] = [await story(), await story()];
      await services.stories.setFeatured('en', [
        { code: a.code, headline: a.headline, dated: null },
        { headline: 'Talks on the Northern Corridor Resume', dated: '2020-11-01' },
      ]);
      // A story featured now goes on top: it is the one the editor wants readers to see first.
      await services.curation.addFeatured(editor, 'en', b.code);
      expect(await railHeadlines()).toEqual([b.headline, a.headline, 'Talks on the Northern Corridor Resume']);

      const moved = await services.curation.moveFeatured(editor, 'en', `code:${b.code}`, 'down');
      expect(moved).toEqual({ position: 2, count: 3, headline: b.headline });
      expect(await railHeadlines()).toEqual([a.headline, b.headline, 'Talks on the Northern Corridor Resume']);

      // At the top, "up" changes nothing and records nothing.
      const before = await auditCount('curation.featured_changed');
      expect(await services.curation.moveFeatured(editor, 'en', `code:${a.code}`, 'up')).toMatchObject({ position: 1, count: 3 });
      expect(await auditCount('curation.featured_changed')).toBe(before);

      const unresolved = (await services.curation.getEditionCuration('en')).featured[2];
      expect(unresolved).toMatchObject({ key: 'headline:talks on the northern corridor resume', story: null, dated: '2020-11-01' });
      await services.curation.reorderFeatured(editor, 'en', [unresolved?.key ?? '', `code:${b.code}`, `code:${a.code}`]);
      expect(await railHeadlines()).toEqual(['Talks on the Northern Corridor Resume', b.headline, a.headline]);
      // Readers' rail: the same order, without the headline that is no story on the site (it would lead nowhere).
      const rail = await services.storyQueries.featuredRail('en');
      expect(rail.slice(0, 2).map((r) => [r.headline, r.story?.code ?? null])).toEqual([
        [b.headline, b.code],
        [a.headline, a.code],
      ]);
      expect(rail.map((r) => r.headline)).not.toContain('Talks on the Northern Corridor Resume');
      expect(rail.every((r) => r.story !== null)).toBe(true);

      expect(await services.curation.removeFeatured(editor, 'en', unresolved?.key ?? '')).toEqual({ headline: 'Talks on the Northern Corridor Resume' });
      expect(await railHeadlines()).toEqual([b.headline, a.headline]);
      const changes = (await services.audit.query({ action: 'curation.featured_changed' })).items.slice(0, 4).map((e) => e.details.change);
      expect(changes).toEqual(['removed', 'reordered', 'moved_down', 'added']);
    });

    it('refuses a story twice, a full rail, an unpublished story and a stale order, changing nothing', async () => {
      await services.stories.setFeatured('en', []);
      const codes: number[] = [];
      for (let i = 0; i < FEATURED_RAIL_SIZE; i++) {
        const s = await story();
        await services.curation.addFeatured(editor, 'en', s.code);
        codes.push(s.code);
      }
      const before = JSON.stringify(await railHeadlines());
      const audited = await auditCount('curation.featured_changed');
      await expectRefusal(services.curation.addFeatured(editor, 'en', codes[1] ?? 0), 'ALREADY_CHOSEN');
      await expectRefusal(services.curation.addFeatured(editor, 'en', (await story()).code), 'LIST_FULL');
      // The first added is now at the bottom: each new one went on top.
      await services.curation.removeFeatured(editor, 'en', `code:${codes[0]}`);
      await expectRefusal(services.curation.addFeatured(editor, 'en', (await story({ status: 'draft' })).code), 'STORY_NOT_PUBLISHED');
      // An order made before the removal still names the removed story.
      const stale = codes.map((c) => `code:${c}`);
      await expectRefusal(services.curation.reorderFeatured(editor, 'en', stale), 'LIST_CHANGED');
      await expectRefusal(services.curation.reorderFeatured(editor, 'en', stale.slice(1, 3)), 'LIST_CHANGED');
      await expectRefusal(services.curation.moveFeatured(editor, 'en', `code:${codes[0]}`, 'up'), 'LIST_CHANGED');
      expect(JSON.stringify(await railHeadlines())).toBe(JSON.stringify(JSON.parse(before).slice(0, 14)));
      expect(await auditCount('curation.featured_changed')).toBe(audited + 1);
    });

    it('runs concurrent changes of one edition one after another, losing none', async () => {
      await services.stories.setFeatured('en', []);
      const stories = [];
      for (let i = 0; i < 6; i++) stories.push(await story());
      await Promise.all(stories.map((s) => services.curation.addFeatured(editor, 'en', s.code)));
      const rail = await services.curation.getEditionCuration('en');
      expect(rail.featured.map((e) => e.story?.code).sort()).toEqual(stories.map((s) => s.code).sort());
    });
  });

  describe('pinned related stories', () => {
    it('pins, moves, unpins and reorders; the story page shows the pins first, in order', async () => {
      const [subject, first, second] = [await story(), await story(), await story()];
      await services.curation.pinRelated(editor, 'en', subject.code, first.code);
      expect(await services.curation.pinRelated(editor, 'en', subject.code, second.code)).toEqual({ position: 2, count: 2, headline: second.headline });
      await services.curation.moveRelated(editor, 'en', subject.code, `code:${second.code}`, 'up');
      const page = await services.storyQueries.findPublished('en', subject.code);
      expect(page?.related.slice(0, 2).map((r) => r.story?.code)).toEqual([second.code, first.code]);

      await services.curation.reorderRelated(editor, 'en', subject.code, [`code:${first.code}`, `code:${second.code}`]);
      expect((await services.curation.listPinnedRelated('en', subject.code)).map((p) => p.story?.code)).toEqual([first.code, second.code]);
      await services.curation.unpinRelated(editor, 'en', subject.code, `code:${first.code}`);
      expect((await services.curation.listPinnedRelated('en', subject.code)).map((p) => p.headline)).toEqual([second.headline]);
      const entry = (await services.audit.query({ action: 'story.related_changed' })).items[0];
      expect(entry).toMatchObject({ subject: { type: 'story', id: `en/${subject.code}` }, details: { change: 'unpinned', headline: first.headline, order: [second.code] } });
    });

    it('may be pinned to a draft, but only published stories are pinned; never the story itself, never twice', async () => {
      const draft = await story({ status: 'draft' });
      const target = await story();
      await services.curation.pinRelated(editor, 'en', draft.code, target.code);
      await expectRefusal(services.curation.pinRelated(editor, 'en', draft.code, target.code), 'ALREADY_CHOSEN');
      await expectRefusal(services.curation.pinRelated(editor, 'en', target.code, target.code), 'CURATION_INVALID');
      await expectRefusal(services.curation.pinRelated(editor, 'en', target.code, draft.code), 'STORY_NOT_PUBLISHED');
      await expectRefusal(services.curation.pinRelated(editor, 'en', 99_999_999, target.code), 'STORY_NOT_FOUND');
      expect((await services.curation.listPinnedRelated('en', draft.code)).map((p) => p.story?.code)).toEqual([target.code]);
      expect(await services.curation.listPinnedRelated('en', target.code)).toEqual([]);
    });
  });

  it('refuses people whose role does not curate, and changes nothing', async () => {
    const [subject, target] = [await story(), await story()];
    await services.curation.addFeatured(commandLineActor, 'en', subject.code).catch(() => undefined);
    const state = async () =>
      JSON.stringify([
        await services.curation.getEditionCuration('en'),
        await services.curation.listPinnedRelated('en', subject.code),
        await auditCount('curation.lead_changed'),
        await auditCount('curation.featured_changed'),
        await auditCount('story.related_changed'),
      ]);
    const before = await state();
    for (const role of ['author', 'contributor', 'moderator'] as const) {
      const actor = role === 'author' ? author : await person(role);
      await expectRefusal(services.curation.setLead(actor, 'en', subject.code), 'FORBIDDEN');
      await expectRefusal(services.curation.addFeatured(actor, 'en', target.code), 'FORBIDDEN');
      await expectRefusal(services.curation.moveFeatured(actor, 'en', `code:${subject.code}`, 'down'), 'FORBIDDEN');
      await expectRefusal(services.curation.removeFeatured(actor, 'en', `code:${subject.code}`), 'FORBIDDEN');
      await expectRefusal(services.curation.reorderFeatured(actor, 'en', []), 'FORBIDDEN');
      await expectRefusal(services.curation.pinRelated(actor, 'en', subject.code, target.code), 'FORBIDDEN');
    }
    expect(await state()).toBe(before);
  });

  it('finds published stories to choose by their code first, then by their words', async () => {
    const target = await story({ headline: 'Glaciers Retreat Faster Than Surveyors Expected' });
    await story({ headline: 'Surveyors Map the Retreating Glaciers of the North', status: 'draft' });
    const edition = services.editions.get('en');
    const byWords = await services.curation.findStories(edition, 'glaciers retreat');
    expect(byWords.stories.map((s) => s.code)).toEqual([target.code]);
    const byCode = await services.curation.findStories(edition, String(target.code));
    expect(byCode.stories[0]?.code).toBe(target.code);
    expect(await services.curation.findStories(edition, '   ')).toEqual({ query: '', stories: [], total: 0 });
  });
});
