/**
 * `npm run eval:related`: measures the automatic related stories on the real articles of corpus/.
 *
 * The corpus is loaded into a temporary SQLite database through the real write path (loadDemoContent →
 * StoryStore.save → search and related indexing), then each story's related list is read as the story page
 * reads it (StoryQueries.findPublished) and compared with gold labels. Definitions: docs/decisions/003-related-stories.md.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { headlineKey } from '../src/content/slug.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { corpusArticles, corpusFolder, type CorpusArticle } from '../src/modules/demo/corpus.ts';
import { loadDemoContent } from '../src/modules/demo/load-demo-content.ts';
import { DEFAULT_RELATED_SCORING, TEXT_ONLY_SCORING } from '../src/modules/related/related-scoring.ts';
import { rankCandidates } from '../src/modules/related/related-stories-index.ts';
import { RELATED_TOTAL } from '../src/modules/stories/story-queries.ts';
import { createServices } from '../src/services.ts';

interface Cluster {
  name: string;
  description: string;
  articles_all_languages: string[];
}

const K = RELATED_TOTAL;
/** Stories evaluated must have at least this many true relatives, so that precision@5 can reach 1. */
const MIN_RELATIVES = 5;

/** Wikinews' top-level categories: they become sections, too broad to make two stories related. */
const TOP_LEVEL = new Set([
  'Politics and conflicts', 'Science and technology', 'Crime and law', 'Culture and entertainment', 'Disasters and accidents',
  'Economy and business', 'Environment', 'Sports', 'Wackynews',
]);
/** Place categories: two stories in the same country are not for that reason related. */
const PLACES = new Set([
  'United States', 'North America', 'Asia', 'Europe', 'South America', 'Brazil', 'India', 'China', 'United Kingdom', 'Canada', 'Africa',
  'Middle East', 'Palestine', 'South Korea', 'Korean Peninsula', 'Brasília', 'Australia', 'New Zealand', 'Queensland', 'Brisbane', 'Russia',
  'Illinois', 'Japan', 'Indiana',
]);

const DEFINITION = [
  'A true relative of a story is another story of the same edition that',
  '  (a) is in the same gold cross-document event cluster of meantime_clusters.json (grade 2), or',
  '  (b) has the same MEANTIME topic (Airbus and Boeing; Apple Inc.; General Motors, Chrysler and Ford; Stock markets) (grade 1), or',
  '  (c) shares a Wikinews subject category — not a top-level one (they are sections) and not a place (grade 1).',
  'Uncategorized articles (2019–2020 Wikinews) have no relatives and count as wrong when suggested.',
  `Evaluated: stories with at least ${MIN_RELATIVES} true relatives. precision@${K} = relatives among the first ${K} shown / ${K};`,
  `nDCG@${K} with gains 2^grade − 1. Baseline: the ${K} most recent other stories of the same section.`,
];

