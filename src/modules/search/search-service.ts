import type { Kysely } from 'kysely';
import { parseBody, blocksToPlainText } from '../../content/blocks.ts';
import type { Database } from '../../db/schema.ts';
import { searchIndexFor, type IndexSearchRequest, type SearchIndex } from '../../db/search/search-index.ts';
import { dayRangeInZone } from '../editions/edition-time.ts';
import { findShownPictures } from '../media/media-service.ts';
import { completeWord } from './complete-word.ts';
import { bestSnippet, highlightText, wordMatcher } from './highlight-snippet.ts';
import { isEmptyQuery, parseSearchQuery } from './parse-search-query.ts';
import { MAX_SEARCH_PAGE, problem } from './read-search-params.ts';
import type { SearchHit, SearchOutcome, SearchParams, SearchProblem } from './search-types.ts';

/** Results per page. */
export const SEARCH_PAGE_SIZE = 10;

/** The edition facts a search needs: which stories, which language's stemming, which calendar. */
export interface SearchEdition {
  code: string;
  language: string;
  timeZone: string;
}

/**
 * Searches an edition's published stories. Works on both engines through the SearchIndex of the engine the
 * database runs on; pages, the JSON API and tests call it alike.
 * @example await search.search({ code: 'en', language: 'en', timeZone: 'UTC' }, { q: 'boeing tanker', sort: 'relevance', page: 1 })
 */
export class SearchService {
  private constructor(
    private readonly db: Kysely<Database>,
    private readonly index: SearchIndex,
  ) {}

  static async create(db: Kysely<Database>): Promise<SearchService> {
    return new SearchService(db, await searchIndexFor(db));
  }

  async search(edition: SearchEdition, params: SearchParams): Promise<SearchOutcome> {
    const query = parseSearchQuery(params.q);
    const request: IndexSearchRequest = {
      editionCode: edition.code,
      language: edition.language,
      query: { terms: query.terms, phrases: query.phrases, anyOf: [] },
      sort: params.sort,
      limit: SEARCH_PAGE_SIZE,
      offset: (params.page - 1) * SEARCH_PAGE_SIZE,
    };
    const problems: SearchProblem[] = [];
    if (params.sectionSlug !== undefined) {
      const row = await this.db.selectFrom('sections').select('id').where('edition_code', '=', edition.code).where('slug', '=', params.sectionSlug).executeTakeFirst();
      if (row) request.sectionId = row.id;
      else problems.push(problem('section', 'unknown', params.sectionSlug, `section: there is no section "${params.sectionSlug}" in this edition`));
    }
    if (params.tagSlug !== undefined) {
      const row = await this.db.selectFrom('tags').select('id').where('edition_code', '=', edition.code).where('slug', '=', params.tagSlug).executeTakeFirst();
      if (row) request.tagId = row.id;
      else problems.push(problem('tag', 'unknown', params.tagSlug, `tag: there is no tag "${params.tagSlug}" in this edition`));
    }
    if (params.authorSlug !== undefined) {
      const row = await this.db.selectFrom('authors').select('id').where('slug', '=', params.authorSlug).executeTakeFirst();
      if (row) request.authorId = row.id;
      else problems.push(problem('author', 'unknown', params.authorSlug, `author: there is no author "${params.authorSlug}"`));
    }
    if (params.fromDay !== undefined) request.publishedFrom = dayRangeInZone(params.fromDay, edition.timeZone)?.start;
    if (params.toDay !== undefined) request.publishedBefore = dayRangeInZone(params.toDay, edition.timeZone)?.end;
    if (problems.length > 0) return { kind: 'invalid', params, problems };
    if (isEmptyQuery(query)) return { kind: 'empty', params, query };
    if (query.prefix !== null) {
      // The word as typed, or any word of the edition it begins (see completeWord).
      request.query.anyOf = [...new Set([query.prefix, ...(await completeWord(this.db, edition.code, query.prefix))])];
    }

    const found = await this.index.search(this.db, request);
    const pageCount = Math.min(MAX_SEARCH_PAGE, Math.max(1, Math.ceil(found.total / SEARCH_PAGE_SIZE)));
    const hits = await this.hits(edition, found.storyIds, wordMatcher(query, edition.language));
    return { kind: 'results', params, query, hits, total: found.total, isTotalExact: found.isTotalExact, page: params.page, pageCount };
  }

  /** The found stories in the index's order, with highlighted headline and snippet; only published ones. */
  private async hits(edition: SearchEdition, storyIds: number[], matches: ReturnType<typeof wordMatcher>): Promise<SearchHit[]> {
    if (storyIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('stories as s')
      .leftJoin('sections as sec', 'sec.id', 's.section_id')
      .select(['s.id', 's.code', 's.edition_code', 's.slug', 's.headline', 's.teaser', 's.body', 's.published_at', 'sec.slug as section_slug', 'sec.name as section_name', 's.lead_media_id'])
      .where('s.id', 'in', storyIds)
      .where('s.edition_code', '=', edition.code)
      .where('s.status', '=', 'published')
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const pictures = await findShownPictures(this.db, rows.flatMap((r) => (r.lead_media_id === null ? [] : [r.lead_media_id])), edition.language);
    return storyIds.flatMap((id) => {
      const r = byId.get(id);
      if (!r || !r.published_at) return [];
      const bodyText = blocksToPlainText(parseBody(r.body));
      return [
        {
          code: Number(r.code),
          editionCode: r.edition_code,
          slug: r.slug,
          headline: r.headline,
          teaser: r.teaser,
          publishedAt: r.published_at,
          section: r.section_slug !== null && r.section_name !== null ? { slug: r.section_slug, name: r.section_name } : null,
          headlineSegments: highlightText(r.headline, matches),
          snippet: bestSnippet(bodyText || r.teaser, matches),
          leadMediaId: r.lead_media_id,
          picture: r.lead_media_id === null ? undefined : pictures.get(r.lead_media_id),
        },
      ];
    });
  }
}
