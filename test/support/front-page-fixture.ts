import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { paragraph } from '../../src/content/blocks.ts';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { wallClockToInstant } from '../../src/modules/editions/edition-time.ts';
import type { Services } from '../../src/services.ts';
import { headlineFrom } from './fixture-stories.ts';

/**
 * The same front page in four editions, for screenshots and page audits: ten stories each in three sections,
 * five with lead pictures, bylines, tags and a curated rail. Everything is fixed (text, dates, pictures drawn
 * from shapes), so two runs draw the same pixels. English, Persian and Arabic take parallel sentences of
 * the FLORES/SIB-200 supplement; Spanish takes Wikinews articles.
 */

export const FRONT_PAGE_EDITIONS = ['en', 'es', 'fa', 'ar'] as const;
export type FrontPageEdition = (typeof FRONT_PAGE_EDITIONS)[number];

export interface FrontPageFixture {
  /** Each edition's stories, newest first: the first one leads its home page. */
  stories: Record<FrontPageEdition, Array<{ path: string; headline: string }>>;
  /** Each edition's first section page. */
  sectionPaths: Record<FrontPageEdition, string>;
}

const CORPUS = new URL('../../corpus/', import.meta.url);
const STORIES_PER_EDITION = 10;
const SENTENCES_PER_STORY = 6;

const SECTIONS: Record<FrontPageEdition, string[]> = {
  en: ['World', 'Science', 'Health'],
  es: ['Internacional', 'Ciencia', 'Economía'],
  fa: ['جهان', 'علم', 'سلامت'],
  ar: ['العالم', 'علوم', 'صحة'],
};

const AUTHORS: Record<FrontPageEdition, string[][]> = {
  en: [['Amira Hassan'], ['Daniel Okafor', 'Lena Fischer'], ['Tomás Rivera']],
  es: [['Lucía Herrera'], ['Pablo Navarro', 'Marta Quintero'], ['Javier Ortega']],
  fa: [['مریم احمدی'], ['رضا کریمی', 'سارا نوری'], ['علی رضایی']],
  ar: [['ليلى حسن'], ['عمر خالد', 'نور سليم'], ['يوسف عادل']],
};

const PICTURE_TEXT: Record<FrontPageEdition, { alt: string; caption: string; credit: string }> = {
  en: { alt: 'An abstract drawing of hills under a coloured sky', caption: 'Illustration drawn for this page.', credit: 'Dateline graphics' },
  es: { alt: 'Un dibujo abstracto de colinas bajo un cielo de colores', caption: 'Ilustración dibujada para esta página.', credit: 'Gráficos de Dateline' },
  fa: { alt: 'طرحی انتزاعی از تپه‌ها زیر آسمانی رنگی', caption: 'تصویرسازی برای این صفحه.', credit: 'گرافیک دیت‌لاین' },
  ar: { alt: 'رسم تجريدي لتلال تحت سماء ملونة', caption: 'رسم توضيحي لهذه الصفحة.', credit: 'رسومات ديتلاين' },
};

/** Five skies and hills, one a picture: drawn, so the same bytes every run and no licence to track. */
const PALETTES = [
  ['#1d3557', '#457b9d', '#e9c46a', '#2a9d8f'],
  ['#6d2e46', '#a26769', '#ece2d0', '#d5b9b2'],
  ['#283618', '#606c38', '#fefae0', '#dda15e'],
  ['#03045e', '#0077b6', '#90e0ef', '#caf0f8'],
  ['#3d405b', '#e07a5f', '#f4f1de', '#81b29a'],
] as const;

async function drawnPicture(index: number): Promise<Buffer> {
  const [deep, mid, sun, hill] = PALETTES[index % PALETTES.length] ?? PALETTES[0];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1000">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${deep}"/><stop offset="1" stop-color="${mid}"/></linearGradient></defs>
    <rect width="1600" height="1000" fill="url(#sky)"/>
    <circle cx="${400 + index * 180}" cy="${330 + (index % 2) * 60}" r="120" fill="${sun}"/>
    <path d="M0 760 Q 400 ${560 + index * 20} 800 740 T 1600 700 V 1000 H 0 Z" fill="${hill}"/>
    <path d="M0 860 Q 500 760 1000 880 T 1600 840 V 1000 H 0 Z" fill="${deep}" opacity="0.8"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer();
}

