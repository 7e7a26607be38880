/**
 * How a candidate's content similarity, shared tags and distance in time combine into one score.
 * The defaults are documented in docs/decisions/003-related-stories.md with the figures that chose them.
 */
export interface RelatedScoring {
  /** Added for tags in common, times their Jaccard overlap: an editor's tag is strong evidence. */
  tagWeight: number;
  /** Stories this many days apart keep half of the time-dependent part of their similarity. */
  recencyHalfLifeDays: number;
  /** The share of similarity that does not fade with time: an old story on the same subject still relates. */
  timelessShare: number;
}

export const DEFAULT_RELATED_SCORING: RelatedScoring = {
  tagWeight: 0.15,
  recencyHalfLifeDays: 180,
  timelessShare: 0.7,
};

/** Content similarity only: what the text alone finds (the evaluation reports it beside the full score). */
export const TEXT_ONLY_SCORING: RelatedScoring = { tagWeight: 0, recencyHalfLifeDays: 180, timelessShare: 1 };

export interface ScoringInput {
  /** Cosine similarity of the two stories' TF-IDF vectors, 0…1. */
  similarity: number;
  tagsA: readonly number[];
  tagsB: readonly number[];
  publishedA: string;
  publishedB: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The score of one story as related to another; symmetric, so a story's score in another's list is the same
 * as that story's in its own.
 * @example relatedScore({ similarity: 0.4, tagsA: [1], tagsB: [1, 2], publishedA: '2020-01-01T00:00:00Z', publishedB: '2020-01-01T00:00:00Z' }, DEFAULT_RELATED_SCORING)
 */
export function relatedScore(input: ScoringInput, scoring: RelatedScoring): number {
  const days = Math.abs(Date.parse(input.publishedA) - Date.parse(input.publishedB)) / DAY_MS;
  const fading = Number.isFinite(days) ? Math.pow(0.5, days / scoring.recencyHalfLifeDays) : 0;
  const timeFactor = scoring.timelessShare + (1 - scoring.timelessShare) * fading;
  return input.similarity * timeFactor + scoring.tagWeight * jaccard(input.tagsA, input.tagsB);
}

function jaccard(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const setB = new Set(b);
  const shared = new Set(a.filter((x) => setB.has(x))).size;
  return shared / new Set([...a, ...b]).size;
}
