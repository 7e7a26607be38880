import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types. Instants are stored as ISO 8601 UTC text (`2020-11-20T08:14:00.000Z`) on both engines,
 * so that ordering and range queries read the same everywhere (see docs/decisions/002-instants-as-text.md).
 */
export interface Database {
  editions: EditionTable;
  sections: SectionTable;
  tags: TagTable;
  authors: AuthorTable;
  story_codes: StoryCodeTable;
  counters: CounterTable;
  stories: StoryTable;
  story_tags: StoryTagTable;
  story_authors: StoryAuthorTable;
  related_links: RelatedLinkTable;
  featured_entries: FeaturedEntryTable;
  site_keys: SiteKeyTable;
  users: UserTable;
  sessions: SessionTable;
  sign_in_attempts: SignInAttemptTable;
  audit_log: AuditLogTable;
}

export interface EditionTable {
  code: string;
  name: string;
  language: string;
  direction: 'ltr' | 'rtl';
  time_zone: string;
  dateline_format: string;
  date_format: string;
  created_at: string;
  /**
   * Feeds carry the whole body (migration 003). Read as 0/1 on SQLite and true/false on PostgreSQL;
   * written as 0/1, which better-sqlite3 can bind (it refuses booleans) and PostgreSQL reads as a boolean.
   */
  feed_full_text: ColumnType<SqlBoolean, 0 | 1 | undefined, 0 | 1>;
  /** Authors may publish and schedule their own stories in this edition (migration 004). */
  allow_author_publish: ColumnType<SqlBoolean, 0 | 1 | undefined, 0 | 1>;
  /** UTC ISO instant of the last settings change; null while never changed (migration 012). */
  settings_changed_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A boolean column as the drivers hand it back: SQLite has no boolean type and answers 0 or 1. */
export type SqlBoolean = boolean | 0 | 1;

export interface SectionTable {
  id: Generated<number>;
  edition_code: string;
  slug: string;
  name: string;
}

export interface TagTable {
  id: Generated<number>;
  edition_code: string;
  slug: string;
  name: string;
}

export interface AuthorTable {
  id: Generated<number>;
  slug: string;
  name: string;
}

/** One row per story code ever handed out; a code is never reused, whatever happens to its stories. */
export interface StoryCodeTable {
  code: number;
  created_at: string;
}

export interface CounterTable {
  name: string;
  value: number;
}

export type StoryStatus = 'draft' | 'in_review' | 'scheduled' | 'published' | 'unpublished';

/** A story's version in one edition; `code` ties the versions of one story together. */
export interface StoryTable {
  id: Generated<number>;
  code: number;
  edition_code: string;
  slug: string;
  headline: string;
  /** `headlineKey(headline)`: lets links made by headline find the story. */
  headline_key: string;
  teaser: string;
  /** JSON of `Block[]` (src/content/blocks.ts). */
  body: string;
  status: StoryStatus;
  published_at: string | null;
  updated_at: string;
  created_at: string;
  section_id: number | null;
  credit_text: string | null;
  credit_url: string | null;
  license_url: string | null;
  comment_count: Generated<number>;
}

export interface StoryTagTable {
  story_id: number;
  tag_id: number;
  position: number;
}

export interface StoryAuthorTable {
  story_id: number;
  author_id: number;
  position: number;
}

/**
 * An ordered link from a story to another. `target_code` is null while the linked story is not in
 * the store; `headline_key` lets the link resolve once a story with that headline arrives.
 */
export interface RelatedLinkTable {
  id: Generated<number>;
  story_id: number;
  position: number;
  target_code: number | null;
  headline: string;
  headline_key: string;
  teaser: string;
}

export interface FeaturedEntryTable {
  id: Generated<number>;
  edition_code: string;
  position: number;
  target_code: number | null;
  headline: string;
  headline_key: string;
  /** The day shown beside the headline (YYYY-MM-DD) when the story is not in the store. */
  dated: string | null;
}

export type EditionRow = Selectable<EditionTable>;
export type NewEditionRow = Insertable<EditionTable>;
export type StoryRow = Selectable<StoryTable>;
export type NewStoryRow = Insertable<StoryTable>;
export type StoryRowUpdate = Updateable<StoryTable>;
export type SectionRow = Selectable<SectionTable>;
export type TagRow = Selectable<TagTable>;
export type AuthorRow = Selectable<AuthorTable>;

/** The site's secret keys (migration 004); see src/modules/accounts/site-keys.ts. */
export interface SiteKeyTable {
  name: string;
  /** Base64 of random bytes. */
  value: string;
  created_at: string;
}

export type UserRoleColumn = 'owner' | 'admin' | 'editor' | 'author' | 'contributor' | 'moderator';

/** A person who works in the newsroom. Never deleted, only disabled, so the audit log keeps its actors. */
export interface UserTable {
  id: Generated<number>;
  /** Case-folded: trimmed, NFC, lower case. */
  email: string;
  display_name: string;
  role: UserRoleColumn;
  /** argon2id, PHC string (`$argon2id$v=19$…`); null for an account given no password yet (migration 028). */
  password_hash: string | null;
  /** Set for one-time passwords: the next sign-in must choose a new password first. */
  must_change_password: ColumnType<SqlBoolean, 0 | 1 | undefined, 0 | 1>;
  created_at: string;
  updated_at: string;
  password_changed_at: string;
  disabled_at: string | null;
  /** The language the person reads the newsroom in (migration 025); null follows the browser. */
  newsroom_language: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A signed-in browser. The cookie holds a random token; only its SHA-256 is stored here. */
export interface SessionTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  /** The absolute end of the session, whatever its activity. */
  expires_at: string;
}

/** A failed sign-in, kept for the throttling window. Both keys are keyed hashes, never the raw email or address. */
export interface SignInAttemptTable {
  id: Generated<number>;
  attempted_at: string;
  account_hash: string;
  address_hash: string;
}

/** Who did what, when: sign-ins, publishing, role and setting changes. */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  /** Null for the command line and for sign-in attempts on unknown accounts. */
  actor_user_id: number | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  /** JSON object text. */
  details: string;
  /** Keyed hash of the network address, when the action came over HTTP. */
  ip_hash: string | null;
}

