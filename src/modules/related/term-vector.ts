import { searchWords } from '../../content/normalize-search-text.ts';

/** A headline word says more about what a story is about than a body word; it counts this many times. */
export const HEADLINE_WEIGHT = 3;

/**
 * A story's bag of words for related stories: normalized words (the same normalization as search) with
 * their counts, headline words counted HEADLINE_WEIGHT times, the teaser only when it is not already the
 * start of the body. Numbers count only when they can name something (a year, a model: 2008, 787, a380).
 * @example termCounts({ headline: 'Boeing 787 delayed', teaser: '', bodyText: 'The 787 is late.' })
 *   // Map { 'boeing' => 3, '787' => 4, 'delayed' => 3, 'the' => 1, 'is' => 1, 'late' => 1 }
 */
export function termCounts(text: { headline: string; teaser: string; bodyText: string }): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (source: string, weight: number) => {
    for (const word of searchWords(source)) {
      if (!isUsefulTerm(word)) continue;
      counts.set(word, (counts.get(word) ?? 0) + weight);
    }
  };
  add(text.headline, HEADLINE_WEIGHT);
  if (text.teaser !== '' && !text.bodyText.startsWith(text.teaser.replace(/…$/u, ''))) add(text.teaser, 1);
  add(text.bodyText, 1);
  return counts;
}

function isUsefulTerm(word: string): boolean {
  if (word.length < 2 || word.length > 64) return false;
  if (/^\d+$/u.test(word)) return word.length >= 3 && !word.startsWith('0');
  return true;
}

/** `word:count` pairs separated by spaces; words never contain either character. */
export function serializeTermCounts(counts: Map<string, number>): string {
  return [...counts].map(([term, count]) => `${term}:${count}`).join(' ');
}

export function parseTermCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const pair of text.split(' ')) {
    const colon = pair.lastIndexOf(':');
    if (colon <= 0) continue;
    counts.set(pair.slice(0, colon), Number(pair.slice(colon + 1)));
  }
  return counts;
}

/**
 * Inverse document frequency, BM25's form: never negative, large for rare words.
 * `documents` counts the edition's published stories, `containing` those with the word.
 */
export function inverseDocumentFrequency(documents: number, containing: number): number {
  const df = Math.max(0, Math.min(containing, documents));
  return Math.log(1 + (documents - df + 0.5) / (df + 0.5));
}

/** Sublinear term frequency: the tenth "Boeing" in a story adds less than the second. */
export function termFrequencyWeight(count: number): number {
  return count > 0 ? 1 + Math.log(count) : 0;
}

/** TF-IDF weights of a bag of words and the vector's norm. */
export function tfIdfVector(counts: Map<string, number>, idf: (term: string) => number): { weights: Map<string, number>; norm: number } {
  const weights = new Map<string, number>();
  let sumOfSquares = 0;
  for (const [term, count] of counts) {
    const weight = termFrequencyWeight(count) * idf(term);
    if (weight <= 0) continue;
    weights.set(term, weight);
    sumOfSquares += weight * weight;
  }
  return { weights, norm: Math.sqrt(sumOfSquares) };
}
