import type { DatabaseHandle } from './db/open-database.ts';
import type { MigrationSteps } from './db/migrations/index.ts';
import { PasswordHasher, type PasswordCost } from './modules/accounts/password-hasher.ts';
import { SessionService } from './modules/accounts/session-service.ts';
import { SetupCode } from './modules/accounts/setup-code.ts';
import { SignInService } from './modules/accounts/sign-in-service.ts';
import { SignInThrottle } from './modules/accounts/sign-in-throttle.ts';
import { SiteKeys } from './modules/accounts/site-keys.ts';
import { UserService } from './modules/accounts/user-service.ts';
import { ApiKeyService } from './modules/api-keys/index.ts';
import { AuditLog } from './modules/audit/audit-log.ts';
import { ChangeFeed } from './modules/changes/index.ts';
import { systemClock, type Clock } from './modules/clock/clock.ts';
import { CommentService } from './modules/comments/index.ts';
import { CorrectionService } from './modules/corrections/index.ts';
import { CurationService } from './modules/curation/index.ts';
import { EditionService } from './modules/editions/edition-service.ts';
import { SiteFigures } from './modules/figures/site-figures.ts';
import { MediaService, type MediaServiceOptions } from './modules/media/index.ts';
import { NewsroomDashboard, StoryWorkflow } from './modules/newsroom/index.ts';
import { rebuildDiscoveryIndexes } from './modules/search/rebuild-discovery-indexes.ts';
import { SearchService } from './modules/search/search-service.ts';
import { SitePageService } from './modules/site-pages/index.ts';
import { StoryQueries } from './modules/stories/story-queries.ts';
import { StoryStore } from './modules/stories/story-store.ts';
import { TaxonomyService } from './modules/taxonomy/index.ts';
import { WebhookService, type TargetPolicy } from './modules/webhooks/index.ts';

/** Every service, made once at boot with its dependencies; HTTP, the CLI and tests share them. */
export interface Services {
  database: DatabaseHandle;
  editions: EditionService;
  stories: StoryStore;
  storyQueries: StoryQueries;
  users: UserService;
  sessions: SessionService;
  signIn: SignInService;
  /** The one-time code first-run setup asks for (printed at start, `dateline setup-code`). */
  setupCode: SetupCode;
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
  /** What waits for each person: the newsroom's front page. */
  dashboard: NewsroomDashboard;
  /** Readers' comments and their moderation (issue 4). */
  comments: CommentService;
  /** The picture library and the variants readers download (issue 11). */
  media: MediaService;
  /** Sections, tags and authors as the newsroom manages them (issue 15, §2). */
  taxonomy: TaxonomyService;
  /** An edition's own pages and footer links (issue 15, §1). */
  sitePages: SitePageService;
  /** "Now" for services that decide by the time; tests pass one they can move. */
  clock: Clock;
  /** Committed public changes, in order, from this process and every other on the database (docs/decisions/009). */
  changes: ChangeFeed;
  /** Site-wide figures read from the database: /metrics gauges, whether any story exists. */
  figures: SiteFigures;
  /** Webhook endpoints and their deliveries (docs/decisions/020-webhooks.md); sent by src/jobs/webhook-deliverer.ts. */
  webhooks: WebhookService;
  /** Which addresses webhooks may reach: the deliverer sends by the same rule the newsroom registers by. */
  webhookTargets: TargetPolicy;
  /** Keys of the content API and of staff automation (docs/decisions/019-content-api-and-keys.md). */
  apiKeys: ApiKeyService;
}

/**
 * What migrations need from the services' layer: migration 002 indexes stories already published with the
 * write path's own code, and migration 026 indexes them again for search. Pass it wherever a site's database
 * is opened or migrated.
 * @example await openDatabase(target, { migrationSteps })
 */
export const migrationSteps: MigrationSteps = {
  indexStories: (db) => rebuildDiscoveryIndexes(db),
  reindexSearch: (db) => rebuildDiscoveryIndexes(db, { related: false }),
};

export interface ServiceOptions {
  clock?: Clock;
  /** How often the change feed looks for other processes' changes (default: 200 ms on SQLite, 1 s on PostgreSQL). */
  changePollMs?: number;
  onBackgroundError?: (error: unknown) => void;
  /** When an upload's common variants are made (MediaServiceOptions.warm). */
  mediaWarm?: MediaServiceOptions['warm'];
  /** argon2id's cost (default `standard`); `test-only` is for the test suite's throwaway sites. */
  passwordCost?: PasswordCost;
  /** Webhooks may reach private, loopback and link-local addresses (WEBHOOK_ALLOW_PRIVATE=1): tests, intranets. */
  webhookAllowPrivate?: boolean;
  /** The site's own `host[:port]`, never a webhook's target (the public URL's). */
  ownHosts?: readonly string[];
}

export async function createServices(database: DatabaseHandle, options: ServiceOptions = {}): Promise<Services> {
  const clock = options.clock ?? systemClock;
  const audit = new AuditLog(database.db);
  const changes = new ChangeFeed(database, { pollMs: options.changePollMs, onError: options.onBackgroundError });
  const editions = new EditionService(database.db, changes, audit);
  // Settings, new editions, and the pages and links in footers, made here or on another app server: read them
  // again, off any request's path.
  changes.subscribe(async (events) => {
    if (events.some((e) => /^(edition|page|footer)\./u.test(e.kind))) await editions.load();
  });
  await editions.ensure('en');
  await editions.load();
  const siteKeys = await SiteKeys.load(database.db);
  const passwords = await PasswordHasher.create(options.passwordCost);
  const users = new UserService(database.db, passwords, audit);
  const sessions = new SessionService(database.db);
  const signIn = new SignInService(users, sessions, new SignInThrottle(database.db), passwords, audit, siteKeys);
  const search = await SearchService.create(database.db);
  const webhookTargets: TargetPolicy = { allowPrivate: options.webhookAllowPrivate ?? false, ownHosts: options.ownHosts ?? [] };
  return {
    database,
    editions,
    stories: new StoryStore(database.db, changes),
    storyQueries: new StoryQueries(database.db),
    users,
    sessions,
    signIn,
    setupCode: new SetupCode(database.db),
    audit,
    siteKeys,
    curation: new CurationService(database.db, changes, audit, search),
    corrections: new CorrectionService(database.db, changes, audit),
    search,
    storyWorkflow: new StoryWorkflow(database.db, changes, editions, audit, clock),
    dashboard: new NewsroomDashboard(database.db),
    comments: new CommentService(database.db, changes, siteKeys, audit, clock),
    media: new MediaService(database.db, changes, audit, clock, { warm: options.mediaWarm }),
    taxonomy: new TaxonomyService(database.db, changes, audit, clock),
    sitePages: new SitePageService(database.db, changes, audit, clock),
    clock,
    changes,
    figures: new SiteFigures(database.db, clock),
    webhooks: new WebhookService(database.db, audit, clock, { policy: webhookTargets }),
    webhookTargets,
    apiKeys: new ApiKeyService(database.db, users, audit, clock),
  };
}
