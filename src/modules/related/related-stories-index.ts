import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DEFAULT_RELATED_SCORING, relatedScore, type RelatedScoring } from './related-scoring.ts';
import { inverseDocumentFrequency, parseTermCounts, serializeTermCounts, termCounts, termFrequencyWeight, tfIdfVector } from './term-vector.ts';

/** Automatic related stories kept per story: more than a page shows, so pins and unpublished targets leave enough. */
export const RELATED_STORED = 10;
/** Fewer than this many stored and a story's list is computed again when one of its targets goes. */
export const RELATED_MINIMUM = 5;
/** Distinctive words kept per story in the inverted index that finds candidates. */
export const SIGNATURE_SIZE = 24;
/** Of those, at least this many are words other stories already have (a word only this story has finds nothing yet). */
const SHARED_SIGNATURE_TERMS = 16;
/** The heaviest words a story shares with others, with which it asks the index for candidates. */
export const QUERY_TERMS = 16;
/**
 * Up to this many published stories in an edition, every one is a candidate: exact, and cheap at that size,
 * while the signatures of a young edition's first stories were made with too few statistics to find them.
 */
export const EXACT_RANKING_LIMIT = 200;
/** A stored norm is computed again when the edition has this many times the stories it had then. */
const NORM_GROWTH = 1.5;
/** Postings read per query word, heaviest first. */
const POSTINGS_PER_TERM = 300;
/** Candidates found through the index, then re-ranked with whole vectors, tags and time. */
export const CANDIDATE_POOL = 60;
/** A newly published story enters the lists of at most this many of its best candidates. */
export const TOUCHED_STORIES = 10;
/** Lists not yet full computed again in one save (the best candidates'); the others take the new story by merge. */
const RECOMPUTE_TOUCHED = 3;
/** Lists computed again in one save when their targets go; more wait for their own next save. */
const RECOMPUTE_LIMIT = 20;

/** The term that counts an edition's documents in `term_statistics`; no word is empty. */
const DOCUMENT_COUNT_TERM = '';
const CHUNK = 500;

type Db = Kysely<Database>;

export interface RelatedSource {
  storyId: number;
  code: number;
  editionCode: string;
  isPublished: boolean;
  headline: string;
  teaser: string;
  bodyText: string;
}

export interface RankedCandidate {
  storyId: number;
  code: number;
  score: number;
  similarity: number;
}

/**
 * Brings related stories up to date after a story changed, inside the same transaction: its words leave
 * the term statistics and inverted index, and, when it is published, come back with its new text; its own
 * list is computed; it enters the lists of the stories it is most related to; lists that lost it are
 * computed again when they ran short.
 */
export async function updateRelatedStories(db: Db, source: RelatedSource, scoring: RelatedScoring = DEFAULT_RELATED_SCORING): Promise<void> {
  const listedBy = await removeFromRelated(db, source.storyId);
  if (!source.isPublished) {
    await recomputeShortLists(db, listedBy, scoring);
    return;
  }
  const statistics = await indexTerms(db, source);
  const ranked = await rankCandidates(db, source.storyId, scoring, 'auto', statistics);
  await writeList(db, source.storyId, ranked.slice(0, RELATED_STORED));

  const scoreOf = new Map(ranked.map((c) => [c.storyId, c]));
  const mergeInto = new Set(ranked.slice(0, TOUCHED_STORIES).map((c) => c.storyId));
  for (const id of listedBy) if (scoreOf.has(id)) mergeInto.add(id);
  // In a young edition, a list that is not full yet is computed again, so its scores are all of today's
  // statistics, which still move with every story. Otherwise a list takes the new story at its score, which
  // costs one read and one write instead of a ranking per list.
  const isYoung = statistics.documents <= EXACT_RANKING_LIMIT;
  const lengths = isYoung ? await listLengths(db, [...mergeInto]) : new Map<number, number>();
  const notFull = ranked
    .filter((c) => isYoung && mergeInto.has(c.storyId) && (lengths.get(c.storyId) ?? 0) < RELATED_STORED)
    .slice(0, RECOMPUTE_TOUCHED)
    .map((c) => c.storyId)
    .sort((a, b) => a - b);
  for (const id of notFull) await recomputeList(db, id, scoring);
  const full = [...mergeInto].filter((id) => !notFull.includes(id));
  await mergeIntoLists(db, { storyId: source.storyId, code: source.code }, full.map((id) => ({ storyId: id, score: scoreOf.get(id)?.score ?? 0 })));
  await recomputeShortLists(db, listedBy.filter((id) => !mergeInto.has(id)), scoring);
}