async function main(): Promise<void> {
  const articles = corpusArticles();
  const clusters = (JSON.parse(await readFile(new URL('meantime_clusters.json', corpusFolder), 'utf8')) as { event_clusters: Cluster[] }).event_clusters;

  const dir = await mkdtemp(join(tmpdir(), 'dateline-eval-'));
  const handle = await openDatabase({ engine: 'sqlite', file: join(dir, 'eval.db') });
  try {
    const services = await createServices(handle);
    const started = performance.now();
    const loaded = await loadDemoContent(services);
    const loadSeconds = (performance.now() - started) / 1000;

    // Corpus article ↔ stored story, by edition and headline (titles are unique within a language but for a few).
    const stories = await handle.db.selectFrom('stories').select(['id', 'code', 'edition_code', 'headline_key', 'section_id', 'published_at']).where('status', '=', 'published').execute();
    const byKey = new Map<string, (typeof stories)[number][]>();
    for (const s of stories) byKey.set(`${s.edition_code}|${s.headline_key}`, [...(byKey.get(`${s.edition_code}|${s.headline_key}`) ?? []), s]);
    const storyOf = new Map<string, (typeof stories)[number]>();
    const articleOf = new Map<string, CorpusArticle>();
    let ambiguous = 0;
    for (const a of articles) {
      const found = byKey.get(`${a.lang}|${headlineKey(a.title)}`) ?? [];
      if (found.length !== 1) {
        ambiguous++;
        continue;
      }
      const story = found[0]!;
      storyOf.set(a.id, story);
      articleOf.set(`${story.edition_code}|${story.code}`, a);
    }

    const eventsOf = new Map<string, Set<string>>();
    for (const c of clusters) for (const id of c.articles_all_languages) eventsOf.set(id, new Set([...(eventsOf.get(id) ?? []), c.name + c.description]));
    const subjects = (a: CorpusArticle) => a.categories.filter((c) => !TOP_LEVEL.has(c) && !PLACES.has(c));
    const grade = (a: CorpusArticle, b: CorpusArticle): number => {
      if (a.id === b.id || a.lang !== b.lang) return 0;
      const ea = eventsOf.get(a.id);
      const eb = eventsOf.get(b.id);
      if (ea && eb && [...ea].some((e) => eb.has(e))) return 2;
      const sa = new Set(subjects(a));
      return subjects(b).some((c) => sa.has(c)) ? 1 : 0;
    };
    const relativesOf = (a: CorpusArticle) => articles.filter((b) => storyOf.has(b.id) && grade(a, b) > 0);

    const evaluated = articles.filter((a) => storyOf.has(a.id) && relativesOf(a).length >= MIN_RELATIVES);
    const systems: Record<string, (a: CorpusArticle) => Promise<CorpusArticle[]>> = {
      'automatic (as shown on the story page)': async (a) => {
        const story = storyOf.get(a.id)!;
        const detail = await services.storyQueries.findPublished(story.edition_code, Number(story.code));
        return (detail?.related ?? []).flatMap((r) => (r.story ? [articleOf.get(`${story.edition_code}|${r.story.code}`)] : [])).filter((x): x is CorpusArticle => !!x);
      },
      // Editions of up to 200 stories rank every story; this forces the inverted index that larger ones use.
      'automatic, candidates from the index only': async (a) => {
        const story = storyOf.get(a.id)!;
        const ranked = await rankCandidates(handle.db, story.id, DEFAULT_RELATED_SCORING, 'index');
        return ranked.slice(0, K).flatMap((r) => {
          const found = articleOf.get(`${story.edition_code}|${r.code}`);
          return found ? [found] : [];
        });
      },
      'automatic, text only (no tags, no recency)': async (a) => {
        const story = storyOf.get(a.id)!;
        const ranked = await rankCandidates(handle.db, story.id, TEXT_ONLY_SCORING);
        return ranked.slice(0, K).flatMap((r) => {
          const found = articleOf.get(`${story.edition_code}|${r.code}`);
          return found ? [found] : [];
        });
      },
      'baseline: same section, most recent': async (a) => {
        const story = storyOf.get(a.id)!;
        const rows = await handle.db
          .selectFrom('stories')
          .select('code')
          .where('edition_code', '=', story.edition_code)
          .where('status', '=', 'published')
          .where('id', '<>', story.id)
          .where((eb) => (story.section_id === null ? eb('section_id', 'is', null) : eb('section_id', '=', story.section_id)))
          .orderBy('published_at', 'desc')
          .orderBy('code', 'desc')
          .limit(K)
          .execute();
        return rows.flatMap((r) => {
          const found = articleOf.get(`${story.edition_code}|${r.code}`);
          return found ? [found] : [];
        });
      },
    };

    console.log('Related stories evaluation over corpus/ (real articles, loaded through StoryStore.save)');
    console.log(`${loaded.stories} stories in ${loaded.editions.join(', ')} loaded in ${loadSeconds.toFixed(1)} s; ${ambiguous} corpus articles not matched to one story (skipped or duplicate titles).`);
    for (const line of DEFINITION) console.log(line);
    console.log('');

    const groups: Array<[string, (a: CorpusArticle) => boolean]> = [
      [`all evaluated stories`, () => true],
      ...['en', 'es', 'it', 'nl'].map((lang) => [`edition ${lang}`, (a: CorpusArticle) => a.lang === lang] as [string, (a: CorpusArticle) => boolean]),
      ['stories in a gold event cluster', (a) => eventsOf.has(a.id)],
    ];
    const results = new Map<string, Map<string, { precision: number; ndcg: number; eventRecall: number; eventStories: number }>>();
    for (const [system, run] of Object.entries(systems)) {
      const perStory = new Map<string, { precision: number; ndcg: number; eventRecall: number | null }>();
      for (const a of evaluated) {
        const shown = (await run(a)).slice(0, K);
        const gains = shown.map((b) => grade(a, b));
        const ideal = relativesOf(a).map((b) => grade(a, b)).sort((x, y) => y - x).slice(0, K);
        const dcg = (gs: number[]) => gs.reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
        const events = relativesOf(a).filter((b) => grade(a, b) === 2);
        perStory.set(a.id, {
          precision: gains.filter((g) => g > 0).length / K,
          ndcg: dcg(ideal) > 0 ? dcg(gains) / dcg(ideal) : 0,
          eventRecall: events.length > 0 ? shown.filter((b) => grade(a, b) === 2).length / Math.min(K, events.length) : null,
        });
      }
      const bySystem = new Map<string, { precision: number; ndcg: number; eventRecall: number; eventStories: number }>();
      for (const [group, include] of groups) {
        const scores = evaluated.filter(include).map((a) => perStory.get(a.id)!);
        const withEvents = scores.filter((s) => s.eventRecall !== null);
        bySystem.set(group, {
          precision: mean(scores.map((s) => s.precision)),
          ndcg: mean(scores.map((s) => s.ndcg)),
          eventRecall: mean(withEvents.map((s) => s.eventRecall ?? 0)),
          eventStories: withEvents.length,
        });
      }
      results.set(system, bySystem);
    }

    for (const [group, include] of groups) {
      const count = evaluated.filter(include).length;
      console.log(`${group} (${count} stories)`);
      for (const [system, bySystem] of results) {
        const r = bySystem.get(group)!;
        console.log(
          `  ${system.padEnd(44)} precision@${K} ${r.precision.toFixed(3)}   nDCG@${K} ${r.ndcg.toFixed(3)}` +
            (r.eventStories > 0 ? `   same-event recall@${K} ${r.eventRecall.toFixed(3)} (${r.eventStories} stories)` : ''),
        );
      }
      console.log('');
    }
  } finally {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

await main();
