import { sql, type RawBuilder } from 'kysely';
import { searchFilters } from './search-filters.ts';
import { MATCH_COUNT_LIMIT, totalOf } from './match-count.ts';
import type { IndexQuery, IndexSearchResult, SearchIndex } from './search-index.ts';
import { SNOWBALL_ALGORITHMS } from './snowball-stemmer.ts';

/**
 * The text search configuration for an edition's language. The `dateline_*` configurations (migration 002)
 * are PostgreSQL's Snowball stemmers without stop words (docs/decisions/024: a phrase such as "state of the
 * union" and a query such as "the who" must find the same stories on both engines). Persian, Arabic and
 * every language without a stemmer use `simple` over Dateline's own normalization.
 */
export function textSearchConfig(language: string): string {
  const algorithm = SNOWBALL_ALGORITHMS[language.toLowerCase().split('-')[0] ?? ''];
  return algorithm === undefined ? 'simple' : `dateline_${algorithm}`;
}

/** The Snowball languages that migration 002 makes configurations for. */
export const STEMMED_LANGUAGES = ['english', 'spanish', 'italian', 'dutch'] as const;

/** ts_rank weights for {D, C, B, A} = {aliases, body, teaser, headline}. */
const RANK_WEIGHTS = '{0.05, 0.2, 0.5, 1.0}';
/** Matches ranked on their whole text beyond the requested page, chosen by headline and teaser first. */
const RERANK_POOL = 300;
/** Divides the rank by 1 + log(document length), so long stories do not win by length alone. */
const RANK_NORMALIZATION = 1;

/**
 * PostgreSQL: a weighted `tsvector` column on `search_documents` with a GIN index, built with the edition's
 * configuration; queries go through `to_tsquery` with the query text as a bound parameter.
 */
