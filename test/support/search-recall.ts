import { readFileSync } from 'node:fs';
import { paragraph } from '../../src/content/blocks.ts';
import type { CorpusArticle } from '../../src/modules/demo/corpus.ts';
import { SearchService } from '../../src/modules/search/search-service.ts';
import type { Services } from '../../src/services.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';

const FIXTURE = new URL('../fixtures/search-recall/', import.meta.url);

/** The languages measured, in the order the recall table lists them. */
export const RECALL_LANGUAGES = ['en', 'es', 'it', 'nl'] as const;

/** One labelled query of `test/fixtures/search-recall/labelled-queries.json` (see its SOURCE.md). */
export interface LabelledQuery {
  language: string;
  query: string;
  forms: string[];
  /** Corpus ids of the relevant stories. */
  relevant: string[];
  otherFormOnly: number;
}

export function recallStories(): CorpusArticle[] {
  return readFileSync(new URL('stories.jsonl', FIXTURE), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as CorpusArticle);
}

export function labelledQueries(): LabelledQuery[] {
  return JSON.parse(readFileSync(new URL('labelled-queries.json', FIXTURE), 'utf8')) as LabelledQuery[];
}

/**
 * Publishes the labelled set's stories through the write path, each in the edition of its language (the
 * editions must exist). Answers the corpus id of each story, by edition and story code.
 */
export async function publishRecallStories(services: Services): Promise<Map<string, string>> {
  const idByStory = new Map<string, string>();
  for (const article of recallStories()) {
    const saved = await services.stories.save({
      editionCode: article.lang,
      headline: article.title,
      body: article.paragraphs.map(paragraph),
      status: 'published',
      publishedAt: `${article.date ?? '2008-01-01'}T12:00:00.000Z`,
    });
    idByStory.set(`${article.lang}/${saved.code}`, article.id);
  }
  return idByStory;
}

/**
 * Every story a query finds (all pages), as corpus ids. The query ends with a space, so the word is taken as
 * finished: completion of a word being typed would find other forms by their beginning, and this measures stemming.
 */
export async function foundStories(db: Kysely<Database>, idByStory: Map<string, string>, labelled: LabelledQuery): Promise<string[]> {
  const search = await SearchService.create(db);
  const edition = { code: labelled.language, language: labelled.language, timeZone: 'UTC' };
  const found: string[] = [];
  for (let page = 1; ; page++) {
    const outcome = await search.search(edition, { q: `${labelled.query} `, sort: 'date', page });
    if (outcome.kind !== 'results') throw new Error(`the query "${labelled.query}" gave no results page (${outcome.kind})`);
    found.push(...outcome.hits.map((hit) => idByStory.get(`${hit.editionCode}/${hit.code}`) ?? `${hit.editionCode}/${hit.code}`));
    if (page >= outcome.pageCount) return found;
  }
}

/** The share of the relevant stories found, over all of a language's queries. */
export function recallOf(results: Array<{ labelled: LabelledQuery; found: string[] }>): number {
  let relevant = 0;
  let found = 0;
  for (const { labelled, found: ids } of results) {
    relevant += labelled.relevant.length;
    found += labelled.relevant.filter((id) => ids.includes(id)).length;
  }
  return relevant === 0 ? 1 : found / relevant;
}
