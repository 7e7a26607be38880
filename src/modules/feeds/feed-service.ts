import { createHash } from 'node:crypto';
import type { Edition } from '../editions/edition-service.ts';
import type { StoryListFilter, StoryQueries } from '../stories/story-queries.ts';
import { feedTitle } from './feed-title.ts';
import type { FeedFormat, FeedLinks, FeedScope, FeedSource } from './feed-types.ts';
import { writeFeed, type BodyRenderer } from './write-feed.ts';

/** How many stories a feed carries: a day or two of a busy edition, and small enough to render on demand. */
export const FEED_SIZE = 50;

/**
 * Bumped whenever the documents change for the same data (a new field, another layout), so that caches
 * holding the old shape see a new ETag.
 */
const FEED_DOCUMENT_VERSION = 1;

/**
 * Feeds for editions, sections, tags and authors. Loading (database) and writing (rendering) are separate
 * steps so that the HTTP layer can answer a conditional request between them without rendering anything.
 */
export class FeedService {
  constructor(
    private readonly storyQueries: StoryQueries,
    private readonly renderBody: BodyRenderer,
  ) {}

  /**
   * The feed's stories and validators; `undefined` when the section, tag or author does not exist.
   * @example const source = await feeds.load(editions.get('en'), { kind: 'section', slug: 'business' }, links)
   */
  async load(edition: Edition, scope: FeedScope, links: FeedLinks): Promise<FeedSource | undefined> {
    const described = await this.describe(edition, scope);
    if (!described) return undefined;
    const [stories, lastChange] = await Promise.all([
      this.storyQueries.listForSyndication(edition.code, described.filter, FEED_SIZE),
      this.storyQueries.findLastChange(edition.code),
    ]);
    const updatedAt = stories.reduce((newest, s) => (s.updatedAt > newest ? s.updatedAt : newest), stories[0]?.updatedAt ?? edition.createdAt);
    // The document is a function of these values and the code that writes it; nothing else goes in.
    const fingerprint = createHash('sha256')
      .update(
        JSON.stringify([
          FEED_DOCUMENT_VERSION,
          edition.code,
          edition.language,
          edition.hasFullTextFeeds,
          described.title,
          [links.publicUrl, links.page, links.logo, links.icon],
          stories.map((s) => [s.code, s.updatedAt]),
        ]),
      )
      .digest('base64url');
    return {
      edition,
      scope,
      title: described.title,
      description: described.description,
      stories,
      updatedAt,
      fingerprint,
      // Full text on or off changes every item without any story changing.
      lastChangeAt: [lastChange ?? edition.createdAt, edition.settingsChangedAt ?? ''].reduce((a, b) => (b > a ? b : a)),
      links,
    };
  }

  /** The document, in one format. */
  write(source: FeedSource, format: FeedFormat): string {
    return writeFeed(source, format, this.renderBody);
  }

  private async describe(edition: Edition, scope: FeedScope): Promise<{ title: string; description: string; filter: StoryListFilter } | undefined> {
    switch (scope.kind) {
      case 'edition':
        return { ...feedTitle(edition, scope), filter: {} };
      case 'section': {
        const section = await this.storyQueries.findSection(edition.code, scope.slug);
        return section && { ...feedTitle(edition, { kind: 'section', ...section }), filter: { sectionSlug: section.slug } };
      }
      case 'tag': {
        const tag = await this.storyQueries.findTag(edition.code, scope.slug);
        return tag && { ...feedTitle(edition, { kind: 'tag', ...tag }), filter: { tagSlug: tag.slug } };
      }
      case 'author': {
        const author = await this.storyQueries.findAuthor(scope.slug);
        return author && { ...feedTitle(edition, { kind: 'author', ...author }), filter: { authorSlug: author.slug } };
      }
    }
  }
}
