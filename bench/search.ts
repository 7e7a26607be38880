/**
 * `npm run bench:search`: search and related stories at scale, on SQLite and on PostgreSQL.
 *
 *   npm run bench:search                          100,000 stories, both engines (PostgreSQL in a throwaway cluster)
 *   BENCH_SEARCH_STORIES=20000 npm run bench:search      a smaller database
 *   BENCH_ENGINES=sqlite npm run bench:search     one engine
 *
 * Stories are generated from the English corpus articles (corpus/wikinews.jsonl): each is one article's
 * headline and paragraphs with paragraphs of another article of the same topic mixed in, and a date spread
 * over the corpus's years — real text with a real vocabulary, not lorem ipsum. They are bulk-inserted, then
 * indexed by `rebuildDiscoveryIndexes` (the migration's code). Then:
 * - search latency through SearchService (engine query, count, highlighted snippets) for one-word,
 *   three-word and two-word phrase queries drawn from the headlines' words (of four letters or more);
 * - related-story computation for newly published stories (updateRelatedStories, in a transaction rolled back
 *   after each, so every measurement sees the same database), and a whole publish through StoryStore.save;
 * - bytes on disk of the search index and of the related-stories tables.
 * A script that prints figures, not a test. Compare within a run; figures depend on the machine.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { paragraph } from '../src/content/blocks.ts';
import { headlineKey, slugify } from '../src/content/slug.ts';
import { parseDatabaseUrl } from '../src/db/database-url.ts';
import { maintenanceTimeouts, openDatabase, type DatabaseHandle } from '../src/db/open-database.ts';
import type { Database } from '../src/db/schema.ts';
import { searchIndexFor } from '../src/db/search/search-index.ts';
import { corpusArticles, type CorpusArticle } from '../src/modules/demo/corpus.ts';
import { rankCandidates, updateRelatedStories } from '../src/modules/related/related-stories-index.ts';
import { rebuildDiscoveryIndexes } from '../src/modules/search/rebuild-discovery-indexes.ts';
import { SearchService } from '../src/modules/search/search-service.ts';
import { createServices } from '../src/services.ts';
import { startPostgresCluster } from '../test/support/postgres-cluster.ts';

const STORIES = Number(process.env.BENCH_SEARCH_STORIES ?? 100_000);
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',').map((e) => e.trim()) as Array<'sqlite' | 'postgres'>;
const QUERIES_PER_KIND = 200;
const NEW_STORIES = 20;
const RELATED_WARMUP = 5;

/** A small deterministic generator, so both engines get the same stories and queries. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface GeneratedStory {
  headline: string;
  paragraphs: string[];
  publishedAt: string;
  section: string;
  tags: string[];
}

export function generator(articles: CorpusArticle[]) {
  const topicOf = (a: CorpusArticle) => a.categories[0] ?? 'World';
  const byTopic = new Map<string, CorpusArticle[]>();
  for (const a of articles) byTopic.set(topicOf(a), [...(byTopic.get(topicOf(a)) ?? []), a]);
  const rand = random(42);
  const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)]!;
  return (n: number): GeneratedStory => {
    const base = articles[n % articles.length]!;
    const other = pick(byTopic.get(topicOf(base)) ?? articles);
    const extra = other.paragraphs.slice(0, 2 + Math.floor(rand() * 3));
    const year = 2004 + Math.floor(rand() * 17);
    const day = new Date(Date.UTC(year, Math.floor(rand() * 12), 1 + Math.floor(rand() * 28), Math.floor(rand() * 24)));
    return {
      // A round number keeps generated headlines (and slugs) distinct, as an edition's are.
      headline: n < articles.length ? base.title : `${base.title} (${Math.floor(n / articles.length) + 1})`,
      paragraphs: [...base.paragraphs, ...extra],
      publishedAt: day.toISOString(),
      section: base.id.startsWith('meantime-') ? 'Business' : 'World',
      tags: base.categories.slice(0, 3),
    };
  };
}

export async function bulkLoad(db: Kysely<Database>, make: (n: number) => GeneratedStory, count: number): Promise<void> {
  const sectionIds = new Map<string, number>();
  const tagIds = new Map<string, number>();
  const ensure = async (table: 'sections' | 'tags', name: string, cache: Map<string, number>) => {
    const known = cache.get(name);
    if (known !== undefined) return known;
    const slug = slugify(name);
    await db.insertInto(table).values({ edition_code: 'en', slug, name }).onConflict((oc) => oc.columns(['edition_code', 'slug']).doNothing()).execute();
    const row = await db.selectFrom(table).select('id').where('edition_code', '=', 'en').where('slug', '=', slug).executeTakeFirstOrThrow();
    cache.set(name, row.id);
    return row.id;
  };
  const batch = 500;
  const started = performance.now();
  for (let from = 0; from < count; from += batch) {
    const stories = Array.from({ length: Math.min(batch, count - from) }, (_, i) => ({ n: from + i + 1, story: make(from + i) }));
    for (const { story } of stories) {
      await ensure('sections', story.section, sectionIds);
      for (const tag of story.tags) await ensure('tags', tag, tagIds);
    }
    await db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      await trx.insertInto('story_codes').values(stories.map(({ n }) => ({ code: n, created_at: now }))).execute();
      const ids = await trx
        .insertInto('stories')
        .values(
          stories.map(({ n, story }) => ({
            code: n,
            edition_code: 'en',
            slug: `${slugify(story.headline)}-${n}`,
            headline: story.headline,
            headline_key: headlineKey(story.headline),
            teaser: story.paragraphs[0]?.slice(0, 200) ?? '',
            body: JSON.stringify(story.paragraphs.map(paragraph)),
            status: 'published' as const,
            published_at: story.publishedAt,
            updated_at: story.publishedAt,
            created_at: story.publishedAt,
            section_id: sectionIds.get(story.section) ?? null,
          })),
        )
        .returning('id')
        .execute();
      const tagRows = stories.flatMap(({ story }, i) => story.tags.map((tag, position) => ({ story_id: ids[i]!.id, tag_id: tagIds.get(tag)!, position })));
      const unique = [...new Map(tagRows.map((r) => [`${r.story_id}:${r.tag_id}`, r])).values()];
      if (unique.length > 0) await trx.insertInto('story_tags').values(unique).execute();
    });
    if ((from / batch) % 40 === 0) console.log(`  inserted ${from + stories.length}/${count} stories (${seconds(performance.now() - started)})`);
  }
  await sql`update counters set value = ${count} where name = 'story_code'`.execute(db);
}

function queriesFrom(articles: CorpusArticle[]) {
  const rand = random(7);
  const wordsOf = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4);
  const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)]!;
  const headlines = articles.map((a) => wordsOf(a.title)).filter((w) => w.length >= 3);
  const oneWord = Array.from({ length: QUERIES_PER_KIND }, () => pick(pick(headlines)));
  const threeWords = Array.from({ length: QUERIES_PER_KIND }, () => {
    const words = pick(headlines);
    const start = Math.floor(rand() * (words.length - 2));
    return words.slice(start, start + 3).join(' ');
  });
  // Two consecutive headline words, as readers quote names and phrases they saw ("air force", "steve jobs").
  const phrases = Array.from({ length: QUERIES_PER_KIND }, () => {
    const words = pick(headlines);
    const start = Math.floor(rand() * (words.length - 1));
    return `"${words.slice(start, start + 2).join(' ')}"`;
  });
  return { 'one word': oneWord, 'three words': threeWords, phrase: phrases };
}

async function benchEngine(engine: 'sqlite' | 'postgres', articles: CorpusArticle[]): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'dateline-bench-search-'));
  const cluster = engine === 'postgres' ? await startPostgresCluster() : undefined;
  let handle: DatabaseHandle | undefined;
  try {
    const url = cluster ? cluster.url : `sqlite:${join(dir, 'bench.db')}`;
    handle = await openDatabase(parseDatabaseUrl(url), { timeouts: maintenanceTimeouts });
    const services = await createServices(handle);
    const db = handle.db;
    console.log(`\n== ${engine}: ${STORIES.toLocaleString('en')} stories`);
    const make = generator(articles);
    let started = performance.now();
    await bulkLoad(db, make, STORIES);
    const loadMs = performance.now() - started;
    started = performance.now();
    await rebuildDiscoveryIndexes(db, {
      lists: false,
      onProgress: (n) => {
        if (n % 20_000 === 0) console.log(`  indexed ${n}/${STORIES} stories (${seconds(performance.now() - started)})`);
      },
    });
    const indexMs = performance.now() - started;
    if (engine === 'postgres') await sql`vacuum analyze`.execute(db);
    else await sql`analyze`.execute(db);
    console.log(`  bulk insert ${seconds(loadMs)}, indexing for search and related ${seconds(indexMs)}`);

    const search = await SearchService.create(db);
    const edition = { code: 'en', language: 'en', timeZone: 'UTC' };
    const figures: Record<string, string> = {};
    for (const [kind, queries] of Object.entries(queriesFrom(articles))) {
      for (const q of queries.slice(0, 10)) await search.search(edition, { q, sort: 'relevance', page: 1 }); // warm-up
      const times: number[] = [];
      const slowest: Array<[number, string]> = [];
      let hits = 0;
      for (const q of queries) {
        const t = performance.now();
        const outcome = await search.search(edition, { q, sort: 'relevance', page: 1 });
        times.push(performance.now() - t);
        slowest.push([performance.now() - t, q]);
        if (outcome.kind === 'results') hits += outcome.total;
      }
      slowest.sort((a, b) => b[0] - a[0]);
      figures[`search ${kind} p50`] = ms(percentile(times, 50));
      figures[`search ${kind} p95`] = ms(percentile(times, 95));
      console.log(`  search, ${kind}: p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, max ${ms(Math.max(...times))} (${queries.length} queries, mean ${Math.round(hits / queries.length)} matches)`);
      console.log(`    slowest: ${slowest.slice(0, 3).map(([t, q]) => `${q} (${ms(t)})`).join(', ')}`);
    }

    // Related stories for a newly published story: the story is saved as a draft (not indexed), then its
    // related computation runs in a transaction that is rolled back, so each run sees the same database.
    const relatedTimes: number[] = [];
    const rankingTimes: number[] = [];
    const fresh = generator([...articles].reverse());
    // The first runs warm the caches, as the search warm-up does, and are not counted: a newsroom's server
    // publishes into tables it has been reading and writing all day. The first one is printed as the cold case.
    let coldMs = 0;
    for (let i = -RELATED_WARMUP; i < NEW_STORIES; i++) {
      const story = fresh((i + RELATED_WARMUP) * 7);
      const saved = await services.stories.save({ editionCode: 'en', headline: `${story.headline} [new ${i}]`, body: story.paragraphs.map(paragraph), status: 'draft', tags: story.tags.map((name) => ({ name })) });
      const row = await db.selectFrom('stories').select(['id', 'headline', 'teaser', 'body']).where('id', '=', saved.id).executeTakeFirstOrThrow();
      const t = { ms: 0 };
      await db
        .transaction()
        .execute(async (trx) => {
          await trx.updateTable('stories').set({ status: 'published', published_at: new Date().toISOString() }).where('id', '=', row.id).execute();
          const begin = performance.now();
          await updateRelatedStories(trx, { storyId: row.id, code: saved.code, editionCode: 'en', isPublished: true, headline: row.headline, teaser: row.teaser, bodyText: story.paragraphs.join('\n') });
          t.ms = performance.now() - begin;
          // The story's own list alone. The bulk-built database has no lists yet, so the whole update above
          // also computes again the lists of the (up to three) best candidates, as in a young edition.
          const rankingBegin = performance.now();
          await rankCandidates(trx, row.id);
          if (i >= 0) rankingTimes.push(performance.now() - rankingBegin);
          throw new RollBack();
        })
        .catch((error: unknown) => {
          if (!(error instanceof RollBack)) throw error;
        });
      if (i >= 0) relatedTimes.push(t.ms);
      if (i === -RELATED_WARMUP) coldMs = t.ms;
    }
    figures['related p50'] = ms(percentile(relatedTimes, 50));
    figures['related p95'] = ms(percentile(relatedTimes, 95));
    figures['own list p50'] = ms(percentile(rankingTimes, 50));
    figures['own list p95'] = ms(percentile(rankingTimes, 95));
    figures['related, first after start'] = ms(coldMs);
    console.log(`  related stories for one newly published story: p50 ${ms(percentile(relatedTimes, 50))}, p95 ${ms(percentile(relatedTimes, 95))} (${NEW_STORIES} stories after ${RELATED_WARMUP} not counted; the very first took ${ms(coldMs)})`);
    console.log(`    of which ranking its own list: p50 ${ms(percentile(rankingTimes, 50))}, p95 ${ms(percentile(rankingTimes, 95))}`);

    const publishTimes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const story = fresh(i * 13 + 5);
      const t = performance.now();
      await services.stories.save({ editionCode: 'en', headline: `${story.headline} [published ${i}]`, body: story.paragraphs.map(paragraph), status: 'published', publishedAt: new Date().toISOString(), tags: story.tags.map((name) => ({ name })) });
      publishTimes.push(performance.now() - t);
    }
    figures['publish p50'] = ms(percentile(publishTimes, 50));
    console.log(`  whole publish through StoryStore.save (story, search index, related): p50 ${ms(percentile(publishTimes, 50))}, max ${ms(Math.max(...publishTimes))}`);

    const index = await searchIndexFor(db);
    const searchBytes = await index.sizeOnDisk(db);
    const relatedBytes = await relatedTablesSize(db, engine);
    figures['search index size'] = mb(searchBytes);
    figures['related tables size'] = mb(relatedBytes);
    console.log(`  on disk: search index ${mb(searchBytes)}, related-stories tables ${mb(relatedBytes)}`);
    return figures;
  } finally {
    await handle?.close();
    await cluster?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

class RollBack extends Error {}

async function relatedTablesSize(db: Kysely<Database>, engine: 'sqlite' | 'postgres'): Promise<number> {
  const tables = ['term_statistics', 'story_term_vectors', 'related_terms', 'automatic_related'];
  if (engine === 'sqlite') {
    // dbstat names pages by table or index; sqlite_schema says which table an index belongs to.
    const row = await sql<{ bytes: number }>`select sum(pgsize) as bytes from dbstat
      where name in (select name from sqlite_schema where tbl_name in (${sql.join(tables)}))`.execute(db);
    return Number(row.rows[0]?.bytes ?? 0);
  }
  let total = 0;
  for (const table of tables) {
    const row = await sql<{ bytes: string }>`select pg_total_relation_size(${table}::regclass) as bytes`.execute(db);
    total += Number(row.rows[0]?.bytes ?? 0);
  }
  return total;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
const ms = (value: number) => `${value.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;

/** The English corpus articles the stories are made from. */
export function benchArticles(): CorpusArticle[] {
  return corpusArticles().filter((a) => a.lang === 'en' && a.paragraphs.length > 0);
}

// Runs when started as a script (npm run bench:search), not when another script borrows its generator.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const articles = benchArticles();
  const all: Record<string, Record<string, string>> = {};
  for (const engine of ENGINES) all[engine] = await benchEngine(engine, articles);
  console.log('\nsummary');
  console.table(all);
}
