import { readFileSync } from 'node:fs';
import { paragraph } from '../../content/blocks.ts';
import type { EditionService } from '../editions/edition-service.ts';
import { wallClockToInstant } from '../editions/edition-time.ts';
import type { StoryStore } from '../stories/story-store.ts';
import type { Credit } from '../stories/story-types.ts';
import { corpusFolder } from './corpus.ts';

/** One line of `corpus/supplement_sib200_en_ar_fa.jsonl`: a FLORES-200 sentence with its SIB-200 topic. */
interface SupplementSentence {
  id: string;
  lang: string;
  categories: string[];
  paragraphs: string[];
  translation_of: string | null;
}

const FLORES_CREDIT: Credit = {
  text: 'FLORES-200 (NLLB Team, Meta AI) via SIB-200, CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)',
  url: 'https://github.com/dadelani/sib-200',
  licenseUrl: 'https://creativecommons.org/licenses/by-sa/4.0/',
};

/** Each edition names the SIB-200 topics in its own language; they become its sections. */
const SECTIONS: Record<string, Record<'fa' | 'ar', string>> = {
  'science/technology': { fa: 'علم و فناوری', ar: 'العلوم والتكنولوجيا' },
  travel: { fa: 'سفر', ar: 'السفر' },
  politics: { fa: 'سیاست', ar: 'السياسة' },
  sports: { fa: 'ورزش', ar: 'الرياضة' },
  health: { fa: 'سلامت', ar: 'الصحة' },
  entertainment: { fa: 'سرگرمی', ar: 'الترفيه' },
  geography: { fa: 'جغرافیا', ar: 'الجغرافيا' },
};

const STORIES_PER_TOPIC = 6;
const SENTENCES_PER_STORY = 4;

/**
 * The demo's right-to-left editions, Persian and Arabic: there are no article-level translations to be had
 * under a free licence (corpus/SOURCE.md), so each demo story is four consecutive FLORES-200 sentences of
 * one topic, in both languages under one story code, credited to their source. They show the newsroom and
 * readers mirrored pages, Solar Hijri dates with Persian digits, and translations linked across editions.
 * Loading twice updates, never duplicates.
 * @example await loadRightToLeftDemo({ editions, stories }) // 84
 */
export async function loadRightToLeftDemo(deps: { editions: EditionService; stories: StoryStore }): Promise<number> {
  const sentences = readFileSync(new URL('supplement_sib200_en_ar_fa.jsonl', corpusFolder), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SupplementSentence);
  const byOriginal = new Map<string, { fa?: string; ar?: string }>();
  for (const s of sentences) {
    if (!s.translation_of || (s.lang !== 'fa' && s.lang !== 'ar')) continue;
    byOriginal.set(s.translation_of, { ...byOriginal.get(s.translation_of), [s.lang]: s.paragraphs.join(' ') });
  }
  const originals = sentences.filter((s) => s.lang === 'en');
  const fa = await deps.editions.ensure('fa');
  const ar = await deps.editions.ensure('ar');
  let stored = 0;
  let day = 0;
  for (const [topic, names] of Object.entries(SECTIONS)) {
    const ofTopic = originals.filter((s) => s.categories.includes(topic));
    for (let n = 0; n < STORIES_PER_TOPIC; n++) {
      const group = ofTopic.slice(n * SENTENCES_PER_STORY, (n + 1) * SENTENCES_PER_STORY).map((s) => byOriginal.get(s.id) ?? {});
      const persian = group.flatMap((g) => (g.fa ? [g.fa] : []));
      const arabic = group.flatMap((g) => (g.ar ? [g.ar] : []));
      if (persian.length < 2 || arabic.length < 2) continue;
      // A story a day back from the seed story's date, mid-morning in the newsroom's zone.
      const date = new Date(Date.UTC(2020, 10, 20 - (day++ % 30))).toISOString().slice(0, 10);
      let code: number | undefined;
      for (const [edition, text] of [
        [fa, persian],
        [ar, arabic],
      ] as const) {
        const headline = headlineFrom(text[0] ?? '');
        const saved = await deps.stories.save({
          editionCode: edition.code,
          code: code ?? (await deps.stories.findCodeByHeadline(edition.code, headline)),
          headline,
          body: text.map(paragraph),
          status: 'published',
          publishedAt: wallClockToInstant(date, `${String(8 + (n % 6)).padStart(2, '0')}:30`, edition.timeZone),
          section: { name: names[edition.code === 'fa' ? 'fa' : 'ar'] },
          credit: FLORES_CREDIT,
        });
        code = saved.code;
        stored++;
      }
    }
  }
  return stored;
}

/** A sentence as a headline: its first words, cut at a word boundary, without the full stop (the demo's and the tests' fixtures). */
export function headlineFrom(sentence: string, maxLength = 90): string {
  const text = sentence.trim().replace(/[.。]$/u, '');
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  const lastSpace = cut.lastIndexOf(' ');
  return (lastSpace > maxLength / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,،;؛:.]+$/u, '');
}
