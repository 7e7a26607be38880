import type { Edition } from '../modules/editions/edition-service.ts';
import { MAX_QUERY_WORDS } from '../modules/search/parse-search-query.ts';
import type { SearchHit, SearchOutcome, SearchParams, SearchProblem } from '../modules/search/search-types.ts';
import type { Taxon } from '../modules/stories/story-types.ts';
import type { PaginationView, SearchPageView, SearchResultView, SiteFrame } from '../views/view-models.ts';
import { thumbnailView, timeView } from './page-parts.ts';
import { placements } from './picture-presenter.ts';
import { sitePaths } from './site-paths.ts';

/** The search page of an edition; with `params`, the same search with other values. */
export function searchPath(editionCode: string, params?: Partial<SearchParams>): string {
  const base = `/${editionCode}/search`;
  if (!params) return base;
  const query = new URLSearchParams();
  if (params.q) query.set('q', params.q);
  if (params.sectionSlug) query.set('section', params.sectionSlug);
  if (params.tagSlug) query.set('tag', params.tagSlug);
  if (params.authorSlug) query.set('author', params.authorSlug);
  if (params.fromDay) query.set('from', params.fromDay);
  if (params.toDay) query.set('to', params.toDay);
  if (params.sort && params.sort !== 'relevance') query.set('sort', params.sort);
  if (params.page && params.page > 1) query.set('page', String(params.page));
  const text = query.toString();
  return text === '' ? base : `${base}?${text}`;
}

export function searchApiPath(editionCode: string): string {
  return `/api/${editionCode}/search`;
}

/** Search outcomes as the page's view model and as the JSON API's body. */
export class SearchPresenter {
  constructor(private readonly absolute: (path: string) => string) {}

  page(frame: SiteFrame, edition: Edition, outcome: SearchOutcome, sections: Taxon[]): SearchPageView {
    const s = edition.strings;
    const params = outcome.params;
    const query = params.q.trim();
    const isResults = outcome.kind === 'results';
    const title = isResults && query !== '' ? s.searchResultsHeading(query) : s.searchHeading;
    const notices: string[] = [];
    if (outcome.kind !== 'invalid' && outcome.query.isTruncated) notices.push(s.searchTruncated(MAX_QUERY_WORDS));
    if (outcome.kind === 'empty' && query !== '') notices.push(s.searchNoWords);
    return {
      // The page has its own full form, so the header's is left out (one search landmark per page).
      frame: { ...frame, search: undefined },
      head: {
        title: `${title} – ${s.siteName}`,
        description: s.searchDescription(s.siteName),
        // Result pages are many and thin: useful to readers, not to search engines' indexes.
        canonicalHref: this.absolute(searchPath(edition.code)),
      },
      heading: s.searchHeading,
      form: {
        action: searchPath(edition.code),
        label: s.searchLabel,
        buttonLabel: s.searchButton,
        query: params.q,
        filtersLegend: s.searchFilters,
        section: {
          label: s.searchSection,
          options: [
            { value: '', label: s.searchAnySection, isSelected: params.sectionSlug === undefined },
            ...sections.map((sec) => ({ value: sec.slug, label: sec.name, isSelected: sec.slug === params.sectionSlug })),
          ],
        },
        from: { label: s.searchFrom, value: params.fromDay ?? '' },
        to: { label: s.searchTo, value: params.toDay ?? '' },
        sort: {
          label: s.searchSort,
          options: [
            { value: 'relevance', label: s.searchSortRelevance, isSelected: params.sort === 'relevance' },
            { value: 'date', label: s.searchSortDate, isSelected: params.sort === 'date' },
          ],
        },
        hidden: [
          ...(params.tagSlug ? [{ name: 'tag', value: params.tagSlug }] : []),
          ...(params.authorSlug ? [{ name: 'author', value: params.authorSlug }] : []),
        ],
      },
      problems: outcome.kind === 'invalid' ? { intro: s.searchProblemsIntro, items: outcome.problems.map((p) => this.problemText(edition, p)) } : undefined,
      help: outcome.kind === 'empty' ? { text: s.searchEmptyText, tips: s.searchTips } : undefined,
      notices,
      resultsHeading: isResults && query !== '' ? s.searchResultsHeading(query) : s.searchResults,
      summary: isResults ? (outcome.isTotalExact ? s.searchResultCount(outcome.total) : s.searchResultCountOver(outcome.total)) : undefined,
      emptyText: isResults && outcome.hits.length === 0 ? s.searchNoResults : undefined,
      results: isResults ? outcome.hits.map((hit) => this.result(edition, hit)) : [],
      pagination: isResults ? this.pagination(edition, params, outcome.page, outcome.pageCount) : undefined,
    };
  }

