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
    const snowballStemmer = algorithm === undefined ? null : snowball.newStemmer(algorithm);
    // A stemmer never returns nothing for a word; the guard keeps a word from vanishing if one ever did.
    stemmer = snowballStemmer === null ? null : (word) => snowballStemmer.stem(word) || word;
    stemmers.set(primary, stemmer);
  }
  return stemmer;
}

/**
 * Normalized text with each word replaced by its stem, in place (so phrase positions are kept); the text as
 * it is for a language that is not stemmed.
 * @example stemText('it', 'il governo e i governi') // 'il govern e i govern'
 */
export function stemText(language: string, text: string): string {
  const stem = snowballStemmerOf(language);
  if (stem === null || text === '') return text;
  // A story repeats its words: each distinct word is stemmed once.
  const known = new Map<string, string>();
  return text
    .split(' ')
    .map((word) => {
      let stemmed = known.get(word);
      if (stemmed === undefined) {
        stemmed = stem(word);
        known.set(word, stemmed);
      }
      return stemmed;
    })
    .join(' ');
}
