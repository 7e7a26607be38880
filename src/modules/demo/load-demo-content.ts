import { readFile } from 'node:fs/promises';
import { paragraph } from '../../content/blocks.ts';
import { commandLineActor } from '../accounts/account-types.ts';
import type { MediaService } from '../media/media-service.ts';
import type { StoryQueries } from '../stories/story-queries.ts';
import type { EditionService } from '../editions/edition-service.ts';
import type { SitePageService } from '../site-pages/index.ts';
import { loadSiteIdentityDemo } from './site-identity-demo.ts';
import { wallClockToInstant } from '../editions/edition-time.ts';
import { importStoryFiles } from '../import/import-story-files.ts';
import { corpusArticles, corpusFolder, type CorpusArticle } from './corpus.ts';
import { loadRightToLeftDemo } from './right-to-left-demo.ts';
import type { StoryWorkflow } from '../newsroom/index.ts';
import type { StoryStore } from '../stories/story-store.ts';
import type { Credit, FeaturedInput, NamedRef } from '../stories/story-types.ts';

const TOP_LEVEL_CATEGORIES = [
  'Politics and conflicts',
  'Science and technology',
  'Crime and law',
  'Culture and entertainment',
  'Disasters and accidents',
  'Economy and business',
  'Environment',
  'Sports',
  'Wackynews',
];

/** MEANTIME's four topics are all business news; each edition names the section in its language. */
const BUSINESS_SECTION: Record<string, NamedRef> = {
  en: { name: 'Business', slug: 'business' },
  es: { name: 'Economía', slug: 'economia' },
  it: { name: 'Economia', slug: 'economia' },
  nl: { name: 'Economie', slug: 'economie' },
};

export interface DemoSummary {
  stories: number;
  skipped: number;
  editions: string[];
}

/**
 * Loads the seed story and the Wikinews corpus: English articles, and the Spanish, Italian and Dutch
 * translations under their original's story code; then the Persian and Arabic editions
 * (`loadRightToLeftDemo`); and each edition's site name, tagline and About page (`loadSiteIdentityDemo`).
 * Loading twice updates, never duplicates.
 */
export async function loadDemoContent(deps: { editions: EditionService; stories: StoryStore; storyWorkflow: StoryWorkflow; media?: MediaService; storyQueries?: StoryQueries; sitePages?: SitePageService }): Promise<DemoSummary> {
  const seedOutcome = await importStoryFiles([new URL('seed-898945.txt', corpusFolder).pathname], deps, { editionCode: 'en' });
  const failed = seedOutcome.find((o) => !o.ok);
  if (failed && !failed.ok) throw new Error(`the demo seed story did not import: ${failed.error}`);

  const articles = corpusArticles();
  const codeOfOriginal = new Map<string, number>();
  let stories = 1;
  let skipped = 0;
  // Originals first, so translations can take their code.
  const ordered = [...articles.filter((a) => !a.translation_of), ...articles.filter((a) => a.translation_of)];
  for (const article of ordered) {
    if (!article.date || article.paragraphs.length === 0) {
      skipped++;
      continue;
    }
    const edition = await deps.editions.ensure(article.lang);
    // An original already loaded keeps its code, so that loading again updates instead of adding a copy.
    const code = article.translation_of
      ? codeOfOriginal.get(article.translation_of)
      : await deps.stories.findCodeByHeadline(edition.code, article.title);
    const isMeantime = article.id.startsWith('meantime-');
    const topLevel = article.categories.find((c) => TOP_LEVEL_CATEGORIES.includes(c));
    const section: NamedRef = isMeantime ? (BUSINESS_SECTION[article.lang] ?? { name: 'Business' }) : { name: topLevel ?? 'World', slug: topLevel ? undefined : 'world' };
    const saved = await deps.stories.save({
      editionCode: edition.code,
      code,
      headline: article.title,
      body: article.paragraphs.map(paragraph),
      status: 'published',
      publishedAt: wallClockToInstant(article.date, '12:00', edition.timeZone),
      slug: undefined,
      section,
      tags: article.categories.filter((c) => c !== topLevel).map((name) => ({ name })),
      credit: creditFor(article),
    });
    if (!article.translation_of) codeOfOriginal.set(article.id, saved.code);
    stories++;
  }
  stories += await loadRightToLeftDemo(deps);
  if (deps.media && deps.storyQueries) await attachDemoPictures(deps.media, deps.stories, deps.storyQueries);
  if (deps.sitePages) await loadSiteIdentityDemo(deps.editions, deps.sitePages);
  return { stories, skipped, editions: deps.editions.list().map((e) => e.code) };
}

