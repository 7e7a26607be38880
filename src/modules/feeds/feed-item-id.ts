/**
 * A feed item's permanent id: a `tag:` URI (RFC 4151) from the site's host, the day the edition was made on
 * this site, the edition and the story code — `tag:news.example,2024-03-01:en/story/898945`.
 * Slugs, headlines and publication dates may all change; none of them is in the id, so readers never see an
 * edited story as new (docs/decisions/004-feed-item-ids.md).
 * @example feedItemId('https://news.example', { code: 'en', createdAt: '2024-03-01T09:00:00.000Z' }, 898945)
 */
export function feedItemId(publicUrl: string, edition: { code: string; createdAt: string }, storyCode: number): string {
  return `${tagAuthority(publicUrl, edition.createdAt)}:${edition.code}/story/${storyCode}`;
}

/** The id of a feed itself (Atom's `feed/id`), in the same scheme: `tag:news.example,2024-03-01:en/feed/section/business`. */
export function feedId(publicUrl: string, edition: { code: string; createdAt: string }, scopePath: string): string {
  return `${tagAuthority(publicUrl, edition.createdAt)}:${edition.code}/feed${scopePath}`;
}

function tagAuthority(publicUrl: string, createdAt: string): string {
  // RFC 4151 names an authority by DNS name alone: the port, if any, is no part of it.
  const host = new URL(publicUrl).hostname.replace(/^\[|\]$/g, '');
  return `tag:${host},${createdAt.slice(0, 10)}`;
}
