import { headlineFrom as demoHeadlineFrom } from '../../src/modules/demo/right-to-left-demo.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { paragraph, teaserFrom } from '../../src/content/blocks.ts';
import { slugify } from '../../src/content/slug.ts';
import { wallClockToInstant } from '../../src/modules/editions/edition-time.ts';
import { importStoryFiles } from '../../src/modules/import/import-story-files.ts';
import { decodeStoryFile, parseStoryText } from '../../src/modules/import/parse-story-text.ts';
import type { Credit, StoryInput } from '../../src/modules/stories/story-types.ts';
import type { Services } from '../../src/services.ts';

/**
 * A reader-site fixture on a fresh database, built only from the repository's corpus (corpus/SOURCE.md):
 *
 * - `en`: the seed story 898945 (imported with its Related and Featured Stories), the story its
 *   Related link names, the seed rail's `Syria Condemns Pompeo's ‘Provocative’ Visit…` headline,
 *   a headline with `"double" quotes & <angle brackets>`, 8 translations and 14 more stories from the
 *   SIB-200 supplement's English sentences: 26 published, so the home page has a page 2.
 * - `fa` (RTL, Asia/Tehran): 25 stories from the supplement's Persian sentences, 8 of them under the
 *   code of their English original (translation pairs): page 2 exists too.
 * - a draft, which no reader page may ever show.
 *
 * Everything is deterministic: same codes, slugs and instants on every run, on both engines.
 */

export const FLORES_CREDIT: Credit = {
  text: 'FLORES-200 (NLLB Team, Meta AI) via SIB-200, CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)',
  url: 'https://github.com/dadelani/sib-200',
  licenseUrl: 'https://creativecommons.org/licenses/by-sa/4.0/',
};

export const SEED_FILE = fileURLToPath(new URL('../../corpus/seed-898945.txt', import.meta.url));
const SUPPLEMENT_FILE = fileURLToPath(new URL('../../corpus/supplement_sib200_en_ar_fa.jsonl', import.meta.url));

export const QUOTES_HEADLINE = 'Syria Condemns Pompeo\'s ‘Provocative’ Visit to Israeli-Occupied Golan Heights';
export const MARKUP_HEADLINE = 'Style Guide Asks How Headlines Show "double" quotes & <angle brackets> Safely';
export const RELATED_HEADLINE = 'Foreign-backed Militants in Idlib Violating Russia-Turkey Deal: Moscow';
export const DRAFT_HEADLINE = 'Embargoed Draft That No Reader May See Before Publication';

/** Section names for the SIB-200 topic labels; the label itself becomes a tag. */
const SECTION_NAMES: Record<string, { en: string; fa: string }> = {
  'science/technology': { en: 'Science and technology', fa: 'علم و فناوری' },
  travel: { en: 'Travel', fa: 'سفر' },
  politics: { en: 'Politics', fa: 'سیاست' },
  sports: { en: 'Sports', fa: 'ورزش' },
  health: { en: 'Health', fa: 'سلامت' },
  entertainment: { en: 'Entertainment', fa: 'سرگرمی' },
  geography: { en: 'Geography', fa: 'جغرافیا' },
};

const EN_AUTHORS = [['Leila Karimi'], ['Tom O’Brien', 'Sara Novak'], ['Sara Novak']];
const FA_AUTHORS = [['مریم احمدی'], ['علی رضایی']];

/** Body lengths cycle through 3, 4 and 5 sentences. */
const BODY_SIZES = [3, 4, 5, 4];
const PAIR_COUNT = 8;
const PERSIAN_COUNT = 25;
const ENGLISH_ONLY_COUNT = 14;

export interface FixtureTaxon {
  name: string;
  slug: string;
}

export interface FixtureStory {
  edition: 'en' | 'fa';
  code: number;
  slug: string;
  /** `/{edition}/news/{code}/{slug}`, slug percent-encoded as the site's links are. */
  path: string;
  headline: string;
  teaser: string;
  paragraphs: string[];
  /** UTC ISO instant. */
  publishedAt: string;
  /** `YYYY/MM/DD` of the edition's day of publication (the archive path's tail). */
  day: string;
  section: FixtureTaxon | null;
  tags: FixtureTaxon[];
  authors: string[];
}

