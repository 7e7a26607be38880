import type { Kysely } from 'kysely';
import { parseBody } from '../../content/blocks.ts';
import type { Database } from '../../db/schema.ts';
import type { FeaturedItem, Page, StoryDetail, StorySummary, Taxon } from './story-types.ts';

export const PAGE_SIZE = 20;
/** The Featured Stories rail never shows more than this; curated entries come first. */
export const FEATURED_RAIL_SIZE = 15;
/** When editors chose fewer, the rail fills with the latest stories up to this many. */
export const FEATURED_RAIL_MINIMUM = 8;

export interface StoryListFilter {
  sectionSlug?: string;
  tagSlug?: string;
  /** [start, end) in UTC ISO text. */
  publishedBetween?: { start: string; end: string };
}

/** The read side of the story store: only published stories, only what pages show. */
export class StoryQueries {
  constructor(private readonly db: Kysely<Database>) {}

  async findPublished(editionCode: string, code: number): Promise<StoryDetail | undefined> {
    const row = await this.db
      .selectFrom('stories as s')
      .leftJoin('sections as sec', 'sec.id', 's.section_id')
      .select([
        's.id', 's.code', 's.edition_code', 's.slug', 's.headline', 's.teaser', 's.body', 's.published_at', 's.updated_at',
        's.credit_text', 's.credit_url', 's.license_url', 's.comment_count', 'sec.slug as section_slug', 'sec.name as section_name',
      ])
      .where('s.edition_code', '=', editionCode)
      .where('s.code', '=', code)
      .where('s.status', '=', 'published')
      .executeTakeFirst();
    if (!row || !row.published_at) return undefined;

    const [tags, authors, related] = await Promise.all([
      this.db
        .selectFrom('story_tags as st')
        .innerJoin('tags as t', 't.id', 'st.tag_id')
        .select(['t.slug', 't.name'])
        .where('st.story_id', '=', row.id)
        .orderBy('st.position')
        .execute(),
      this.db
        .selectFrom('story_authors as sa')
        .innerJoin('authors as a', 'a.id', 'sa.author_id')
        .select(['a.slug', 'a.name'])
        .where('sa.story_id', '=', row.id)
        .orderBy('sa.position')
        .execute(),
      this.db
        .selectFrom('related_links as r')
        .leftJoin('stories as target', (join) =>
          join
            .onRef('target.code', '=', 'r.target_code')
            .on('target.edition_code', '=', editionCode)
            .on('target.status', '=', 'published'),
        )
        .select(['r.headline', 'r.teaser', 'target.code as target_code', 'target.slug as target_slug', 'target.headline as target_headline', 'target.teaser as target_teaser'])
        .where('r.story_id', '=', row.id)
        .orderBy('r.position')
        .execute(),
    ]);

    return {
      id: row.id,
      code: row.code,
      editionCode: row.edition_code,
      slug: row.slug,
      headline: row.headline,
      teaser: row.teaser,
      body: parseBody(row.body),
      publishedAt: row.published_at,
      updatedAt: row.updated_at,
      section: taxon(row.section_slug, row.section_name),
      tags,
      authors,
      credit: row.credit_text ? { text: row.credit_text, url: row.credit_url, licenseUrl: row.license_url } : null,
      related: related.map((r) =>
        r.target_code !== null && r.target_slug !== null
          ? { headline: r.target_headline ?? r.headline, teaser: r.target_teaser ?? r.teaser, story: { code: r.target_code, slug: r.target_slug } }
          : { headline: r.headline, teaser: r.teaser, story: null },
      ),
      commentCount: row.comment_count,
    };
  }

