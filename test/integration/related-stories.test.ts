import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { DEFAULT_RELATED_SCORING } from '../../src/modules/related/related-scoring.ts';
import { rankCandidates } from '../../src/modules/related/related-stories-index.ts';
import { RELATED_TOTAL } from '../../src/modules/stories/story-queries.ts';
import { corpusArticle, openDiscoveryDatabase, storyFromCorpus, type DiscoveryDatabase } from '../support/discovery-fixtures.ts';
import { testEngines } from '../support/engines.ts';

/** Four real stories on each of three subjects (MEANTIME topics), English and one Spanish translation. */
const TOPICS = {
  tankers: ['meantime-en-100911', 'meantime-en-102977', 'meantime-en-108294', 'meantime-en-106653'],
  apple: ['meantime-en-101354', 'meantime-en-103623', 'meantime-en-10450', 'meantime-en-107785'],
  markets: ['meantime-en-112579', 'meantime-en-113219', 'meantime-en-113227', 'meantime-en-113267'],
} as const;
const ALL = Object.values(TOPICS).flat();

describe.each(testEngines())('related stories on %s', (engine) => {
  let db: DiscoveryDatabase;
  const codeOf = new Map<string, number>();

  const relatedCodes = async (code: number, edition = 'en') => {
    const story = await db.services.storyQueries.findPublished(edition, code);
    if (!story) throw new Error(`story ${code} is not published`);
    return story.related.map((r) => r.story?.code ?? null);
  };
  const topicOf = (code: number) => Object.entries(TOPICS).find(([, ids]) => ids.some((id) => codeOf.get(id) === code))?.[0];

  beforeAll(async () => {
    db = await openDiscoveryDatabase(engine, ['en', 'es']);
    // Tags are left out, so only the text can relate stories here.
    for (const id of ALL) codeOf.set(id, (await db.services.stories.save(storyFromCorpus(id, { tags: [] }))).code);
    // The Spanish translation of a tanker story, under its original's code, in its own edition.
    await db.services.stories.save({ ...storyFromCorpus('meantime-es-100911', { tags: [] }), code: codeOf.get('meantime-en-100911') });
  });

  afterAll(async () => {
    await db?.close();
  });

  it('shows related stories on the same subject, computed from the text alone', async () => {
    let sameSubject = 0;
    let bestOnSubject = 0;
    for (const [topic, ids] of Object.entries(TOPICS)) {
      for (const id of ids) {
        const related = await relatedCodes(codeOf.get(id)!);
        expect(related.length).toBeGreaterThanOrEqual(3);
        if (topicOf(related[0]!) === topic) bestOnSubject++;
        sameSubject += related.slice(0, 3).filter((c) => topicOf(c!) === topic).length;
      }
    }
    // The best match is on the same subject for nearly every story, and so are most of the first three
    // (each story has exactly three others on its subject, and eight on other subjects).
    expect(bestOnSubject).toBeGreaterThanOrEqual(ALL.length - 1);
    expect(sameSubject / (ALL.length * 3)).toBeGreaterThanOrEqual(0.75);
  });

  it('finds the same best candidates through the inverted index as by ranking every story', async () => {
    let same = 0;
    for (const id of ALL) {
      const storyId = (await db.handle.db.selectFrom('stories').select('id').where('edition_code', '=', 'en').where('code', '=', codeOf.get(id)!).executeTakeFirstOrThrow()).id;
      const viaIndex = await rankCandidates(db.handle.db, storyId, DEFAULT_RELATED_SCORING, 'index');
      const exhaustive = await rankCandidates(db.handle.db, storyId, DEFAULT_RELATED_SCORING, 'every-story');
      expect(viaIndex.map((c) => c.storyId)).not.toContain(storyId);
      expect(viaIndex.length).toBeGreaterThan(0);
      if (viaIndex[0]?.storyId === exhaustive[0]?.storyId) same++;
    }
    expect(same).toBeGreaterThanOrEqual(ALL.length - 1);
  });

  it('never relates a story to itself', async () => {
    for (const id of ALL) expect(await relatedCodes(codeOf.get(id)!)).not.toContain(codeOf.get(id));
  });

  it('keeps related stories within the edition', async () => {
    const rows = await db.handle.db
      .selectFrom('automatic_related as ar')
      .innerJoin('stories as owner', 'owner.id', 'ar.story_id')
      .innerJoin('stories as target', 'target.id', 'ar.target_story_id')
      .select(['owner.edition_code as owner_edition', 'target.edition_code as target_edition'])
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.owner_edition !== r.target_edition)).toEqual([]);
    // The only Spanish story has nothing to relate to in its edition.
    expect(await relatedCodes(codeOf.get('meantime-en-100911')!, 'es')).toEqual([]);
  });

  it('drops an unpublished story from every list at once, and fills the lists again', async () => {
    const gone = codeOf.get('meantime-en-102977')!;
    const others = TOPICS.tankers.filter((id) => id !== 'meantime-en-102977').map((id) => codeOf.get(id)!);
    for (const code of others) expect(await relatedCodes(code)).toContain(gone);
    await db.services.stories.save({ ...storyFromCorpus('meantime-en-102977', { tags: [] }), code: gone, status: 'unpublished' });
    for (const code of others) {
      const related = await relatedCodes(code);
      expect(related).not.toContain(gone);
      expect(related.length).toBe(RELATED_TOTAL);
    }
    await db.services.stories.save({ ...storyFromCorpus('meantime-en-102977', { tags: [] }), code: gone });
    for (const code of others) expect(await relatedCodes(code)).toContain(gone);
  });

  it('never shows a draft', async () => {
    const draft = await db.services.stories.save({ ...storyFromCorpus('meantime-en-113278', { tags: [] }), status: 'draft', publishedAt: null });
    for (const code of TOPICS.markets.map((id) => codeOf.get(id)!)) expect(await relatedCodes(code)).not.toContain(draft.code);
  });

  it('puts editors’ pinned stories first, then fills up with automatic ones, without duplicates', async () => {
    const owner = codeOf.get('meantime-en-107785')!; // Apple launches 3G iPhone
    const pinnedMarkets = codeOf.get('meantime-en-113219')!;
    const pinnedApple = codeOf.get('meantime-en-101354')!; // also an automatic choice
    const article = corpusArticle('meantime-en-107785');
    await db.services.stories.save({
      ...storyFromCorpus('meantime-en-107785', { tags: [] }),
      code: owner,
      related: [
        { code: pinnedMarkets, headline: 'Stock markets worldwide fall dramatically', teaser: '' },
        { code: pinnedApple, headline: 'Apple releases iPhone SDK, announces upcoming update', teaser: '' },
      ],
    });
    const related = await relatedCodes(owner);
    expect(related.slice(0, 2)).toEqual([pinnedMarkets, pinnedApple]);
    expect(related).toHaveLength(RELATED_TOTAL);
    expect(new Set(related).size).toBe(related.length);
    expect(related).not.toContain(owner);
    expect(related.slice(2).map((c) => topicOf(c!))).toContain('apple');
    expect(article.title).toContain('iPhone');
  });

  it('brings a newly published story into the lists of the stories it relates to', async () => {
    const before = await relatedCodes(codeOf.get('meantime-en-108294')!);
    const fresh = await db.services.stories.save({
      editionCode: 'en',
      headline: 'Air Force reopens the tanker contract: Boeing and Northrop Grumman EADS bid again for the KC-45 airtanker',
      body: [
        paragraph(
          'The United States Air Force reopened the contest for its aerial refueling tanker after the Government Accountability Office upheld Boeing’s protest against the Northrop Grumman and EADS KC-45 airtanker award.',
        ),
        paragraph('Boeing and Northrop Grumman will submit new bids for the tanker contract, worth US$40 billion, the Pentagon said.'),
      ],
      status: 'published',
      publishedAt: '2008-07-10T12:00:00.000Z',
    });
    expect(before).not.toContain(fresh.code);
    const after = await relatedCodes(codeOf.get('meantime-en-108294')!);
    expect(after[0]).toBe(fresh.code);
    expect((await relatedCodes(fresh.code)).slice(0, 3).map((c) => topicOf(c!))).toEqual(['tankers', 'tankers', 'tankers']);
  });
});
