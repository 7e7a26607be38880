import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { searchFilters } from './search-filters.ts';
import { MATCH_COUNT_LIMIT, totalOf } from './match-count.ts';
import type { IndexQuery, IndexSearchResult, SearchDocument, SearchIndex } from './search-index.ts';
import { snowballStemmerOf, stemText } from './snowball-stemmer.ts';

/**
 * bm25 column weights for `search_fts(headline, teaser, body, aliases)`: a word in the headline counts as
 * much as ten in the body.
 */
const BM25_WEIGHTS = sql.raw('10.0, 3.0, 1.0, 0.5');

/**
 * SQLite: an FTS5 table (`unicode61`, contentless, rowid = story id) for matching and bm25, beside
 * `search_documents` that carries the columns filters and sorting need. FTS5's only stemmer is Porter's
 * English one, so words are stemmed here, with the edition language's Snowball stemmer, before FTS5 sees
 * them, in stories and in queries alike (docs/decisions/024).
 */
export const sqliteSearchIndex: SearchIndex = {
  async upsert(db, document) {
    await removeFts(db, document.storyId);
    const stem = (text: string) => stemText(document.language, text);
    await sql`insert into search_fts (rowid, headline, teaser, body, aliases)
      values (${document.storyId}, ${stem(document.headline)}, ${stem(document.teaser)}, ${stem(document.body)}, ${stem(document.aliases)})`.execute(db);
    await db
      .insertInto('search_documents')
      .values(documentRow(document))
      .onConflict((oc) => oc.column('story_id').doUpdateSet(documentRow(document)))
      .execute();
  },

  async clear(db) {
    await sql`insert into search_fts (search_fts) values ('delete-all')`.execute(db);
    await db.deleteFrom('search_documents').execute();
  },

  async remove(db, storyId) {
    await removeFts(db, storyId);
    await db.deleteFrom('search_documents').where('story_id', '=', storyId).execute();
  },

  async search(db, request) {
    const match = fts5Query(stemQuery(request.query, request.language));
    const from = sql`search_fts join search_documents d on d.story_id = search_fts.rowid`;
    const where = (expression: string) => sql.join([sql`search_fts match ${expression}`, ...searchFilters(request)], sql` and `);
    const count = async (expression: string, limit: number) =>
      Number((await sql<{ n: number }>`select count(*) as n from (select 1 from ${from} where ${where(expression)} limit ${limit})`.execute(db)).rows[0]?.n ?? 0);
    const newest = async (expression: string, limit: number, offset: number) =>
      (await sql<{ story_id: number }>`select d.story_id from ${from} where ${where(expression)}
        order by d.published_at desc, d.story_id desc limit ${limit} offset ${offset}`.execute(db)).rows.map((r) => r.story_id);
    // bm25 is computed per match in the inner query (FTS5 allows it nowhere else); the window count rides
    // along with the page instead of a second pass over the matches.
    const best = async (expression: string, limit: number, offset: number) => {
      const rows = await sql<{ story_id: number; total: number }>`select story_id, count(*) over () as total from (
          select d.story_id, d.published_at, bm25(search_fts, ${BM25_WEIGHTS}) as score from ${from} where ${where(expression)}
        ) as matches
        order by score, published_at desc, story_id desc limit ${limit} offset ${offset}`.execute(db);
      return { storyIds: rows.rows.map((r) => r.story_id), total: Number(rows.rows[0]?.total ?? 0) };
    };

    const counted = await count(match, MATCH_COUNT_LIMIT + 1);
    const total = totalOf(counted);
    if (counted === 0) return { storyIds: [], ...total } satisfies IndexSearchResult;
    if (request.sort === 'date') return { storyIds: await newest(match, request.limit, request.offset), ...total } satisfies IndexSearchResult;
    if (total.isTotalExact) return { storyIds: (await best(match, request.limit, request.offset)).storyIds, ...total } satisfies IndexSearchResult;

    // Too many matches to rank them all: headline matches first, ranked (the bm25 of the whole text counts the
    // body's words too), then the other matches, newest first.
    const inHeadline = `(${match}) AND {headline} : (${match})`;
    const ranked = await best(inHeadline, request.limit, request.offset);
    if (ranked.storyIds.length === request.limit) return { storyIds: ranked.storyIds, ...total } satisfies IndexSearchResult;
    const rankedCount = ranked.storyIds.length > 0 ? ranked.total : await count(inHeadline, request.offset + 1);
    const rest = await newest(`(${match}) NOT {headline} : (${match})`, request.limit - ranked.storyIds.length, Math.max(0, request.offset - rankedCount));
    return { storyIds: [...ranked.storyIds, ...rest], ...total } satisfies IndexSearchResult;
  },

  async sizeOnDisk(db) {
    // dbstat names each FTS5 shadow table (search_fts_data, _idx, _docsize …) and each index.
    const row = await sql<{ bytes: number | null }>`select sum(pgsize) as bytes from dbstat
      where name like 'search\_%' escape '\\' or name like 'sqlite_autoindex_search\_%' escape '\\'`.execute(db);
    return Number(row.rows[0]?.bytes ?? 0);
  },
};

function documentRow(document: SearchDocument) {
  return {
    story_id: document.storyId,
    edition_code: document.editionCode,
    code: document.code,
    section_id: document.sectionId,
    published_at: document.publishedAt,
  };
}

async function removeFts(db: Kysely<Database>, storyId: number): Promise<void> {
  // A contentless-delete FTS5 table deletes by rowid; deleting a missing rowid is a no-op.
  await sql`delete from search_fts where rowid = ${storyId}`.execute(db);
}

/** The query's words as the index holds them: stemmed with the edition language's stemmer. */
export function stemQuery(query: IndexQuery, language: string): IndexQuery {
  const stem = snowballStemmerOf(language);
  if (stem === null) return query;
  return {
    terms: query.terms.map(stem),
    phrases: query.phrases.map((words) => words.map(stem)),
    // Completions often share a stem (tank, tanks): each stem once.
    anyOf: [...new Set(query.anyOf.map(stem))],
  };
}

/**
 * The FTS5 query for a parsed query. Every word is a quoted string, so nothing can be FTS5 syntax; the
 * string goes to SQLite as a bound parameter.
 * @example fts5Query({ terms: ['boeing'], phrases: [['air', 'force']], anyOf: ['tank', 'tanker'] }) // '"boeing" AND "air force" AND ("tank" OR "tanker")'
 */
export function fts5Query(query: IndexQuery): string {
  const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
  return [
    ...query.terms.map(quote),
    ...query.phrases.map((words) => quote(words.join(' '))),
    ...(query.anyOf.length > 0 ? [`(${query.anyOf.map(quote).join(' OR ')})`] : []),
    // Explicit AND: FTS5 does not read an implicit AND before a parenthesis.
  ].join(' AND ');
}
