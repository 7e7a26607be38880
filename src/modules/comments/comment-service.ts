import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../accounts/account-types.ts';
import type { SiteKeys } from '../accounts/site-keys.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ChangeFeed } from '../changes/index.ts';
import type { Clock } from '../clock/clock.ts';
import { CommentBans } from './comment-bans.ts';
import { CommentModeration } from './comment-moderation.ts';
import { CommentPosting } from './comment-posting.ts';
import { CommentSettingsService } from './comment-settings-service.ts';
import type {
  CommentBan,
  CommentOrder,
  CommentPolicy,
  CommentSettings,
  CommentStatus,
  CommentSubmission,
  CommentThreadPage,
  ModerationAction,
  PostedComment,
  QueueComment,
  QueueFilter,
  QueueStory,
  SectionCommentSettings,
  StoryCommentSettings,
} from './comment-types.ts';

/**
 * Readers' comments, made of four parts that each hold one job: posting and the approved thread
 * (`CommentPosting`, the reader's side), the moderation queue (`CommentModeration`), bans and banned words
 * (`CommentBans`), and where comments are open and how they are moderated (`CommentSettingsService`).
 * This service answers for all four, so HTTP, the CLI and tests know one name; the details are on each part.
 * @example const { status } = await comments.post({ editionCode: 'en', storyCode: 898945, name: 'Ana', email: 'ana@example.org', body: 'Thank you.', honeypot: '', formToken, addressHash })
 */
export class CommentService {
  private readonly posting: CommentPosting;
  private readonly moderation: CommentModeration;
  private readonly bans: CommentBans;
  private readonly settings: CommentSettingsService;

  constructor(db: Kysely<Database>, changes: ChangeFeed, keys: SiteKeys, audit: AuditLog, clock: Clock) {
    this.posting = new CommentPosting(db, changes, keys, clock);
    this.moderation = new CommentModeration(db, changes, audit, clock);
    this.bans = new CommentBans(db, changes, keys, audit, clock);
    this.settings = new CommentSettingsService(db, changes, audit, clock);
  }

  /* The reader's side. */

  formToken(editionCode: string, storyCode: number): string {
    return this.posting.formToken(editionCode, storyCode);
  }

  formTokenToSendAgain(editionCode: string, storyCode: number, sentToken: string): string {
    return this.posting.formTokenToSendAgain(editionCode, storyCode, sentToken);
  }

  settingsFor(editionCode: string, storyCode: number): Promise<CommentSettings | undefined> {
    return this.posting.settingsFor(editionCode, storyCode);
  }

  post(input: CommentSubmission): Promise<PostedComment> {
    return this.posting.post(input);
  }

  listApproved(storyId: number, page = 1, order: CommentOrder = 'newest'): Promise<CommentThreadPage> {
    return this.posting.listApproved(storyId, page, order);
  }

  /* Moderation. */

  listQueue(actor: Actor, filter: QueueFilter & { status: CommentStatus; page?: number }): Promise<{ items: QueueComment[]; total: number }> {
    return this.moderation.listQueue(actor, filter);
  }

  countQueue(actor: Actor, filter: QueueFilter): Promise<Record<CommentStatus, number>> {
    return this.moderation.countQueue(actor, filter);
  }

  listQueueStories(actor: Actor, filter: { status: CommentStatus; editionCode?: string }, limit = 100): Promise<QueueStory[]> {
    return this.moderation.listQueueStories(actor, filter, limit);
  }

  findQueueStory(actor: Actor, storyId: number): Promise<QueueStory | undefined> {
    return this.moderation.findQueueStory(actor, storyId);
  }

  findQueueComment(actor: Actor, id: number): Promise<QueueComment | undefined> {
    return this.moderation.findQueueComment(actor, id);
  }

  moderate(actor: Actor, ids: readonly number[], action: ModerationAction): Promise<number> {
    return this.moderation.moderate(actor, ids, action);
  }

  edit(actor: Actor, id: number, rawBody: string): Promise<void> {
    return this.moderation.edit(actor, id, rawBody);
  }

  /* Bans and banned words. */

  banAuthorOf(actor: Actor, commentId: number, kind: 'email' | 'address', reason: string): Promise<void> {
    return this.bans.banAuthorOf(actor, commentId, kind, reason);
  }

  banEmail(actor: Actor, email: string, reason: string): Promise<void> {
    return this.bans.banEmail(actor, email, reason);
  }

  addBannedWord(actor: Actor, word: string): Promise<void> {
    return this.bans.addBannedWord(actor, word);
  }

  listBannedWords(actor: Actor): Promise<string[]> {
    return this.bans.listBannedWords(actor);
  }

  removeBannedWord(actor: Actor, word: string): Promise<void> {
    return this.bans.removeBannedWord(actor, word);
  }

  listBans(actor: Actor): Promise<CommentBan[]> {
    return this.bans.listBans(actor);
  }

  unban(actor: Actor, banId: number): Promise<void> {
    return this.bans.unban(actor, banId);
  }

  /* Settings. */

  listSectionSettings(actor: Actor): Promise<SectionCommentSettings[]> {
    return this.settings.listSectionSettings(actor);
  }

  getStorySettings(actor: Actor, storyId: number): Promise<StoryCommentSettings> {
    return this.settings.getStorySettings(actor, storyId);
  }

  setStoryPolicy(actor: Actor, storyId: number, policy: CommentPolicy | null, closeDays: number | null = null): Promise<boolean> {
    return this.settings.setStoryPolicy(actor, storyId, policy, closeDays);
  }

  setSectionPolicy(actor: Actor, sectionId: number, policy: CommentPolicy | null, closeDays: number | null = null): Promise<boolean> {
    return this.settings.setSectionPolicy(actor, sectionId, policy, closeDays);
  }
}
