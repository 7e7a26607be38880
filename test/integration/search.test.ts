import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { MATCH_COUNT_LIMIT } from '../../src/db/search/match-count.ts';
import { MAX_SEARCH_PAGE } from '../../src/modules/search/read-search-params.ts';
import { indexStoryChange } from '../../src/modules/search/index-story-change.ts';
import { rebuildDiscoveryIndexes } from '../../src/modules/search/rebuild-discovery-indexes.ts';
import { SearchService } from '../../src/modules/search/search-service.ts';
import type { SearchOutcome, SearchParams } from '../../src/modules/search/search-types.ts';
import { openDiscoveryDatabase, storyFromCorpus, type DiscoveryDatabase } from '../support/discovery-fixtures.ts';
import { testEngines } from '../support/engines.ts';

const EN = { code: 'en', language: 'en', timeZone: 'UTC' };
const FA = { code: 'fa', language: 'fa', timeZone: 'Asia/Tehran' };
const AR = { code: 'ar', language: 'ar', timeZone: 'Asia/Beirut' };

const TANKER = 'meantime-en-100911'; // Northrop Grumman and Airbus parent EADS defeat Boeing … airtanker contract (2008-03-01)
const RAF_TANKER = 'meantime-en-102977'; // Airbus parent EADS wins £13 billion UK RAF airtanker contract (2008-03-27)
const GAO = 'meantime-en-108294'; // Government Accountability Office requests rerun of US Air Force tanker bid (2008-07-02)
const IPHONE = 'meantime-en-107785'; // Apple launches 3G iPhone (2008-06-09)
const DOW = 'meantime-en-112579'; // Dow falls 340 points … (2008-09-04)

/** Persian: Persian yeh and keheh, a ZWNJ in «کتاب‌های» and «می‌شود», and an alef with madda. */
const FA_HEADLINE = 'نمایشگاه کتاب تهران با حضور ناشران ایرانی آغاز شد';
const FA_BODY = 'در این نمایشگاه کتاب‌های تازه‌ای از یک هزار ناشر کشور عرضه می‌شود. آموزش و پژوهش محور اصلی برنامه‌ها است.';
/** Arabic: teh marbuta, hamza on alef, Arabic yeh and kaf, with harakat in the headline. */
const AR_HEADLINE = 'افتتاح المَدْرَسَة الجديدة في مدينة أربيل';
const AR_BODY = 'قال مدير المدرسة إن الإسلام والعلوم يدرسان في كل صف، وإن الطلاب سيبدؤون الدراسة يوم الأحد.';

/** Queries nobody should be able to break search with. */
const JUNK_QUERIES = [
  '"',
  '""',
  '(',
  ')',
  '*',
  '-',
  'AND OR NOT',
  'NEAR(',
  'NEAR(boeing airbus, 2)',
  'boeing AND',
  '^boeing',
  'headline:boeing',
  '{headline body}: boeing',
  "'; drop table stories; --",
  "boeing' or '1'='1",
  '\\',
  'a:* & !b | (c <-> d)',
  '\u0000',
  'boeing\u0000airbus',
  '\ud800',
  'x'.repeat(5000),
  'boeing '.repeat(1000),
  '"unterminated phrase',
  '🚀🔥 boeing 👍',
  '👍',
  '%',
  '_',
  '...',
  '   ',
];

