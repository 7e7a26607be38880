import { moduleError } from '../../errors/dateline-error.ts';
import type { ErrorCode } from '../../errors/error-codes.ts';

/**
 * Every way a curation change can be refused, each with a stable code that HTTP, the CLI and tests
 * match on (docs/decisions/007-curation-and-corrections.md).
 */
export const curationErrorCodes = {
  /** An input is malformed (a story code, a direction, an order); `field` says which. */
  CURATION_INVALID: 'CURATION_INVALID',
  /** There is no such edition. */
  EDITION_UNKNOWN: 'EDITION_UNKNOWN',
  /** No story with that code in the edition. */
  STORY_NOT_FOUND: 'STORY_NOT_FOUND',
  /** The story exists but is not published: readers could not follow it. */
  STORY_NOT_PUBLISHED: 'STORY_NOT_PUBLISHED',
  /** The story is in the list already. */
  ALREADY_CHOSEN: 'ALREADY_CHOSEN',
  /** The list holds as many stories as it may. */
  LIST_FULL: 'LIST_FULL',
  /** The entry or order sent no longer matches the list: someone changed it since the page was loaded. */
  LIST_CHANGED: 'LIST_CHANGED',
  /** The role does not allow curating. */
  FORBIDDEN: 'FORBIDDEN',
} as const satisfies Record<string, ErrorCode>;

export type CurationErrorCode = keyof typeof curationErrorCodes;

export class CurationError extends moduleError<CurationErrorCode>() {}
