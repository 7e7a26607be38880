import type { CommentLine } from '../../content/comment-text.ts';
import type { CommentPolicyColumn, CommentStatusColumn } from '../../db/schema.ts';

export type CommentPolicy = CommentPolicyColumn;
export type CommentStatus = CommentStatusColumn;
export type CommentOrder = 'newest' | 'oldest';

export interface CommentSubmission {
  editionCode: string;
  storyCode: number;
  parentId?: number;
  name: string;
  email: string;
  body: string;
  /** The hidden field; a person leaves it empty. */
  honeypot: string;
  /** The form's token from `formToken`. */
  formToken: string;
  /** The poster's network address as `SiteKeys.hash('address', ip)`. */
  addressHash: string;
}

export interface PostedComment {
  id: number;
  status: 'pending' | 'approved';
}

/** A comment as readers see it: no email, no address. */
export interface PublicComment {
  id: number;
  authorName: string;
  createdAt: string;
  lines: CommentLine[];
  isEdited: boolean;
  replies: PublicComment[];
}

export interface CommentThreadPage {
  items: PublicComment[];
  page: number;
  pageCount: number;
  /** Approved top-level comments. */
  threadCount: number;
  order: CommentOrder;
}

export interface CommentSettings {
  policy: CommentPolicy;
  /** Comments close this many days after publication; null: never. */
  closeDays: number | null;
  isOpen: boolean;
}

/** A comment as moderators see it: the email, never the address (only its hash, to ban). */
export interface QueueComment {
  id: number;
  status: CommentStatus;
  authorName: string;
  email: string;
  body: string;
  createdAt: string;
  heldReason: string | null;
  parentId: number | null;
  story: { id: number; editionCode: string; code: number; slug: string; headline: string };
}

/** What narrows the moderation queue, whatever its tab. */
export interface QueueFilter {
  editionCode?: string;
  storyId?: number;
  olderThanDays?: number;
}

/** A story offered by the queue's story filter, with how many comments it has in the tab. */
export interface QueueStory {
  id: number;
  editionCode: string;
  headline: string;
  count: number;
}

/** A ban as the newsroom sees it: never the hashed email or address. */
export interface CommentBan {
  id: number;
  kind: 'email' | 'address';
  reason: string;
  createdAt: string;
  /** Null for the command line, or an account since removed. */
  createdBy: { id: number; displayName: string } | null;
}

/** A section's own comment setting; null inherits the default (pre-moderated, never closing). */
export interface SectionCommentSettings {
  id: number;
  editionCode: string;
  name: string;
  slug: string;
  policy: CommentPolicy | null;
  closeDays: number | null;
}

/** A story's own comment setting (null: its section's), its section's, and what applies now. */
export interface StoryCommentSettings {
  id: number;
  editionCode: string;
  code: number;
  slug: string;
  headline: string;
  isPublished: boolean;
  policy: CommentPolicy | null;
  closeDays: number | null;
  section: { name: string; policy: CommentPolicy | null; closeDays: number | null } | null;
  applies: CommentSettings;
}

export type ModerationAction = 'approve' | 'reject' | 'spam';