export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type NewAuditLogRow = Insertable<AuditLogTable>;

/*
 * Search and related stories (migration 002). Declared as a second `Database` interface so the tables
 * join the first by declaration merging.
 */
export interface Database {
  search_documents: SearchDocumentTable;
  term_statistics: TermStatisticTable;
  story_term_vectors: StoryTermVectorTable;
  related_terms: RelatedTermTable;
  automatic_related: AutomaticRelatedTable;
}

/**
 * One row per published story, for search filters and sorting. The engine's own structures sit beside it
 * and only `src/db/search/` knows them: the FTS5 table `search_fts` (rowid = story id) on SQLite, the
 * columns `text_config` and `document` (a weighted tsvector with a GIN index) on PostgreSQL.
 */
export interface SearchDocumentTable {
  story_id: number;
  edition_code: string;
  code: number;
  section_id: number | null;
  published_at: string;
}

/**
 * How many published stories of an edition contain each word, for the inverse document frequencies of
 * related stories. The empty term counts the edition's published stories.
 */
export interface TermStatisticTable {
  edition_code: string;
  term: string;
  document_count: number;
}

/** A published story's bag of words (`word:count` separated by spaces, headline words counted thrice). */
export interface StoryTermVectorTable {
  story_id: number;
  edition_code: string;
  term_counts: string;
  /** Euclidean norm of the TF-IDF vector, with the statistics of when it was computed … */
  norm: number;
  /** … when the edition had this many published stories. */
  norm_documents: number;
}

