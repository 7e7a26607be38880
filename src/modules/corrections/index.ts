export { CorrectionError, correctionErrorCodes, type CorrectionErrorCode } from './correction-errors.ts';
export {
  CORRECTIONS_PAGE_SIZE,
  CorrectionService,
  NOTE_KINDS,
  NOTE_TEXT_MAX_LENGTH,
  isNoteKind,
  type CorrectionEntry,
  type NewStoryNote,
} from './correction-service.ts';
export { findStoryNotes } from './find-story-notes.ts';
