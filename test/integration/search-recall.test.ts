import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchWords } from '../../src/content/normalize-search-text.ts';
import { snowballStemmerOf } from '../../src/db/search/snowball-stemmer.ts';
import { SearchService } from '../../src/modules/search/search-service.ts';
import { openDiscoveryDatabase, type DiscoveryDatabase } from '../support/discovery-fixtures.ts';
import { testEngines } from '../support/engines.ts';
import { RECALL_LANGUAGES, foundStories, labelledQueries, publishRecallStories, recallStories } from '../support/search-recall.ts';

/** The labelled set's stories that hold a word with the query's Snowball stem: what both engines must find. */
function storiesWithStemOf(language: string, query: string): string[] {
  const stem = snowballStemmerOf(language);
  if (stem === null) throw new Error(`no stemmer for ${language}`);
  const queryStem = stem(searchWords(query)[0] ?? '');
  return recallStories()
    .filter((a) => a.lang === language && searchWords([a.title, ...a.paragraphs].join(' ')).some((word) => stem(word) === queryStem))
    .map((a) => a.id);
}

describe.each(testEngines())('search across the inflections of a word, on %s', (engine) => {
  let database: DiscoveryDatabase;
  let idByStory: Map<string, string>;

  beforeAll(async () => {
    database = await openDiscoveryDatabase(engine, [...RECALL_LANGUAGES]);
    idByStory = await publishRecallStories(database.services);
  }, 180_000);
  afterAll(() => database?.close());

  it.each(RECALL_LANGUAGES)('finds every relevant %s story, whichever inflection the reader typed', async (language) => {
    for (const labelled of labelledQueries().filter((q) => q.language === language)) {
      const found = await foundStories(database.handle.db, idByStory, labelled);
      expect(found, `"${labelled.query}"`).toEqual(expect.arrayContaining(labelled.relevant));
      // Exactly the stories with a word of the same stem: the same answer on both engines.
      expect(found.toSorted(), `"${labelled.query}"`).toEqual(storiesWithStemOf(language, labelled.query).toSorted());
    }
  });

  it('finds a plural through a singular inside a quoted phrase', async () => {
    // «las pérdidas» is in the story; the reader types the singular.
    const search = await SearchService.create(database.handle.db);
    const outcome = await search.search({ code: 'es', language: 'es', timeZone: 'UTC' }, { q: '"las pérdida" ', sort: 'relevance', page: 1 });
    expect(outcome.kind === 'results' && outcome.total).toBeGreaterThan(0);
    const unrelated = await search.search({ code: 'es', language: 'es', timeZone: 'UTC' }, { q: '"pérdida las" ', sort: 'relevance', page: 1 });
    expect(unrelated.kind === 'results' && unrelated.total).toBe(0);
  });

  it('highlights the form the writer used, accents and all, when the reader typed another', async () => {
    const search = await SearchService.create(database.handle.db);
    const outcome = await search.search({ code: 'it', language: 'it', timeZone: 'UTC' }, { q: 'perdita ', sort: 'relevance', page: 1 });
    if (outcome.kind !== 'results') throw new Error(outcome.kind);
    const marked = outcome.hits.flatMap((hit) => [...hit.headlineSegments, ...hit.snippet]).filter((s) => s.isMatch).map((s) => s.text.toLowerCase());
    expect(marked).toContain('perdite');
    expect(marked).toContain('perdita');
  });

  it('still completes the word being typed into any of its forms', async () => {
    const search = await SearchService.create(database.handle.db);
    const typed = await search.search({ code: 'nl', language: 'nl', timeZone: 'UTC' }, { q: 'verbeter', sort: 'relevance', page: 1 });
    const finished = await search.search({ code: 'nl', language: 'nl', timeZone: 'UTC' }, { q: 'verbeteringen ', sort: 'relevance', page: 1 });
    expect(typed.kind === 'results' && typed.total).toBeGreaterThanOrEqual(finished.kind === 'results' ? finished.total : Infinity);
    expect(finished.kind === 'results' && finished.total).toBeGreaterThan(0);
  });
});