export interface FixtureStories {
  /** The seed 898945 in `en`, imported from its text file. */
  seed: FixtureStory & { related: { headline: string; teaser: string }[]; featured: { headline: string; dated: string | null }[] };
  /** The `en` story the seed's Related Stories entry names, so that entry is a link. */
  relatedTarget: FixtureStory;
  /** `Syria Condemns Pompeo's ‘Provocative’ Visit…` (`en`): also on the seed's Featured rail. Newest `en` story, so it leads the home page. */
  quotes: FixtureStory;
  /** The headline with `"double" quotes & <angle brackets>` (`en`); its teaser has them too. */
  markup: FixtureStory;
  /** Every published `en` story, newest first (the home page's order). */
  english: FixtureStory[];
  /** Every published `fa` story, newest first. */
  persian: FixtureStory[];
  /** Stories published under one code in both editions. */
  pairs: Array<{ code: number; en: FixtureStory; fa: FixtureStory }>;
  /**
   * A draft in `en` (with a publication date on 2020-11-20, section and tag like published stories).
   * Its code is shared with `draft.publishedIn`, a published `fa`-only story: the `fa` page must not link to it.
   */
  draft: { code: number; headline: string; edition: 'en'; publishedIn: FixtureStory };
  /** A day on which neither edition published anything, as `YYYY/MM/DD`. */
  emptyDay: string;
}

interface SupplementRow {
  id: string;
  lang: string;
  title: string;
  categories: string[];
  paragraphs: string[];
  translation_of: string | null;
}

interface Sentence {
  en: string;
  fa: string;
  topic: string;
}

