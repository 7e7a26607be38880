import { sql, type Kysely } from 'kysely';
import { parseBody } from '../../content/blocks.ts';
import { parseLinks } from '../../content/profile-links.ts';
import type { Database } from '../../db/schema.ts';
import { findStoryNotes } from '../corrections/find-story-notes.ts';
import { findShownPictures, pictureIdsOf } from '../media/media-service.ts';
import type { FeaturedItem, Page, RelatedItem, ShownPicture, StoryDetail, StorySummary, Taxon, TaxonPage } from './story-types.ts';

export const PAGE_SIZE = 20;
/** The Featured Stories rail never shows more than this; curated entries come first. */
export const FEATURED_RAIL_SIZE = 15;
/** When editors chose fewer, the rail fills with the latest stories up to this many. */
export const FEATURED_RAIL_MINIMUM = 8;

export interface StoryListFilter {
  sectionSlug?: string;
  tagSlug?: string;
  /** Stories with this author among their bylines. */
  authorSlug?: string;
  /** [start, end) in UTC ISO text. */
  publishedBetween?: { start: string; end: string };
}

/** Where a story stands in the newest-first order of lists: the key of cursor paging. */
export interface StoryPosition {
  publishedAt: string;
  code: number;
}

/** A published story with everything a feed item carries: the story page's content less related links and comments. */
export type SyndicatedStory = Omit<StoryDetail, 'related' | 'commentCount' | 'notes'>;

/** One sitemap line: where a story lives and when it last changed. */
export interface StoryLocation {
  /** The story's row (its version in this edition), which its pictures are recorded against. */
  id: number;
  editionCode: string;
  code: number;
  slug: string;
  headline: string;
  publishedAt: string;
  updatedAt: string;
}

/** Published stories of one calendar month (UTC), for sitemaps paged by month. */
export interface MonthTally {
  /** `YYYY-MM`, the UTC month of publication. */
  month: string;
  count: number;
  /** The newest `updated_at` among them. */
  lastModified: string;
}

/** A section with published stories and when the newest of them last changed. */
export interface SectionTally extends Taxon {
  lastModified: string;
}

/**
 * The read side of the story store: only published stories, only what pages show. Soft-deleted stories are
 * never published (the newsroom's workflow takes them off first); every query checks `deleted_at` as well.
 */
export class StoryQueries {
  constructor(private readonly db: Kysely<Database>) {}