/**
 * Takes a story out of everything related stories know: statistics, inverted index, its own list and the
 * lists of others. Returns the stories whose lists named it.
 */
async function removeFromRelated(db: Db, storyId: number): Promise<number[]> {
  const previous = await db.selectFrom('story_term_vectors').select(['edition_code', 'term_counts']).where('story_id', '=', storyId).executeTakeFirst();
  if (previous) {
    await adjustTermStatistics(db, previous.edition_code, [...parseTermCounts(previous.term_counts).keys()], -1);
    await db.deleteFrom('story_term_vectors').where('story_id', '=', storyId).execute();
  }
  await db.deleteFrom('related_terms').where('story_id', '=', storyId).execute();
  const deleted = await db
    .deleteFrom('automatic_related')
    .where((eb) => eb.or([eb('story_id', '=', storyId), eb('target_story_id', '=', storyId)]))
    .returning(['story_id', 'target_story_id'])
    .execute();
  const listedBy = new Set(deleted.filter((r) => r.target_story_id === storyId && r.story_id !== storyId).map((r) => r.story_id));
  return [...listedBy].sort((a, b) => a - b);
}

/** Counts the story's words into the statistics, then stores its vector and its signature with current IDF. */
async function indexTerms(db: Db, source: RelatedSource): Promise<TermStatistics> {
  const counts = termCounts(source);
  await adjustTermStatistics(db, source.editionCode, [...counts.keys()], 1);
  const statistics = await termStatistics(db, source.editionCode, [...counts.keys()]);
  const { weights, norm } = tfIdfVector(counts, statistics.idf);
  await db
    .insertInto('story_term_vectors')
    .values({ story_id: source.storyId, edition_code: source.editionCode, term_counts: serializeTermCounts(counts), norm, norm_documents: statistics.documents })
    .execute();
  if (norm === 0) return statistics;
  const signature = signatureOf(weights, statistics.documentFrequency);
  for (const rows of chunks(signature, CHUNK)) {
    await db
      .insertInto('related_terms')
      .values(rows.map(([term, weight]) => ({ story_id: source.storyId, edition_code: source.editionCode, term, weight: weight / norm })))
      .execute();
  }
  return statistics;
}

/**
 * The best related stories for a story already in the index, best first: candidates that share its most
 * distinctive words (through `related_terms`), re-ranked by the cosine of whole TF-IDF vectors, shared tags
 * and distance in time. Same edition, published, never the story itself. Writes nothing but refreshed norms.
 */
