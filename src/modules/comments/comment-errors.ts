import { moduleError } from '../../errors/dateline-error.ts';
import type { ErrorCode } from '../../errors/error-codes.ts';

/**
 * Every way posting or moderating a comment can be refused, each with a stable code that HTTP, the
 * CLI and tests match on (its HTTP status is in src/errors/error-codes.ts).
 */
export const commentErrorCodes = {
  /** No published story with that code in the edition. */
  STORY_NOT_FOUND: 'STORY_NOT_FOUND',
  /** The story's policy is `closed`, or its auto-close days have passed. */
  COMMENTS_CLOSED: 'COMMENTS_CLOSED',
  /** The form's token is missing, forged, for another story or expired (the CSRF check). */
  FORM_EXPIRED: 'FORM_EXPIRED',
  /** Sent sooner after the form was served than a person can type (bots fill forms instantly). */
  TOO_FAST: 'TOO_FAST',
  /** The hidden field a person never sees was filled in. */
  COMMENT_REFUSED: 'COMMENT_REFUSED',
  /** Too many comments from one address, or on one story, in the window. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The email or the address is banned. Said in the same words as COMMENT_REFUSED. */
  BANNED: 'BANNED',
  /** A field is empty, too long or malformed; `field` says which. */
  COMMENT_INVALID: 'COMMENT_INVALID',
  /** The comment is longer than `commentLimits.bodyMaxLength`. */
  COMMENT_TOO_LONG: 'COMMENT_TOO_LONG',
  /** The same text from the same person on the same story already exists. */
  DUPLICATE: 'DUPLICATE',
  /** More links than a comment may carry. */
  TOO_MANY_LINKS: 'TOO_MANY_LINKS',
  /** No comment with that id (moderation). */
  COMMENT_NOT_FOUND: 'COMMENT_NOT_FOUND',
  /** No section with that id (comment settings). */
  SECTION_NOT_FOUND: 'SECTION_NOT_FOUND',
  /** No ban with that id: never made, or lifted already. */
  BAN_NOT_FOUND: 'BAN_NOT_FOUND',
  /** The word is not on the banned list. */
  WORD_NOT_FOUND: 'WORD_NOT_FOUND',
  /** A policy that is not one of the four, or close days that are not a whole number in range; `field` says which. */
  SETTINGS_INVALID: 'SETTINGS_INVALID',
  /** The role does not allow moderating comments, or changing comment settings. */
  FORBIDDEN: 'FORBIDDEN',
} as const satisfies Record<string, ErrorCode>;

export type CommentErrorCode = keyof typeof commentErrorCodes;
export type CommentField = 'name' | 'email' | 'body' | 'parent' | 'word' | 'policy' | 'closeDays';

export class CommentError extends moduleError<CommentErrorCode, CommentField>() {}
