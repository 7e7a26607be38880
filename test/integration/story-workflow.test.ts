import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph, type Block } from '../../src/content/blocks.ts';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/open-database.ts';
import { Scheduler } from '../../src/jobs/scheduler.ts';
import { commandLineActor, personActor, type Actor, type User } from '../../src/modules/accounts/account-types.ts';
import type { Role } from '../../src/modules/accounts/permissions.ts';
import { StoryConflictError, StoryWorkflowError, type EditableStory, type StoryWorkflowErrorCode } from '../../src/modules/newsroom/index.ts';
import { StoryValidationError } from '../../src/modules/stories/story-errors.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/engines.ts';
import { ManualClock } from '../support/manual-clock.ts';

const body = (...texts: string[]): Block[] => texts.map((text) => paragraph(text));

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error,
  );
}

async function expectRefused(promise: Promise<unknown>, code: StoryWorkflowErrorCode): Promise<StoryWorkflowError> {
  const error = await refusal(promise);
  expect(error).toBeInstanceOf(StoryWorkflowError);
  expect((error as StoryWorkflowError).code).toBe(code);
  return error as StoryWorkflowError;
}

describe.each(testEngines())('the story workflow on %s', (engine) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let services: Services;
  const clock = new ManualClock('2025-03-14T09:00:00.000Z');
  const people = new Map<string, { user: User; actor: Actor }>();
  let seq = 0;

  async function person(role: Role, label: string = role): Promise<{ user: User; actor: Actor }> {
    const key = `${role}:${label}`;
    const known = people.get(key);
    if (known) return known;
    const added = await services.users.addUser(commandLineActor, {
      email: `${label}-${++seq}@workflow.test`,
      displayName: `${label[0]?.toUpperCase()}${label.slice(1)} ${role === label ? 'Person' : role}`,
      role,
      password: 'correct horse battery staple',
    });
    const made = { user: added.user, actor: personActor(added.user) };
    people.set(key, made);
    return made;
  }

  async function draft(role: Role = 'author', overrides: Partial<Parameters<Services['storyWorkflow']['createDraft']>[0]> = {}): Promise<EditableStory> {
    const { actor } = await person(role);
    return services.storyWorkflow.createDraft(
      { editionCode: 'en', headline: `Harbour Ferry Timetable Changes ${++seq}`, body: body('The harbour ferry will run every twenty minutes from Monday.', 'Fares stay the same.'), authors: ['Leila Karimi'], ...overrides },
      actor,
    );
  }

  async function auditActions(storyId: number): Promise<string[]> {
    const rows = await handle.db.selectFrom('audit_log').select('action').where('subject_type', '=', 'story').where('subject_id', '=', String(storyId)).orderBy('id').execute();
    return rows.map((r) => r.action);
  }

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    handle = await openDatabase(parseDatabaseUrl(database.url));
    services = await createServices(handle, { clock });
    await services.editions.ensure('fa');
    for (const name of ['City', 'Science']) await services.taxonomy.createSection(commandLineActor, 'en', { name });
  });

  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  describe('drafts and saves', () => {
    it('creates a draft owned by its writer, as revision 1', async () => {
      const { user } = await person('author');
      const story = await draft('author', { section: 'City', tags: ['Transport', 'Harbour'], seoTitle: 'Ferry timetable', embargoUntil: null });
      expect(story).toMatchObject({ status: 'draft', revision: 1, owner: { id: user.id }, section: 'City', tags: ['Transport', 'Harbour'], authors: ['Leila Karimi'], seoTitle: 'Ferry timetable', publishedAt: null });
      expect(story.isTeaserDerived).toBe(true);
      expect(story.teaser).toBe('The harbour ferry will run every twenty minutes from Monday.');
      const revisions = await services.storyWorkflow.listRevisions(story.id, personActor(user));
      expect(revisions.items).toMatchObject([{ number: 1, kind: 'created', savedBy: { id: user.id } }]);
    });

    it('lets a draft start as a headline alone', async () => {
      const { actor } = await person('contributor');
      const story = await services.storyWorkflow.createDraft({ editionCode: 'en', headline: 'Notes for a Story About the Tides' }, actor);
      expect(story.body).toEqual([]);
      expect(story.slug).toBe('notes-for-a-story-about-the-tides');
    });

    it('saves changes as a new revision, and keeps a hand-written teaser while a derived one follows the body', async () => {
      const { actor } = await person('author');
      const story = await draft();
      clock.advance({ minutes: 5 });
      const saved = await services.storyWorkflow.update(story.id, { body: body('Ferries will run every fifteen minutes.') }, story.revision, actor);
      expect(saved.revision).toBe(2);
      expect(saved.teaser).toBe('Ferries will run every fifteen minutes.');
      expect(saved.updatedAt).toBe(clock.now().toISOString());
      const withTeaser = await services.storyWorkflow.update(story.id, { teaser: 'More ferries for commuters.' }, saved.revision, actor);
      const later = await services.storyWorkflow.update(story.id, { body: body('A different first paragraph.') }, withTeaser.revision, actor);
      expect(later.teaser).toBe('More ferries for commuters.');
      expect((await services.storyWorkflow.listRevisions(story.id, actor)).items.map((r) => [r.number, r.kind])).toEqual([
        [4, 'saved'],
        [3, 'saved'],
        [2, 'saved'],
        [1, 'created'],
      ]);
    });

    it('refuses a save made to an older version, naming who saved the newer one and when, and writes nothing', async () => {
      const author = await person('author');
      const editor = await person('editor');
      const story = await draft();
      clock.advance({ minutes: 1 });
      const editorsVersion = await services.storyWorkflow.update(story.id, { headline: 'Ferry Timetable: Every 15 Minutes' }, story.revision, editor.actor);
      const error = await refusal(services.storyWorkflow.update(story.id, { headline: 'Author’s own headline' }, story.revision, author.actor));
      expect(error).toBeInstanceOf(StoryConflictError);
      const conflict = error as StoryConflictError;
      expect(conflict.code).toBe('STORY_CONFLICT');
      expect(conflict.current).toEqual({ revision: editorsVersion.revision, savedAt: clock.now().toISOString(), savedBy: { id: editor.user.id, displayName: editor.user.displayName } });
      expect(conflict.message).toContain(editor.user.displayName);
      const now = await services.storyWorkflow.getForEditing(story.id, editor.actor);
      expect(now.headline).toBe('Ferry Timetable: Every 15 Minutes');
      expect(now.revision).toBe(editorsVersion.revision);
    });

    it('lets exactly one of two racing saves of the same version through', async () => {
      const author = await person('author');
      const editor = await person('editor');
      const story = await draft();
      const results = await Promise.allSettled([
        services.storyWorkflow.update(story.id, { headline: 'Version From the Author' }, story.revision, author.actor),
        services.storyWorkflow.update(story.id, { headline: 'Version From the Editor' }, story.revision, editor.actor),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r) => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(StoryConflictError);
      expect((await services.storyWorkflow.listRevisions(story.id, editor.actor)).total).toBe(2);
    });

    it('refuses a slug another story in the edition has, and says so on the field', async () => {
      const first = await draft();
      const second = await draft();
      const error = await expectRefused(services.storyWorkflow.update(second.id, { slug: first.slug }, second.revision, (await person('author')).actor), 'STORY_FIELD_INVALID');
      expect(error.field).toBe('slug');
    });

    it('refuses an empty headline with the store’s field error', async () => {
      const story = await draft();
      const error = await refusal(services.storyWorkflow.update(story.id, { headline: '  ' }, story.revision, (await person('author')).actor));
      expect(error).toBeInstanceOf(StoryValidationError);
      expect((error as StoryValidationError).field).toBe('headline');
    });

    it('keeps imported content as a revision before the first newsroom save replaces it', async () => {
      const editor = await person('editor');
      const imported = await services.stories.save({ editionCode: 'en', headline: 'Imported Wire Story About Grain Prices', body: body('Grain prices rose.'), status: 'published', publishedAt: '2025-03-01T08:00:00.000Z' });
      const before = await services.storyWorkflow.listRevisions(imported.id, editor.actor);
      expect(before.items).toMatchObject([{ number: 1, kind: 'imported', savedBy: null }]);
      const story = await services.storyWorkflow.getForEditing(imported.id, editor.actor);
      await services.storyWorkflow.update(imported.id, { body: body('Grain prices rose sharply.') }, story.revision, editor.actor);
      const after = await services.storyWorkflow.listRevisions(imported.id, editor.actor);
      expect(after.items.map((r) => [r.number, r.kind])).toEqual([
        [2, 'saved'],
        [1, 'imported'],
      ]);
      expect((await services.storyWorkflow.getRevision(imported.id, 1, editor.actor)).body).toEqual(body('Grain prices rose.'));
    });

    it('detects an import that changed the story after the form was opened', async () => {
      const editor = await person('editor');
      const imported = await services.stories.save({ editionCode: 'en', headline: 'Wire Story Updated by the Importer', body: body('First take.'), status: 'draft' });
      const opened = await services.storyWorkflow.getForEditing(imported.id, editor.actor);
      await services.stories.save({ editionCode: 'en', code: imported.code, headline: 'Wire Story Updated by the Importer', body: body('Second take.'), status: 'draft' });
      const error = await refusal(services.storyWorkflow.update(imported.id, { body: body('Edited first take.') }, opened.revision, editor.actor));
      expect(error).toBeInstanceOf(StoryConflictError);
      expect((error as StoryConflictError).current.savedBy).toBeNull();
    });
  });

  describe('the steps of the workflow', () => {
    it('goes draft → in review → published, fixing the dateline at the first publication', async () => {
      const author = await person('author');
      const editor = await person('editor');
      const story = await draft();
      expect((await services.storyWorkflow.submit(story.id, author.actor)).story.status).toBe('in_review');
      clock.advance({ minutes: 10 });
      const published = await services.storyWorkflow.publish(story.id, editor.actor);
      expect(published.outcome).toBe('published');
      expect(published.story).toMatchObject({ status: 'published', publishedAt: clock.now().toISOString(), updatedAt: clock.now().toISOString() });
      const onSite = await services.storyQueries.findPublished('en', story.code);
      expect(onSite?.publishedAt).toBe(clock.now().toISOString());
    });

    it('keeps the first publication time when a story is republished, and later edits set the updated time', async () => {
      const editor = await person('editor');
      const story = await draft('editor');
      const first = (await services.storyWorkflow.publish(story.id, editor.actor)).story;
      const firstTime = first.publishedAt;
      clock.advance({ hours: 1 });
      const edited = await services.storyWorkflow.update(story.id, { headline: 'Ferry Timetable Corrected' }, first.revision, editor.actor);
      expect(edited.publishedAt).toBe(firstTime);
      expect(edited.updatedAt).toBe(clock.now().toISOString());
      await services.storyWorkflow.unpublish(story.id, editor.actor);
      expect(await services.storyQueries.findPublished('en', story.code)).toBeUndefined();
      await services.storyWorkflow.backToDraft(story.id, editor.actor);
      clock.advance({ hours: 1 });
      const again = (await services.storyWorkflow.publish(story.id, editor.actor)).story;
      expect(again.publishedAt).toBe(firstTime);
      expect(again.updatedAt).toBe(clock.now().toISOString());
      expect(await auditActions(story.id)).toEqual(['story.published', 'story.unpublished', 'story.returned_to_draft', 'story.published']);
    });

    it('refuses steps that do not start from the story’s status, saying why', async () => {
      const editor = await person('editor');
      const story = await draft('editor');
      await services.storyWorkflow.publish(story.id, editor.actor);
      expect((await expectRefused(services.storyWorkflow.submit(story.id, editor.actor), 'STORY_TRANSITION_INVALID')).message).toBe(
        'This story is published. Only a draft can be submitted for review.',
      );
      await expectRefused(services.storyWorkflow.publish(story.id, editor.actor), 'STORY_TRANSITION_INVALID');
      await expectRefused(services.storyWorkflow.backToDraft(story.id, editor.actor), 'STORY_TRANSITION_INVALID');
      await services.storyWorkflow.unpublish(story.id, editor.actor);
      await expectRefused(services.storyWorkflow.unpublish(story.id, editor.actor), 'STORY_TRANSITION_INVALID');
      // Unpublished goes back to draft before it can go out again.
      await expectRefused(services.storyWorkflow.publish(story.id, editor.actor), 'STORY_TRANSITION_INVALID');
    });

    it('will not send an empty story to review or out', async () => {
      const { actor } = await person('editor');
      const story = await services.storyWorkflow.createDraft({ editionCode: 'en', headline: 'A Headline Waiting for Its Story' }, actor);
      const error = await refusal(services.storyWorkflow.publish(story.id, actor));
      expect(error).toBeInstanceOf(StoryValidationError);
      expect((error as StoryValidationError).field).toBe('body');
    });

    it('schedules for a time in the future only, and back to draft unschedules', async () => {
      const editor = await person('editor');
      const story = await draft('editor');
      const past = new Date(clock.now().getTime() - 60_000).toISOString();
      expect((await expectRefused(services.storyWorkflow.schedule(story.id, past, editor.actor), 'STORY_FIELD_INVALID')).field).toBe('scheduledAt');
      const at = new Date(clock.now().getTime() + 3_600_000).toISOString();
      const scheduled = await services.storyWorkflow.schedule(story.id, at, editor.actor);
      expect(scheduled).toMatchObject({ outcome: 'scheduled', story: { status: 'scheduled', scheduledAt: at } });
      const back = await services.storyWorkflow.backToDraft(story.id, editor.actor);
      expect(back.story).toMatchObject({ status: 'draft', scheduledAt: null });
    });

    it('keeps the note that sends a story back, audits it, and shows it to the author only while the story is a draft', async () => {
      const author = await person('author');
      const editor = await person('editor');
      const story = await draft('author');
      await services.storyWorkflow.submit(story.id, author.actor);
      await services.storyWorkflow.backToDraft(story.id, editor.actor, '  Check the fares with the operator.  ');
      const rows = await handle.db.selectFrom('story_returns').select(['note', 'from_status', 'returned_by']).where('story_id', '=', story.id).execute();
      expect(rows).toEqual([{ note: 'Check the fares with the operator.', from_status: 'in_review', returned_by: editor.user.id }]);
      expect(await auditActions(story.id)).toEqual(['story.returned_to_draft']);
      expect(await services.storyWorkflow.findReturnNote(story.id, author.actor)).toMatchObject({ note: 'Check the fares with the operator.', by: { id: editor.user.id } });
      // Another author cannot see the story, nor its note.
      expect(await services.storyWorkflow.findReturnNote(story.id, (await person('author', 'other')).actor)).toBeUndefined();
      await services.storyWorkflow.submit(story.id, author.actor);
      expect(await services.storyWorkflow.findReturnNote(story.id, author.actor)).toBeUndefined();
      // A later return without a note does not bring the old one back.
      await services.storyWorkflow.backToDraft(story.id, editor.actor);
      expect(await services.storyWorkflow.findReturnNote(story.id, author.actor)).toBeUndefined();
      const long = await refusal(services.storyWorkflow.backToDraft(story.id, editor.actor, 'x'.repeat(2001)));
      expect((long as StoryWorkflowError).field).toBe('note');
    });

    it('never autosaves into a live story', async () => {
      const editor = await person('editor');
      const story = await draft('editor');
      const live = (await services.storyWorkflow.publish(story.id, editor.actor)).story;
      await expectRefused(services.storyWorkflow.update(story.id, { headline: 'Half-typed hea' }, live.revision, editor.actor, { isAutosave: true }), 'STORY_IS_LIVE');
      expect((await services.storyWorkflow.getForEditing(story.id, editor.actor)).headline).toBe(live.headline);
    });
  });

  describe('who may do what (docs/decisions/005)', () => {
    it('a contributor writes and submits their own draft, then may no longer change it, and may never publish', async () => {
      const contributor = await person('contributor');
      const story = await draft('contributor');
      await expectRefused(services.storyWorkflow.publish(story.id, contributor.actor), 'STORY_FORBIDDEN');
      await expectRefused(services.storyWorkflow.schedule(story.id, new Date(clock.now().getTime() + 60_000).toISOString(), contributor.actor), 'STORY_FORBIDDEN');
      await services.storyWorkflow.submit(story.id, contributor.actor);
      const error = await expectRefused(services.storyWorkflow.update(story.id, { headline: 'Changed after submitting' }, story.revision, contributor.actor), 'STORY_FORBIDDEN');
      expect(error.message).toBe('Your role does not allow you to change this story while it is in review.');
      await expectRefused(services.storyWorkflow.backToDraft(story.id, contributor.actor), 'STORY_FORBIDDEN');
    });

    it('an author publishes their own story only where the edition lets authors publish', async () => {
      const author = await person('author');
      const here = await draft('author');
      await expectRefused(services.storyWorkflow.publish(here.id, author.actor), 'STORY_FORBIDDEN');
      await handle.db.updateTable('editions').set({ allow_author_publish: 1 }).where('code', '=', 'fa').execute();
      await services.editions.load();
      const there = await draft('author', { editionCode: 'fa', headline: 'زمان‌بندی تازهٔ کشتی بندر', body: body('کشتی هر بیست دقیقه حرکت می‌کند.') });
      expect((await services.storyWorkflow.publish(there.id, author.actor)).story.status).toBe('published');
      // …and may then keep editing it, since that edition trusts its authors.
      const live = await services.storyWorkflow.getForEditing(there.id, author.actor);
      await services.storyWorkflow.update(there.id, { teaser: 'کشتی‌های بیشتر' }, live.revision, author.actor);
    });

    it('people who may not edit every story do not see others’ stories at all', async () => {
      const other = await person('author', 'other');
      const story = await draft('author');
      await expectRefused(services.storyWorkflow.getForEditing(story.id, other.actor), 'STORY_NOT_FOUND');
      await expectRefused(services.storyWorkflow.update(story.id, { headline: 'Hijacked' }, story.revision, other.actor), 'STORY_NOT_FOUND');
      const list = await services.storyWorkflow.list({}, other.actor);
      expect(list.items.some((i) => i.id === story.id)).toBe(false);
      const editor = await person('editor');
      expect((await services.storyWorkflow.list({ headline: story.headline }, editor.actor)).items.map((i) => i.id)).toEqual([story.id]);
    });

    it('a moderator may not write stories', async () => {
      const moderator = await person('moderator');
      await expectRefused(services.storyWorkflow.createDraft({ editionCode: 'en', headline: 'Moderated' }, moderator.actor), 'STORY_FORBIDDEN');
    });

    it('offers each person only the steps they may take now', async () => {
      const contributor = await person('contributor');
      const editor = await person('editor');
      const story = await draft('contributor');
      expect([...services.storyWorkflow.availableActions(story, contributor.actor)].sort()).toEqual(['delete', 'edit', 'submit']);
      expect([...services.storyWorkflow.availableActions(story, editor.actor)].sort()).toEqual(['delete', 'edit', 'publish', 'schedule', 'submit']);
      const live = (await services.storyWorkflow.publish(story.id, editor.actor)).story;
      expect([...services.storyWorkflow.availableActions(live, contributor.actor)]).toEqual([]);
      expect([...services.storyWorkflow.availableActions(live, editor.actor)].sort()).toEqual(['delete', 'edit', 'unpublish']);
    });
  });

  describe('revisions', () => {
    it('compares two revisions word by word and block by block', async () => {
      const { actor } = await person('editor');
      const story = await services.storyWorkflow.createDraft(
        { editionCode: 'en', headline: 'Bridge Closes for Repairs', body: body('The old bridge closes on Monday.', 'Buses will take the ring road.', 'Cyclists may walk across.') },
        actor,
      );
      const v2 = await services.storyWorkflow.update(
        story.id,
        { headline: 'Bridge Closes for Urgent Repairs', body: [paragraph('The old bridge closes on Tuesday.'), paragraph('Buses will take the ring road.'), { type: 'quote', content: [{ type: 'text', text: 'Safety first.' }], cite: 'City engineer' }] },
        story.revision,
        actor,
      );
      const diff = await services.storyWorkflow.diffRevisions(story.id, 1, v2.revision, actor);
      expect(diff.isSame).toBe(false);
      const headline = diff.fields.find((f) => f.field === 'headline');
      expect(headline?.isChanged).toBe(true);
      expect(headline?.segments).toEqual([
        { text: 'Bridge Closes for ', change: 'same' },
        { text: 'Urgent ', change: 'added' },
        { text: 'Repairs', change: 'same' },
      ]);
      expect(diff.body.map((b) => [b.change, b.kind])).toEqual([
        ['changed', 'paragraph'],
        ['same', 'paragraph'],
        ['changed', 'quote'],
      ]);
      expect(diff.body[0]?.segments).toEqual([
        { text: 'The old bridge closes on ', change: 'same' },
        { text: 'Monday', change: 'removed' },
        { text: 'Tuesday', change: 'added' },
        { text: '.', change: 'same' },
      ]);
      expect(diff.fields.find((f) => f.field === 'slug')?.isChanged).toBe(false);
    });

    it('restores a revision as the newest version, erasing nothing', async () => {
      const { actor } = await person('editor');
      const story = await draft('editor', { headline: 'Original Headline About the Market' });
      const v2 = await services.storyWorkflow.update(story.id, { headline: 'A Worse Headline', body: body('Rewritten badly.') }, story.revision, actor);
      const restored = await services.storyWorkflow.restoreRevision(story.id, 1, v2.revision, actor);
      expect(restored).toMatchObject({ revision: 3, headline: 'Original Headline About the Market', body: story.body, slug: story.slug });
      const revisions = await services.storyWorkflow.listRevisions(story.id, actor);
      expect(revisions.items.map((r) => [r.number, r.kind, r.restoredFrom])).toEqual([
        [3, 'restored', 1],
        [2, 'saved', null],
        [1, 'created', null],
      ]);
      // Restoring from a stale page is a conflict like any other save.
      expect(await refusal(services.storyWorkflow.restoreRevision(story.id, 2, v2.revision, actor))).toBeInstanceOf(StoryConflictError);
    });
  });

  describe('soft deletion', () => {
    it('takes a published story off every reader path, and an editor can bring it back (unpublished)', async () => {
      const editor = await person('editor');
      const story = await draft('editor', { headline: 'Lighthouse Keeper Retires After Forty Years', body: body('The lighthouse keeper retired on Friday after forty years of service.') });
      await services.storyWorkflow.publish(story.id, editor.actor);
      const search = () => services.search.search({ code: 'en', language: 'en', timeZone: 'Europe/London' }, { q: 'lighthouse keeper', sort: 'date', page: 1 });
      const found = await search();
      expect(found.kind === 'results' && found.hits.map((h) => h.code)).toEqual([story.code]);

      const deleted = await services.storyWorkflow.softDelete(story.id, editor.actor);
      expect(deleted.story).toMatchObject({ status: 'unpublished', deletedBy: { id: editor.user.id } });
      expect(await services.storyQueries.findPublished('en', story.code)).toBeUndefined();
      expect((await services.storyQueries.listPublished('en', 1)).items.some((s) => s.code === story.code)).toBe(false);
      const gone = await search();
      expect(gone.kind === 'results' && gone.hits).toEqual([]);
      expect((await services.storyWorkflow.list({}, editor.actor)).items.some((i) => i.id === story.id)).toBe(false);
      expect((await services.storyWorkflow.list({ status: 'deleted' }, editor.actor)).items.map((i) => i.id)).toContain(story.id);
      await expectRefused(services.storyWorkflow.update(story.id, { headline: 'x' }, deleted.story.revision, editor.actor), 'STORY_TRANSITION_INVALID');
      await expectRefused(services.storyWorkflow.publish(story.id, editor.actor), 'STORY_TRANSITION_INVALID');

      const restored = await services.storyWorkflow.restore(story.id, editor.actor);
      expect(restored.story).toMatchObject({ status: 'unpublished', deletedAt: null });
      expect(await auditActions(story.id)).toEqual(['story.published', 'story.deleted', 'story.restored']);
    });

    it('an author deletes their own draft but cannot undo it; an admin can', async () => {
      const author = await person('author');
      const admin = await person('admin');
      const story = await draft('author');
      await services.storyWorkflow.softDelete(story.id, author.actor);
      await expectRefused(services.storyWorkflow.restore(story.id, author.actor), 'STORY_FORBIDDEN');
      expect((await services.storyWorkflow.restore(story.id, admin.actor)).story.status).toBe('draft');
    });

    it('a scheduled story that is deleted is unscheduled, so the scheduler never publishes it', async () => {
      const editor = await person('editor');
      const story = await draft('editor');
      await services.storyWorkflow.schedule(story.id, new Date(clock.now().getTime() + 60_000).toISOString(), editor.actor);
      await services.storyWorkflow.softDelete(story.id, editor.actor);
      clock.advance({ minutes: 2 });
      const scheduler = new Scheduler({ workflow: services.storyWorkflow, clock });
      expect((await scheduler.runDue()).map((p) => p.storyId)).not.toContain(story.id);
      expect((await services.storyWorkflow.getForEditing(story.id, editor.actor)).status).toBe('draft');
    });
  });

  describe('embargoes', () => {
    it('keeps an embargoed story off every read path whoever presses Publish, then the scheduler releases it', async () => {
      const owner = await person('owner');
      const embargo = new Date(clock.now().getTime() + 2 * 3_600_000).toISOString();
      const story = await draft('owner', {
        headline: 'Nobel Committee Names Marine Biologist',
        body: body('The committee named a marine biologist from the coast for work on coral reefs.'),
        section: 'Science',
        embargoUntil: embargo,
      });
      const pressed = await services.storyWorkflow.publish(story.id, owner.actor);
      expect(pressed.outcome).toBe('held-by-embargo');
      expect(pressed.story).toMatchObject({ status: 'scheduled', scheduledAt: embargo, publishedAt: null });

      const scheduler = new Scheduler({ workflow: services.storyWorkflow, clock });
      clock.advance({ hours: 1 });
      expect(await scheduler.runDue()).toEqual([]);
      const search = await services.search.search({ code: 'en', language: 'en', timeZone: 'Europe/London' }, { q: 'marine biologist', sort: 'date', page: 1 });
      expect(search.kind === 'results' && search.hits).toEqual([]);
      expect(await services.storyQueries.findPublished('en', story.code)).toBeUndefined();
      expect((await services.storyQueries.listForSyndication('en', {}, 100)).some((s) => s.code === story.code)).toBe(false);
      expect((await services.storyQueries.listRecentLocations({ start: '2000-01-01T00:00:00.000Z', end: '2100-01-01T00:00:00.000Z' }, 1000)).some((s) => s.code === story.code)).toBe(false);
      expect((await services.storyQueries.listSections('en')).some((s) => s.name === 'Science')).toBe(false);

      // Moving the schedule earlier does not beat the embargo either.
      const earlier = new Date(clock.now().getTime() + 60_000).toISOString();
      expect((await services.storyWorkflow.schedule(story.id, earlier, owner.actor)).outcome).toBe('held-by-embargo');

      clock.set(embargo);
      expect((await scheduler.runDue()).map((p) => p.storyId)).toEqual([story.id]);
      expect((await services.storyQueries.findPublished('en', story.code))?.publishedAt).toBe(embargo);
    });

    it('refuses a future embargo on a story that is already out', async () => {
      const editor = await person('editor');
      const story = await draft('editor');
      const live = (await services.storyWorkflow.publish(story.id, editor.actor)).story;
      const error = await expectRefused(
        services.storyWorkflow.update(story.id, { embargoUntil: new Date(clock.now().getTime() + 60_000).toISOString() }, live.revision, editor.actor),
        'STORY_FIELD_INVALID',
      );
      expect(error.field).toBe('embargoUntil');
    });

    it('pushes a scheduled story back when an embargo later than its time is set', async () => {
      const editor = await person('editor');
      const story = await draft('editor');
      const scheduled = (await services.storyWorkflow.schedule(story.id, new Date(clock.now().getTime() + 60_000).toISOString(), editor.actor)).story;
      const embargo = new Date(clock.now().getTime() + 7_200_000).toISOString();
      const updated = await services.storyWorkflow.update(story.id, { embargoUntil: embargo }, scheduled.revision, editor.actor);
      expect(updated).toMatchObject({ status: 'scheduled', scheduledAt: embargo, embargoUntil: embargo });
    });
  });
});