interface SupplementRow {
  id: string;
  lang: string;
  paragraphs: string[];
  translation_of: string | null;
}

/** Runs of parallel sentences by language: `sentences.fa[i]` translates `sentences.en[i]`. */
function supplementSentences(): Record<'en' | 'fa' | 'ar', string[]> {
  const rows = readFileSync(new URL('supplement_sib200_en_ar_fa.jsonl', CORPUS), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SupplementRow);
  const byOriginal = new Map<string, Partial<Record<'fa' | 'ar', string>>>();
  for (const row of rows) if (row.translation_of && (row.lang === 'fa' || row.lang === 'ar')) byOriginal.set(row.translation_of, { ...byOriginal.get(row.translation_of), [row.lang]: row.paragraphs.join(' ') });
  const out = { en: [] as string[], fa: [] as string[], ar: [] as string[] };
  for (const row of rows) {
    const t = byOriginal.get(row.id);
    if (row.lang !== 'en' || !t?.fa || !t.ar) continue;
    out.en.push(row.paragraphs.join(' '));
    out.fa.push(t.fa);
    out.ar.push(t.ar);
  }
  return out;
}

function spanishArticles(): Array<{ title: string; paragraphs: string[] }> {
  return readFileSync(new URL('wikinews.jsonl', CORPUS), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { lang: string; title: string; paragraphs: string[] })
    .filter((a) => a.lang === 'es' && a.paragraphs.length >= 4)
    .map((a) => ({ title: a.title, paragraphs: a.paragraphs.slice(0, 6) }));
}

/** Loads the four editions' front pages into a fresh site. */
export async function loadFrontPageFixture(services: Services): Promise<FrontPageFixture> {
  const sentences = supplementSentences();
  const spanish = spanishArticles();
  const result = { stories: {}, sectionPaths: {} } as FrontPageFixture;
  for (const edition of FRONT_PAGE_EDITIONS) {
    const zone = (await services.editions.ensure(edition)).timeZone;
    const pictures: number[] = [];
    for (let i = 0; i < 5; i++) {
      const added = await services.media.add(commandLineActor, { bytes: await drawnPicture(i), fileName: `front-${edition}-${i}.jpg` }, PICTURE_TEXT[edition]);
      pictures.push(added.id);
    }
    const made: FrontPageFixture['stories'][FrontPageEdition] = [];
    for (let i = 0; i < STORIES_PER_EDITION; i++) {
      const text =
        edition === 'es'
          ? { headline: spanish[i]?.title ?? '', paragraphs: spanish[i]?.paragraphs ?? [] }
          : (() => {
              const run = sentences[edition].slice(i * SENTENCES_PER_STORY, (i + 1) * SENTENCES_PER_STORY);
              return { headline: headlineFrom(run[0] ?? '', 110), paragraphs: [run.slice(0, 2).join(' '), run.slice(2, 4).join(' '), run.slice(4).join(' ')] };
            })();
      const sectionName = SECTIONS[edition][i % 3] ?? 'World';
      // Newest first: story 0 at 18:00 on 20 November 2020, then one every three hours back.
      const hour = 18 - (i % 4) * 3;
      const day = 20 - Math.floor(i / 4);
      const saved = await services.stories.save({
        editionCode: edition,
        headline: text.headline,
        body: text.paragraphs.map(paragraph),
        status: 'published',
        publishedAt: wallClockToInstant(`2020-11-${day}`, `${String(hour).padStart(2, '0')}:00`, zone),
        section: { name: sectionName },
        tags: [{ name: SECTIONS[edition][(i + 1) % 3] ?? 'World' }],
        authors: AUTHORS[edition][i % 3],
        leadMediaId: i < 5 || i === 7 ? pictures[i % 5] : undefined,
      });
      made.push({ path: `/${edition}/news/${saved.code}/${encodeURIComponent(saved.slug)}`, headline: text.headline });
    }
    result.stories[edition] = made;
    const [firstSection] = await services.storyQueries.listSections(edition);
    result.sectionPaths[edition] = `/${edition}/section/${encodeURIComponent(firstSection?.slug ?? '')}`;
  }
  return result;
}
