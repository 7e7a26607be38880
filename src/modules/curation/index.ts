export { CurationError, curationErrorCodes, type CurationErrorCode } from './curation-errors.ts';
export { curationProblems } from './curation-problems.ts';
export {
  CurationService,
  RELATED_PIN_LIMIT,
  type CandidateStory,
  type CuratedEntry,
  type CuratedStory,
  type EditionCuration,
  type FeaturedEntry,
  type PinnedRelated,
  type StoryCandidates,
} from './curation-service.ts';
export { isMoveDirection, type ListPlace, type MoveDirection } from './ordered-entries.ts';
