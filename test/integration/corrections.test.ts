import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/open-database.ts';
import type { StoryStatus } from '../../src/db/schema.ts';
import { commandLineActor, personActor, type Actor } from '../../src/modules/accounts/account-types.ts';
import type { Role } from '../../src/modules/accounts/permissions.ts';
import { CorrectionError, NOTE_TEXT_MAX_LENGTH, type CorrectionErrorCode } from '../../src/modules/corrections/index.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/engines.ts';

/**
 * Corrections and updates on every engine: a note lands with the story's new updated time and its audit
 * entry, or not at all; readers' queries show a story's notes oldest first and an edition's corrections
 * newest first.
 */

async function expectRefusal(promise: Promise<unknown>, code: CorrectionErrorCode, field?: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(CorrectionError);
  expect((error as CorrectionError).code).toBe(code);
  expect((error as CorrectionError).field).toBe(field);
}

describe.each(testEngines())('corrections and updates on %s', (engine) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let services: Services;
  let editor: Actor;
  let made = 0;

  async function story(options: { edition?: 'en' | 'fa'; status?: StoryStatus; code?: number } = {}): Promise<{ id: number; code: number; headline: string }> {
    made++;
    const headline = `Port Authority Budget Hearing Number ${made}`;
    const saved = await services.stories.save({
      editionCode: options.edition ?? 'en',
      code: options.code,
      headline,
      body: [paragraph(`${headline}: the figures, line by line.`)],
      status: options.status ?? 'published',
      publishedAt: '2021-05-03T06:00:00.000Z',
    });
    return { id: saved.id, code: saved.code, headline };
  }

  async function person(role: Role): Promise<Actor> {
    const added = await services.users.addUser(commandLineActor, { email: `${role}-${made++}@corrections.test`, role, password: 'a long enough password here' });
    return personActor(added.user, null);
  }

  async function updatedAt(id: number): Promise<string> {
    const row = await handle.db.selectFrom('stories').select('updated_at').where('id', '=', id).executeTakeFirstOrThrow();
    return row.updated_at;
  }

  async function noteCount(): Promise<number> {
    return Number((await handle.db.selectFrom('story_notes').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);
  }

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    handle = await openDatabase(parseDatabaseUrl(database.url));
    services = await createServices(handle);
    await services.editions.ensure('fa');
    editor = await person('editor');
  });

  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  it('adds a note with its time, moves the story’s updated time to it, and records who did it', async () => {
    const s = await story();
    const at = new Date('2021-05-04T10:30:00.000Z');
    const note = await services.corrections.addNote(editor, { editionCode: 'en', code: s.code, kind: 'correction', text: 'The budget is £4.2m, not £42m.' }, at);
    expect(note).toMatchObject({ kind: 'correction', text: 'The budget is £4.2m, not £42m.', notedAt: at.toISOString() });
    expect(await updatedAt(s.id)).toBe(at.toISOString());
    const entry = (await services.audit.query({ action: 'story.note_added' })).items[0];
    expect(entry).toMatchObject({ at: at.toISOString(), subject: { type: 'story', id: `en/${s.code}` }, details: { kind: 'correction', headline: s.headline } });
    expect(entry?.actor?.id).toBe(editor.kind === 'person' ? editor.user.id : undefined);
    const row = await handle.db.selectFrom('story_notes').select('created_by').where('id', '=', note.id).executeTakeFirstOrThrow();
    expect(row.created_by).toBe(editor.kind === 'person' ? editor.user.id : undefined);
  });

  it('gives a story’s notes oldest first, to the newsroom and to the story page', async () => {
    const s = await story();
    // Added out of order in time: the order readers see is the notes' own times.
    await services.corrections.addNote(editor, { editionCode: 'en', code: s.code, kind: 'update', text: 'The hearing has been moved to Friday.' }, new Date('2021-05-06T09:00:00.000Z'));
    await services.corrections.addNote(editor, { editionCode: 'en', code: s.code, kind: 'correction', text: 'The chair is Ms Adeyemi.' }, new Date('2021-05-05T09:00:00.000Z'));
    const expected = [
      { kind: 'correction', text: 'The chair is Ms Adeyemi.', notedAt: '2021-05-05T09:00:00.000Z' },
      { kind: 'update', text: 'The hearing has been moved to Friday.', notedAt: '2021-05-06T09:00:00.000Z' },
    ];
    expect(await services.corrections.listNotes('en', s.code)).toMatchObject(expected);
    expect((await services.storyQueries.findPublished('en', s.code))?.notes).toMatchObject(expected);
    await expect(services.corrections.listNotes('en', 99_999_999)).rejects.toMatchObject({ code: 'STORY_NOT_FOUND' });
  });

  it('keeps notes with the story version of their edition', async () => {
    const english = await story();
    await story({ edition: 'fa', code: english.code });
    await services.corrections.addNote(editor, { editionCode: 'en', code: english.code, kind: 'correction', text: 'Only the English text had this error.' });
    expect((await services.storyQueries.findPublished('en', english.code))?.notes).toHaveLength(1);
    expect((await services.storyQueries.findPublished('fa', english.code))?.notes).toEqual([]);
  });

  it('takes the text as one plain paragraph and refuses notes readers could not use, changing nothing', async () => {
    const s = await story();
    const note = await services.corrections.addNote(editor, { editionCode: 'en', code: s.code, kind: 'update', text: '  Voting\n\n   ends at   noon. ' });
    expect(note.text).toBe('Voting ends at noon.');
    const [before, notes] = [await updatedAt(s.id), await noteCount()];
    const add = (kind: string, text: string) => services.corrections.addNote(editor, { editionCode: 'en', code: s.code, kind, text }, new Date('2031-01-01T00:00:00.000Z'));
    await expectRefusal(add('retraction', 'Withdrawn.'), 'NOTE_INVALID', 'kind');
    await expectRefusal(add('correction', ' \n\t '), 'NOTE_INVALID', 'text');
    await expectRefusal(add('correction', 'x'.repeat(NOTE_TEXT_MAX_LENGTH + 1)), 'NOTE_INVALID', 'text');
    await expectRefusal(add('correction', 'Bell\u0007 character.'), 'NOTE_INVALID', 'text');
    expect([await updatedAt(s.id), await noteCount()]).toEqual([before, notes]);
    // Exactly the limit is fine, counted in characters, not bytes.
    await add('correction', 'é'.repeat(NOTE_TEXT_MAX_LENGTH));
  });

  it('puts notes on published stories only, and on stories that exist', async () => {
    const draft = await story({ status: 'draft' });
    const before = [await updatedAt(draft.id), await noteCount(), (await services.audit.query({ action: 'story.note_added' })).total];
    await expectRefusal(services.corrections.addNote(editor, { editionCode: 'en', code: draft.code, kind: 'correction', text: 'Too early.' }), 'STORY_NOT_PUBLISHED');
    await expectRefusal(services.corrections.addNote(editor, { editionCode: 'en', code: 99_999_999, kind: 'correction', text: 'Nowhere.' }), 'STORY_NOT_FOUND');
    await expectRefusal(services.corrections.addNote(editor, { editionCode: 'fa', code: draft.code, kind: 'correction', text: 'Wrong edition.' }), 'STORY_NOT_FOUND');
    expect([await updatedAt(draft.id), await noteCount(), (await services.audit.query({ action: 'story.note_added' })).total]).toEqual(before);
  });

  it('lets editors and above add notes, and refuses everyone else before anything changes', async () => {
    const s = await story();
    for (const role of ['owner', 'admin', 'editor'] as const) {
      await services.corrections.addNote(await person(role), { editionCode: 'en', code: s.code, kind: 'update', text: `Added by the ${role}.` });
    }
    const before = [await updatedAt(s.id), await noteCount()];
    for (const role of ['author', 'contributor', 'moderator'] as const) {
      await expectRefusal(services.corrections.addNote(await person(role), { editionCode: 'en', code: s.code, kind: 'correction', text: 'Not mine to add.' }), 'FORBIDDEN');
    }
    expect([await updatedAt(s.id), await noteCount()]).toEqual(before);
  });

  it('lists an edition’s corrections newest first, in pages, without updates, other editions or stories taken down', async () => {
    // A fresh edition keeps this list to this test's notes.
    await services.editions.ensure('es');
    const make = async () => {
      made++;
      const saved = await services.stories.save({ editionCode: 'es', headline: `Informe del puerto ${made}`, body: [paragraph('Las cifras.')], status: 'published', publishedAt: '2021-05-03T06:00:00.000Z' });
      return saved;
    };
    const [a, b, gone] = [await make(), await make(), await make()];
    const note = (code: number, kind: 'correction' | 'update', text: string, minute: number) =>
      services.corrections.addNote(editor, { editionCode: 'es', code, kind, text }, new Date(Date.UTC(2021, 5, 1, 12, minute)));
    await note(a.code, 'correction', 'primera', 1);
    await note(b.code, 'correction', 'segunda', 2);
    await note(a.code, 'update', 'actualización', 3);
    await note(gone.code, 'correction', 'retirada', 4);
    await note(b.code, 'correction', 'tercera', 5);
    await services.stories.save({ editionCode: 'es', code: gone.code, headline: 'Retirada', body: [paragraph('Retirada.')], status: 'unpublished' });

    const first = await services.corrections.listCorrections('es', 1, 2);
    expect(first.items.map((e) => [e.note.text, e.story.code])).toEqual([
      ['tercera', b.code],
      ['segunda', b.code],
    ]);
    expect(first.items[0]?.story).toEqual({ code: b.code, slug: b.slug, headline: expect.stringContaining('Informe del puerto') });
    expect([first.total, first.pageCount]).toEqual([3, 2]);
    const second = await services.corrections.listCorrections('es', 2, 2);
    expect(second.items.map((e) => e.note.text)).toEqual(['primera']);
    expect((await services.corrections.listCorrections('fa', 1)).items.map((e) => e.note.text)).not.toContain('primera');
  });
});
