import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { actorIdOf, type Actor } from '../accounts/account-types.ts';
import type { SiteKeys } from '../accounts/site-keys.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ChangeFeed } from '../changes/index.ts';
import type { Clock } from '../clock/clock.ts';
import { addressOf, assertMayModerate } from './comment-access.ts';
import { CommentError } from './comment-errors.ts';
import { foldForMatching, hasVisibleText } from './comment-limits.ts';
import { commentProblems as problems } from './comment-problems.ts';
import type { CommentBan } from './comment-types.ts';

/** The longest banned word: a word, not a sentence. */
const BANNED_WORD_MAX_LENGTH = 100;

/** Keeping abusers out: bans on an email or a network address (stored only as hashes), and words that hold a comment. */
export class CommentBans {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed,
    private readonly keys: SiteKeys,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Bans the email or the address of a comment's author; only hashes are stored. */
  async banAuthorOf(actor: Actor, commentId: number, kind: 'email' | 'address', reason: string): Promise<void> {
    assertMayModerate(actor);
    const row = await this.db.selectFrom('comments').select(['email_hash', 'address_hash']).where('id', '=', commentId).executeTakeFirst();
    if (!row) throw new CommentError('COMMENT_NOT_FOUND', problems.commentNotFound(commentId));
    await this.addBan(actor, kind, kind === 'email' ? row.email_hash : row.address_hash, reason, { commentId });
  }

  /** Bans an email address typed by a moderator. */
  async banEmail(actor: Actor, email: string, reason: string): Promise<void> {
    assertMayModerate(actor);
    await this.addBan(actor, 'email', commentEmailHash(this.keys, foldForMatching(email)), reason, {});
  }

  /** Adds a word that holds any comment containing it for moderation. */
  async addBannedWord(actor: Actor, word: string): Promise<void> {
    assertMayModerate(actor);
    const folded = foldForMatching(word);
    if (!hasVisibleText(folded) || folded.length > BANNED_WORD_MAX_LENGTH) throw new CommentError('COMMENT_INVALID', problems.wordInvalid(BANNED_WORD_MAX_LENGTH), 'word');
    const now = this.clock.now();
    await this.changes.transaction(async (trx) => {
      await trx.insertInto('banned_words').values({ word: folded, created_at: now.toISOString() }).onConflict((oc) => oc.column('word').doNothing()).execute();
      await this.audit.record({ action: 'comment.banned_word_added', actorId: actorIdOf(actor), details: { word: folded }, addressHash: addressOf(actor) }, trx, now);
    });
  }

  /** The banned words, alphabetically. */
  async listBannedWords(actor: Actor): Promise<string[]> {
    assertMayModerate(actor);
    return (await this.db.selectFrom('banned_words').select('word').orderBy('word').execute()).map((r) => r.word);
  }

  /** Removes a banned word; comments it already holds stay pending until a moderator decides. */
  async removeBannedWord(actor: Actor, word: string): Promise<void> {
    assertMayModerate(actor);
    const folded = foldForMatching(word);
    const now = this.clock.now();
    await this.changes.transaction(async (trx) => {
      const deleted = await trx.deleteFrom('banned_words').where('word', '=', folded).executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) throw new CommentError('WORD_NOT_FOUND', problems.wordNotBanned(folded), 'word');
      await this.audit.record({ action: 'comment.banned_word_removed', actorId: actorIdOf(actor), details: { word: folded }, addressHash: addressOf(actor) }, trx, now);
    });
  }

  /** The bans, newest first: what kind, why, when and by whom — never the hashed value, which would only help someone guess it. */
  async listBans(actor: Actor): Promise<CommentBan[]> {
    assertMayModerate(actor);
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
    assertMayModerate(actor);
    const now = this.clock.now();
    await this.changes.transaction(async (trx) => {
      const ban = await trx.selectFrom('comment_bans').select(['id', 'kind']).where('id', '=', banId).executeTakeFirst();
      // Counted by the delete, so that two moderators lifting one ban record it once.
      const deleted = ban ? await trx.deleteFrom('comment_bans').where('id', '=', banId).executeTakeFirst() : undefined;
      if (!ban || Number(deleted?.numDeletedRows ?? 0) === 0) throw new CommentError('BAN_NOT_FOUND', problems.banNotFound(banId));
      await this.audit.record({ action: 'comment.ban_removed', actorId: actorIdOf(actor), subject: { type: 'comment_ban', id: banId }, details: { kind: ban.kind }, addressHash: addressOf(actor) }, trx, now);
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
}

/** How an email address (folded by `foldForMatching`) is kept: a keyed hash, never the address itself. */
export function commentEmailHash(keys: SiteKeys, foldedEmail: string): string {
  return keys.hash('account', `comment-email:${foldedEmail}`);
}

/** Whether a ban holds the poster's email or network address. */
export async function isBanned(db: Kysely<Database>, emailHash: string, addressHash: string): Promise<boolean> {
  const ban = await db
    .selectFrom('comment_bans')
    .select('id')
    .where((eb) => eb.or([eb.and([eb('kind', '=', 'email'), eb('value_hash', '=', emailHash)]), eb.and([eb('kind', '=', 'address'), eb('value_hash', '=', addressHash)])]))
    .executeTakeFirst();
  return ban !== undefined;
}
