import type { Kysely } from 'kysely';
import { headlineKey } from '../../content/slug.ts';
import type { Database } from '../../db/schema.ts';
import { actorIdOf, type Actor } from '../accounts/account-types.ts';
import type { Page } from '../stories/story-types.ts';
import type { StoryListFilter, StoryListFilterOptions, StoryListItem } from './newsroom-types.ts';
import { personRef } from './person-ref.ts';
import type { StoryAccess } from './story-access.ts';

export const NEWSROOM_PAGE_SIZE = 25;

/** The newsroom's list of stories and the choices its filters offer. */
export class NewsroomStoryList {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly access: StoryAccess,
  ) {}

  /**
   * Newest change first, 25 a page, filtered; deleted stories only when asked for.
   * People who may not edit every story see their own only.
   */
  async list(filter: StoryListFilter, actor: Actor): Promise<Page<StoryListItem>> {
    const page = filter.page ?? 1;
    let query = this.db
      .selectFrom('stories as s')
      .leftJoin('sections as sec', 'sec.id', 's.section_id')
      .leftJoin('users as owner', 'owner.id', 's.created_by')
      .leftJoin('story_translations as tr', 'tr.story_id', 's.id')
      .leftJoin('stories as src', 'src.id', 'tr.source_story_id');
    query = filter.status === 'deleted' ? query.where('s.deleted_at', 'is not', null) : query.where('s.deleted_at', 'is', null);
    if (filter.status !== undefined && filter.status !== 'deleted') query = query.where('s.status', '=', filter.status);
    if (filter.editionCode !== undefined) query = query.where('s.edition_code', '=', filter.editionCode);
    if (filter.sectionId !== undefined) query = query.where('s.section_id', '=', filter.sectionId);
    if (filter.authorSlug !== undefined) {
      const slug = filter.authorSlug;
      query = query.where('s.id', 'in', (eb) => eb.selectFrom('story_authors as sa').innerJoin('authors as a', 'a.id', 'sa.author_id').select('sa.story_id').where('a.slug', '=', slug));
    }
    // headlineKey keeps letters, digits and spaces only, so the words need no escaping inside LIKE.
    const key = filter.headline === undefined ? '' : headlineKey(filter.headline);
    if (key !== '') query = query.where('s.headline_key', 'like', `%${key}%`);
    if (!this.access.seesAllStories(actor)) query = query.where('s.created_by', '=', actorIdOf(actor) ?? -1);

    const countRow = await query.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirst();
    const total = Number(countRow?.total ?? 0);
    const rows = await query
      .select([
        's.id', 's.code', 's.edition_code', 's.headline', 's.status', 's.updated_at', 's.published_at', 's.scheduled_at', 's.embargo_until',
        's.deleted_at', 's.created_by', 'sec.name as section_name', 'owner.display_name as owner_name',
        'tr.source_revision', 'src.revision as source_current_revision',
      ])
      .orderBy('s.updated_at', 'desc')
      .orderBy('s.id', 'desc')
      .limit(NEWSROOM_PAGE_SIZE)
      .offset((page - 1) * NEWSROOM_PAGE_SIZE)
      .execute();
    const ids = rows.map((r) => r.id);
    const bylines =
      ids.length === 0
        ? []
        : await this.db
            .selectFrom('story_authors as sa')
            .innerJoin('authors as a', 'a.id', 'sa.author_id')
            .select(['sa.story_id', 'a.name'])
            .where('sa.story_id', 'in', ids)
            .orderBy('sa.story_id')
            .orderBy('sa.position')
            .execute();
    return {
      items: rows.map((r) => ({
        id: r.id,
        code: Number(r.code),
        editionCode: r.edition_code,
        headline: r.headline,
        status: r.status,
        section: r.section_name,
        authors: bylines.filter((b) => b.story_id === r.id).map((b) => b.name),
        owner: personRef(r.created_by, r.owner_name),
        updatedAt: r.updated_at,
        publishedAt: r.published_at,
        scheduledAt: r.scheduled_at,
        embargoUntil: r.embargo_until,
        deletedAt: r.deleted_at,
        isOutOfDate: r.source_revision !== null && r.source_current_revision !== null && Number(r.source_current_revision) > Number(r.source_revision),
      })),
      page,
      pageCount: Math.max(1, Math.ceil(total / NEWSROOM_PAGE_SIZE)),
      total,
    };
  }

  /** Sections and bylines for the list's filters. */
  async filterOptions(): Promise<StoryListFilterOptions> {
    const [sections, authors] = await Promise.all([
      this.db.selectFrom('sections').select(['id', 'name', 'edition_code']).orderBy('edition_code').orderBy('name').execute(),
      this.db.selectFrom('authors').select(['slug', 'name']).orderBy('name').execute(),
    ]);
    return { sections: sections.map((s) => ({ id: s.id, name: s.name, editionCode: s.edition_code })), authors };
  }
}
