import type { Edition } from '../editions/edition-service.ts';
import type { SyndicatedStory } from '../stories/story-queries.ts';

/** What a feed follows: a whole edition, or one section, tag or author in it. */
export type FeedScope =
  | { kind: 'edition' }
  | { kind: 'section'; slug: string }
  | { kind: 'tag'; slug: string }
  | { kind: 'author'; slug: string };

export type FeedFormat = 'rss' | 'atom' | 'json';

export const FEED_FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

/** The media type each format is served as. */
export const FEED_MEDIA_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};

/** Everything a feed is made from, loaded before any rendering so that an unchanged feed costs no rendering. */
export interface FeedSource {
  edition: Edition;
  scope: FeedScope;
  /** The feed's title, as readers' apps list it. */
  title: string;
  /** One line about the feed (RSS requires it). */
  description: string;
  /** Newest first. */
  stories: SyndicatedStory[];
  /** The newest `updated_at` among the stories; the edition's creation when it has none. */
  updatedAt: string;
  /** A digest of everything the document depends on: equal digests, byte-identical documents. */
  fingerprint: string;
  /** When a story that could be in this feed last changed in any way (see StoryQueries.findLastChange). */
  lastChangeAt: string;
  /** Where the feed links to; part of the fingerprint, since the document spells these URLs out. */
  links: FeedLinks;
}

/** Absolute URLs a feed links to. The HTTP layer knows the site's paths; the feed module only fills them in. */
export interface FeedLinks {
  /** The site's public base URL: feed item ids are minted from its host, and relative links in bodies resolve against it. */
  publicUrl: string;
  /** The HTML page the feed mirrors (edition home, section, tag or author page). */
  page: string;
  /** This feed in each format; `self` links and JSON Feed's `feed_url`. */
  feeds: Record<FeedFormat, string>;
  story(code: number, slug: string): string;
  author(slug: string): string;
  /** The publisher's logo (raster) and small icon. */
  logo: string;
  icon: string;
}