export async function loadFixtureStories(services: Services): Promise<FixtureStories> {
  const { editions, stories, storyWorkflow } = services;

  // (a) the seed, as the importer stores it
  const seedParsed = parseStoryText(decodeStoryFile(readFileSync(SEED_FILE)));
  const [outcome] = await importStoryFiles([SEED_FILE], { editions, storyWorkflow }, { editionCode: 'en', withFeatured: true });
  if (!outcome?.ok) throw new Error(`fixture: the seed did not import: ${outcome && !outcome.ok ? outcome.error : 'no outcome'}`);
  const en = editions.get('en');
  const seedPublishedAt = wallClockToInstant(seedParsed.datelineLocal.date, seedParsed.datelineLocal.time, en.timeZone);
  const seed: FixtureStories['seed'] = {
    edition: 'en',
    code: outcome.code,
    slug: slugify(seedParsed.headline),
    path: outcome.url,
    headline: seedParsed.headline,
    teaser: '',
    paragraphs: seedParsed.paragraphs,
    publishedAt: seedPublishedAt,
    day: seedParsed.datelineLocal.date.replaceAll('-', '/'),
    section: null,
    tags: [],
    authors: [],
    related: seedParsed.related,
    featured: seedParsed.featured,
  };

  const fa = await editions.ensure('fa');
  const sentences = readSupplement();
  let next = 0;
  const take = (count: number): Sentence[] => {
    const taken = sentences.slice(next, next + count);
    if (taken.length < count) throw new Error('fixture: the supplement ran out of sentences');
    next += count;
    return taken;
  };

  const save = async (
    edition: 'en' | 'fa',
    options: {
      code?: number;
      headline: string;
      teaser?: string;
      paragraphs: string[];
      topic: string;
      index: number;
      /** Edition wall clock, instead of the index's slot. */
      at?: { date: string; time: string };
      section?: FixtureTaxon | null;
      tags?: string[];
    },
  ): Promise<FixtureStory> => {
    const zone = edition === 'en' ? en.timeZone : fa.timeZone;
    // Spread over 14–20 November 2020 (edition wall clock), 08:00–16:59, by index.
    const date = options.at?.date ?? `2020-11-${String(20 - (options.index % 7)).padStart(2, '0')}`;
    const time = options.at?.time ?? `${String(8 + (options.index % 9)).padStart(2, '0')}:${String((options.index * 7) % 60).padStart(2, '0')}`;
    const publishedAt = wallClockToInstant(date, time, zone);
    const names = SECTION_NAMES[options.topic] ?? { en: options.topic, fa: options.topic };
    const section = options.section === undefined ? { name: names[edition], slug: slugify(names[edition]) } : options.section;
    const tagNames = options.tags ?? [options.topic];
    const authors = (edition === 'en' ? EN_AUTHORS : FA_AUTHORS)[options.index % (edition === 'en' ? EN_AUTHORS.length : FA_AUTHORS.length)] ?? [];
    const input: StoryInput = {
      editionCode: edition,
      code: options.code,
      headline: options.headline,
      teaser: options.teaser,
      body: options.paragraphs.map(paragraph),
      status: 'published',
      publishedAt,
      section,
      tags: tagNames.map((name) => ({ name })),
      authors,
      credit: FLORES_CREDIT,
    };
    const saved = await stories.save(input);
    const teaser = options.teaser ?? teaserFrom(input.body);
    return {
      edition,
      code: saved.code,
      slug: saved.slug,
      path: `/${edition}/news/${saved.code}/${encodeURIComponent(saved.slug)}`,
      headline: options.headline,
      teaser,
      paragraphs: options.paragraphs,
      publishedAt,
      day: date.replaceAll('-', '/'),
      section,
      tags: tagNames.map((name) => ({ name, slug: slugify(name) })),
      authors,
    };
  };

  const english: FixtureStory[] = [seed];
  const persian: FixtureStory[] = [];
  const pairs: FixtureStories['pairs'] = [];

  // (b) Persian stories; the first PAIR_COUNT under the code of an English story from the same sentences
  for (let i = 0; i < PERSIAN_COUNT; i++) {
    const group = take(BODY_SIZES[i % BODY_SIZES.length] ?? 4);
    const topic = group[0]?.topic ?? 'politics';
    const original =
      i < PAIR_COUNT ? await save('en', { headline: headlineFrom(group[0]?.en ?? ''), paragraphs: group.map((s) => s.en), topic, index: i }) : undefined;
    const story = await save('fa', { code: original?.code, headline: headlineFrom(group[0]?.fa ?? ''), paragraphs: group.map((s) => s.fa), topic, index: i });
    persian.push(story);
    if (original) {
      english.push(original);
      pairs.push({ code: original.code, en: original, fa: story });
    }
  }

  // (c) English-only stories, then the three with headlines of their own
  for (let i = 0; i < ENGLISH_ONLY_COUNT; i++) {
    const group = take(BODY_SIZES[i % BODY_SIZES.length] ?? 4);
    const topic = group[0]?.topic ?? 'politics';
    english.push(await save('en', { headline: headlineFrom(group[0]?.en ?? ''), paragraphs: group.map((s) => s.en), topic, index: PAIR_COUNT + i }));
  }
  const politics = { name: 'Politics', slug: 'politics' };
  const relatedTarget = await save('en', {
    headline: RELATED_HEADLINE,
    paragraphs: take(3).map((s) => s.en),
    topic: 'politics',
    index: PAIR_COUNT + ENGLISH_ONLY_COUNT, // 19 November
    section: politics,
    tags: ['politics', 'Syria'],
  });
  const markup = await save('en', {
    headline: MARKUP_HEADLINE,
    teaser: 'Editors asked whether "double" quotes & <angle brackets> survive every page intact.',
    paragraphs: take(3).map((s) => s.en),
    topic: 'entertainment',
    index: PAIR_COUNT + ENGLISH_ONLY_COUNT + 1, // 18 November
  });
  const quotes = await save('en', {
    headline: QUOTES_HEADLINE,
    teaser: QUOTES_HEADLINE,
    paragraphs: take(4).map((s) => s.en),
    topic: 'politics',
    index: 0,
    at: { date: '2020-11-20', time: '18:30' }, // the newest story: it leads the home page
    section: politics,
    tags: ['politics', 'Syria'],
  });
  english.push(relatedTarget, markup, quotes);

  // (d) a draft: the English version of a published Persian-only story
  const publishedIn = persian[PAIR_COUNT];
  if (!publishedIn) throw new Error('fixture: no Persian-only story for the draft');
  await stories.save({
    editionCode: 'en',
    code: publishedIn.code,
    headline: DRAFT_HEADLINE,
    body: take(3).map((s) => paragraph(s.en)),
    status: 'draft',
    publishedAt: wallClockToInstant('2020-11-20', '12:00', en.timeZone),
    section: politics,
    tags: [{ name: 'politics' }, { name: 'Syria' }],
    authors: ['Leila Karimi'],
    credit: FLORES_CREDIT,
  });

  return {
    seed,
    relatedTarget,
    quotes,
    markup,
    english: newestFirst(english),
    persian: newestFirst(persian),
    pairs,
    draft: { code: publishedIn.code, headline: DRAFT_HEADLINE, edition: 'en', publishedIn },
    emptyDay: '2020/11/01',
  };
}

function newestFirst(list: FixtureStory[]): FixtureStory[] {
  return [...list].sort((a, b) => (a.publishedAt === b.publishedAt ? b.code - a.code : a.publishedAt < b.publishedAt ? 1 : -1));
}

/** A sentence as a headline: whole when short, else cut at the last word boundary before ~80 characters. */
/** Fixture headlines are cut at 80 characters; the demo's helper does the cutting. */
export function headlineFrom(sentence: string, maxLength = 80): string {
  return demoHeadlineFrom(sentence, maxLength);
}

let supplementCache: Sentence[] | undefined;

/** The supplement's English–Persian sentence pairs, in file order. */
function readSupplement(): Sentence[] {
  if (supplementCache) return supplementCache;
  const rows = readFileSync(SUPPLEMENT_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SupplementRow);
  const englishById = new Map(rows.filter((r) => r.lang === 'en').map((r) => [r.id, r]));
  supplementCache = rows.flatMap((row) => {
    if (row.lang !== 'fa' || !row.translation_of) return [];
    const original = englishById.get(row.translation_of);
    const topic = row.categories[0];
    if (!original || !topic) return [];
    return [{ en: original.paragraphs.join(' '), fa: row.paragraphs.join(' '), topic }];
  });
  return supplementCache;
}