export async function rankCandidates(
  db: Db,
  storyId: number,
  scoring: RelatedScoring = DEFAULT_RELATED_SCORING,
  /** `auto`: every story of a small edition, the inverted index in a larger one. */
  candidates: 'auto' | 'index' | 'every-story' = 'auto',
  /** Statistics of the story's own words, when the caller has just read them. */
  known?: TermStatistics,
): Promise<RankedCandidate[]> {
  const story = await db
    .selectFrom('story_term_vectors as v')
    .innerJoin('stories as s', 's.id', 'v.story_id')
    .select(['v.edition_code', 'v.term_counts', 's.published_at'])
    .where('v.story_id', '=', storyId)
    .executeTakeFirst();
  if (!story || !story.published_at) return [];
  const ownCounts = parseTermCounts(story.term_counts);
  const statistics = known ?? (await termStatistics(db, story.edition_code, [...ownCounts.keys()]));
  const idf = statistics.idf;
  const own = tfIdfVector(ownCounts, idf);
  if (own.norm === 0) return [];
  // The index is asked with the story's most distinctive words that some other story also has.
  const query = byWeight(own.weights)
    .filter(([term]) => statistics.documentFrequency(term) >= 2)
    .slice(0, QUERY_TERMS)
    .map(([term, weight]) => ({ term, weight: weight / own.norm }));
  if (query.length === 0) return [];

  const isExhaustive = candidates === 'every-story' || (candidates === 'auto' && statistics.documents <= EXACT_RANKING_LIMIT);
  const candidateIds = isExhaustive ? await everyOtherStory(db, story.edition_code, storyId) : await candidatesFromIndex(db, story.edition_code, storyId, query);
  if (candidateIds.length === 0) return [];


  const [vectors, facts, tags] = await Promise.all([
    db.selectFrom('story_term_vectors').select(['story_id', 'edition_code', 'term_counts', 'norm', 'norm_documents']).where('story_id', 'in', candidateIds).execute(),
    db
      .selectFrom('stories')
      .select(['id', 'code', 'published_at'])
      .where('id', 'in', candidateIds)
      .where('status', '=', 'published')
      .where('edition_code', '=', story.edition_code)
      .execute(),
    db.selectFrom('story_tags').select(['story_id', 'tag_id']).where('story_id', 'in', [storyId, ...candidateIds]).execute(),
  ]);
  const tagsOf = (id: number) => tags.filter((t) => t.story_id === id).map((t) => t.tag_id);
  const ownTags = tagsOf(storyId);
  // Candidates are weighed with today's statistics: a norm stored when the edition had few stories would
  // make its story look similar to everything.
  // So a norm is computed again once the edition has grown by half since it was stored, and stored anew:
  // in a young edition often, in an established one almost never.
  const candidateCounts = new Map(vectors.map((v) => [v.story_id, parseTermCounts(v.term_counts)]));
  const stale = vectors.filter((v) => v.norm_documents * NORM_GROWTH < statistics.documents);
  const norms = new Map(vectors.map((v) => [v.story_id, v.norm]));
  if (stale.length > 0) {
    const unseen = new Set<string>();
    for (const v of stale) for (const term of candidateCounts.get(v.story_id)?.keys() ?? []) if (!ownCounts.has(term)) unseen.add(term);
    const unseenIdf = (await termStatistics(db, story.edition_code, [...unseen])).idf;
    const currentIdf = (term: string) => (ownCounts.has(term) ? idf(term) : unseenIdf(term));
    const refreshed = stale.map((v) => ({ ...v, norm: tfIdfVector(candidateCounts.get(v.story_id) ?? new Map(), currentIdf).norm, norm_documents: statistics.documents }));
    for (const v of refreshed) norms.set(v.story_id, v.norm);
    await storeVectors(db, refreshed);
  }

  const ranked: RankedCandidate[] = [];
  for (const fact of facts) {
    const counts = candidateCounts.get(fact.id);
    if (!counts || !fact.published_at || fact.id === storyId) continue;
    const similarity = cosine(own.weights, own.norm, counts, norms.get(fact.id) ?? 0, idf);
    const score = relatedScore({ similarity, tagsA: ownTags, tagsB: tagsOf(fact.id), publishedA: story.published_at, publishedB: fact.published_at }, scoring);
    ranked.push({ storyId: fact.id, code: fact.code, score, similarity });
  }
  return ranked.sort((a, b) => b.score - a.score || b.storyId - a.storyId);
}

/** Cosine similarity of two TF-IDF vectors; the other's weights for shared words come from its counts and today's IDF. */
function cosine(own: Map<string, number>, ownNorm: number, other: Map<string, number>, otherNorm: number, idf: (term: string) => number): number {
  if (ownNorm === 0 || otherNorm === 0) return 0;
  let dot = 0;
  for (const [term, weight] of own) {
    const count = other.get(term);
    if (count) dot += weight * termFrequencyWeight(count) * idf(term);
  }
  return Math.min(1, dot / (ownNorm * otherNorm));
}

type VectorRow = { story_id: number; edition_code: string; term_counts: string; norm: number; norm_documents: number };

