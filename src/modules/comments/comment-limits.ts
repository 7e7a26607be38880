import { normalizeCommentName, normalizeCommentText } from '../../content/comment-text.ts';
import { CommentError } from './comment-errors.ts';
import type { CommentPolicy } from './comment-types.ts';

/** Limits a reader meets; the form shows the body's with a counter. */
export const commentLimits = {
  bodyMaxLength: 3000,
  nameMaxLength: 80,
  emailMaxLength: 254,
  linksMax: 2,
  /** A person needs at least this long to read the form and type something. */
  minFillMs: 3000,
  /** A served form stays usable this long (pages are cached, so it must outlive the cache). */
  formMaxAgeMs: 24 * 60 * 60 * 1000,
  perAddressPerWindow: 5,
  perStoryPerWindow: 60,
  windowMs: 60 * 1000,
  pageSize: 50,
  /** Auto-close at most this many days after publication (ten years): beyond it, leave comments open. */
  closeDaysMax: 3650,
} as const;

/** The policies, in the order the settings forms offer them. */
export const commentPolicies: readonly CommentPolicy[] = ['pre_moderated', 'first_time', 'post_moderated', 'closed'];

export function isCommentPolicy(value: unknown): value is CommentPolicy {
  return typeof value === 'string' && (commentPolicies as readonly string[]).includes(value);
}

/** Something a person would read: a letter, digit, mark, punctuation or symbol — not only spaces or invisible marks. */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

export function hasVisibleText(text: string): boolean {
  return VISIBLE.test(text);
}

/** A comment's text as it is stored, whoever writes it: a reader posting, a moderator editing. */
export function checkCommentBody(rawBody: string): string {
  const body = normalizeCommentText(rawBody);
  if (!hasVisibleText(body)) throw new CommentError('COMMENT_INVALID', 'Write a comment before sending it.', 'body');
  if ([...body].length > commentLimits.bodyMaxLength) throw new CommentError('COMMENT_TOO_LONG', `A comment can be at most ${commentLimits.bodyMaxLength} characters.`, 'body');
  return body;
}

/** An email address or a banned word as it is compared: normalized and lower case. */
export function foldForMatching(text: string): string {
  return normalizeCommentName(text).toLowerCase();
}
