import { readFileSync } from 'node:fs';

/** The demo's texts live in the repository's `corpus/` folder with their licences (corpus/SOURCE.md). */
export const corpusFolder = new URL('../../../corpus/', import.meta.url);

/** One article of `corpus/wikinews.jsonl`: a Wikinews story or a MEANTIME translation of one. */
export interface CorpusArticle {
  id: string;
  lang: string;
  title: string;
  date: string | null;
  categories: string[];
  paragraphs: string[];
  source_url: string | null;
  /** The id of the English original, for a translation. */
  translation_of: string | null;
}

let articles: CorpusArticle[] | undefined;

/**
 * Every article of the corpus, in file order; read once per process (the file is a few MB, and the demo,
 * benchmarks, the evaluation and tests all read it).
 */
export function corpusArticles(): CorpusArticle[] {
  articles ??= readFileSync(new URL('wikinews.jsonl', corpusFolder), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusArticle);
  return articles;
}
