import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { cacheKeys, readStoryFace, recordChange, recordStoryChange, type ChangeFeed } from '../changes/index.ts';
import type { Clock } from '../clock/clock.ts';
import { allocateCode, replaceFeatured, reserveStoryCode, saveStoryInTransaction, setStoryState } from '../stories/story-store.ts';
import type { FeaturedInput, StoryInput } from '../stories/story-types.ts';
import { findWorkflowRow, type WorkflowRow } from './find-workflow-row.ts';
import type { ImportedStory } from './newsroom-types.ts';
import { ensureBaselineRevision, writeRevision } from './story-revisions.ts';
import { recordSourceRevised } from './story-translations.ts';
import { statusWords } from './story-transitions.ts';
import { StoryWorkflowError } from './story-workflow-errors.ts';

export interface ImportStoryOptions {
  /** Replace a story the newsroom made or changed under the code (otherwise it is left as it is and refused). */
  replace?: boolean;
  featured?: FeaturedInput[];
  /**
   * More writes that belong to the imported story (its comments, its old addresses, where it came from), in
   * the story's own transaction: they are stored with it or not at all.
   */
  within?: (trx: Transaction<Database>, story: { id: number; code: number; isNew: boolean }, now: Date) => Promise<void>;
}

/** Stories from outside (a file, another system), under their own codes: the newsroom's one other way in. */
export class StoryImporter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates the story, or updates one an earlier import made; a story the newsroom made or changed under that
   * code — a draft, an embargoed or unpublished story, one edited after import — is left as it is unless
   * `replace` is given. Either way it never goes live before an embargo, keeps the former content as a revision,
   * writes an audit entry and records its change event, all in one transaction.
   * @example await importer.importStory({ editionCode: 'en', code: 898945, headline: 'Rain', body, status: 'published', publishedAt }, { replace: false })
   */
  async importStory(input: StoryInput, options: ImportStoryOptions = {}): Promise<ImportedStory> {
    const now = this.clock.now();
    return this.changes.transaction(async (trx) => {
      // The code's reservation (or a new code) is the first write: it takes the write lock before anything is read.
      const isNewCode = input.code === undefined;
      const code = input.code === undefined ? await allocateCode(trx, now) : await reserveStoryCode(trx, input.code, now);
      input = { ...input, code };
      const existingId = isNewCode ? undefined : await findStoryId(trx, input.editionCode, code);
      const existing = existingId === undefined ? undefined : await findWorkflowRow(trx, existingId);
      const isNewsroomWork = existing !== undefined && (await isChangedInNewsroom(trx, existing));
      if (existing && isNewsroomWork && !options.replace) {
        throw new StoryWorkflowError(
          'STORY_IMPORT_CONFLICT',
          `story ${code} in edition ${input.editionCode} is newsroom work (${statusWords[existing.status]}${existing.deleted_at ? ', deleted' : ''}: “${existing.headline}”); left as it is (--replace replaces it)`,
        );
      }
      if (existing) await ensureBaselineRevision(trx, existing);
      const before = existing ? await readStoryFace(trx, existing.id) : undefined;
      const embargo = existing?.embargo_until ?? null;
      const isHeld = embargo !== null && embargo > now.toISOString();
      const saved = await saveStoryInTransaction(trx, { ...input, status: isHeld ? 'scheduled' : 'published' }, now);
      await setStoryState(trx, saved.id, {
        scheduled_at: isHeld ? embargo : null,
        ...(existing?.deleted_at ? { deleted_at: null, deleted_by: null } : {}),
      });
      await writeRevision(trx, saved.id, 'imported', null, now);
      if (existing) await recordSourceRevised(trx, existing.id, existing.revision, now);
      const change = !existing ? 'created' : isNewsroomWork ? 'replaced' : 'updated';
      const replaced = existing && isNewsroomWork ? { headline: existing.headline, status: existing.deleted_at ? 'deleted' : existing.status } : undefined;
      await this.audit.record(
        {
          action: 'story.imported',
          actorId: null,
          subject: { type: 'story', id: saved.id },
          details: { edition: input.editionCode, code, headline: input.headline, change, status: isHeld ? 'scheduled' : 'published', ...(replaced ? { replaced } : {}) },
        },
        trx,
        now,
      );
      if (options.featured) {
        await replaceFeatured(trx, input.editionCode, options.featured);
        await this.audit.record(
          { action: 'curation.featured_changed', actorId: null, subject: { type: 'edition', id: input.editionCode }, details: { change: 'imported', from: `story ${code}` } },
          trx,
          now,
        );
        await recordChange(trx, { kind: 'curation.featured_changed', editionCode: input.editionCode, keys: [cacheKeys.rail(input.editionCode)], subject: { change: 'imported' } }, now);
      }
      await options.within?.(trx, { id: saved.id, code, isNew: !existing }, now);
      await recordStoryChange(trx, isHeld ? 'story.updated' : before?.isPublic ? 'story.updated' : 'story.published', before, await readStoryFace(trx, saved.id), now);
      return { id: saved.id, code, editionCode: input.editionCode, slug: saved.slug, change, status: isHeld ? 'scheduled' : 'published', ...(replaced ? { replaced } : {}) };
    });
  }

  /**
   * Reserves story codes before an import's first file, so that drafts the newsroom starts meanwhile are
   * numbered after them and never take a code a later file carries.
   */
  async reserveStoryCodes(codes: readonly number[]): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      for (const code of [...new Set(codes)].sort((a, b) => a - b)) await reserveStoryCode(trx, code, now);
    });
  }
}

/** Made in the newsroom, or changed there after it came in: anything but a published story only imports ever wrote. */
async function isChangedInNewsroom(db: Kysely<Database>, row: WorkflowRow): Promise<boolean> {
  if (row.created_by !== null || row.status !== 'published' || row.deleted_at !== null) return true;
  const edited = await db.selectFrom('story_revisions').select('id').where('story_id', '=', row.id).where('kind', '<>', 'imported').limit(1).executeTakeFirst();
  return edited !== undefined;
}

async function findStoryId(db: Kysely<Database>, editionCode: string, code: number): Promise<number | undefined> {
  const row = await db.selectFrom('stories').select('id').where('edition_code', '=', editionCode).where('code', '=', code).executeTakeFirst();
  return row?.id;
}
