import type { DatabaseHandle } from './db/open-database.ts';
import { PasswordHasher } from './modules/accounts/password-hasher.ts';
import { SessionService } from './modules/accounts/session-service.ts';
import { SignInService } from './modules/accounts/sign-in-service.ts';
import { SignInThrottle } from './modules/accounts/sign-in-throttle.ts';
import { SiteKeys } from './modules/accounts/site-keys.ts';
import { UserService } from './modules/accounts/user-service.ts';
import { AuditLog } from './modules/audit/audit-log.ts';
import { systemClock, type Clock } from './modules/clock/clock.ts';
import { CommentService } from './modules/comments/index.ts';
import { CorrectionService } from './modules/corrections/index.ts';
import { CurationService } from './modules/curation/index.ts';
import { EditionService } from './modules/editions/edition-service.ts';
import { MediaService, type MediaServiceOptions } from './modules/media/index.ts';
import { StoryWorkflow } from './modules/newsroom/index.ts';
import { SearchService } from './modules/search/search-service.ts';
import { StoryQueries } from './modules/stories/story-queries.ts';
import { StoryStore } from './modules/stories/story-store.ts';

/** Every service, made once at boot with its dependencies; HTTP, the CLI and tests share them. */
export interface Services {
  database: DatabaseHandle;
  editions: EditionService;
  stories: StoryStore;
  storyQueries: StoryQueries;
  users: UserService;
  sessions: SessionService;
  signIn: SignInService;
  audit: AuditLog;
  siteKeys: SiteKeys;
  /** Lead, Featured Stories and pinned related stories (issue 3, §6). */
  curation: CurationService;
  /** Corrections and updates on stories (issue 3, §5). */
  corrections: CorrectionService;
  /** Full-text search of published stories: the newsroom finds stories to curate with it. */
  search: SearchService;
  /** The newsroom's drafts, saves, revisions and publishing steps (issue 3, §3–5). */
  storyWorkflow: StoryWorkflow;
  /** Readers' comments and their moderation (issue 4). */
  comments: CommentService;
  /** The picture library and the variants readers download (issue 11). */
  media: MediaService;
  /** "Now" for services that decide by the time; tests pass one they can move. */
  clock: Clock;
}

export interface ServiceOptions {
  clock?: Clock;
  /** How old this process's copy of the editions may grow before it is read again (EDITION_CACHE_MS). */
  editionCacheMs?: number;
  /** When an upload's common variants are made (MediaServiceOptions.warm). */
  mediaWarm?: MediaServiceOptions['warm'];
}

export async function createServices(database: DatabaseHandle, options: ServiceOptions = {}): Promise<Services> {
  const clock = options.clock ?? systemClock;
  const audit = new AuditLog(database.db);
  const editions = new EditionService(database.db, audit, options.editionCacheMs);
  await editions.ensure('en');
  await editions.load();
  const siteKeys = await SiteKeys.load(database.db);
  const passwords = await PasswordHasher.create();
  const users = new UserService(database.db, passwords, audit);
  const sessions = new SessionService(database.db);
  const signIn = new SignInService(users, sessions, new SignInThrottle(database.db), passwords, audit, siteKeys);
  const search = await SearchService.create(database.db);
  return {
    database,
    editions,
    stories: new StoryStore(database.db),
    storyQueries: new StoryQueries(database.db),
    users,
    sessions,
    signIn,
    audit,
    siteKeys,
    curation: new CurationService(database.db, audit, search),
    corrections: new CorrectionService(database.db, audit),
    search,
    storyWorkflow: new StoryWorkflow(database.db, editions, audit, clock),
    comments: new CommentService(database.db, siteKeys, audit, clock),
    media: new MediaService(database.db, audit, clock, { warm: options.mediaWarm }),
    clock,
  };
}