  /** The slug a published story answers to, to redirect old or partial URLs. */
  async findPublishedSlug(editionCode: string, code: number): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('stories')
      .select('slug')
      .where('edition_code', '=', editionCode)
      .where('code', '=', code)
      .where('status', '=', 'published')
      .executeTakeFirst();
    return row?.slug;
  }

  async listPublished(editionCode: string, page: number, filter: StoryListFilter = {}, pageSize = PAGE_SIZE): Promise<Page<StorySummary>> {
    let query = this.db
      .selectFrom('stories as s')
      .leftJoin('sections as sec', 'sec.id', 's.section_id')
      .where('s.edition_code', '=', editionCode)
      .where('s.status', '=', 'published');
    if (filter.sectionSlug !== undefined) query = query.where('sec.slug', '=', filter.sectionSlug);
    if (filter.tagSlug !== undefined) {
      const tagSlug = filter.tagSlug;
      query = query.where('s.id', 'in', (eb) =>
        eb
          .selectFrom('story_tags as st')
          .innerJoin('tags as t', 't.id', 'st.tag_id')
          .select('st.story_id')
          .where('t.edition_code', '=', editionCode)
          .where('t.slug', '=', tagSlug),
      );
    }
    if (filter.publishedBetween) {
      query = query.where('s.published_at', '>=', filter.publishedBetween.start).where('s.published_at', '<', filter.publishedBetween.end);
    }
    const countRow = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst();
    const total = Number(countRow?.total ?? 0);
    const pageCount = Math.max(1, Math.ceil(total / pageSize));
    const rows = await query
      .select(['s.code', 's.edition_code', 's.slug', 's.headline', 's.teaser', 's.published_at', 'sec.slug as section_slug', 'sec.name as section_name'])
      .orderBy('s.published_at', 'desc')
      .orderBy('s.code', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    return {
      items: rows.map((r) => ({
        code: r.code,
        editionCode: r.edition_code,
        slug: r.slug,
        headline: r.headline,
        teaser: r.teaser,
        publishedAt: r.published_at ?? '',
        section: taxon(r.section_slug, r.section_name),
      })),
      page,
      pageCount,
      total,
    };
  }

  async findSection(editionCode: string, slug: string): Promise<Taxon | undefined> {
    return this.db.selectFrom('sections').select(['slug', 'name']).where('edition_code', '=', editionCode).where('slug', '=', slug).executeTakeFirst();
  }

  async findTag(editionCode: string, slug: string): Promise<Taxon | undefined> {
    return this.db.selectFrom('tags').select(['slug', 'name']).where('edition_code', '=', editionCode).where('slug', '=', slug).executeTakeFirst();
  }

  /** Sections that have published stories, for the site's navigation. */
  async listSections(editionCode: string): Promise<Taxon[]> {
    return this.db
      .selectFrom('sections as sec')
      .select(['sec.slug', 'sec.name'])
      .where('sec.edition_code', '=', editionCode)
      .where((eb) => eb.exists(eb.selectFrom('stories as s').select('s.id').whereRef('s.section_id', '=', 'sec.id').where('s.status', '=', 'published')))
      .orderBy('sec.name')
      .execute();
  }

  /** The curated rail, filled up with the latest stories when editors chose few. */
  async featuredRail(editionCode: string): Promise<FeaturedItem[]> {
    const curated = await this.db
      .selectFrom('featured_entries as f')
      .leftJoin('stories as s', (join) =>
        join.onRef('s.code', '=', 'f.target_code').on('s.edition_code', '=', editionCode).on('s.status', '=', 'published'),
      )
      .select(['f.headline', 'f.dated', 's.code', 's.slug', 's.headline as story_headline', 's.published_at'])
      .where('f.edition_code', '=', editionCode)
      .orderBy('f.position')
      .limit(FEATURED_RAIL_SIZE)
      .execute();
    const items: FeaturedItem[] = curated.map((f) =>
      f.code !== null && f.slug !== null
        ? { headline: f.story_headline ?? f.headline, publishedAt: f.published_at, dated: null, story: { code: f.code, slug: f.slug } }
        : { headline: f.headline, publishedAt: null, dated: f.dated, story: null },
    );
    if (items.length < FEATURED_RAIL_MINIMUM) {
      const shown = new Set(items.flatMap((i) => (i.story ? [i.story.code] : [])));
      const latest = await this.listPublished(editionCode, 1, {}, FEATURED_RAIL_MINIMUM + shown.size);
      for (const story of latest.items) {
        if (items.length >= FEATURED_RAIL_MINIMUM) break;
        if (shown.has(story.code)) continue;
        items.push({ headline: story.headline, publishedAt: story.publishedAt, dated: null, story: { code: story.code, slug: story.slug } });
      }
    }
    return items;
  }

  /** Other editions that carry the same story, for language links. */
  async listTranslations(code: number, exceptEdition: string): Promise<Array<{ editionCode: string; slug: string }>> {
    const rows = await this.db
      .selectFrom('stories')
      .select(['edition_code', 'slug'])
      .where('code', '=', code)
      .where('edition_code', '<>', exceptEdition)
      .where('status', '=', 'published')
      .orderBy('edition_code')
      .execute();
    return rows.map((r) => ({ editionCode: r.edition_code, slug: r.slug }));
  }
}

function taxon(slug: string | null, name: string | null): Taxon | null {
  return slug !== null && name !== null ? { slug, name } : null;
}
