import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { commentLines, countCommentLinks, normalizeCommentName, normalizeCommentText, type CommentLine } from '../../content/comment-text.ts';
import type { CommentPolicyColumn, CommentStatusColumn, Database } from '../../db/schema.ts';
import { actorIdOf, type Actor } from '../accounts/account-types.ts';
import { can } from '../accounts/permissions.ts';
import type { SiteKeys } from '../accounts/site-keys.ts';
import { adjustCommentCount } from '../stories/story-store.ts';
import { cacheKeys, recordChange, type ChangeFeed } from '../changes/index.ts';
import type { AuditAction, AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock/clock.ts';
import { CommentError } from './comment-errors.ts';

export type CommentPolicy = CommentPolicyColumn;
export type CommentStatus = CommentStatusColumn;
export type CommentOrder = 'newest' | 'oldest';

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

const actionStatus: Record<ModerationAction, CommentStatus> = { approve: 'approved', reject: 'rejected', spam: 'spam' };
const actionAudit: Record<ModerationAction, AuditAction> = { approve: 'comment.approved', reject: 'comment.rejected', spam: 'comment.marked_spam' };

const HOUR_MS = 60 * 60 * 1000;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
/** Something a person would read: a letter, digit, mark, punctuation or symbol — not only spaces or invisible marks. */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;


/**
 * Readers' comments: posting with every abuse check in a fixed order, the approved thread of a story,
 * and the newsroom's moderation. `stories.comment_count` (approved comments, shown on pages) changes
 * in the same transaction as any change into or out of `approved`.
 * @example const { status } = await comments.post({ editionCode: 'en', storyCode: 898945, name: 'Ana', email: 'ana@example.org', body: 'Thank you.', honeypot: '', formToken, addressHash })
 */
export class CommentService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed,
    private readonly keys: SiteKeys,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * The token a story's comment form carries: when it was served and for which story, signed with the
   * site key. It stands for the CSRF token and the form's start time in one: story pages are cached and
   * shared, so the form cannot hold a per-browser token, but a forged or replayed-elsewhere form fails.
   */
  formToken(editionCode: string, storyCode: number): string {
    const issuedAt = this.clock.now().getTime().toString(36);
    return `${issuedAt}.${this.keys.sign('csrf', `comment:${editionCode}:${storyCode}:${issuedAt}`)}`;
  }

  /**
   * The token for a form given back unsent (the site could not take the post): the one the reader sent, while
   * it is genuine and has an hour or more to run, so the time they spent writing still counts; else a new one.
   */
  formTokenToSendAgain(editionCode: string, storyCode: number, sentToken: string): string {
    const now = this.clock.now();
    try {
      const issuedAt = this.verifyFormToken(editionCode, storyCode, sentToken, now);
      if (now.getTime() - issuedAt < commentLimits.formMaxAgeMs - HOUR_MS) return sentToken;
    } catch (error) {
      if (!(error instanceof CommentError)) throw error;
    }
    return this.formToken(editionCode, storyCode);
  }

  /** The policy and close rule that apply to a published story: its own, else its section's, else pre-moderated. */
  async settingsFor(editionCode: string, storyCode: number): Promise<CommentSettings | undefined> {
    const story = await this.findStory(this.db, editionCode, storyCode);
    return story ? settingsOf(story, this.clock.now()) : undefined;
  }

  /** Posts a reader's comment, or throws a `CommentError` saying why not. */
  async post(input: CommentSubmission): Promise<PostedComment> {
    const now = this.clock.now();
    const story = await this.findStory(this.db, input.editionCode, input.storyCode);
    if (!story) throw new CommentError('STORY_NOT_FOUND', 'There is no such story.');
    // 1. Closed?
    if (!settingsOf(story, now).isOpen) throw new CommentError('COMMENTS_CLOSED', 'Comments on this story are closed.');
    // 2. The form: its token, the honeypot, the time taken to fill it.
    const issuedAt = this.verifyFormToken(input.editionCode, input.storyCode, input.formToken, now);
    if (input.honeypot !== '') throw new CommentError('COMMENT_REFUSED', 'Your comment could not be accepted.');
    if (now.getTime() - issuedAt < commentLimits.minFillMs) throw new CommentError('TOO_FAST', 'That was quick: please check your comment and send it again.');
    // 3. Rate limits, before anything costly.
    await this.takeRateSlot(input.addressHash, story.id, now);
    // 4. Bans.
    const email = normalizeCommentName(input.email).toLowerCase();
    const emailHash = this.keys.hash('account', `comment-email:${email}`);
    const ban = await this.db
      .selectFrom('comment_bans')
      .select('id')
      .where((eb) => eb.or([eb.and([eb('kind', '=', 'email'), eb('value_hash', '=', emailHash)]), eb.and([eb('kind', '=', 'address'), eb('value_hash', '=', input.addressHash)])]))
      .executeTakeFirst();
    // Said like the honeypot: a banned poster learns nothing about why.
    if (ban) throw new CommentError('BANNED', 'Your comment could not be accepted.');
    // 5. Validation.
    const name = normalizeCommentName(input.name);
    const body = normalizeCommentText(input.body);
    if (!VISIBLE.test(name)) throw new CommentError('COMMENT_INVALID', 'Enter your name.', 'name');
    if ([...name].length > commentLimits.nameMaxLength) throw new CommentError('COMMENT_INVALID', `Your name can be at most ${commentLimits.nameMaxLength} characters.`, 'name');
    if (email.length > commentLimits.emailMaxLength || !EMAIL_PATTERN.test(email)) throw new CommentError('COMMENT_INVALID', 'Enter an email address like name@example.org.', 'email');
    if (!VISIBLE.test(body)) throw new CommentError('COMMENT_INVALID', 'Write a comment before sending it.', 'body');
    if ([...body].length > commentLimits.bodyMaxLength) throw new CommentError('COMMENT_TOO_LONG', `A comment can be at most ${commentLimits.bodyMaxLength} characters.`, 'body');
    if (input.parentId !== undefined) {
      const parent = await this.db.selectFrom('comments').select(['story_id', 'parent_id', 'status']).where('id', '=', input.parentId).executeTakeFirst();
      if (!parent || parent.story_id !== story.id || parent.parent_id !== null || parent.status !== 'approved') {
        throw new CommentError('COMMENT_INVALID', 'The comment you are replying to is not there.', 'parent');
      }
    }
    // 6. Duplicates: the same words from the same person (by email or address) on the same story.
    const bodyHash = createHash('sha256').update(body.toLowerCase().replace(/\s+/gu, ' ')).digest('hex');
    const duplicate = await this.db
      .selectFrom('comments')
      .select('id')
      .where('story_id', '=', story.id)
      .where('body_hash', '=', bodyHash)
      .where((eb) => eb.or([eb('email_hash', '=', emailHash), eb('address_hash', '=', input.addressHash)]))
      .executeTakeFirst();
    if (duplicate) throw new CommentError('DUPLICATE', 'You have already posted this comment.', 'body');
    // 7. Links.
    if (countCommentLinks(body) > commentLimits.linksMax) throw new CommentError('TOO_MANY_LINKS', `A comment can hold at most ${commentLimits.linksMax} links.`, 'body');
    // 8. Banned words hold the comment; 9. otherwise the policy decides.
    const heldWord = await this.findBannedWord(`${name}\n${body}`);
    const policy = settingsOf(story, now).policy;
    let status: 'pending' | 'approved' = 'pending';
    if (heldWord === undefined) {
      if (policy === 'post_moderated') status = 'approved';
      else if (policy === 'first_time') status = (await this.hasApprovedComment(emailHash)) ? 'approved' : 'pending';
    }

    return this.changes.transaction(async (trx) => {
      const row = await trx
        .insertInto('comments')
        .values({
          story_id: story.id,
          parent_id: input.parentId ?? null,
          author_name: name,
          email,
          email_hash: emailHash,
          address_hash: input.addressHash,
          body,
          body_hash: bodyHash,
          status,
          held_reason: heldWord !== undefined ? 'banned_word' : null,
          created_at: now.toISOString(),
          moderated_at: null,
          moderated_by: null,
          edited_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (status === 'approved') {
        await adjustCommentCount(trx, story.id, 1);
        await recordThreadChange(trx, story.id, now, { change: 'comment_approved', commentId: row.id });
      }
      return { id: row.id, status };
    });
  }

  /** One page of a story's approved top-level comments, each with its approved replies oldest first. */
  async listApproved(storyId: number, page = 1, order: CommentOrder = 'newest'): Promise<CommentThreadPage> {
    const base = this.db.selectFrom('comments').where('story_id', '=', storyId).where('status', '=', 'approved').where('parent_id', 'is', null);
    const countRow = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    const threadCount = Number(countRow.n);
    const direction = order === 'newest' ? 'desc' : 'asc';
    const rows = await base
      .select(['id', 'author_name', 'body', 'created_at', 'edited_at'])
      .orderBy('created_at', direction)
      .orderBy('id', direction)
      .limit(commentLimits.pageSize)
      .offset((page - 1) * commentLimits.pageSize)
      .execute();
    const replies =
      rows.length === 0
        ? []
        : await this.db
            .selectFrom('comments')
            .select(['id', 'parent_id', 'author_name', 'body', 'created_at', 'edited_at'])
            .where('parent_id', 'in', rows.map((r) => r.id))
            .where('status', '=', 'approved')
            .orderBy('created_at', 'asc')
            .orderBy('id', 'asc')
            .execute();
    const toPublic = (r: { id: number; author_name: string; body: string; created_at: string; edited_at: string | null }): PublicComment => ({
      id: r.id,
      authorName: r.author_name,
      createdAt: r.created_at,
      lines: commentLines(r.body),
      isEdited: r.edited_at !== null,
      replies: [],
    });
    return {
      items: rows.map((r) => ({ ...toPublic(r), replies: replies.filter((x) => x.parent_id === r.id).map(toPublic) })),
      page,
      pageCount: Math.max(1, Math.ceil(threadCount / commentLimits.pageSize)),
      threadCount,
      order,
    };
  }

  /** The moderation queue: one status, newest first, optionally one edition, one story and comments older than some days. */
  async listQueue(actor: Actor, filter: QueueFilter & { status: CommentStatus; page?: number }): Promise<{ items: QueueComment[]; total: number }> {
    this.assertModerator(actor);
    const query = this.queueQuery(filter).where('c.status', '=', filter.status);
    const total = Number((await query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await query
      .select(['c.id', 'c.status', 'c.author_name', 'c.email', 'c.body', 'c.created_at', 'c.held_reason', 'c.parent_id', 's.id as story_id', 's.edition_code', 's.code', 's.slug', 's.headline'])
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(commentLimits.pageSize)
      .offset(((filter.page ?? 1) - 1) * commentLimits.pageSize)
      .execute();
    return { total, items: rows.map(toQueueComment) };
  }

  /**
   * How many comments each tab of the queue holds under the same filters, so the counts match what a tab shows.
   * @example const counts = await comments.countQueue(personActor(moderator), { editionCode: 'fa' })
   */
  async countQueue(actor: Actor, filter: QueueFilter): Promise<Record<CommentStatus, number>> {
    this.assertModerator(actor);
    const rows = await this.queueQuery(filter)
      .select(['c.status', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy('c.status')
      .execute();
    const counts: Record<CommentStatus, number> = { pending: 0, approved: 0, rejected: 0, spam: 0 };
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  /**
   * The stories that have comments in this status (and edition), most comments first: the queue's story filter
   * offers them by headline. At most `limit`.
   */
  async listQueueStories(actor: Actor, filter: { status: CommentStatus; editionCode?: string }, limit = 100): Promise<QueueStory[]> {
    this.assertModerator(actor);
    let query = this.db.selectFrom('comments as c').innerJoin('stories as s', 's.id', 'c.story_id').where('c.status', '=', filter.status);
    if (filter.editionCode !== undefined) query = query.where('s.edition_code', '=', filter.editionCode);
    const rows = await query
      .select(['s.id', 's.edition_code', 's.headline', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy(['s.id', 's.edition_code', 's.headline'])
      .orderBy('n', 'desc')
      .orderBy('s.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, editionCode: r.edition_code, headline: r.headline, count: Number(r.n) }));
  }

  /** One story as the queue's filter names it, whether or not it has comments; undefined when there is no such story. */
  async findQueueStory(actor: Actor, storyId: number): Promise<QueueStory | undefined> {
    this.assertModerator(actor);
    const row = await this.db.selectFrom('stories').select(['id', 'edition_code', 'headline']).where('id', '=', storyId).executeTakeFirst();
    return row ? { id: row.id, editionCode: row.edition_code, headline: row.headline, count: 0 } : undefined;
  }

  /** One comment as the ban confirmation shows it. */
  async findQueueComment(actor: Actor, id: number): Promise<QueueComment | undefined> {
    this.assertModerator(actor);
    const row = await this.db
      .selectFrom('comments as c')
      .innerJoin('stories as s', 's.id', 'c.story_id')
      .select(['c.id', 'c.status', 'c.author_name', 'c.email', 'c.body', 'c.created_at', 'c.held_reason', 'c.parent_id', 's.id as story_id', 's.edition_code', 's.code', 's.slug', 's.headline'])
      .where('c.id', '=', id)
      .executeTakeFirst();
    return row ? toQueueComment(row) : undefined;
  }

  private queueQuery(filter: QueueFilter) {
    let query = this.db.selectFrom('comments as c').innerJoin('stories as s', 's.id', 'c.story_id');
    if (filter.editionCode !== undefined) query = query.where('s.edition_code', '=', filter.editionCode);
    if (filter.storyId !== undefined) query = query.where('c.story_id', '=', filter.storyId);
    if (filter.olderThanDays !== undefined) {
      query = query.where('c.created_at', '<', new Date(this.clock.now().getTime() - filter.olderThanDays * 86_400_000).toISOString());
    }
    return query;
  }

  /**
   * Approves, rejects or marks as spam one or more comments, each with an audit entry, and keeps the
   * stories' approved counts right in the same transaction.
   * @example await comments.moderate(personActor(moderator), [12, 13], 'approve')
   */
  async moderate(actor: Actor, ids: readonly number[], action: ModerationAction): Promise<number> {
    this.assertModerator(actor);
    const status = actionStatus[action];
    const now = this.clock.now();
    return this.changes.transaction(async (trx) => {
      let changed = 0;
      for (const id of ids) {
        const row = await trx.selectFrom('comments').select(['id', 'story_id', 'status']).where('id', '=', id).executeTakeFirst();
        if (!row) throw new CommentError('COMMENT_NOT_FOUND', `There is no comment ${id}.`);
        if (row.status === status) continue;
        // Guarded by the old status, so two moderators racing on one comment change the count once.
        const updated = await trx
          .updateTable('comments')
          .set({ status, moderated_at: now.toISOString(), moderated_by: actorIdOf(actor) })
          .where('id', '=', id)
          .where('status', '=', row.status)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) continue;
        const delta = (status === 'approved' ? 1 : 0) - (row.status === 'approved' ? 1 : 0);
        if (delta !== 0) {
          await adjustCommentCount(trx, row.story_id, delta);
          await recordThreadChange(trx, row.story_id, now, { change: status === 'approved' ? 'comment_approved' : 'comment_withdrawn', commentId: id });
        }
        await this.audit.record({ action: actionAudit[action], actorId: actorIdOf(actor), subject: { type: 'comment', id }, details: { from: row.status, to: status }, addressHash: addressOf(actor) }, trx, now);
        changed++;
      }
      return changed;
    });
  }

  /** Replaces a comment's text (a moderator removing a slur, say), marking it edited. */
  async edit(actor: Actor, id: number, rawBody: string): Promise<void> {
    this.assertModerator(actor);
    const body = normalizeCommentText(rawBody);
    if (!VISIBLE.test(body)) throw new CommentError('COMMENT_INVALID', 'Write a comment before sending it.', 'body');
    if ([...body].length > commentLimits.bodyMaxLength) throw new CommentError('COMMENT_TOO_LONG', `A comment can be at most ${commentLimits.bodyMaxLength} characters.`, 'body');
    const now = this.clock.now();
    await this.changes.transaction(async (trx) => {
      const updated = await trx.updateTable('comments').set({ body, edited_at: now.toISOString() }).where('id', '=', id).returning(['story_id', 'status']).executeTakeFirst();
      if (!updated) throw new CommentError('COMMENT_NOT_FOUND', `There is no comment ${id}.`);
      if (updated.status === 'approved') await recordThreadChange(trx, updated.story_id, now, { change: 'comment_edited', commentId: id });
      await this.audit.record({ action: 'comment.edited', actorId: actorIdOf(actor), subject: { type: 'comment', id }, addressHash: addressOf(actor) }, trx, now);
    });
  }

  /** Bans the email or the address of a comment's author; only hashes are stored. */
  async banAuthorOf(actor: Actor, commentId: number, kind: 'email' | 'address', reason: string): Promise<void> {
    this.assertModerator(actor);
    const row = await this.db.selectFrom('comments').select(['email_hash', 'address_hash']).where('id', '=', commentId).executeTakeFirst();
    if (!row) throw new CommentError('COMMENT_NOT_FOUND', `There is no comment ${commentId}.`);
    await this.addBan(actor, kind, kind === 'email' ? row.email_hash : row.address_hash, reason, { commentId });
  }

  /** Bans an email address typed by a moderator. */
  async banEmail(actor: Actor, email: string, reason: string): Promise<void> {
    this.assertModerator(actor);
    const folded = normalizeCommentName(email).toLowerCase();
    await this.addBan(actor, 'email', this.keys.hash('account', `comment-email:${folded}`), reason, {});
  }

  /** Adds a word that holds any comment containing it for moderation. */
  async addBannedWord(actor: Actor, word: string): Promise<void> {
    this.assertModerator(actor);
    const folded = normalizeCommentName(word).toLowerCase();
    if (!VISIBLE.test(folded) || folded.length > 100) throw new CommentError('COMMENT_INVALID', 'Enter a word of at most 100 characters.', 'word');
    const now = this.clock.now();
    await this.changes.transaction(async (trx) => {
      await trx.insertInto('banned_words').values({ word: folded, created_at: now.toISOString() }).onConflict((oc) => oc.column('word').doNothing()).execute();
      await this.audit.record({ action: 'comment.banned_word_added', actorId: actorIdOf(actor), details: { word: folded }, addressHash: addressOf(actor) }, trx, now);
    });
  }

  /** The banned words, alphabetically. */
  async listBannedWords(actor: Actor): Promise<string[]> {
    this.assertModerator(actor);
    return (await this.db.selectFrom('banned_words').select('word').orderBy('word').execute()).map((r) => r.word);
  }

  /** Removes a banned word; comments it already holds stay pending until a moderator decides. */
  async removeBannedWord(actor: Actor, word: string): Promise<void> {
    this.assertModerator(actor);
    const folded = normalizeCommentName(word).toLowerCase();
    const now = this.clock.now();
    await this.changes.transaction(async (trx) => {
      const deleted = await trx.deleteFrom('banned_words').where('word', '=', folded).executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) throw new CommentError('WORD_NOT_FOUND', `“${folded}” is not a banned word.`, 'word');
      await this.audit.record({ action: 'comment.banned_word_removed', actorId: actorIdOf(actor), details: { word: folded }, addressHash: addressOf(actor) }, trx, now);
    });
  }

  /** The bans, newest first: what kind, why, when and by whom — never the hashed value, which would only help someone guess it. */
  async listBans(actor: Actor): Promise<CommentBan[]> {
    this.assertModerator(actor);
    const rows = await this.db
      .selectFrom('comment_bans as b')
      .leftJoin('users as u', 'u.id', 'b.created_by')
      .select(['b.id', 'b.kind', 'b.reason', 'b.created_at', 'u.id as user_id', 'u.display_name'])
      .orderBy('b.created_at', 'desc')
      .orderBy('b.id', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      reason: r.reason,
      createdAt: r.created_at,
      createdBy: r.user_id !== null && r.display_name !== null ? { id: r.user_id, displayName: r.display_name } : null,
    }));
  }

  /** Lifts a ban: the email or address may post again (still through every other check). */
  async unban(actor: Actor, banId: number): Promise<void> {
    this.assertModerator(actor);
    const now = this.clock.now();
    await this.changes.transaction(async (trx) => {
      const ban = await trx.selectFrom('comment_bans').select(['id', 'kind']).where('id', '=', banId).executeTakeFirst();
      // Counted by the delete, so that two moderators lifting one ban record it once.
      const deleted = ban ? await trx.deleteFrom('comment_bans').where('id', '=', banId).executeTakeFirst() : undefined;
      if (!ban || Number(deleted?.numDeletedRows ?? 0) === 0) throw new CommentError('BAN_NOT_FOUND', `There is no ban ${banId}.`);
      await this.audit.record({ action: 'comment.ban_removed', actorId: actorIdOf(actor), subject: { type: 'comment_ban', id: banId }, details: { kind: ban.kind }, addressHash: addressOf(actor) }, trx, now);
    });
  }

  /** Every section's own comment setting, by edition then name (null: the default, pre-moderated and never closing). */
  async listSectionSettings(actor: Actor): Promise<SectionCommentSettings[]> {
    this.assertModerator(actor);
    const rows = await this.db
      .selectFrom('sections')
      .select(['id', 'edition_code', 'name', 'slug', 'comment_policy', 'comment_close_days'])
      .orderBy('edition_code')
      .orderBy('name')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ id: r.id, editionCode: r.edition_code, name: r.name, slug: r.slug, policy: r.comment_policy, closeDays: r.comment_close_days }));
  }

  /** A story's own comment setting beside its section's, and what applies to it; `STORY_NOT_FOUND` for none or a deleted one. */
  async getStorySettings(actor: Actor, storyId: number): Promise<StoryCommentSettings> {
    this.assertConfigurer(actor);
    const row = await this.db
      .selectFrom('stories as s')
      .leftJoin('sections as sec', 'sec.id', 's.section_id')
      .select([
        's.id',
        's.edition_code',
        's.code',
        's.slug',
        's.headline',
        's.status',
        's.published_at',
        's.comment_policy',
        's.comment_close_days',
        'sec.name as section_name',
        'sec.comment_policy as section_policy',
        'sec.comment_close_days as section_close_days',
      ])
      .where('s.id', '=', storyId)
      .where('s.deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw new CommentError('STORY_NOT_FOUND', 'There is no such story.');
    return {
      id: row.id,
      editionCode: row.edition_code,
      code: row.code,
      slug: row.slug,
      headline: row.headline,
      isPublished: row.status === 'published',
      policy: row.comment_policy,
      closeDays: row.comment_close_days,
      section: row.section_name === null ? null : { name: row.section_name, policy: row.section_policy, closeDays: row.section_close_days },
      applies: settingsOf(row, this.clock.now()),
    };
  }

  /**
   * Sets a story's own policy and close days (null: the section's), with an audit entry in the same
   * transaction. Returns whether anything changed.
   * @example await comments.setStoryPolicy(personActor(editor), 42, 'closed', null)
   */
  async setStoryPolicy(actor: Actor, storyId: number, policy: CommentPolicy | null, closeDays: number | null = null): Promise<boolean> {
    return this.setPolicy(actor, 'stories', storyId, policy, closeDays);
  }

  /**
   * Sets a section's policy and close days (null: pre-moderated, never closing), with an audit entry in
   * the same transaction. Returns whether anything changed.
   * @example await comments.setSectionPolicy(personActor(editor), 3, 'post_moderated', 7)
   */
  async setSectionPolicy(actor: Actor, sectionId: number, policy: CommentPolicy | null, closeDays: number | null = null): Promise<boolean> {
    return this.setPolicy(actor, 'sections', sectionId, policy, closeDays);
  }

  private async setPolicy(actor: Actor, table: 'stories' | 'sections', id: number, policy: CommentPolicy | null, closeDays: number | null): Promise<boolean> {
    this.assertConfigurer(actor);
    if (policy !== null && !isCommentPolicy(policy)) throw new CommentError('SETTINGS_INVALID', 'Choose one of the policies.', 'policy');
    if (closeDays !== null && (!Number.isSafeInteger(closeDays) || closeDays < 1 || closeDays > commentLimits.closeDaysMax)) {
      throw new CommentError('SETTINGS_INVALID', `Enter a whole number of days from 1 to ${commentLimits.closeDaysMax.toLocaleString('en')}, or nothing.`, 'closeDays');
    }
    const now = this.clock.now();
    return this.changes.transaction(async (trx) => {
      const before =
        table === 'stories'
          ? await trx.selectFrom('stories').select(['comment_policy', 'comment_close_days']).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst()
          : await trx.selectFrom('sections').select(['comment_policy', 'comment_close_days']).where('id', '=', id).executeTakeFirst();
      if (!before) throw table === 'stories' ? new CommentError('STORY_NOT_FOUND', 'There is no such story.') : new CommentError('SECTION_NOT_FOUND', 'There is no such section.');
      if (before.comment_policy === policy && before.comment_close_days === closeDays) return false;
      await trx.updateTable(table).set({ comment_policy: policy, comment_close_days: closeDays }).where('id', '=', id).execute();
      if (table === 'stories') await recordThreadChange(trx, id, now, { change: 'policy' });
      else await recordSectionPolicyChange(trx, id, now);
      await this.audit.record(
        {
          action: 'comment.settings_changed',
          actorId: actorIdOf(actor),
          subject: { type: table === 'stories' ? 'story' : 'section', id },
          details: { from: { policy: before.comment_policy, closeDays: before.comment_close_days }, to: { policy, closeDays } },
          addressHash: addressOf(actor),
        },
        trx,
        now,
      );
      return true;
    });
  }

  private async addBan(actor: Actor, kind: 'email' | 'address', valueHash: string, reason: string, details: Record<string, unknown>): Promise<void> {
    const now = this.clock.now();
    await this.changes.transaction(async (trx) => {
      await trx
        .insertInto('comment_bans')
        .values({ kind, value_hash: valueHash, reason: reason.trim().slice(0, 500), created_at: now.toISOString(), created_by: actorIdOf(actor) })
        .onConflict((oc) => oc.columns(['kind', 'value_hash']).doNothing())
        .execute();
      await this.audit.record({ action: 'comment.ban_added', actorId: actorIdOf(actor), details: { kind, ...details }, addressHash: addressOf(actor) }, trx, now);
    });
  }

  private assertModerator(actor: Actor): void {
    if (actor.kind === 'person' && !can(actor.user, 'comment.moderate')) {
      throw new CommentError('FORBIDDEN', 'Your role does not allow moderating comments.');
    }
  }

  private assertConfigurer(actor: Actor): void {
    if (actor.kind === 'person' && !can(actor.user, 'comment.configure')) {
      throw new CommentError('FORBIDDEN', 'Your role does not allow changing comment settings.');
    }
  }

  private verifyFormToken(editionCode: string, storyCode: number, token: string, now: Date): number {
    const [issuedText = '', signature = ''] = token.split('.');
    const issuedAt = /^[0-9a-z]{1,12}$/.test(issuedText) ? parseInt(issuedText, 36) : Number.NaN;
    const expected = this.keys.sign('csrf', `comment:${editionCode}:${storyCode}:${issuedText}`);
    if (!Number.isFinite(issuedAt) || !constantTimeEqual(expected, signature) || now.getTime() - issuedAt > commentLimits.formMaxAgeMs) {
      throw new CommentError('FORM_EXPIRED', 'This form has expired: reload the page and send your comment again.');
    }
    return issuedAt;
  }

  /**
   * Writes the post down first and then counts the ones before it, so a burst of parallel posts
   * cannot all pass the count before any is recorded; a refused post is taken back so hammering does
   * not extend the wait. Rows older than the window are pruned as posts arrive.
   */
  private async takeRateSlot(addressHash: string, storyId: number, now: Date): Promise<void> {
    const since = new Date(now.getTime() - commentLimits.windowMs).toISOString();
    await this.db.deleteFrom('comment_posts').where('posted_at', '<', since).execute();
    const { id } = await this.db.insertInto('comment_posts').values({ address_hash: addressHash, story_id: storyId, posted_at: now.toISOString() }).returning('id').executeTakeFirstOrThrow();
    const earlier = (column: 'address_hash' | 'story_id', value: string | number) =>
      this.db
        .selectFrom('comment_posts')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where(column, '=', value)
        .where('posted_at', '>=', since)
        .where('id', '<', id)
        .executeTakeFirstOrThrow();
    const [byAddress, byStory] = await Promise.all([earlier('address_hash', addressHash), earlier('story_id', storyId)]);
    if (Number(byAddress.n) >= commentLimits.perAddressPerWindow || Number(byStory.n) >= commentLimits.perStoryPerWindow) {
      await this.db.deleteFrom('comment_posts').where('id', '=', id).execute();
      throw new CommentError('RATE_LIMITED', 'You are commenting too fast: wait a minute and try again.', undefined, Math.ceil(commentLimits.windowMs / 1000));
    }
  }

  private async findBannedWord(text: string): Promise<string | undefined> {
    const words = await this.db.selectFrom('banned_words').select('word').execute();
    const folded = text.toLowerCase();
    // Whole words only, in any script: "ass" must not hold "assessment".
    return words.map((w) => w.word).find((word) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, 'u').test(folded));
  }

  private async hasApprovedComment(emailHash: string): Promise<boolean> {
    const row = await this.db.selectFrom('comments').select('id').where('email_hash', '=', emailHash).where('status', '=', 'approved').limit(1).executeTakeFirst();
    return row !== undefined;
  }

  private async findStory(executor: Kysely<Database>, editionCode: string, code: number) {
    return executor
      .selectFrom('stories as s')
      .leftJoin('sections as sec', 'sec.id', 's.section_id')
      .select(['s.id', 's.published_at', 's.comment_policy', 's.comment_close_days', 'sec.comment_policy as section_policy', 'sec.comment_close_days as section_close_days'])
      .where('s.edition_code', '=', editionCode)
      .where('s.code', '=', code)
      .where('s.status', '=', 'published')
      .where('s.deleted_at', 'is', null)
      .executeTakeFirst();
  }
}

interface StoryPolicyRow {
  published_at: string | null;
  comment_policy: CommentPolicy | null;
  comment_close_days: number | null;
  section_policy: CommentPolicy | null;
  section_close_days: number | null;
}

/** The story's own setting wins, then its section's; the seed site pre-moderates everything. */
function settingsOf(row: StoryPolicyRow, now: Date): CommentSettings {
  const policy = row.comment_policy ?? row.section_policy ?? 'pre_moderated';
  const closeDays = row.comment_close_days ?? row.section_close_days ?? null;
  const isPastClose = closeDays !== null && row.published_at !== null && now.getTime() > Date.parse(row.published_at) + closeDays * 86_400_000;
  return { policy, closeDays, isOpen: policy !== 'closed' && !isPastClose };
}

/**
 * The story's page shows its approved comments and its form: both change with the thread and its policy.
 * The subject says which change it was, and of which comment: webhooks send `comment.approved` from it.
 */
async function recordThreadChange(
  trx: Transaction<Database>,
  storyId: number,
  now: Date,
  subject: { change: 'comment_approved' | 'comment_withdrawn' | 'comment_edited' | 'policy'; commentId?: number },
): Promise<void> {
  const story = await trx.selectFrom('stories').select(['edition_code', 'code', 'status', 'slug', 'headline']).where('id', '=', storyId).executeTakeFirst();
  if (!story || story.status !== 'published') return;
  const code = Number(story.code);
  await recordChange(
    trx,
    { kind: 'story.comments_changed', editionCode: story.edition_code, storyCode: code, keys: [cacheKeys.storyPage(story.edition_code, code)], subject: { ...subject, storyId, slug: story.slug, headline: story.headline, isPublic: true } },
    now,
  );
}

/** A section's policy reaches every story page of the section that has no policy of its own: rare, so the edition's pages all go. */
async function recordSectionPolicyChange(trx: Transaction<Database>, sectionId: number, now: Date): Promise<void> {
  const section = await trx.selectFrom('sections').select('edition_code').where('id', '=', sectionId).executeTakeFirst();
  if (!section) return;
  await recordChange(trx, { kind: 'section.changed', editionCode: section.edition_code, keys: [cacheKeys.edition(section.edition_code)], subject: { sectionId } }, now);
}


function addressOf(actor: Actor): string | null {
  return actor.kind === 'person' ? actor.addressHash : null;
}

function constantTimeEqual(a: string, b: string): boolean {
  // Both are base64url HMACs; comparing every character regardless of where they differ.
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function toQueueComment(r: {
  id: number;
  status: CommentStatus;
  author_name: string;
  email: string;
  body: string;
  created_at: string;
  held_reason: string | null;
  parent_id: number | null;
  story_id: number;
  edition_code: string;
  code: number;
  slug: string;
  headline: string;
}): QueueComment {
  return {
    id: r.id,
    status: r.status,
    authorName: r.author_name,
    email: r.email,
    body: r.body,
    createdAt: r.created_at,
    heldReason: r.held_reason,
    parentId: r.parent_id,
    story: { id: r.story_id, editionCode: r.edition_code, code: r.code, slug: r.slug, headline: r.headline },
  };
}
