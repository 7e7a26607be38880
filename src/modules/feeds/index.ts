/** Feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1) for editions, sections, tags and authors. */
export { FEED_SIZE, FeedService } from './feed-service.ts';
export { feedId, feedItemId } from './feed-item-id.ts';
export { feedTitle, type NamedFeedScope } from './feed-title.ts';
export { FEED_FORMATS, FEED_MEDIA_TYPES, type FeedFormat, type FeedLinks, type FeedScope, type FeedSource } from './feed-types.ts';
export { sanitizeFeedHtml } from './sanitize-feed-html.ts';
export { writeFeed, type BodyRenderer, type JsonFeed11, type JsonFeedItem11 } from './write-feed.ts';