/** A published story's most distinctive words with their normalized TF-IDF weights: an inverted index for candidates. */
export interface RelatedTermTable {
  story_id: number;
  edition_code: string;
  term: string;
  weight: number;
}

/** Computed related stories of a published story, best first; editors' links are in `related_links`. */
export interface AutomaticRelatedTable {
  story_id: number;
  position: number;
  target_story_id: number;
  target_code: number;
  score: number;
}

/*
 * Curation and corrections (migration 006), joined to `Database` by declaration merging.
 */
export interface Database {
  edition_curation: EditionCurationTable;
  story_notes: StoryNoteTable;
}

/** An edition's curated choices beyond the Featured Stories rows: its home page's lead story. */
export interface EditionCurationTable {
  edition_code: string;
  /** The lead's story code; null (or not published) means the newest story leads. */
  lead_code: number | null;
  updated_at: string;
}

export type StoryNoteKindColumn = 'correction' | 'update';

/** A correction or update attached to a story's version in one edition, with its instant. */
export interface StoryNoteTable {
  id: Generated<number>;
  story_id: number;
  kind: StoryNoteKindColumn;
  /** Plain text, shown as written. */
  text: string;
  noted_at: string;
  /** Null when written from the command line. */
  created_by: number | null;
}

export type StoryNoteRow = Selectable<StoryNoteTable>;

/*
 * The newsroom's story workflow (migration 005, docs/decisions/006-story-workflow.md). Declared as second
 * `StoryTable` and `Database` interfaces, which join the first ones by declaration merging.
 */
