import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

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
}

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
