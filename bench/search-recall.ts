/**
 * `npm run bench:search-recall`: how many relevant stories search finds when the reader types another
 * inflection of their word (mercado / mercados, perdita / perdite, maand / maanden), per language, on both engines.
 *
 *   npm run bench:search-recall                    both engines (PostgreSQL in a throwaway cluster)
 *   BENCH_ENGINES=sqlite npm run bench:search-recall
 *
 * The labelled set is `test/fixtures/search-recall/` (116 MEANTIME stories in en, es, it and nl, 8 queries per
 * language; its SOURCE.md says how the relevant stories were labelled). The stories are published through the
 * write path and searched through SearchService, each query as a finished word. Beside today's engines, the
 * SQLite database also gets two tables of the same normalized text for comparison: FTS5 with the `porter`
 * tokenizer (SQLite's index before migration 026: English stemming for every language) and FTS5 without
 * stemming. PostgreSQL's `dateline_*` configurations did not change. Recall = relevant stories found / relevant
 * stories, over a language's queries; a second table counts the stories found that hold none of the labelled
 * forms (what a stemmer's conflations cost). `test/integration/search-recall.test.ts` asserts today's figures.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { normalizeSearchText } from '../src/content/normalize-search-text.ts';
import { parseDatabaseUrl } from '../src/db/database-url.ts';
import { maintenanceTimeouts, openDatabase, type DatabaseHandle } from '../src/db/open-database.ts';
import type { Database } from '../src/db/schema.ts';
import { fts5Query } from '../src/db/search/sqlite-search-index.ts';
import { parseSearchQuery } from '../src/modules/search/parse-search-query.ts';
import { createServices } from '../src/services.ts';
import { startPostgresCluster } from '../test/support/postgres-cluster.ts';
import { RECALL_LANGUAGES, foundStories, labelledQueries, publishRecallStories, recallOf, recallStories, type LabelledQuery } from '../test/support/search-recall.ts';

const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',').map((e) => e.trim()) as Array<'sqlite' | 'postgres'>;

/** FTS5 tokenizers of the comparison tables, by column title. */
const FTS5_BASELINES = {
  'no stemming (FTS5 unicode61)': 'unicode61 remove_diacritics 2',
  'SQLite before 026 (FTS5 porter)': 'porter unicode61 remove_diacritics 2',
} as const;

type Column = string;
type Results = Map<Column, Map<string, Array<{ labelled: LabelledQuery; found: string[] }>>>;

async function main(): Promise<void> {
  const labelled = labelledQueries();
  const results: Results = new Map();
  const record = (column: Column, query: LabelledQuery, found: string[]) => {
    const byLanguage = results.get(column) ?? new Map<string, Array<{ labelled: LabelledQuery; found: string[] }>>();
    results.set(column, byLanguage);
    byLanguage.set(query.language, [...(byLanguage.get(query.language) ?? []), { labelled: query, found }]);
  };

  for (const engine of ENGINES) {
    const dir = await mkdtemp(join(tmpdir(), 'dateline-bench-recall-'));
    const cluster = engine === 'postgres' ? await startPostgresCluster() : undefined;
    let handle: DatabaseHandle | undefined;
    try {
      handle = await openDatabase(parseDatabaseUrl(cluster ? cluster.url : `sqlite:${join(dir, 'recall.db')}`), { timeouts: maintenanceTimeouts });
      const services = await createServices(handle);
      for (const language of RECALL_LANGUAGES) await services.editions.ensure(language);
      const idByStory = await publishRecallStories(services);
      const column = engine === 'sqlite' ? 'SQLite now (Snowball, 026)' : 'PostgreSQL (dateline_* Snowball)';
      for (const query of labelled) record(column, query, await foundStories(handle.db, idByStory, query));
      if (engine === 'sqlite') {
        for (const [baseline, tokenizer] of Object.entries(FTS5_BASELINES)) {
          for (const query of labelled) record(baseline, query, await fts5Baseline(handle.db, tokenizer, query));
        }
      }
    } finally {
      await handle?.close();
      await cluster?.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }

  const columns = [...Object.keys(FTS5_BASELINES), 'SQLite now (Snowball, 026)', 'PostgreSQL (dateline_* Snowball)'].filter((c) => results.has(c));
  console.log('\nRecall of the relevant stories when the query is another inflection of their word\n');
  console.log(`| language | queries | relevant stories (with another form only) | ${columns.join(' | ')} |`);
  console.log(`| --- | --- | --- | ${columns.map(() => '---').join(' | ')} |`);
  for (const language of RECALL_LANGUAGES) {
    const queries = labelled.filter((q) => q.language === language);
    const relevant = queries.reduce((n, q) => n + q.relevant.length, 0);
    const otherOnly = queries.reduce((n, q) => n + q.otherFormOnly, 0);
    const cells = columns.map((column) => recallOf(results.get(column)?.get(language) ?? []).toFixed(2));
    console.log(`| ${language} | ${queries.length} | ${relevant} (${otherOnly}) | ${cells.join(' | ')} |`);
  }
  // What stemming costs: stories found that hold none of the labelled forms, only a word the stemmer
  // joined to them (marketing for market, nieuws for nieuwe).
  console.log('\nStories found that hold none of the labelled forms\n');
  console.log(`| language | ${columns.join(' | ')} |`);
  console.log(`| --- | ${columns.map(() => '---').join(' | ')} |`);
  for (const language of RECALL_LANGUAGES) {
    const cells = columns.map((column) => String((results.get(column)?.get(language) ?? []).reduce((n, r) => n + r.found.filter((id) => !r.labelled.relevant.includes(id)).length, 0)));
    console.log(`| ${language} | ${cells.join(' | ')} |`);
  }
}

/** The stories an FTS5 table with `tokenizer` over the stories' normalized text finds for the query's words. */
async function fts5Baseline(db: Kysely<Database>, tokenizer: string, labelled: LabelledQuery): Promise<string[]> {
  await sql`create virtual table if not exists ${sql.id(tableOf(tokenizer))} using fts5(story_id unindexed, language unindexed, text, tokenize = ${sql.lit(tokenizer)})`.execute(db);
  const table = sql.id(tableOf(tokenizer));
  const filled = await sql<{ n: number }>`select count(*) as n from ${table}`.execute(db);
  if (Number(filled.rows[0]?.n ?? 0) === 0) {
    for (const article of recallStories()) {
      await sql`insert into ${table} (story_id, language, text) values (${article.id}, ${article.lang}, ${normalizeSearchText([article.title, ...article.paragraphs].join(' '))})`.execute(db);
    }
  }
  const query = parseSearchQuery(`${labelled.query} `);
  const match = fts5Query({ terms: query.terms, phrases: query.phrases, anyOf: [] });
  const rows = await sql<{ story_id: string }>`select story_id from ${table} where ${table} match ${match} and language = ${labelled.language}`.execute(db);
  return rows.rows.map((r) => r.story_id);
}

function tableOf(tokenizer: string): string {
  return tokenizer.startsWith('porter') ? 'recall_porter' : 'recall_unstemmed';
}

await main();
