import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { actorIdOf, type Actor } from '../accounts/account-types.ts';
import { can } from '../accounts/permissions.ts';
import { touchPublishedStory } from '../stories/story-store.ts';
import { cacheKeys, recordChange, type ChangeFeed } from '../changes/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Page, StoryLink, StoryNote, StoryNoteKind } from '../stories/story-types.ts';
import { CorrectionError } from './correction-errors.ts';
import { correctionProblems as problems } from './correction-problems.ts';
import { findStoryNotes, toStoryNote } from './find-story-notes.ts';

export const NOTE_KINDS: readonly StoryNoteKind[] = ['correction', 'update'];
/** Long enough for what was wrong and what is right; a longer story belongs in the body or a new story. */
export const NOTE_TEXT_MAX_LENGTH = 1000;
export const CORRECTIONS_PAGE_SIZE = 20;

export function isNoteKind(value: unknown): value is StoryNoteKind {
  return typeof value === 'string' && (NOTE_KINDS as readonly string[]).includes(value);
}

export interface NewStoryNote {
  editionCode: string;
  code: number;
  kind: string;
  text: string;
}

/** One line of an edition's corrections page: the correction and the story it corrects. */
export interface CorrectionEntry {
  note: StoryNote;
  story: StoryLink & { headline: string };
}

/**
 * Corrections and updates: notes with their instant, attached to a published story's version in one
 * edition. Adding one also sets the story's `updated_at` in the same transaction, so sitemaps, feeds'
 * validators and `dateModified` move with it; readers see the note on the story page and, for
 * corrections, on the edition's corrections page (both cached up to a minute).
 * @example await corrections.addNote(personActor(editor), { editionCode: 'en', code: 898945, kind: 'correction', text: 'An earlier version misspelt the minister’s name.' })
 */
export class CorrectionService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed,
    private readonly audit: AuditLog,
  ) {}

  async addNote(actor: Actor, input: NewStoryNote, now = new Date()): Promise<StoryNote> {
    if (actor.kind === 'person' && !can(actor.user, 'story.edit.any')) {
      throw new CorrectionError('FORBIDDEN', problems.forbidden);
    }
    if (!isNoteKind(input.kind)) throw new CorrectionError('NOTE_INVALID', problems.kindInvalid, 'kind');
    const text = cleanText(input.text);
    const notedAt = now.toISOString();
    return this.changes.transaction(async (trx) => {
      // The write comes first: it takes the story's row lock (PostgreSQL) or the write lock (SQLite)
      // before anything is read, and tells at once whether a published story is there.
      const touched = await touchPublishedStory(trx, input.editionCode, input.code, notedAt);
      if (!touched) {
        const other = await trx
          .selectFrom('stories')
          .select('headline')
          .where('edition_code', '=', input.editionCode)
          .where('code', '=', input.code)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        if (!other) throw new CorrectionError('STORY_NOT_FOUND', problems.storyNotFound(input.code));
        throw new CorrectionError('STORY_NOT_PUBLISHED', problems.notPublished(other.headline));
      }
      const row = await trx
        .insertInto('story_notes')
        .values({ story_id: touched.id, kind: input.kind as StoryNoteKind, text, noted_at: notedAt, created_by: actorIdOf(actor) })
        .returning(['id', 'kind', 'text', 'noted_at'])
        .executeTakeFirstOrThrow();
      // Notes show on the story page and the corrections page; the new updated time reaches feeds and sitemaps.
      await recordChange(
        trx,
        { kind: 'story.noted', editionCode: input.editionCode, storyCode: input.code, keys: [cacheKeys.storyPage(input.editionCode, input.code), cacheKeys.storyUpdated(input.editionCode, input.code), cacheKeys.corrections(input.editionCode), cacheKeys.sitemaps], subject: { kind: input.kind, noteId: row.id, text: row.text, storyId: touched.id, slug: touched.slug, headline: touched.headline, isPublic: true } },
        now,
      );
      await this.audit.record(
        {
          action: 'story.note_added',
          actorId: actorIdOf(actor),
          subject: { type: 'story', id: `${input.editionCode}/${input.code}` },
          details: { kind: row.kind, headline: touched.headline },
          addressHash: actor.kind === 'person' ? actor.addressHash : null,
        },
        trx,
        now,
      );
      return toStoryNote(row);
    });
  }

  /** A story's notes, oldest first, whatever its status now; throws `STORY_NOT_FOUND`. */
  async listNotes(editionCode: string, code: number): Promise<StoryNote[]> {
    const story = await this.db
      .selectFrom('stories')
      .select('id')
      .where('edition_code', '=', editionCode)
      .where('code', '=', code)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!story) throw new CorrectionError('STORY_NOT_FOUND', problems.storyNotFound(code));
    return findStoryNotes(this.db, story.id);
  }

  /** The corrections of an edition's published stories, newest first, `pageSize` to a page. */
  async listCorrections(editionCode: string, page: number, pageSize = CORRECTIONS_PAGE_SIZE): Promise<Page<CorrectionEntry>> {
    const query = this.db
      .selectFrom('story_notes as n')
      .innerJoin('stories as s', 's.id', 'n.story_id')
      .where('s.edition_code', '=', editionCode)
      .where('s.status', '=', 'published')
      .where('s.deleted_at', 'is', null)
      .where('n.kind', '=', 'correction');
    const countRow = await query.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirst();
    const total = Number(countRow?.total ?? 0);
    const rows = await query
      .select(['n.id', 'n.kind', 'n.text', 'n.noted_at', 's.code', 's.slug', 's.headline'])
      .orderBy('n.noted_at', 'desc')
      .orderBy('n.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    return {
      items: rows.map((r) => ({ note: toStoryNote(r), story: { code: Number(r.code), slug: r.slug, headline: r.headline } })),
      page,
      pageCount: Math.max(1, Math.ceil(total / pageSize)),
      total,
    };
  }
}

/** One paragraph of plain text: readers see a note as a single line under its label, so runs of spaces and line breaks become one space. */
function cleanText(text: string): string {
  const clean = text.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (clean === '') throw new CorrectionError('NOTE_INVALID', problems.textMissing, 'text');
  if ([...clean].length > NOTE_TEXT_MAX_LENGTH) throw new CorrectionError('NOTE_INVALID', problems.textTooLong(NOTE_TEXT_MAX_LENGTH), 'text');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/u.test(clean)) throw new CorrectionError('NOTE_INVALID', problems.controlCharacters, 'text');
  return clean;
}
