import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { SiteKeys } from '../accounts/site-keys.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ChangeFeed } from '../changes/index.ts';
import type { Clock } from '../clock/clock.ts';
import { CommentBans } from './comment-bans.ts';
import { CommentModeration } from './comment-moderation.ts';
import { CommentPosting } from './comment-posting.ts';
import { CommentSettingsService } from './comment-settings-service.ts';

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

  formToken(...args: Parameters<CommentPosting['formToken']>): ReturnType<CommentPosting['formToken']> {
    return this.posting.formToken(...args);
  }

  formTokenToSendAgain(...args: Parameters<CommentPosting['formTokenToSendAgain']>): ReturnType<CommentPosting['formTokenToSendAgain']> {
    return this.posting.formTokenToSendAgain(...args);
  }

  settingsFor(...args: Parameters<CommentPosting['settingsFor']>): ReturnType<CommentPosting['settingsFor']> {
    return this.posting.settingsFor(...args);
  }

  post(...args: Parameters<CommentPosting['post']>): ReturnType<CommentPosting['post']> {
    return this.posting.post(...args);
  }

  listApproved(...args: Parameters<CommentPosting['listApproved']>): ReturnType<CommentPosting['listApproved']> {
    return this.posting.listApproved(...args);
  }

  /* Moderation. */

  listQueue(...args: Parameters<CommentModeration['listQueue']>): ReturnType<CommentModeration['listQueue']> {
    return this.moderation.listQueue(...args);
  }

  countQueue(...args: Parameters<CommentModeration['countQueue']>): ReturnType<CommentModeration['countQueue']> {
    return this.moderation.countQueue(...args);
  }

  listQueueStories(...args: Parameters<CommentModeration['listQueueStories']>): ReturnType<CommentModeration['listQueueStories']> {
    return this.moderation.listQueueStories(...args);
  }

  findQueueStory(...args: Parameters<CommentModeration['findQueueStory']>): ReturnType<CommentModeration['findQueueStory']> {
    return this.moderation.findQueueStory(...args);
  }

  findQueueComment(...args: Parameters<CommentModeration['findQueueComment']>): ReturnType<CommentModeration['findQueueComment']> {
    return this.moderation.findQueueComment(...args);
  }

  moderate(...args: Parameters<CommentModeration['moderate']>): ReturnType<CommentModeration['moderate']> {
    return this.moderation.moderate(...args);
  }

  edit(...args: Parameters<CommentModeration['edit']>): ReturnType<CommentModeration['edit']> {
    return this.moderation.edit(...args);
  }

  /* Bans and banned words. */

  banAuthorOf(...args: Parameters<CommentBans['banAuthorOf']>): ReturnType<CommentBans['banAuthorOf']> {
    return this.bans.banAuthorOf(...args);
  }

  banEmail(...args: Parameters<CommentBans['banEmail']>): ReturnType<CommentBans['banEmail']> {
    return this.bans.banEmail(...args);
  }

  addBannedWord(...args: Parameters<CommentBans['addBannedWord']>): ReturnType<CommentBans['addBannedWord']> {
    return this.bans.addBannedWord(...args);
  }

  listBannedWords(...args: Parameters<CommentBans['listBannedWords']>): ReturnType<CommentBans['listBannedWords']> {
    return this.bans.listBannedWords(...args);
  }

  removeBannedWord(...args: Parameters<CommentBans['removeBannedWord']>): ReturnType<CommentBans['removeBannedWord']> {
    return this.bans.removeBannedWord(...args);
  }

  listBans(...args: Parameters<CommentBans['listBans']>): ReturnType<CommentBans['listBans']> {
    return this.bans.listBans(...args);
  }

  unban(...args: Parameters<CommentBans['unban']>): ReturnType<CommentBans['unban']> {
    return this.bans.unban(...args);
  }

  /* Settings. */

  listSectionSettings(...args: Parameters<CommentSettingsService['listSectionSettings']>): ReturnType<CommentSettingsService['listSectionSettings']> {
    return this.settings.listSectionSettings(...args);
  }

  getStorySettings(...args: Parameters<CommentSettingsService['getStorySettings']>): ReturnType<CommentSettingsService['getStorySettings']> {
    return this.settings.getStorySettings(...args);
  }

  setStoryPolicy(...args: Parameters<CommentSettingsService['setStoryPolicy']>): ReturnType<CommentSettingsService['setStoryPolicy']> {
    return this.settings.setStoryPolicy(...args);
  }

  setSectionPolicy(...args: Parameters<CommentSettingsService['setSectionPolicy']>): ReturnType<CommentSettingsService['setSectionPolicy']> {
    return this.settings.setSectionPolicy(...args);
  }
}