  /** The JSON API's body for a search that ran (or had nothing to look for). */
  json(edition: Edition, outcome: Extract<SearchOutcome, { kind: 'results' | 'empty' }>) {
    const { params, query } = outcome;
    const notices = [
      ...(outcome.kind === 'empty' ? [{ code: 'QUERY_EMPTY', message: 'q has no words to search for: give letters or numbers' }] : []),
      ...(query.isTruncated ? [{ code: 'QUERY_TRUNCATED', message: `only the first ${MAX_QUERY_WORDS} words of q were used` }] : []),
    ];
    return {
      edition: edition.code,
      query: { q: params.q, terms: query.terms, phrases: query.phrases, prefix: query.prefix },
      filters: {
        section: params.sectionSlug ?? null,
        tag: params.tagSlug ?? null,
        author: params.authorSlug ?? null,
        from: params.fromDay ?? null,
        to: params.toDay ?? null,
      },
      sort: params.sort,
      page: params.page,
      pageCount: outcome.kind === 'results' ? outcome.pageCount : 0,
      total: outcome.kind === 'results' ? outcome.total : 0,
      /** False when there are more matches than `total` (matches are counted up to a limit). */
      isTotalExact: outcome.kind === 'results' ? outcome.isTotalExact : true,
      items:
        outcome.kind === 'results'
          ? outcome.hits.map((hit) => ({
              code: hit.code,
              url: this.absolute(sitePaths.story(edition.code, hit.code, hit.slug)),
              headline: hit.headline,
              teaser: hit.teaser,
              publishedAt: hit.publishedAt,
              section: hit.section,
              highlights: { headline: hit.headlineSegments, snippet: hit.snippet },
            }))
          : [],
      notices,
    };
  }

  /** The problem in the edition's language, naming the field as the form labels it. */
  problemText(edition: Edition, problem: SearchProblem): string {
    const s = edition.strings;
    const labels: Record<SearchProblem['parameter'], string> = {
      q: s.searchLabel,
      section: s.searchSection,
      tag: s.searchTag,
      author: s.searchAuthor,
      from: s.searchFrom,
      to: s.searchTo,
      sort: s.searchSort,
      page: s.searchPage,
    };
    const label = labels[problem.parameter];
    switch (problem.kind) {
      case 'invalid-date':
        return s.searchInvalidDate(label, problem.value);
      case 'date-range':
        return s.searchDateRange;
      case 'unknown':
        return s.searchUnknownFilter(label, problem.value);
      case 'invalid':
      case 'repeated':
        return s.searchInvalidValue(label, problem.value);
    }
  }

  private result(edition: Edition, hit: SearchHit): SearchResultView {
    return {
      href: sitePaths.story(edition.code, hit.code, hit.slug),
      headline: hit.headlineSegments,
      snippet: hit.snippet,
      published: timeView(hit.publishedAt, edition, edition.dateFormat),
      sectionName: hit.section?.name,
      ...thumbnailView(edition, hit.picture, placements.listThumbnail),
    };
  }

  private pagination(edition: Edition, params: SearchParams, page: number, pageCount: number): PaginationView | undefined {
    if (pageCount <= 1) return undefined;
    const s = edition.strings;
    return {
      label: s.pagination,
      current: s.pageOf(page),
      newer: page > 1 ? { href: searchPath(edition.code, { ...params, page: page - 1 }), label: s.newerStories } : undefined,
      older: page < pageCount ? { href: searchPath(edition.code, { ...params, page: page + 1 }), label: s.olderStories } : undefined,
    };
  }
}
