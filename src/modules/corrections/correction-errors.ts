import { moduleError } from '../../errors/dateline-error.ts';
import type { ErrorCode } from '../../errors/error-codes.ts';

/**
 * Every way adding a correction or update can be refused, each with a stable code that HTTP, the CLI
 * and tests match on (docs/decisions/007-curation-and-corrections.md).
 */
export const correctionErrorCodes = {
  /** The kind or the text is not acceptable; `field` says which. */
  NOTE_INVALID: 'NOTE_INVALID',
  /** No story with that code in the edition. */
  STORY_NOT_FOUND: 'STORY_NOT_FOUND',
  /** Notes go on published stories: a draft is simply fixed before it goes out. */
  STORY_NOT_PUBLISHED: 'STORY_NOT_PUBLISHED',
  /** The role does not allow editing other people's stories. */
  FORBIDDEN: 'FORBIDDEN',
} as const satisfies Record<string, ErrorCode>;

export type CorrectionErrorCode = keyof typeof correctionErrorCodes;

export class CorrectionError extends moduleError<CorrectionErrorCode, 'kind' | 'text'>() {}