/** Upserts stored vectors (new ones, or new norms). */
async function storeVectors(db: Db, rows: VectorRow[]): Promise<void> {
  for (const batch of chunks(rows, 200)) {
    await db
      .insertInto('story_term_vectors')
      .values(batch)
      .onConflict((oc) => oc.column('story_id').doUpdateSet((eb) => ({ norm: eb.ref('excluded.norm'), norm_documents: eb.ref('excluded.norm_documents') })))
      .execute();
  }
}

/** Stores a story's list as given. */
async function writeList(db: Db, storyId: number, list: ReadonlyArray<ListEntry>): Promise<void> {
  await writeLists(db, new Map([[storyId, list]]));
}

interface ListEntry {
  storyId: number;
  code: number;
  score: number;
}

/**
 * Stores several stories' lists in two statements. Upserts by position, so two writers never collide on a
 * position; then positions past each list's end go.
 */
async function writeLists(db: Db, lists: Map<number, ReadonlyArray<ListEntry>>): Promise<void> {
  if (lists.size === 0) return;
  const rows = [...lists].flatMap(([storyId, list]) =>
    list.map((item, position) => ({ story_id: storyId, position, target_story_id: item.storyId, target_code: item.code, score: item.score })),
  );
  for (const batch of chunks(rows, CHUNK)) {
    await db
      .insertInto('automatic_related')
      .values(batch)
      .onConflict((oc) =>
        oc.columns(['story_id', 'position']).doUpdateSet((eb) => ({
          target_story_id: eb.ref('excluded.target_story_id'),
          target_code: eb.ref('excluded.target_code'),
          score: eb.ref('excluded.score'),
        })),
      )
      .execute();
  }
  await db
    .deleteFrom('automatic_related')
    .where((eb) => eb.or([...lists].map(([storyId, list]) => eb.and([eb('story_id', '=', storyId), eb('position', '>=', list.length)]))))
    .execute();
}

/** Puts `target` into each story's list at its score, keeping the best RELATED_STORED. */
async function mergeIntoLists(db: Db, target: { storyId: number; code: number }, owners: Array<{ storyId: number; score: number }>): Promise<void> {
  if (owners.length === 0) return;
  // Lists are written in story order, so concurrent publishers lock them in the same order.
  owners.sort((a, b) => a.storyId - b.storyId);
  const rows = await db
    .selectFrom('automatic_related')
    .select(['story_id', 'position', 'target_story_id', 'target_code', 'score'])
    .where('story_id', 'in', owners.map((o) => o.storyId))
    .orderBy('story_id')
    .orderBy('position')
    .execute();
  const changed = new Map<number, ListEntry[]>();
  for (const owner of owners) {
    const current = rows.filter((r) => r.story_id === owner.storyId && r.target_story_id !== target.storyId);
    const merged = [...current.map((r) => ({ storyId: r.target_story_id, code: Number(r.target_code), score: r.score })), { ...target, score: owner.score }]
      .sort((a, b) => b.score - a.score || b.storyId - a.storyId)
      .slice(0, RELATED_STORED);
    if (merged.some((m) => m.storyId === target.storyId)) changed.set(owner.storyId, merged);
  }
  await writeLists(db, changed);
}

/** Lists that fell below RELATED_MINIMUM are computed again (a bounded number per save). */
async function recomputeShortLists(db: Db, storyIds: number[], scoring: RelatedScoring): Promise<void> {
  if (storyIds.length === 0) return;
  const have = await listLengths(db, storyIds);
  const short = storyIds.filter((id) => (have.get(id) ?? 0) < RELATED_MINIMUM).slice(0, RECOMPUTE_LIMIT);
  for (const id of short) await recomputeList(db, id, scoring);
}

