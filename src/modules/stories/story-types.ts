import type { Block } from '../../content/blocks.ts';
import type { StoryStatus } from '../../db/schema.ts';
import type { ShownPicture } from '../media/media-service.ts';

export type { ShownPicture };

/** What a writer or an importer hands to the store; everything else is derived. */
export interface StoryInput {
  editionCode: string;
  /** Keep this code (imports, translations); omit to take the next one from the site's sequence. */
  code?: number;
  headline: string;
  teaser?: string;
  body: Block[];
  status: StoryStatus;
  /** An instant (ISO 8601). Required for published stories. */
  publishedAt?: string | null;
  slug?: string;
  section?: NamedRef | null;
  tags?: NamedRef[];
  authors?: string[];
  credit?: Credit | null;
  related?: RelatedInput[];
  /** The lead picture's library id; null takes it away, undefined leaves it as it is. */
  leadMediaId?: number | null;
}

export interface NamedRef {
  name: string;
  slug?: string;
}

export interface Credit {
  text: string;
  url?: string | null;
  licenseUrl?: string | null;
}

export interface RelatedInput {
  code?: number;
  headline: string;
  teaser: string;
}

export interface SavedStory {
  id: number;
  code: number;
  editionCode: string;
  slug: string;
  isNew: boolean;
}

export interface StoryLink {
  code: number;
  slug: string;
}

export interface StorySummary extends StoryLink {
  editionCode: string;
  headline: string;
  teaser: string;
  publishedAt: string;
  section: Taxon | null;
  /** The lead picture's library id (migration 014): large on the story's page, its thumbnail elsewhere. */
  leadMediaId?: number | null;
  /** The lead picture as the story's edition shows it, when it has one. */
  picture?: ShownPicture;
}

export interface Taxon {
  slug: string;
  name: string;
}

/** A section, tag or author as its own page introduces it: what editors wrote about it. */
export interface TaxonPage extends Taxon {
  /** A section's or tag's description, an author's short biography; empty when none was written. */
  description: string;
  /** An author's links (their site, a social account). */
  links: Array<{ label: string; url: string }>;
  /** An author's photo, from the picture library. */
  photo?: ShownPicture;
}

export interface StoryDetail extends StorySummary {
  id: number;
  body: Block[];
  updatedAt: string;
  tags: Taxon[];
  authors: Taxon[];
  credit: Credit | null;
  related: RelatedItem[];
  commentCount: number;
  /** Corrections and updates, oldest first (src/modules/corrections/). */
  notes: StoryNote[];
  /** What search engines are shown instead of the headline and teaser, when the newsroom wrote it (migration 005). */
  seo?: { title: string | null; description: string | null };
  /** The library pictures of the body's image blocks, by id, with their current texts (issue 11). */
  bodyPictures?: ReadonlyMap<number, ShownPicture>;
}

export type StoryNoteKind = 'correction' | 'update';

/** A correction or an update attached to a published story: data with its instant, never prose in the body. */
export interface StoryNote {
  id: number;
  kind: StoryNoteKind;
  text: string;
  /** UTC ISO instant. */
  notedAt: string;
}

/** A related story: linked when the story is published in the same edition, plain text otherwise. */
export interface RelatedItem {
  headline: string;
  teaser: string;
  story: StoryLink | null;
  /** The linked story's lead picture. */
  picture?: ShownPicture;
}

export interface FeaturedItem {
  headline: string;
  /** The day to show: the story's publication, or the curated date for a story not in the store. */
  publishedAt: string | null;
  dated: string | null;
  story: StoryLink | null;
  /** Not chosen by editors: the rail was filled up with the latest stories. */
  isLatestFill?: boolean;
  /** The story's lead picture: the rail shows picture cards. */
  picture?: ShownPicture;
}

export interface FeaturedInput {
  code?: number;
  headline: string;
  dated: string | null;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageCount: number;
  total: number;
}