export interface StoryTable {
  /** The newsroom account that owns the story, for "own story" permissions; null for imported stories. */
  created_by: number | null;
  /** When a `scheduled` story goes live: already the later of the chosen time and the embargo. */
  scheduled_at: string | null;
  /** The earliest instant the story may appear anywhere; publishing before it schedules instead. */
  embargo_until: string | null;
  seo_title: string | null;
  seo_description: string | null;
  /** Bumped by every content write, whoever makes it: the version a save must name to be accepted. */
  revision: Generated<number>;
  /** Soft deletion: set, the story is off every reader path and out of the newsroom's lists until restored. */
  deleted_at: string | null;
  deleted_by: number | null;
  /** The story's lead picture (migration 014): large on its page, its thumbnail everywhere else. */
  lead_media_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface Database {
  story_revisions: StoryRevisionTable;
}

export type StoryRevisionKind = 'created' | 'saved' | 'autosaved' | 'restored' | 'imported';

/** What a story said after one save: enough to show, compare and restore it. */
export interface StoryRevisionTable {
  id: Generated<number>;
  story_id: number;
  /** The story's `revision` after the save. */
  number: number;
  saved_at: string;
  /** Null for the command line and for content that came in by import. */
  saved_by: number | null;
  kind: StoryRevisionKind;
  /** For `restored`: the number of the revision brought back. */
  restored_from: number | null;
  headline: string;
  teaser: string;
  /** JSON of `Block[]`. */
  body: string;
  slug: string;
  section_name: string | null;
  /** JSON array of tag names, in order. */
  tags: string;
  /** JSON array of byline names, in order. */
  authors: string;
  seo_title: string | null;
  seo_description: string | null;
}

export type StoryRevisionRow = Selectable<StoryRevisionTable>;

/*
 * Readers' comments (migration 008), joined to `Database`, `SectionTable` and `StoryTable` by declaration merging.
 */
export type CommentPolicyColumn = 'pre_moderated' | 'first_time' | 'post_moderated' | 'closed';
export type CommentStatusColumn = 'pending' | 'approved' | 'rejected' | 'spam';

export interface SectionTable {
  /** Null: pre-moderated. */
  comment_policy: ColumnType<CommentPolicyColumn | null, CommentPolicyColumn | null | undefined, CommentPolicyColumn | null>;
  /** Comments close this many days after publication; null: never. */
  comment_close_days: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface StoryTable {
  /** Null: the section's policy. */
  comment_policy: ColumnType<CommentPolicyColumn | null, CommentPolicyColumn | null | undefined, CommentPolicyColumn | null>;
  /** Null: the section's. */
  comment_close_days: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface Database {
  comments: CommentTable;
  comment_bans: CommentBanTable;
  banned_words: BannedWordTable;
  comment_posts: CommentPostTable;
}

/** A reader's comment. `email` is for the newsroom's eyes only; it never reaches a page or a feed. */
export interface CommentTable {
  id: Generated<number>;
  story_id: number;
  /** A top-level comment's id: replies are one level deep. */
  parent_id: number | null;
  author_name: string;
  email: string;
  /** Keyed hash of the case-folded email, for bans and "first-time commenter". */
  email_hash: string;
  address_hash: string;
  /** Plain text, NFC, as the reader wrote it (line breaks kept). */
  body: string;
  body_hash: string;
  status: CommentStatusColumn;
  /** Why a comment is pending despite the policy, e.g. `banned_word`. */
  held_reason: string | null;
  created_at: string;
  moderated_at: string | null;
  moderated_by: number | null;
  edited_at: string | null;
}

export interface CommentBanTable {
  id: Generated<number>;
  kind: 'email' | 'address';
  value_hash: string;
  reason: string;
  created_at: string;
  created_by: number | null;
}

export interface BannedWordTable {
  /** Case-folded. */
  word: string;
  created_at: string;
}

/** One accepted-for-checking post, kept for the rate-limit window. */
export interface CommentPostTable {
  id: Generated<number>;
  address_hash: string;
  story_id: number;
  posted_at: string;
}

export type CommentRow = Selectable<CommentTable>;

/*
 * The outbox of public changes (migration 013, docs/decisions/009-page-cache-and-change-events.md).
 */
export interface Database {
  change_events: ChangeEventTable;
}

export interface ChangeEventTable {
  /** Increases with commit order on both engines (PostgreSQL writers take a lock first; SQLite has one writer). */
  id: Generated<number>;
  kind: string;
  occurred_at: string;
  edition_code: string | null;
  story_code: number | null;
  /** JSON array of the cache keys the change touches. */
  keys: string;
  /** JSON object: what changed, for consumers beyond the page cache. */
  subject: string;
}

export type ChangeEventRow = Selectable<ChangeEventTable>;

/*
 * Pictures (migration 014), joined to `Database` by declaration merging.
 */
export interface Database {
  media: MediaTable;
  media_texts: MediaTextTable;
  media_variants: MediaVariantTable;
  story_media: StoryMediaTable;
}

/** A picture in the library: its cleaned master and what the photo desk says about it. */
export interface MediaTable {
  id: Generated<number>;
  /** Oriented, sRGB, stripped of every metadata block; never served as it is. */
  master: Buffer;
  master_format: 'jpeg' | 'png';
  /** SHA-256 (hex) of `master`: part of every variant's key. */
  master_hash: string;
  width: number;
  height: number;
  /** What the uploaded file was (`jpeg`, `png`, `webp`, `avif`, `gif`). */
  source_format: string;
  source_bytes: number;
  file_name: string;
  /** In the newsroom's main language; `media_texts` holds other languages. Empty until written. */
  alt: string;
  caption: string;
  credit: string;
  licence: string;
  source_url: string;
  /** The subject, as fractions of width and height from the top left (0.5, 0.5 = the centre). */
  focal_x: number;
  focal_y: number;
  created_at: string;
  updated_at: string;
  created_by: number | null;
}

export interface MediaTextTable {
  media_id: number;
  /** An edition's language tag (`ar`, `fa`, `es`). */
  language: string;
  alt: string;
  caption: string;
}

export type MediaCropColumn = 'original' | '16x9' | '4x3' | '1x1';
export type MediaFormatColumn = 'avif' | 'webp' | 'jpeg';

export interface MediaVariantTable {
  /** Hash of the master, crop, focal point, width, format and encoder settings: the URL's content hash. */
  key: string;
  media_id: number;
  crop: MediaCropColumn;
  width: number;
  height: number;
  format: MediaFormatColumn;
  bytes: Buffer;
  byte_size: number;
  created_at: string;
}

export interface StoryMediaTable {
  story_id: number;
  media_id: number;
  role: 'lead' | 'body';
}

export type MediaRow = Selectable<MediaTable>;

/*
 * Sections, tags and authors managed by the newsroom (migration 018).
 */
export interface SectionTable {
  /** Order in the navigation and in the editor's list, from 0. */
  position: ColumnType<number, number | undefined, number>;
  in_navigation: ColumnType<SqlBoolean, 0 | 1 | undefined, 0 | 1>;
  description: ColumnType<string, string | undefined, string>;
}

export interface TagTable {
  description: ColumnType<string, string | undefined, string>;
}

export interface AuthorTable {
  bio: ColumnType<string, string | undefined, string>;
  photo_media_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** JSON: `Array<{ label: string; url: string }>`. */
  links: ColumnType<string, string | undefined, string>;
  /** The account of the person who writes under this byline (migration 028), if the byline has one. */
  user_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface Database {
  slug_redirects: SlugRedirectTable;
}

/** An edition's calendar and digits (migration 020); null: its language's (`dateSystemFor`). */
export interface EditionTable {
  calendar: ColumnType<string | null, string | null | undefined, string | null>;
  numbering_system: ColumnType<string | null, string | null | undefined, string | null>;
}

/** An address a section, tag or author had before a rename or a merge; it answers 301 to the target's current one. */
export interface SlugRedirectTable {
  kind: 'section' | 'tag' | 'author';
  /** Empty for authors, who are site-wide. */
  edition_code: string;
  old_slug: string;
  target_id: number;
  created_at: string;
}

/* A story sent back to draft, with the note to its author (migration 019). */
export interface StoryReturnTable {
  id: Generated<number>;
  story_id: number;
  from_status: string;
  /** Empty when nobody wrote one. */
  note: string;
  returned_at: string;
  /** Null when done from the command line. */
  returned_by: number | null;
}

/* Items of another system and the stories they became (migration 024). */
export interface ImportedItemTable {
  source: 'wordpress' | 'ghost';
  site: string;
  item_id: string;
  story_id: number;
  /** SHA-256 of what the item carried when last imported: an unchanged item is not written again. */
  content_hash: string;
  imported_at: string;
}

/* An address a story had on the site it came from (migration 024). */
export interface StoryPermalinkTable {
  path: string;
  story_id: number;
  created_at: string;
}

export interface Database {
  story_returns: StoryReturnTable;
  imported_items: ImportedItemTable;
  story_permalinks: StoryPermalinkTable;
}

/*
 * Webhooks (migration 023), joined to `Database` by declaration merging.
 */
export interface Database {
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_cursor: WebhookCursorTable;
}

/** A URL an admin registered to hear of public changes (docs/decisions/020-webhooks.md). */
export interface WebhookEndpointTable {
  id: Generated<number>;
  url: string;
  description: string;
  /** JSON array of the event types subscribed (`story.published`, …). */
  events: string;
  is_enabled: ColumnType<SqlBoolean, 0 | 1, 0 | 1>;
  /** `whsec_` + base64 of the signing key. */
  secret: string;
  /** The secret before the last rotation, still signing beside the new one until `previous_secret_until`. */
  previous_secret: string | null;
  previous_secret_until: string | null;
  /** The newest change event when it was registered: it hears of later ones only. */
  after_event_id: number;
  /** When the failures that continue now began; null while it answers. */
  failing_since: string | null;
  disabled_at: string | null;
  /** Why the system turned it off (a day of failures); null when a person did, or it is on. */
  disabled_reason: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export type WebhookDeliveryStatusColumn = 'pending' | 'succeeded' | 'failed';

/** One event for one endpoint, with the outcome of its latest attempt. */
export interface WebhookDeliveryTable {
  id: Generated<number>;
  endpoint_id: number;
  event_id: number;
  event_type: string;
  /** `edition:code` for a story's events: deliveries with the same key reach an endpoint in order. */
  story_key: string | null;
  /** The JSON body sent, the same on every attempt. */
  payload: string;
  status: WebhookDeliveryStatusColumn;
  attempts: number;
  created_at: string;
  next_attempt_at: string;
  /** After this an attempt that fails is the last. */
  give_up_at: string;
  /** An app server sending it holds it until then; a crashed server's claim runs out. */
  lease_until: string | null;
  lease_token: string | null;
  last_attempt_at: string | null;
  response_status: number | null;
  /** The start of the receiver's answer, for the newsroom to read. */
  response_excerpt: string | null;
  last_error: string | null;
  finished_at: string | null;
}

export interface WebhookCursorTable {
  name: string;
  /** The last change event turned into deliveries. */
  last_event_id: number;
}

export type WebhookEndpointRow = Selectable<WebhookEndpointTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;
/** A key of the content API or of staff automation (migration 022); only the token's SHA-256 is kept. */
export interface ApiKeyTable {
  id: Generated<number>;
  name: string;
  token_hash: string;
  token_prefix: string;
  scope: 'content' | 'admin';
  /** The person an admin key acts as; null for content keys. */
  acts_as_user_id: number | null;
  /** JSON array of origins. */
  allowed_origins: string;
  requests_per_minute: number;
  created_at: string;
  created_by: number | null;
  revoked_at: string | null;
  revoked_by: number | null;
  last_used_at: string | null;
}

export interface Database {
  api_keys: ApiKeyTable;
}

/** What makes an edition a site (migration 021): its name for readers, tagline and logo; null: none chosen. */
export interface EditionTable {
  site_name: ColumnType<string | null, string | null | undefined, string | null>;
  tagline: ColumnType<string | null, string | null | undefined, string | null>;
  logo_media_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export type SitePageStatus = 'draft' | 'published';

/** One of an edition's own pages (About, Contact, Privacy …): never a story, never in lists, feeds or search. */
export interface SitePageTable {
  id: Generated<number>;
  edition_code: string;
  slug: string;
  title: string;
  description: ColumnType<string, string | undefined, string>;
  /** JSON of `Block[]`. */
  body: string;
  status: SitePageStatus;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  /** Null when written from the command line or the demo. */
  updated_by: number | null;
}

export type SitePageRow = Selectable<SitePageTable>;

/** A link in an edition's footer: to an address (`url`) or to one of its pages (`page_id`). */
export interface FooterLinkTable {
  id: Generated<number>;
  edition_code: string;
  position: number;
  label: string;
  url: string | null;
  page_id: number | null;
}

export interface Database {
  site_pages: SitePageTable;
  footer_links: FooterLinkTable;
}

/* A story made by "Translate into…", and the version of its source it is faithful to (migration 027). */
export interface StoryTranslationTable {
  /** The translation. */
  story_id: number;
  /** The story it was translated from: another edition's story with the same code. */
  source_story_id: number;
  /** The source's revision number the translation matches; a newer source revision makes it out of date. */
  source_revision: number;
  created_at: string;
  created_by: number | null;
  /** The last time a translator marked it current, and who. */
  checked_at: string | null;
  checked_by: number | null;
}

/** Readers of the edition see a note on a translation whose original was updated since (migration 027). */
export interface EditionTable {
  note_stale_translations: ColumnType<SqlBoolean, 0 | 1 | undefined, 0 | 1>;
}

export interface Database {
  story_translations: StoryTranslationTable;
}