async function listLengths(db: Db, storyIds: number[]): Promise<Map<number, number>> {
  if (storyIds.length === 0) return new Map();
  const counts = await db
    .selectFrom('automatic_related')
    .select(['story_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('story_id', 'in', storyIds)
    .groupBy('story_id')
    .execute();
  return new Map(counts.map((c) => [c.story_id, Number(c.n)]));
}

async function everyOtherStory(db: Db, editionCode: string, storyId: number): Promise<number[]> {
  const rows = await db.selectFrom('story_term_vectors').select('story_id').where('edition_code', '=', editionCode).where('story_id', '<>', storyId).limit(EXACT_RANKING_LIMIT).execute();
  return rows.map((r) => r.story_id);
}

/**
 * Stories whose signatures share the query's words, by the summed products of weights (a truncated cosine).
 * Each word's postings are read heaviest first and at most POSTINGS_PER_TERM of them: a common word's
 * thousandth posting cannot lift a story into the best sixty, and reading it would cost every publish.
 */
async function candidatesFromIndex(db: Db, editionCode: string, storyId: number, query: Array<{ term: string; weight: number }>): Promise<number[]> {
  const postings = sql.join(
    query.map(
      (q) => sql`select * from (select rt.story_id, rt.weight * cast(${q.weight} as double precision) as part from related_terms rt
        where rt.edition_code = ${editionCode} and rt.term = ${q.term} order by rt.weight desc limit ${POSTINGS_PER_TERM}) as p`,
    ),
    sql` union all `,
  );
  const found = await sql<{ story_id: number; overlap: number }>`
    select story_id, sum(part) as overlap from (${postings}) as postings
    where story_id <> ${storyId}
    group by story_id
    order by overlap desc, story_id desc
    limit ${CANDIDATE_POOL}`.execute(db);
  return found.rows.map((r) => Number(r.story_id));
}

/** Computes and stores one story's list from what the index holds. */
export async function recomputeList(db: Db, storyId: number, scoring: RelatedScoring = DEFAULT_RELATED_SCORING): Promise<void> {
  const ranked = await rankCandidates(db, storyId, scoring);
  await writeList(db, storyId, ranked.slice(0, RELATED_STORED));
}

/** Adds `delta` to the document count of each term, and to the edition's count of documents. */
async function adjustTermStatistics(db: Db, editionCode: string, terms: string[], delta: 1 | -1): Promise<void> {
  // Sorted, so that concurrent transactions take the rows' locks in the same order and cannot deadlock.
  const all = [DOCUMENT_COUNT_TERM, ...terms].sort();
  for (const rows of chunks(all, CHUNK)) {
    await db
      .insertInto('term_statistics')
      .values(rows.map((term) => ({ edition_code: editionCode, term, document_count: delta })))
      .onConflict((oc) => oc.columns(['edition_code', 'term']).doUpdateSet({ document_count: sql`term_statistics.document_count + ${delta}` }))
      .execute();
  }
  if (delta < 0) {
    for (const rows of chunks(all, CHUNK)) {
      await db.deleteFrom('term_statistics').where('edition_code', '=', editionCode).where('term', 'in', rows).where('document_count', '<=', 0).execute();
    }
  }
}

/** Terms by descending weight, ties in a stable order. */
function byWeight(weights: Map<string, number>): Array<[string, number]> {
  return [...weights].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/**
 * The words a story is found by: its SIGNATURE_SIZE heaviest, of which at least SHARED_SIGNATURE_TERMS
 * other stories already have (the heaviest words of a story are often its alone: names, typos).
 */
function signatureOf(weights: Map<string, number>, documentFrequency: (term: string) => number): Array<[string, number]> {
  const ordered = byWeight(weights);
  const shared = ordered.filter(([term]) => documentFrequency(term) >= 2).slice(0, SHARED_SIGNATURE_TERMS);
  const chosen = new Set(shared.map(([term]) => term));
  for (const [term] of ordered) {
    if (chosen.size >= SIGNATURE_SIZE) break;
    chosen.add(term);
  }
  return ordered.filter(([term]) => chosen.has(term));
}

/** Document frequencies and IDF of the given terms from the edition's statistics. */
interface TermStatistics {
  documents: number;
  idf: (term: string) => number;
  documentFrequency: (term: string) => number;
}

async function termStatistics(db: Db, editionCode: string, terms: string[]): Promise<TermStatistics> {
  const counts = new Map<string, number>();
  for (const rows of chunks([DOCUMENT_COUNT_TERM, ...terms], CHUNK)) {
    const found = await db.selectFrom('term_statistics').select(['term', 'document_count']).where('edition_code', '=', editionCode).where('term', 'in', rows).execute();
    for (const row of found) counts.set(row.term, Number(row.document_count));
  }
  const documents = Math.max(1, counts.get(DOCUMENT_COUNT_TERM) ?? 1);
  const cache = new Map<string, number>();
  return {
    documents,
    idf: (term) => {
      let value = cache.get(term);
      if (value === undefined) {
        value = inverseDocumentFrequency(documents, counts.get(term) ?? 1);
        cache.set(term, value);
      }
      return value;
    },
    documentFrequency: (term) => counts.get(term) ?? 0,
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Builds the related-stories index for many stories at once (a migration over existing stories, a
 * benchmark's corpus): statistics are counted in memory, so every signature is made with the final IDF.
 * Call `add` with batches of published stories, then `finish` once.
 * @example const builder = new RelatedIndexBuilder(db); await builder.add(batch); await builder.finish({ lists: true })
 */
export class RelatedIndexBuilder {
  private readonly documentFrequencies = new Map<string, Map<string, number>>();
  private readonly storyIds: number[] = [];

  constructor(private readonly db: Db) {}

  /** Forgets everything the related-stories tables hold. */
  async clear(): Promise<void> {
    await this.db.deleteFrom('automatic_related').execute();
    await this.db.deleteFrom('related_terms').execute();
    await this.db.deleteFrom('story_term_vectors').execute();
    await this.db.deleteFrom('term_statistics').execute();
  }

  /** `db`: the transaction to write in, when not the builder's own. */
  async add(sources: readonly RelatedSource[], db: Db = this.db): Promise<void> {
    const rows = [];
    for (const source of sources) {
      if (!source.isPublished) continue;
      const counts = termCounts(source);
      let frequencies = this.documentFrequencies.get(source.editionCode);
      if (!frequencies) this.documentFrequencies.set(source.editionCode, (frequencies = new Map([[DOCUMENT_COUNT_TERM, 0]])));
      for (const term of [DOCUMENT_COUNT_TERM, ...counts.keys()]) frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
      rows.push({ story_id: source.storyId, edition_code: source.editionCode, term_counts: serializeTermCounts(counts), norm: 0, norm_documents: 0 });
      this.storyIds.push(source.storyId);
    }
    for (const batch of chunks(rows, 200)) await db.insertInto('story_term_vectors').values(batch).execute();
  }

  async finish(options: { lists: boolean; scoring?: RelatedScoring }, db: Db = this.db): Promise<void> {
    for (const [editionCode, frequencies] of this.documentFrequencies) {
      for (const batch of chunks([...frequencies], CHUNK)) {
        await db.insertInto('term_statistics').values(batch.map(([term, count]) => ({ edition_code: editionCode, term, document_count: count }))).execute();
      }
    }
    const ids = [...this.storyIds].sort((a, b) => a - b);
    for (const batch of chunks(ids, 200)) {
      const vectors = await db.selectFrom('story_term_vectors').select(['story_id', 'edition_code', 'term_counts']).where('story_id', 'in', batch).execute();
      const signatures: Array<{ story_id: number; edition_code: string; term: string; weight: number }> = [];
      const norms: VectorRow[] = [];
      for (const vector of vectors) {
        const frequencies = this.documentFrequencies.get(vector.edition_code) ?? new Map<string, number>();
        const documents = frequencies.get(DOCUMENT_COUNT_TERM) ?? 1;
        const { weights, norm } = tfIdfVector(parseTermCounts(vector.term_counts), (term) => inverseDocumentFrequency(documents, frequencies.get(term) ?? 1));
        norms.push({ ...vector, norm, norm_documents: documents });
        if (norm === 0) continue;
        const top = signatureOf(weights, (term) => frequencies.get(term) ?? 0);
        for (const [term, weight] of top) signatures.push({ story_id: vector.story_id, edition_code: vector.edition_code, term, weight: weight / norm });
      }
      await storeVectors(db, norms);
      for (const rows of chunks(signatures, CHUNK)) await db.insertInto('related_terms').values(rows).execute();
    }
    if (options.lists) {
      for (const id of ids) await recomputeList(db, id, options.scoring);
    }
  }
}