  async findPublished(editionCode: string, code: number): Promise<StoryDetail | undefined> {
    const row = await this.db
      .selectFrom('stories as s')
      .leftJoin('sections as sec', 'sec.id', 's.section_id')
      .select([
        's.id', 's.code', 's.edition_code', 's.slug', 's.headline', 's.teaser', 's.body', 's.published_at', 's.updated_at',
        's.credit_text', 's.credit_url', 's.license_url', 's.comment_count', 'sec.slug as section_slug', 'sec.name as section_name',
        's.seo_title', 's.seo_description', 's.lead_media_id',
      ])
      .where('s.edition_code', '=', editionCode)
      .where('s.code', '=', code)
      .where('s.status', '=', 'published').where('s.deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row || !row.published_at) return undefined;

    const [taxa, pinned, automatic, notes] = await Promise.all([
      this.tagsAndAuthors([row.id]),
      this.db
        .selectFrom('related_links as r')
        .leftJoin('stories as target', (join) =>
          join
            .onRef('target.code', '=', 'r.target_code')
            .on('target.edition_code', '=', editionCode)
            .on('target.status', '=', 'published').on('target.deleted_at', 'is', null),
        )
        .select(['r.headline', 'r.teaser', 'target.code as target_code', 'target.slug as target_slug', 'target.headline as target_headline', 'target.teaser as target_teaser', 'target.lead_media_id as target_media_id'])
        .where('r.story_id', '=', row.id)
        .orderBy('r.position')
        .execute(),
      // Computed when stories are published (src/modules/related/); read here, never computed per view.
      this.db
        .selectFrom('automatic_related as ar')
        .innerJoin('stories as target', 'target.id', 'ar.target_story_id')
        .select(['target.code', 'target.slug', 'target.headline', 'target.teaser', 'target.lead_media_id'])
        .where('ar.story_id', '=', row.id)
        .where('target.edition_code', '=', editionCode)
        .where('target.status', '=', 'published').where('target.deleted_at', 'is', null)
        .where('target.code', '<>', code)
        .orderBy('ar.position')
        .execute(),
      findStoryNotes(this.db, row.id),
    ]);
    const body = parseBody(row.body);
    const bodyIds = pictureIdsOf(null, body).body;
    const pictures = await this.pictures(editionCode, [row.lead_media_id, ...bodyIds, ...pinned.map((r) => r.target_media_id), ...automatic.map((a) => a.lead_media_id)]);
    const pictureOf = (id: number | null | undefined) => (id === null || id === undefined ? undefined : pictures.get(id));

    return {
      id: row.id,
      code: row.code,
      editionCode: row.edition_code,
      slug: row.slug,
      headline: row.headline,
      teaser: row.teaser,
      body,
      publishedAt: row.published_at,
      updatedAt: row.updated_at,
      section: taxon(row.section_slug, row.section_name),
      leadMediaId: row.lead_media_id,
      picture: pictureOf(row.lead_media_id),
      bodyPictures: new Map(bodyIds.flatMap((id) => (pictures.has(id) ? [[id, pictures.get(id)!] as const] : []))),
      tags: taxa.tags.get(row.id) ?? [],
      authors: taxa.authors.get(row.id) ?? [],
      credit: row.credit_text ? { text: row.credit_text, url: row.credit_url, licenseUrl: row.license_url } : null,
      related: withAutomaticRelated(
        pinned.map((r) =>
          r.target_code !== null && r.target_slug !== null
            ? { headline: r.target_headline ?? r.headline, teaser: r.target_teaser ?? r.teaser, story: { code: r.target_code, slug: r.target_slug }, picture: pictureOf(r.target_media_id) }
            : { headline: r.headline, teaser: r.teaser, story: null },
        ),
        automatic.map((a) => ({ headline: a.headline, teaser: a.teaser, story: { code: Number(a.code), slug: a.slug }, picture: pictureOf(a.lead_media_id) })),
        code,
      ),
      commentCount: row.comment_count,
      notes,
      seo: { title: row.seo_title, description: row.seo_description },
    };
  }

  /**
   * The published story that had one of these paths on the site it was imported from (migration 024), if any.
   * @example await storyQueries.findByOldAddress(['/2013/01/11/markup/', '/2013/01/11/markup']) // { editionCode: 'en', code: 40, slug: 'markup' }
   */
  async findByOldAddress(paths: readonly string[]): Promise<{ editionCode: string; code: number; slug: string } | undefined> {
    const row = await this.db
      .selectFrom('story_permalinks as p')
      .innerJoin('stories as s', 's.id', 'p.story_id')
      .select(['s.edition_code', 's.code', 's.slug'])
      .where('p.path', 'in', paths)
      .where('s.status', '=', 'published')
      .where('s.deleted_at', 'is', null)
      .executeTakeFirst();
    return row ? { editionCode: row.edition_code, code: Number(row.code), slug: row.slug } : undefined;
  }

  /** The slug a published story answers to, to redirect old or partial URLs. */
  async findPublishedSlug(editionCode: string, code: number): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('stories')
      .select('slug')
      .where('edition_code', '=', editionCode)
      .where('code', '=', code)
      .where('status', '=', 'published').where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row?.slug;
  }