describe.each(testEngines())('search on %s', (engine) => {
  let db: DiscoveryDatabase;
  let search: SearchService;

  const run = (edition: typeof EN, params: Partial<SearchParams>): Promise<SearchOutcome> =>
    search.search(edition, { q: '', sort: 'relevance', page: 1, ...params });
  const headlines = async (edition: typeof EN, params: Partial<SearchParams>): Promise<string[]> => {
    const outcome = await run(edition, params);
    if (outcome.kind !== 'results') throw new Error(`expected results, got ${outcome.kind}`);
    return outcome.hits.map((h) => h.headline);
  };
  const titleOf = (id: string) => storyFromCorpus(id).headline;

  beforeAll(async () => {
    db = await openDiscoveryDatabase(engine, ['en', 'fa', 'ar']);
    const { stories } = db.services;
    await stories.save(storyFromCorpus(TANKER, { authors: ['Ruth Bader'] }));
    await stories.save(storyFromCorpus(RAF_TANKER));
    await stories.save(storyFromCorpus(GAO, { authors: ['Ruth Bader'] }));
    await stories.save(storyFromCorpus(IPHONE, { section: { name: 'Technology' } }));
    await stories.save(storyFromCorpus(DOW, { section: { name: 'Markets' } }));
    await stories.save({ editionCode: 'fa', headline: FA_HEADLINE, body: [paragraph(FA_BODY)], status: 'published', publishedAt: '2020-05-01T08:00:00.000Z' });
    await stories.save({ editionCode: 'ar', headline: AR_HEADLINE, body: [paragraph(AR_BODY)], status: 'published', publishedAt: '2020-05-02T08:00:00.000Z' });
    await stories.save({
      editionCode: 'en',
      headline: 'Embargoed quarterly results of Zanzibarian shipping',
      body: [paragraph('The zanzibarian shipping line reports its results next week.')],
      status: 'draft',
    });
    search = await SearchService.create(db.handle.db);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('finds stories by a word of their headline, teaser or body', async () => {
    expect(await headlines(EN, { q: 'Sikorsky' })).toEqual([titleOf(TANKER)]);
    expect(await headlines(EN, { q: 'iphone' })).toEqual([titleOf(IPHONE)]);
    expect(await headlines(EN, { q: 'RAF' })).toEqual([titleOf(RAF_TANKER)]);
  });

  it('stems English words: a plural finds the singular and the reverse', async () => {
    // The headline says "launches"; "launched" has the same stem.
    expect(await headlines(EN, { q: 'launched ' })).toContain(titleOf(IPHONE));
    expect(await headlines(EN, { q: 'contracts ' })).toEqual(expect.arrayContaining([titleOf(TANKER), titleOf(RAF_TANKER)]));
  });

  it('ranks a headline match above a body-only match', async () => {
    // "tanker" is in this headline; the other two stories have it (or "tankers") in their bodies only.
    const found = await headlines(EN, { q: 'tanker ' });
    expect(found).toHaveLength(3);
    expect(found[0]).toBe(titleOf(GAO));
  });

  it('finds a Persian story whatever the reader’s yeh, kaf and zero-width non-joiner', async () => {
    expect(await headlines(FA, { q: 'ايراني ' })).toEqual([FA_HEADLINE]); // Arabic yeh
    expect(await headlines(FA, { q: 'كتاب ' })).toEqual([FA_HEADLINE]); // Arabic kaf
    expect(await headlines(FA, { q: 'کتابهای ' })).toEqual([FA_HEADLINE]); // ZWNJ left out
    expect(await headlines(FA, { q: 'کتاب‌های ' })).toEqual([FA_HEADLINE]); // ZWNJ typed
    expect(await headlines(FA, { q: 'کتاب های ' })).toEqual([FA_HEADLINE]); // a space for the ZWNJ
    expect(await headlines(FA, { q: '"کتاب های"' })).toEqual([FA_HEADLINE]);
    expect(await headlines(FA, { q: 'اموزش ' })).toEqual([FA_HEADLINE]); // alef without madda
    expect(await headlines(FA, { q: 'ميشود ' })).toEqual([FA_HEADLINE]);
  });

  it('finds an Arabic story whatever the hamza, teh marbuta and harakat', async () => {
    expect(await headlines(AR, { q: 'المدرسه ' })).toEqual([AR_HEADLINE]); // heh for teh marbuta
    expect(await headlines(AR, { q: 'المدرسة ' })).toEqual([AR_HEADLINE]);
    expect(await headlines(AR, { q: 'اربيل ' })).toEqual([AR_HEADLINE]); // bare alef for أ
    expect(await headlines(AR, { q: 'الاسلام ' })).toEqual([AR_HEADLINE]); // bare alef for إ
    expect(await headlines(AR, { q: 'مَدِينَة ' })).toEqual([AR_HEADLINE]); // harakat typed
    expect(await headlines(AR, { q: 'افتتاحات ' })).toEqual([]);
  });

  it('keeps each edition’s stories to itself', async () => {
    expect(await headlines(FA, { q: 'boeing ' })).toEqual([]);
    expect(await headlines(EN, { q: 'کتاب ' })).toEqual([]);
  });

  it('matches quoted phrases only with their words together and in order', async () => {
    expect(await headlines(EN, { q: '"air force"' })).toEqual(expect.arrayContaining([titleOf(TANKER), titleOf(GAO)]));
    expect(await headlines(EN, { q: '"force air"' })).toEqual([]);
    expect(await headlines(EN, { q: '"Northrop Grumman"' })).toContain(titleOf(TANKER));
    expect(await headlines(EN, { q: '"Grumman Northrop"' })).toEqual([]);
    // Longer phrases, two at once, and stemmed forms: each word pair must be there, in order.
    expect(await headlines(EN, { q: '"United States Air Force"' })).toContain(titleOf(TANKER));
    expect(await headlines(EN, { q: '"States United Air Force"' })).toEqual([]);
    expect(await headlines(EN, { q: '"Northrop Grumman" "air force"' })).toContain(titleOf(TANKER));
    expect(await headlines(EN, { q: '"Northrop Grumman" "force air"' })).toEqual([]);
    expect(await headlines(EN, { q: '"requests reruns"' })).toEqual([titleOf(GAO)]);
  });

  it('matches the last word as a prefix while the reader is typing', async () => {
    expect(await headlines(EN, { q: 'Sikors' })).toEqual([titleOf(TANKER)]);
    expect(await headlines(EN, { q: 'Sikors ' })).toEqual([]);
    expect(await headlines(EN, { q: 'Apple iPh' })).toEqual([titleOf(IPHONE)]);
  });

  it('completes the word being typed from real words, not from its stem', async () => {
    // Both engines stem a prefix ("dies" → "di"); "disappointed" and "different" must not match "dies".
    expect(await headlines(EN, { q: 'dies' })).toEqual([]);
    expect(await headlines(EN, { q: 'disappoint' })).toEqual([titleOf(TANKER)]);
    // A finished word without a trailing space still finds its other forms through the engine's stemming.
    expect(await headlines(EN, { q: 'contracts' })).toEqual(expect.arrayContaining([titleOf(TANKER), titleOf(RAF_TANKER), titleOf(GAO)]));
  });

  it('requires every word', async () => {
    expect(await headlines(EN, { q: 'boeing iphone' })).toEqual([]);
    expect(await headlines(EN, { q: 'EADS RAF' })).toEqual([titleOf(RAF_TANKER)]);
  });

  it('filters by section, tag, author and date range', async () => {
    expect(await headlines(EN, { q: 'points', sectionSlug: 'markets' })).toEqual([titleOf(DOW)]);
    expect(await headlines(EN, { q: 'points', sectionSlug: 'business' })).not.toContain(titleOf(DOW));
    expect(await headlines(EN, { q: 'apple', tagSlug: 'apple-inc' })).toEqual([titleOf(IPHONE)]);
    expect((await headlines(EN, { q: 'tanker', authorSlug: 'ruth-bader' })).sort()).toEqual([titleOf(GAO), titleOf(TANKER)].sort());
    expect(await headlines(EN, { q: 'tanker', fromDay: '2008-03-02', toDay: '2008-06-30' })).toEqual([titleOf(RAF_TANKER)]);
    expect(await headlines(EN, { q: 'tanker', fromDay: '2008-07-02', toDay: '2008-07-02' })).toEqual([titleOf(GAO)]);
  });

  it('says which filter names nothing in the edition', async () => {
    const outcome = await run(EN, { q: 'boeing', sectionSlug: 'no-such-section', tagSlug: 'nothing' });
    expect(outcome.kind).toBe('invalid');
    if (outcome.kind === 'invalid') expect(outcome.problems.map((p) => p.parameter)).toEqual(['section', 'tag']);
  });

  it('sorts by date, newest first, when asked', async () => {
    expect(await headlines(EN, { q: 'tanker', sort: 'date' })).toEqual([titleOf(GAO), titleOf(RAF_TANKER), titleOf(TANKER)]);
  });

  it('pages through many results', async () => {
    for (let i = 1; i <= 12; i++) {
      await db.services.stories.save({
        editionCode: 'en',
        headline: `Quokka census report number ${i}`,
        body: [paragraph(`Rangers counted quokkas on Rottnest Island for the ${i}th time.`)],
        status: 'published',
        publishedAt: `2019-01-${String(i).padStart(2, '0')}T10:00:00.000Z`,
      });
    }
    const first = await run(EN, { q: 'quokka', sort: 'date' });
    const second = await run(EN, { q: 'quokka', sort: 'date', page: 2 });
    if (first.kind !== 'results' || second.kind !== 'results') throw new Error('expected results');
    expect([first.total, first.pageCount, first.hits.length, second.hits.length]).toEqual([12, 2, 10, 2]);
    expect(first.hits[0]?.headline).toBe('Quokka census report number 12');
    expect(second.hits.map((h) => h.headline)).toEqual(['Quokka census report number 2', 'Quokka census report number 1']);
  });

  it('highlights the matched words in the headline and in a snippet of the text', async () => {
    const outcome = await run(EN, { q: 'rerun tanker' });
    if (outcome.kind !== 'results') throw new Error('expected results');
    const hit = outcome.hits.find((h) => h.headline === titleOf(GAO));
    expect(hit?.headlineSegments.filter((s) => s.isMatch).map((s) => s.text)).toEqual(['rerun', 'tanker']);
    expect(hit?.headlineSegments.map((s) => s.text).join('')).toBe(titleOf(GAO));
    expect(hit?.snippet.some((s) => s.isMatch && /tanker/i.test(s.text))).toBe(true);
    expect(hit?.snippet.map((s) => s.text).join('').length).toBeLessThan(400);
  });

  it('never finds a draft', async () => {
    expect(await headlines(EN, { q: 'zanzibarian' })).toEqual([]);
  });

  it('never finds a deleted story, even one whose status still says published', async () => {
    const saved = await db.services.stories.save({
      editionCode: 'en',
      headline: 'Quagga sighting reported at the reserve',
      body: [paragraph('Wardens said the quagga was a painted zebra.')],
      status: 'published',
      publishedAt: '2019-03-01T10:00:00.000Z',
    });
    expect(await headlines(EN, { q: 'quagga' })).toEqual(['Quagga sighting reported at the reserve']);
    await db.handle.db.updateTable('stories').set({ deleted_at: '2019-03-02T10:00:00.000Z' }).where('id', '=', saved.id).execute();
    await indexStoryChange(db.handle.db, saved.id);
    expect(await headlines(EN, { q: 'quagga' })).toEqual([]);
  });

  it('finds a story the moment it is published, and loses it the moment it is unpublished', async () => {
    const input = {
      editionCode: 'en',
      headline: 'Platypus sighted in the Yarra river',
      body: [paragraph('A platypus was seen near Melbourne for the first time in decades.')],
      status: 'published' as const,
      publishedAt: '2020-02-02T02:00:00.000Z',
    };
    const saved = await db.services.stories.save(input);
    expect(await headlines(EN, { q: 'platypus' })).toEqual([input.headline]);
    await db.services.stories.save({ ...input, code: saved.code, status: 'unpublished' });
    expect(await headlines(EN, { q: 'platypus' })).toEqual([]);
    await db.services.stories.save({ ...input, code: saved.code, headline: 'Platypus family sighted in the Yarra river' });
    expect(await headlines(EN, { q: 'platypus family' })).toEqual(['Platypus family sighted in the Yarra river']);
  });

  it('reports an empty search, not an error, when the query has no words', async () => {
    for (const q of ['', '   ', '"" ()', '🚀']) expect((await run(EN, { q })).kind).toBe('empty');
  });

  it.each(JUNK_QUERIES.map((q) => [JSON.stringify(q).slice(0, 40), q]))('survives the query %s', async (_label, q) => {
    const outcome = await run(EN, { q });
    expect(['results', 'empty']).toContain(outcome.kind);
    const byDate = await run(EN, { q, sort: 'date', page: 2, sectionSlug: 'business' });
    expect(['results', 'empty']).toContain(byDate.kind);
  });

  it('still has its stories after every junk query', async () => {
    expect(await headlines(EN, { q: 'Sikorsky' })).toEqual([titleOf(TANKER)]);
  });
});

describe.each(testEngines())('search with more matches than are counted, on %s', (engine) => {
  let db: DiscoveryDatabase;
  let search: SearchService;
  const MANY = MATCH_COUNT_LIMIT + 20;
  const run = (params: Partial<SearchParams>) => search.search(EN, { q: '', sort: 'relevance', page: 1, ...params });

  beforeAll(async () => {
    db = await openDiscoveryDatabase(engine, ['en']);
    // Stored in bulk and indexed once: saving a thousand stories one by one would only slow the suite.
    const kysely = db.handle.db;
    const now = '2024-01-01T00:00:00.000Z';
    const rows = Array.from({ length: MANY }, (_, i) => {
      const n = i + 1;
      // Three stories name the wombat in their headline; the others only in their text, one day apart.
      const inHeadline = n === 100 || n === 200 || n === 300;
      return {
        code: 700_000 + n,
        edition_code: 'en',
        slug: `story-${n}`,
        headline: inHeadline ? `Wombat crossing number ${n}` : `Country road report number ${n}`,
        headline_key: `story ${n}`,
        teaser: 'A report from the countryside.',
        body: JSON.stringify([paragraph(`Rangers saw a wombat near the road, then ${n} kangaroos. ${inHeadline ? '' : 'A wombat again.'}`)]),
        status: 'published' as const,
        published_at: new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString(),
        updated_at: now,
        created_at: now,
      };
    });
    await kysely.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 200) {
        const batch = rows.slice(i, i + 200);
        await trx.insertInto('story_codes').values(batch.map((r) => ({ code: r.code, created_at: now }))).execute();
        await trx.insertInto('stories').values(batch).execute();
      }
    });
    await rebuildDiscoveryIndexes(kysely, { lists: false });
    search = db.services.search;
  });

  afterAll(async () => {
    await db?.close();
  });

  it('says there are more than it counted, and offers no page past the last one it can show', async () => {
    const outcome = await run({ q: 'wombat' });
    if (outcome.kind !== 'results') throw new Error('expected results');
    expect([outcome.total, outcome.isTotalExact, outcome.pageCount]).toEqual([MATCH_COUNT_LIMIT, false, MAX_SEARCH_PAGE]);
  });

  it('shows the headline matches first, then the other matches newest first, page after page', async () => {
    const first = await run({ q: 'wombat' });
    if (first.kind !== 'results') throw new Error('expected results');
    expect(first.hits.slice(0, 3).map((h) => h.headline).sort()).toEqual(['Wombat crossing number 100', 'Wombat crossing number 200', 'Wombat crossing number 300']);
    expect(first.hits.slice(3).map((h) => h.headline)).toEqual([MANY, MANY - 1, MANY - 2, MANY - 3, MANY - 4, MANY - 5, MANY - 6].map((n) => `Country road report number ${n}`));
    const second = await run({ q: 'wombat', page: 2 });
    if (second.kind !== 'results') throw new Error('expected results');
    expect(second.hits.map((h) => h.headline)).toEqual(Array.from({ length: 10 }, (_, i) => `Country road report number ${MANY - 7 - i}`));
  });

  it('counts exactly, and ranks every match, when a filter narrows the matches below the limit', async () => {
    const outcome = await run({ q: 'wombat', toDay: '2020-12-31' });
    if (outcome.kind !== 'results') throw new Error('expected results');
    expect(outcome.isTotalExact).toBe(true);
    expect(outcome.total).toBeLessThan(MATCH_COUNT_LIMIT);
    expect(outcome.hits[0]?.headline).toMatch(/^Wombat crossing number/);
  });

  it('sorts every match by date', async () => {
    const outcome = await run({ q: 'wombat', sort: 'date', page: 3 });
    if (outcome.kind !== 'results') throw new Error('expected results');
    expect(outcome.hits[0]?.headline).toBe(`Country road report number ${MANY - 20}`);
  });
});