/**
 * The demo's photographs (corpus/images/, credits in its SOURCE.md), each the lead picture of stories it
 * belongs to, captioned as the file photographs they are; those stories open the English Featured
 * Stories rail, so the home page shows picture cards.
 */
const DEMO_PICTURES = [
  {
    file: 'rocket.jpg',
    alt: 'A Falcon 9 rocket lifting off at night on a column of bright exhaust',
    caption: 'File photo: a SpaceX Falcon 9 launch carrying the DSCOVR satellite, February 2015.',
    credit: 'SpaceX',
    licence: 'Public domain',
    headlines: ['SpaceX successfully launches its first crewed spaceflight', 'SpaceX Crew Dragon capsule docks with International Space Station', 'Delta 4 Heavy rocket poised for maiden launch'],
  },
  {
    file: 'astronaut.png',
    alt: 'Astronaut Eileen Collins in an orange launch suit, smiling, holding her helmet, with a US flag behind her',
    caption: 'File photo: NASA astronaut Eileen Collins, who commanded the Space Shuttle’s return to flight in 2005.',
    credit: 'NASA',
    licence: 'Public domain',
    headlines: ['NASA: Hopes raised for shuttle flights to resume soon'],
  },
  {
    file: 'hubble_deep_field.jpg',
    alt: 'Thousands of distant galaxies, small specks and spirals of light scattered on black',
    caption: 'File photo: a detail of the Hubble eXtreme Deep Field.',
    credit: 'NASA',
    licence: 'Public domain',
    headlines: ['Boeing allowed to bid for U.S. space launch contracts again'],
  },
] as const;

async function attachDemoPictures(media: MediaService, stories: StoryStore, queries: StoryQueries): Promise<void> {
  const featured: FeaturedInput[] = [];
  for (const demo of DEMO_PICTURES) {
    const picture =
      (await media.findByFileName(demo.file)) ??
      (await media.add(commandLineActor, { bytes: await readFile(new URL(`images/${demo.file}`, corpusFolder)), fileName: demo.file }, { alt: demo.alt, caption: demo.caption, credit: demo.credit, licence: demo.licence }));
    for (const headline of demo.headlines) {
      const code = await stories.findCodeByHeadline('en', headline);
      if (code === undefined) continue;
      const story = await queries.findPublished('en', code);
      if (!story) continue;
      await stories.save({
        editionCode: 'en',
        code,
        headline: story.headline,
        teaser: story.teaser,
        body: story.body,
        status: 'published',
        publishedAt: story.publishedAt,
        slug: story.slug,
        section: story.section,
        tags: story.tags,
        authors: story.authors.map((a) => a.name),
        credit: story.credit,
        leadMediaId: picture.id,
      });
      featured.push({ code, headline: story.headline, dated: null });
    }
  }
  const rail = await queries.featuredRail('en');
  const kept = rail.filter((item) => !featured.some((f) => f.code === item.story?.code)).map((item) => ({ code: item.story?.code, headline: item.headline, dated: item.dated }));
  await stories.setFeatured('en', [...featured, ...kept]);
}

/** The attribution that corpus/SOURCE.md requires beside each text. */
export function creditFor(article: Pick<CorpusArticle, 'id' | 'title' | 'date' | 'source_url'>): Credit {
  const url = article.source_url ?? undefined;
  if (article.id.startsWith('meantime-')) {
    return {
      text: `From the NewsReader MEANTIME corpus © 2015 Fondazione Bruno Kessler, VU University Amsterdam, Universidad del País Vasco, CC BY 4.0; based on the English Wikinews article ${url ?? ''} (CC BY 2.5). Text detokenised and reformatted.`,
      url,
      licenseUrl: 'https://creativecommons.org/licenses/by/4.0/',
    };
  }
  if (article.date && article.date < '2005-09-25') {
    return {
      text: `Wikinews, “${article.title}”, ${url ?? ''}. Public domain (Wikinews articles before 25 September 2005); credited as a courtesy. Text extracted and reformatted.`,
      url,
      licenseUrl: null,
    };
  }
  return {
    text: `Wikinews, “${article.title}”, ${url ?? ''}. Licensed under CC BY 2.5. Text extracted and reformatted.`,
    url,
    licenseUrl: 'https://creativecommons.org/licenses/by/2.5/',
  };
}