export const postgresSearchIndex: SearchIndex = {
  async upsert(db, document) {
    const config = textSearchConfig(document.language);
    const headline = sql`setweight(to_tsvector(${config}::regconfig, ${document.headline}), 'A') || setweight(to_tsvector(${config}::regconfig, ${document.teaser}), 'B')`;
    await sql`insert into search_documents (story_id, edition_code, code, section_id, published_at, text_config, title_document, document)
      select ${document.storyId}, ${document.editionCode}, ${document.code}, ${document.sectionId}, ${document.publishedAt}, ${config}::regconfig, t.v,
        t.v || setweight(to_tsvector(${config}::regconfig, ${document.body}), 'C') || setweight(to_tsvector(${config}::regconfig, ${document.aliases}), 'D')
      from (select ${headline} as v) t
      on conflict (story_id) do update set
        edition_code = excluded.edition_code, code = excluded.code, section_id = excluded.section_id, published_at = excluded.published_at,
        text_config = excluded.text_config, title_document = excluded.title_document, document = excluded.document`.execute(db);
  },

  async clear(db) {
    await db.deleteFrom('search_documents').execute();
  },

  async remove(db, storyId) {
    await db.deleteFrom('search_documents').where('story_id', '=', storyId).execute();
  },

  async search(db, request) {
    const config = textSearchConfig(request.language);
    const query = sql`to_tsquery(${config}::regconfig, ${tsqueryText(request.query)})`;
    // The same words, found only among the headline's (weight A) lexemes of the small title vector.
    const headlineQuery = sql`to_tsquery(${config}::regconfig, ${tsqueryText(request.query, 'A')})`;
    const filters = searchFilters(request);
    // Functions in FROM are evaluated once and let the planner use the GIN indexes for `@@`.
    const from = sql`search_documents d cross join ${query} as q cross join ${headlineQuery} as hq`;
    const where = (match: RawBuilder<unknown>) => sql.join([match, ...filters], sql` and `);
    // A phrase is first looked up among the stories holding each of its adjacent word pairs (migration 011),
    // so `@@` reads the positions of those few rather than of every story holding all its words.
    const pairs = request.query.phrases.map((words) => sql`dateline_word_pairs(to_tsvector(${config}::regconfig, ${words.join(' ')}))`);
    const allMatches = pairs.length === 0 ? sql`d.document @@ q` : sql`d.word_pairs @> (${sql.join(pairs, sql` || `)}) and d.document @@ q`;
    // A headline match is a match: the title vector's positions are the first of the whole document's.
    const headlineMatches = sql`d.title_document @@ hq`;

    return db.transaction().execute(async (trx) => {
      // For a word most stories contain, the planner prefers reading the table to the GIN index, not knowing
      // that testing `@@` row by row means de-TOASTing every story's whole tsvector: ten times slower.
      await sql`set local enable_seqscan = off`.execute(trx);
      const count = async (match: RawBuilder<unknown>, limit: number) =>
        Number((await sql<{ n: string }>`select count(*) as n from (select 1 from ${from} where ${where(match)} limit ${limit}) as m`.execute(trx)).rows[0]?.n ?? 0);
      const newest = async (match: RawBuilder<unknown>, limit: number, offset: number) =>
        (await sql<{ story_id: number }>`select d.story_id from ${from} where ${where(match)}
          order by d.published_at desc, d.story_id desc limit ${limit} offset ${offset}`.execute(trx)).rows.map((r) => r.story_id);
      // Ranking reads each match's whole tsvector, which for thousands of long stories costs far more than
      // finding them. So matches are first ordered by their small headline-and-teaser vector (then date),
      // and only the best RERANK_POOL beyond the page are ranked on the whole text (docs/decisions/003).
      // `offset 0` keeps the title rank computed below the window count, so only narrow rows are counted.
      const best = async (match: RawBuilder<unknown>, limit: number, offset: number) => {
        const rows = await sql<{ story_id: number; total: string | number }>`with ranked as (
            select d.story_id, d.published_at, ts_rank(${RANK_WEIGHTS}::float4[], d.title_document, q) as title_rank
            from ${from} where ${where(match)} offset 0),
          matches as (
            select story_id, published_at, count(*) over () as total from ranked
            order by title_rank desc, published_at desc, story_id desc
            limit ${offset + limit + RERANK_POOL})
          select m.story_id, m.total from matches m
            join search_documents d on d.story_id = m.story_id cross join ${query} as q
          order by ts_rank(${RANK_WEIGHTS}::float4[], d.document, q, ${sql.lit(RANK_NORMALIZATION)}) desc, m.published_at desc, m.story_id desc
          limit ${limit} offset ${offset}`.execute(trx);
        return { storyIds: rows.rows.map((r) => r.story_id), total: Number(rows.rows[0]?.total ?? 0) };
      };

      // One pass finds the matches (up to the limit); when they are all found, ordering them needs no second
      // `@@`, which for a phrase of common words means testing the positions of thousands of stories again.
      // With a LIMIT, the planner likes to walk the edition's date index testing `@@` on each story, which
      // reads thousands of whole tsvectors; the GIN index's bitmap finds the same matches without them.
      await sql`set local enable_indexscan = off`.execute(trx);
      const found = (
        await sql<{ story_id: number }>`select d.story_id from ${from} where ${where(allMatches)} limit ${MATCH_COUNT_LIMIT + 1}`.execute(trx)
      ).rows.map((r) => r.story_id);
      await sql`set local enable_indexscan = on`.execute(trx);
      const total = totalOf(found.length);
      if (found.length === 0) return { storyIds: [], ...total } satisfies IndexSearchResult;
      const foundMatches = total.isTotalExact ? sql`d.story_id = any(${found})` : allMatches;
      if (request.sort === 'date') return { storyIds: await newest(foundMatches, request.limit, request.offset), ...total } satisfies IndexSearchResult;
      if (total.isTotalExact) return { storyIds: (await best(foundMatches, request.limit, request.offset)).storyIds, ...total } satisfies IndexSearchResult;

      // Too many matches to rank them all: headline matches first, ranked, then the others, newest first.
      const ranked = await best(headlineMatches, request.limit, request.offset);
      if (ranked.storyIds.length === request.limit) return { storyIds: ranked.storyIds, ...total } satisfies IndexSearchResult;
      const rankedCount = ranked.storyIds.length > 0 ? ranked.total : await count(headlineMatches, request.offset + 1);
      const rest = await newest(sql`${allMatches} and not (${headlineMatches})`, request.limit - ranked.storyIds.length, Math.max(0, request.offset - rankedCount));
      return { storyIds: [...ranked.storyIds, ...rest], ...total } satisfies IndexSearchResult;
    });
  },

  async sizeOnDisk(db) {
    const row = await sql<{ bytes: string }>`select pg_total_relation_size('search_documents') as bytes`.execute(db);
    return Number(row.rows[0]?.bytes ?? 0);
  },
};

/**
 * The `to_tsquery` text for a parsed query: every word a quoted lexeme (so nothing is tsquery syntax),
 * phrases joined with `<->`, alternatives with `|`; with `weight`, each word matches only lexemes of that weight
 * (A: the headline). It is passed as a bound parameter, never spliced into SQL.
 * @example tsqueryText({ terms: ['boeing'], phrases: [['air', 'force']], anyOf: ['tank', 'tanker'] }) // "'boeing' & ('air' <-> 'force') & ('tank' | 'tanker')"
 */
export function tsqueryText(query: IndexQuery, weight?: 'A'): string {
  const quote = (word: string) => `'${word.replaceAll('\\', '\\\\').replaceAll("'", "''")}'${weight === undefined ? '' : `:${weight}`}`;
  return [
    ...query.terms.map(quote),
    ...query.phrases.map((words) => `(${words.map(quote).join(' <-> ')})`),
    ...(query.anyOf.length > 0 ? [`(${query.anyOf.map(quote).join(' | ')})`] : []),
  ].join(' & ');
}
