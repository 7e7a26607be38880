/**
 * Every way posting or moderating a comment can be refused, each with a stable code that HTTP, the
 * CLI and tests match on, and the HTTP status it maps to.
 */
export const commentErrorStatus = {
  /** No published story with that code in the edition. */
  STORY_NOT_FOUND: 404,
  /** The story's policy is `closed`, or its auto-close days have passed. */
  COMMENTS_CLOSED: 403,
  /** The form's token is missing, forged, for another story or expired (the CSRF check). */
  FORM_EXPIRED: 403,
  /** Sent sooner after the form was served than a person can type (bots fill forms instantly). */
  TOO_FAST: 400,
  /** The hidden field a person never sees was filled in. */
  COMMENT_REFUSED: 400,
  /** Too many comments from one address, or on one story, in the window. */
  RATE_LIMITED: 429,
  /** The email or the address is banned. Said in the same words as COMMENT_REFUSED. */
  BANNED: 403,
  /** A field is empty, too long or malformed; `field` says which. */
  COMMENT_INVALID: 400,
  /** The comment is longer than `commentLimits.bodyMaxLength`. */
  COMMENT_TOO_LONG: 400,
  /** The same text from the same person on the same story already exists. */
  DUPLICATE: 409,
  /** More links than a comment may carry. */
  TOO_MANY_LINKS: 400,
  /** No comment with that id (moderation). */
  COMMENT_NOT_FOUND: 404,
  /** No section with that id (comment settings). */
  SECTION_NOT_FOUND: 404,
  /** No ban with that id: never made, or lifted already. */
  BAN_NOT_FOUND: 404,
  /** The word is not on the banned list. */
  WORD_NOT_FOUND: 404,
  /** A policy that is not one of the four, or close days that are not a whole number in range; `field` says which. */
  SETTINGS_INVALID: 422,
  /** The role does not allow moderating comments, or changing comment settings. */
  FORBIDDEN: 403,
} as const;

export type CommentErrorCode = keyof typeof commentErrorStatus;
export type CommentField = 'name' | 'email' | 'body' | 'parent' | 'word' | 'policy' | 'closeDays';

export class CommentError extends Error {
  constructor(
    readonly code: CommentErrorCode,
    message: string,
    readonly field?: CommentField,
    /** For RATE_LIMITED: when the reader may try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'CommentError';
  }

  get status(): number {
    return commentErrorStatus[this.code];
  }
}