  /**
   * An edition's published stories narrowed by `filter`; every list query starts here. Sections are
   * matched by a subquery, not a join, so that counting reads only the index, never the story rows.
   */
  private publishedIn(editionCode: string, filter: StoryListFilter) {
    let query = this.db
      .selectFrom('stories as s')
      .where('s.edition_code', '=', editionCode)
      .where('s.status', '=', 'published')
      .where('s.deleted_at', 'is', null);
    if (filter.sectionSlug !== undefined) {
      const sectionSlug = filter.sectionSlug;
      query = query.where('s.section_id', 'in', (eb) =>
        eb.selectFrom('sections').select('id').where('edition_code', '=', editionCode).where('slug', '=', sectionSlug),
      );
    }
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
    if (filter.authorSlug !== undefined) {
      const authorSlug = filter.authorSlug;
      query = query.where('s.id', 'in', (eb) =>
        eb.selectFrom('story_authors as sa').innerJoin('authors as a', 'a.id', 'sa.author_id').select('sa.story_id').where('a.slug', '=', authorSlug),
      );
    }
    if (filter.publishedBetween) {
      query = query.where('s.published_at', '>=', filter.publishedBetween.start).where('s.published_at', '<', filter.publishedBetween.end);
    }
    return query;
  }

  async listPublished(editionCode: string, page: number, filter: StoryListFilter = {}, pageSize = PAGE_SIZE): Promise<Page<StorySummary>> {
    const query = this.publishedIn(editionCode, filter);
    const countRow = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst();
    const total = Number(countRow?.total ?? 0);
    const pageCount = Math.max(1, Math.ceil(total / pageSize));
    const rows = await query
      .leftJoin('sections as sec', 'sec.id', 's.section_id')
      .select(['s.code', 's.edition_code', 's.slug', 's.headline', 's.teaser', 's.published_at', 'sec.slug as section_slug', 'sec.name as section_name', 's.lead_media_id'])
      .orderBy('s.published_at', 'desc')
      .orderBy('s.code', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    const pictures = await this.pictures(editionCode, rows.map((r) => r.lead_media_id));
    return {
      items: rows.map((r) => ({
        code: r.code,
        editionCode: r.edition_code,
        slug: r.slug,
        headline: r.headline,
        teaser: r.teaser,
        publishedAt: r.published_at ?? '',
        section: taxon(r.section_slug, r.section_name),
        leadMediaId: r.lead_media_id,
        picture: r.lead_media_id === null ? undefined : pictures.get(r.lead_media_id),
      })),
      page,
      pageCount,
      total,
    };
  }

  /**
   * The newest `perSection` published stories of every section of the edition, newest first within each:
   * the home page's section blocks. One query whatever the number of sections (a window per section).
   * @example await queries.listLatestBySection('en', 4) // Map { 'politics' => [ … ], 'sport' => [ … ] }
   */
  async listLatestBySection(editionCode: string, perSection: number): Promise<Map<string, StorySummary[]>> {
    const ranked = this.publishedIn(editionCode, {})
      .where('s.section_id', 'is not', null)
      .select((eb) => [
        's.id',
        eb.fn.agg<number>('row_number').over((over) => over.partitionBy('s.section_id').orderBy('s.published_at', 'desc').orderBy('s.code', 'desc')).as('rank'),
      ]);
    const rows = await this.db
      .selectFrom(ranked.as('r'))
      .innerJoin('stories as s', 's.id', 'r.id')
      .innerJoin('sections as sec', 'sec.id', 's.section_id')
      .select(['s.code', 's.edition_code', 's.slug', 's.headline', 's.teaser', 's.published_at', 'sec.slug as section_slug', 'sec.name as section_name', 's.lead_media_id'])
      .where('r.rank', '<=', perSection)
      .orderBy('sec.slug')
      .orderBy('s.published_at', 'desc')
      .orderBy('s.code', 'desc')
      .execute();
    const pictures = await this.pictures(editionCode, rows.map((r) => r.lead_media_id));
    const bySection = new Map<string, StorySummary[]>();
    for (const r of rows) {
      const story: StorySummary = {
        code: r.code,
        editionCode: r.edition_code,
        slug: r.slug,
        headline: r.headline,
        teaser: r.teaser,
        publishedAt: r.published_at ?? '',
        section: { slug: r.section_slug, name: r.section_name },
        leadMediaId: r.lead_media_id,
        picture: r.lead_media_id === null ? undefined : pictures.get(r.lead_media_id),
      };
      bySection.set(r.section_slug, [...(bySection.get(r.section_slug) ?? []), story]);
    }
    return bySection;
  }

  /**
   * The newest `limit` published stories matching `filter`, whole (body, tags, authors, credit), newest first:
   * what a feed shows. Three queries whatever the count.
   * With `after`, only the stories that come after that position: a page of the content API, which a story
   * published meanwhile (it sorts first) cannot shift.
   * @example await queries.listForSyndication('en', { sectionSlug: 'business' }, 50)
   */
  async listForSyndication(editionCode: string, filter: StoryListFilter, limit: number, after?: StoryPosition): Promise<SyndicatedStory[]> {
    const rows = await this.publishedIn(editionCode, filter)
      .$if(after !== undefined, (qb) =>
        qb.where((eb) =>
          eb.or([
            eb('s.published_at', '<', after?.publishedAt ?? ''),
            eb.and([eb('s.published_at', '=', after?.publishedAt ?? ''), eb('s.code', '<', after?.code ?? 0)]),
          ]),
        ),
      )
      .leftJoin('sections as sec', 'sec.id', 's.section_id')
      .select([
        's.id', 's.code', 's.edition_code', 's.slug', 's.headline', 's.teaser', 's.body', 's.published_at', 's.updated_at',
        's.credit_text', 's.credit_url', 's.license_url', 'sec.slug as section_slug', 'sec.name as section_name', 's.lead_media_id',
      ])
      .orderBy('s.published_at', 'desc')
      .orderBy('s.code', 'desc')
      .limit(limit)
      .execute();
    if (rows.length === 0) return [];
    const { tags, authors } = await this.tagsAndAuthors(rows.map((r) => r.id));
    const bodies = new Map(rows.map((row) => [row.id, parseBody(row.body)]));
    const pictures = await this.pictures(editionCode, rows.flatMap((row) => [row.lead_media_id, ...pictureIdsOf(null, bodies.get(row.id) ?? []).body]));
    return rows.map((row) => ({
      id: row.id,
      code: row.code,
      editionCode: row.edition_code,
      slug: row.slug,
      headline: row.headline,
      teaser: row.teaser,
      body: bodies.get(row.id) ?? [],
      publishedAt: row.published_at ?? '',
      updatedAt: row.updated_at,
      section: taxon(row.section_slug, row.section_name),
      leadMediaId: row.lead_media_id,
      picture: row.lead_media_id === null ? undefined : pictures.get(row.lead_media_id),
      bodyPictures: pictures,
      tags: tags.get(row.id) ?? [],
      authors: authors.get(row.id) ?? [],
      credit: row.credit_text ? { text: row.credit_text, url: row.credit_url, licenseUrl: row.license_url } : null,
    }));
  }

  /**
   * When anything about the edition's stories (or the whole site's, without an edition) last changed, whatever
   * their status: an unpublished or moved story changes the lists it left, though it is in none of them now.
   */
  async findLastChange(editionCode?: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('stories')
      .select((eb) => eb.fn.max('updated_at').as('last'))
      .$if(editionCode !== undefined, (qb) => qb.where('edition_code', '=', editionCode ?? ''))
      .executeTakeFirst();
    return row?.last ?? undefined;
  }

  /** How many stories the edition published in each UTC month, oldest month first. */
  async tallyPublishedByMonth(editionCode: string): Promise<MonthTally[]> {
    // Instants are ISO text (docs/decisions/002), so the month is the first seven characters on both engines.
    const rows = await this.publishedIn(editionCode, {})
      .select((eb) => [
        sql<string>`substr(${sql.ref('s.published_at')}, 1, 7)`.as('month'),
        eb.fn.countAll<number | string>().as('total'),
        eb.fn.max('s.updated_at').as('last'),
      ])
      .where('s.published_at', 'is not', null)
      .groupBy('month')
      .orderBy('month')
      .execute();
    return rows.map((r) => ({ month: r.month, count: Number(r.total), lastModified: r.last }));
  }

  /** The published stories of one span, in publication order, `limit` from `offset`: a sitemap's lines. */
  async listLocations(editionCode: string, between: { start: string; end: string }, offset: number, limit: number): Promise<StoryLocation[]> {
    const rows = await this.publishedIn(editionCode, { publishedBetween: between })
      .select(['s.id', 's.edition_code', 's.code', 's.slug', 's.headline', 's.published_at', 's.updated_at'])
      .orderBy('s.published_at')
      .orderBy('s.code')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map(toLocation);
  }

  /** Every edition's stories published in [start, end), newest first, at most `limit`: the news sitemap's lines. */
  async listRecentLocations(between: { start: string; end: string }, limit: number): Promise<StoryLocation[]> {
    const rows = await this.db
      .selectFrom('stories as s')
      .select(['s.id', 's.edition_code', 's.code', 's.slug', 's.headline', 's.published_at', 's.updated_at'])
      .where('s.status', '=', 'published').where('s.deleted_at', 'is', null)
      .where('s.published_at', '>=', between.start)
      .where('s.published_at', '<', between.end)
      .orderBy('s.published_at', 'desc')
      .orderBy('s.code', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toLocation);
  }

  /** The newest publication instant before `instant`, site-wide: when the news sitemap last lost a story to age. */
  async findLastPublishedBefore(instant: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('stories')
      .select((eb) => eb.fn.max('published_at').as('last'))
      .where('status', '=', 'published').where('deleted_at', 'is', null)
      .where('published_at', '<', instant)
      .executeTakeFirst();
    return row?.last ?? undefined;
  }

  /** Sections with published stories and the last change among them, for the pages sitemap. */
  async tallySections(editionCode: string): Promise<SectionTally[]> {
    const rows = await this.db
      .selectFrom('sections as sec')
      .innerJoin('stories as s', 's.section_id', 'sec.id')
      .select((eb) => ['sec.slug', 'sec.name', eb.fn.max('s.updated_at').as('last')])
      .where('sec.edition_code', '=', editionCode)
      .where('s.status', '=', 'published').where('s.deleted_at', 'is', null)
      .groupBy(['sec.id', 'sec.slug', 'sec.name'])
      .orderBy('sec.slug')
      .execute();
    return rows.map((r) => ({ slug: r.slug, name: r.name, lastModified: r.last }));
  }

  /** Authors are site-wide: one byline, one slug, in every edition; the photo's texts are in the edition's language. */
  async findAuthor(slug: string, editionCode?: string): Promise<TaxonPage | undefined> {
    const row = await this.db.selectFrom('authors').select(['slug', 'name', 'bio', 'links', 'photo_media_id']).where('slug', '=', slug).executeTakeFirst();
    if (!row) return undefined;
    const photo = row.photo_media_id !== null && editionCode !== undefined ? (await this.pictures(editionCode, [row.photo_media_id])).get(row.photo_media_id) : undefined;
    return { slug: row.slug, name: row.name, description: row.bio, links: parseLinks(row.links), photo };
  }

  async findSection(editionCode: string, slug: string): Promise<TaxonPage | undefined> {
    const row = await this.db.selectFrom('sections').select(['slug', 'name', 'description']).where('edition_code', '=', editionCode).where('slug', '=', slug).executeTakeFirst();
    return row && { ...row, links: [] };
  }

  async findTag(editionCode: string, slug: string): Promise<TaxonPage | undefined> {
    const row = await this.db.selectFrom('tags').select(['slug', 'name', 'description']).where('edition_code', '=', editionCode).where('slug', '=', slug).executeTakeFirst();
    return row && { ...row, links: [] };
  }

  /** The stories' tags and bylines, each in its order, by story id. */
  private async tagsAndAuthors(storyIds: number[]): Promise<{ tags: Map<number, Taxon[]>; authors: Map<number, Taxon[]> }> {
    const [tagRows, authorRows] = await Promise.all([
      this.db
        .selectFrom('story_tags as st')
        .innerJoin('tags as t', 't.id', 'st.tag_id')
        .select(['st.story_id', 't.slug', 't.name'])
        .where('st.story_id', 'in', storyIds)
        .orderBy('st.story_id')
        .orderBy('st.position')
        .execute(),
      this.db
        .selectFrom('story_authors as sa')
        .innerJoin('authors as a', 'a.id', 'sa.author_id')
        .select(['sa.story_id', 'a.slug', 'a.name'])
        .where('sa.story_id', 'in', storyIds)
        .orderBy('sa.story_id')
        .orderBy('sa.position')
        .execute(),
    ]);
    const byStory = <T extends { story_id: number; slug: string; name: string }>(list: T[]) => {
      const grouped = new Map<number, Taxon[]>();
      for (const { story_id, slug, name } of list) grouped.set(story_id, [...(grouped.get(story_id) ?? []), { slug, name }]);
      return grouped;
    };
    return { tags: byStory(tagRows), authors: byStory(authorRows) };
  }

  /**
   * Sections, tags or authors with at least one published story (in the edition, when given; sections and
   * tags always belong to one), with how many: what the content API lists. A name made for a draft or an
   * embargoed story is never shown.
   * @example await queries.listPublicTaxa('tag', 'en') // [{ slug: 'elections', name: 'Elections', description: '', links: [], storyCount: 12 }]
   */
  async listPublicTaxa(kind: 'section' | 'tag' | 'author', editionCode: string | undefined): Promise<Array<TaxonPage & { storyCount: number }>> {
    const published = this.db
      .selectFrom('stories as s')
      .where('s.status', '=', 'published')
      .where('s.deleted_at', 'is', null)
      .$if(editionCode !== undefined, (qb) => qb.where('s.edition_code', '=', editionCode ?? ''));
    const count = sql<number | string>`count(distinct ${sql.ref('s.id')})`.as('story_count');
    if (kind === 'author') {
      const rows = await published
        .innerJoin('story_authors as sa', 'sa.story_id', 's.id')
        .innerJoin('authors as a', 'a.id', 'sa.author_id')
        .select(['a.slug', 'a.name', 'a.bio', 'a.links', count])
        .groupBy(['a.id', 'a.slug', 'a.name', 'a.bio', 'a.links'])
        .orderBy('a.name')
        .execute();
      return rows.map((r) => ({ slug: r.slug, name: r.name, description: r.bio, links: parseLinks(r.links), storyCount: Number(r.story_count) }));
    }
    const rows =
      kind === 'section'
        ? await published
            .innerJoin('sections as t', 't.id', 's.section_id')
            .select(['t.slug', 't.name', 't.description', count])
            .groupBy(['t.id', 't.slug', 't.name', 't.description', 't.position'])
            .orderBy('t.position')
            .orderBy('t.name')
            .execute()
        : await published
            .innerJoin('story_tags as st', 'st.story_id', 's.id')
            .innerJoin('tags as t', 't.id', 'st.tag_id')
            .select(['t.slug', 't.name', 't.description', count])
            .groupBy(['t.id', 't.slug', 't.name', 't.description'])
            .orderBy('t.name')
            .execute();
    return rows.map((r) => ({ slug: r.slug, name: r.name, description: r.description, links: [], storyCount: Number(r.story_count) }));
  }

  /** Sections that have published stories and that editors keep in the navigation, in their order. */
  async listSections(editionCode: string): Promise<Taxon[]> {
    return this.db
      .selectFrom('sections as sec')
      .select(['sec.slug', 'sec.name'])
      .where('sec.edition_code', '=', editionCode)
      .where('sec.in_navigation', '=', sql<boolean>`true`)
      .where((eb) => eb.exists(eb.selectFrom('stories as s').select('s.id').whereRef('s.section_id', '=', 'sec.id').where('s.status', '=', 'published').where('s.deleted_at', 'is', null)))
      .orderBy('sec.position')
      .orderBy('sec.name')
      .execute();
  }

  /**
   * The curated rail as readers see it, filled up with the latest stories when editors chose few. An entry
   * whose story is not published here (an imported headline with no story, an unpublished or deleted one)
   * is left out: readers would see it as text that leads nowhere. The newsroom's curation page still lists it.
   */
  async featuredRail(editionCode: string): Promise<FeaturedItem[]> {
    const curated = await this.db
      .selectFrom('featured_entries as f')
      .leftJoin('stories as s', (join) =>
        join.onRef('s.code', '=', 'f.target_code').on('s.edition_code', '=', editionCode).on('s.status', '=', 'published').on('s.deleted_at', 'is', null),
      )
      .select(['f.headline', 'f.dated', 's.code', 's.slug', 's.headline as story_headline', 's.published_at', 's.lead_media_id'])
      .where('f.edition_code', '=', editionCode)
      .orderBy('f.position')
      .limit(FEATURED_RAIL_SIZE)
      .execute();
    const pictures = await this.pictures(editionCode, curated.map((f) => f.lead_media_id));
    const items: FeaturedItem[] = curated.flatMap((f) =>
      f.code !== null && f.slug !== null
        ? [{ headline: f.story_headline ?? f.headline, publishedAt: f.published_at, dated: null, story: { code: f.code, slug: f.slug }, picture: f.lead_media_id === null ? undefined : pictures.get(f.lead_media_id) }]
        : [],
    );
    if (items.length < FEATURED_RAIL_MINIMUM) {
      const shown = new Set(items.flatMap((i) => (i.story ? [i.story.code] : [])));
      const latest = await this.listPublished(editionCode, 1, {}, FEATURED_RAIL_MINIMUM + shown.size);
      for (const story of latest.items) {
        if (items.length >= FEATURED_RAIL_MINIMUM) break;
        if (shown.has(story.code)) continue;
        items.push({ headline: story.headline, publishedAt: story.publishedAt, dated: null, story: { code: story.code, slug: story.slug }, picture: story.picture, isLatestFill: true });
      }
    }
    return items;
  }

  /** Library pictures by id as the edition shows them (its language's alt text and caption). */
  private async pictures(editionCode: string, ids: ReadonlyArray<number | null | undefined>): Promise<Map<number, ShownPicture>> {
    const wanted = ids.filter((id): id is number => typeof id === 'number');
    if (wanted.length === 0) return new Map();
    const edition = await this.db.selectFrom('editions').select('language').where('code', '=', editionCode).executeTakeFirst();
    return findShownPictures(this.db, wanted, edition?.language ?? editionCode);
  }

  /** Other editions that carry the same story, for language links. */
  async listTranslations(code: number, exceptEdition: string): Promise<Array<{ editionCode: string; slug: string }>> {
    const rows = await this.db
      .selectFrom('stories')
      .select(['edition_code', 'slug'])
      .where('code', '=', code)
      .where('edition_code', '<>', exceptEdition)
      .where('status', '=', 'published').where('deleted_at', 'is', null)
      .orderBy('edition_code')
      .execute();
    return rows.map((r) => ({ editionCode: r.edition_code, slug: r.slug }));
  }
}

function toLocation(row: { id: number; edition_code: string; code: number; slug: string; headline: string; published_at: string | null; updated_at: string }): StoryLocation {
  return {
    id: row.id,
    editionCode: row.edition_code,
    code: row.code,
    slug: row.slug,
    headline: row.headline,
    publishedAt: row.published_at ?? '',
    updatedAt: row.updated_at,
  };
}

/** Related stories a story page shows when editors pinned fewer: automatic ones fill up to this many. */
export const RELATED_TOTAL = 5;

/**
 * Editors' links first, all of them, in their order; then automatic ones up to RELATED_TOTAL in all.
 * No story twice, never the story itself.
 */
function withAutomaticRelated(pinned: RelatedItem[], automatic: RelatedItem[], ownCode: number): RelatedItem[] {
  const shown = new Set<number>([ownCode]);
  const items: RelatedItem[] = [];
  for (const item of pinned) {
    if (item.story && shown.has(item.story.code)) continue;
    if (item.story) shown.add(item.story.code);
    items.push(item);
  }
  for (const item of automatic) {
    if (items.length >= RELATED_TOTAL) break;
    if (!item.story || shown.has(item.story.code)) continue;
    shown.add(item.story.code);
    items.push(item);
  }
  return items;
}

function taxon(slug: string | null, name: string | null): Taxon | null {
  return slug !== null && name !== null ? { slug, name } : null;
}
