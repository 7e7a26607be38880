import snowball from 'snowball-stemmers';

/**
 * The edition languages that stem, with their Snowball algorithm. PostgreSQL's `dateline_<algorithm>`
 * configurations (migration 002) and the SQLite index (which stems with the same algorithms before FTS5
 * sees the text, docs/decisions/024) both read this list, so both engines stem the same languages alike.
 */
export const SNOWBALL_ALGORITHMS: Readonly<Record<string, 'english' | 'spanish' | 'italian' | 'dutch'>> = {
  en: 'english',
  es: 'spanish',
  it: 'italian',
  nl: 'dutch',
};

/** A function from a normalized word to its stem. */
export type WordStemmer = (word: string) => string;

/**
 * Words remembered per language with their stems. The generated Snowball code takes some 25 µs a word on this
 * project's machines, which made stemming a long story cost 7 ms; a newsroom's vocabulary repeats, so
 * remembered stems bring that to well under a millisecond. Emptied when full, so memory stays bounded.
 */
const REMEMBERED_STEMS = 50_000;

const stemmers = new Map<string, WordStemmer | null>();

/**
 * The Snowball stemmer of a language tag (`es`, `es-MX` …), or null for a language that is not stemmed
 * (Persian, Arabic and every language without a stemmer match normalized words as they are).
 * Words must already be normalized (normalizeSearchText): the stems then equal PostgreSQL's for the same words.
 * @example snowballStemmerOf('es')?.('elecciones') // 'eleccion'
 */
export function snowballStemmerOf(language: string): WordStemmer | null {
  const primary = language.toLowerCase().split('-')[0] ?? '';
  let stemmer = stemmers.get(primary);
  if (stemmer === undefined) {
    const algorithm = SNOWBALL_ALGORITHMS[primary];
    stemmer = algorithm === undefined ? null : rememberingStemmer(snowball.newStemmer(algorithm));
    stemmers.set(primary, stemmer);
  }
  return stemmer;
}

function rememberingStemmer(snowballStemmer: { stem(word: string): string }): WordStemmer {
  const remembered = new Map<string, string>();
  return (word) => {
    let stem = remembered.get(word);
    if (stem === undefined) {
      if (remembered.size >= REMEMBERED_STEMS) remembered.clear();
      // A stemmer never returns nothing for a word; the guard keeps a word from vanishing if one ever did.
      stem = snowballStemmer.stem(word) || word;
      remembered.set(word, stem);
    }
    return stem;
  };
}

/**
 * Normalized text with each word replaced by its stem, in place (so phrase positions are kept); the text as
 * it is for a language that is not stemmed.
 * @example stemText('it', 'il governo e i governi') // 'il govern e i govern'
 */
export function stemText(language: string, text: string): string {
  const stem = snowballStemmerOf(language);
  if (stem === null || text === '') return text;
  return text.split(' ').map(stem).join(' ');
}
