import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { commentLines, countCommentLinks, normalizeCommentName, normalizeCommentText } from '../../content/comment-text.ts';
import type { Database } from '../../db/schema.ts';
import type { SiteKeys } from '../accounts/site-keys.ts';
import type { ChangeFeed } from '../changes/index.ts';
import type { Clock } from '../clock/clock.ts';
import { adjustCommentCount } from '../stories/story-store.ts';
import { commentEmailHash, isBanned } from './comment-bans.ts';
import { CommentError } from './comment-errors.ts';
import { checkCommentBody, commentLimits, foldForMatching, hasVisibleText } from './comment-limits.ts';
import { settingsOf } from './comment-settings-service.ts';
import type { CommentOrder, CommentSettings, CommentSubmission, CommentThreadPage, ImportedComment, PostedComment, PublicComment } from './comment-types.ts';
import { recordThreadChange } from './record-thread-change.ts';

const HOUR_MS = 60 * 60 * 1000;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

/** The reader's side of comments: the form's token, posting with every abuse check in a fixed order, the approved thread. */
export class CommentPosting {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed,
    private readonly keys: SiteKeys,
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
    const story = await this.findStory(editionCode, storyCode);
    return story ? settingsOf(story, this.clock.now()) : undefined;
  }

  /** Posts a reader's comment, or throws a `CommentError` saying why not. */
  async post(input: CommentSubmission): Promise<PostedComment> {
    const now = this.clock.now();
    const story = await this.findStory(input.editionCode, input.storyCode);
    if (!story) throw new CommentError('STORY_NOT_FOUND', 'There is no such story.');
    // 1. Closed?
    if (!settingsOf(story, now).isOpen) throw new CommentError('COMMENTS_CLOSED', 'Comments on this story are closed.');
    // 2. The form: its token, the honeypot, the time taken to fill it.
    const issuedAt = this.verifyFormToken(input.editionCode, input.storyCode, input.formToken, now);
    if (input.honeypot !== '') throw new CommentError('COMMENT_REFUSED', 'Your comment could not be accepted.');
    if (now.getTime() - issuedAt < commentLimits.minFillMs) throw new CommentError('TOO_FAST', 'That was quick: please check your comment and send it again.');
    // 3. Rate limits, before anything costly.
    await this.takeRateSlot(input.addressHash, story.id, now);
    // 4. Bans. Said like the honeypot: a banned poster learns nothing about why.
    const email = foldForMatching(input.email);
    const emailHash = commentEmailHash(this.keys, email);
    if (await isBanned(this.db, emailHash, input.addressHash)) throw new CommentError('BANNED', 'Your comment could not be accepted.');
    // 5. Validation.
    const name = normalizeCommentName(input.name);
    if (!hasVisibleText(name)) throw new CommentError('COMMENT_INVALID', 'Enter your name.', 'name');
    if ([...name].length > commentLimits.nameMaxLength) throw new CommentError('COMMENT_INVALID', `Your name can be at most ${commentLimits.nameMaxLength} characters.`, 'name');
    if (email.length > commentLimits.emailMaxLength || !EMAIL_PATTERN.test(email)) throw new CommentError('COMMENT_INVALID', 'Enter an email address like name@example.org.', 'email');
    const body = checkCommentBody(input.body);
    if (input.parentId !== undefined) {
      const parent = await this.db.selectFrom('comments').select(['story_id', 'parent_id', 'status']).where('id', '=', input.parentId).executeTakeFirst();
      if (!parent || parent.story_id !== story.id || parent.parent_id !== null || parent.status !== 'approved') {
        throw new CommentError('COMMENT_INVALID', 'The comment you are replying to is not there.', 'parent');
      }
    }
    // 6. Duplicates: the same words from the same person (by email or address) on the same story.
    const bodyHash = commentBodyHash(body);
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

  /**
   * Readers' comments that were approved on the site a story came from, stored approved on the story inside
   * the import's own transaction (`trx`). Replies hang under their top-level comment (threads are one level
   * deep here); a comment already there (the same words at the same time) is not added again, so a second
   * import adds only what is new. Returns how many were added.
   */
  async addImported(trx: Transaction<Database>, storyId: number, comments: readonly ImportedComment[], now: Date): Promise<number> {
    const topOf = new Map<string, number>();
    const parentOf = new Map(comments.map((c) => [c.sourceId, c.sourceParentId]));
    const rootOf = (id: string): string => {
      let current = id;
      for (let hops = 0; hops < 100; hops++) {
        const parent = parentOf.get(current);
        if (parent === undefined || parent === null || !parentOf.has(parent)) return current;
        current = parent;
      }
      return current;
    };
    let added = 0;
    // Parents before their replies: oldest first.
    for (const comment of [...comments].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
      const body = normalizeCommentText(comment.body);
      if (!hasVisibleText(body)) continue;
      const name = normalizeCommentName(comment.authorName) || 'Anonymous';
      const email = foldForMatching(comment.email);
      const bodyHash = commentBodyHash(body);
      const existing = await trx.selectFrom('comments').select('id').where('story_id', '=', storyId).where('body_hash', '=', bodyHash).where('created_at', '=', comment.createdAt).executeTakeFirst();
      const root = rootOf(comment.sourceId);
      const parentId = root === comment.sourceId ? null : (topOf.get(root) ?? null);
      if (existing) {
        if (parentId === null) topOf.set(comment.sourceId, existing.id);
        continue;
      }
      const row = await trx
        .insertInto('comments')
        .values({
          story_id: storyId,
          parent_id: parentId,
          author_name: [...name].slice(0, commentLimits.nameMaxLength).join(''),
          email,
          email_hash: commentEmailHash(this.keys, email),
          // Imported comments came from no address of ours: one keyed value for all, never a reader's.
          address_hash: this.keys.hash('account', 'comment-address:imported'),
          body,
          body_hash: bodyHash,
          status: 'approved',
          held_reason: null,
          created_at: comment.createdAt,
          moderated_at: now.toISOString(),
          moderated_by: null,
          edited_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (parentId === null) topOf.set(comment.sourceId, row.id);
      added++;
    }
    if (added > 0) {
      await adjustCommentCount(trx, storyId, added);
      await recordThreadChange(trx, storyId, now, { change: 'comments_imported' });
    }
    return added;
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

  private async findStory(editionCode: string, code: number) {
    return this.db
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

/** What finds the same words again: case and runs of white space do not count. */
function commentBodyHash(body: string): string {
  return createHash('sha256').update(body.toLowerCase().replace(/\s+/gu, ' ')).digest('hex');
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
