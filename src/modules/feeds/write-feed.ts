import { variantPath, widthsFor } from '../media/variant-plan.ts';
import { Feed, type Category, type Extension, type Item } from 'feed';
import { js2xml, xml2js, type ElementCompact } from 'xml-js';
import type { Block, TextRun } from '../../content/blocks.ts';
import type { Credit, Taxon } from '../stories/story-types.ts';
import type { SyndicatedStory } from '../stories/story-queries.ts';
import { feedId, feedItemId } from './feed-item-id.ts';
import type { FeedFormat, FeedLinks, FeedScope, FeedSource } from './feed-types.ts';
import { sanitizeFeedHtml } from './sanitize-feed-html.ts';

/** Renders body blocks to HTML: the story page's own block renderer, handed in at boot (modules never import views). */
export type BodyRenderer = (blocks: Block[]) => string;

const DUBLIN_CORE = 'http://purl.org/dc/elements/1.1/';
const JSON_FEED_1_1 = 'https://jsonfeed.org/version/1.1';

/**
 * One feed document in one format, made with the `feed` library: it writes the XML, we only choose what goes in.
 * Bodies are rendered and sanitized only when the edition puts full text in its feeds.
 * @example writeFeed(source, 'atom', renderStoryBodyHtml)
 */
export function writeFeed(source: FeedSource, format: FeedFormat, renderBody: BodyRenderer): string {
  const { edition, links } = source;
  const feed = new Feed({
    id: feedId(links.publicUrl, edition, scopePath(source.scope)),
    title: source.title,
    description: source.description,
    link: links.page,
    language: edition.language,
    updated: new Date(source.updatedAt),
    generator: 'Dateline',
    feedLinks: { rss: links.feeds.rss, atom: links.feeds.atom, json: links.feeds.json },
    image: links.logo,
    favicon: links.icon,
    // Atom wants an author for every entry; stories without a byline are the publication's own.
    author: { name: edition.strings.siteName, link: links.page },
  });
  const bodies = new Map<SyndicatedStory, string>();
  for (const story of source.stories) {
    const body = edition.hasFullTextFeeds ? bodyHtml(story, edition.strings.source, links, renderBody) : undefined;
    if (body !== undefined) bodies.set(story, body);
    feed.addItem(item(story, format, links, body, feedItemId(links.publicUrl, edition, story.code)));
  }
  switch (format) {
    case 'rss':
      return withDublinCoreDeclared(dropXmlIllegalCharacters(feed.rss2()));
    case 'atom':
      return dropXmlIllegalCharacters(feed.atom1());
    case 'json':
      return JSON.stringify(toJsonFeed11(JSON.parse(feed.json1()) as LibraryJsonFeed, source, links, bodies), null, 2);
  }
}

function item(story: SyndicatedStory, format: FeedFormat, links: FeedLinks, body: string | undefined, id: string): Item {
  // Atom's title and summary are declared type="html", and RSS readers treat description as HTML: plain text
  // is escaped for them. RSS titles and JSON Feed's fields are plain text and go as they are.
  const asHtml = (text: string) => (format === 'json' ? text : escapeHtml(text));
  return {
    title: format === 'atom' ? escapeHtml(story.headline) : story.headline,
    id,
    link: links.story(story.code, story.slug),
    date: new Date(story.updatedAt),
    published: new Date(story.publishedAt),
    description: story.teaser ? asHtml(story.teaser) : undefined,
    content: body,
    // RSS 2.0's <author> must be an e-mail address: bylines go as Dublin Core creators instead (below).
    // No byline, no list: the library's JSON writer fails on an empty one.
    author: format === 'rss' || story.authors.length === 0 ? undefined : story.authors.map((a) => ({ name: a.name, link: links.author(a.slug) })),
    category: categories(story, format),
    copyright: story.credit?.text,
    // The lead picture: RSS <enclosure>, Atom <link rel="enclosure">, JSON Feed `image`. Its size in bytes is not
    // known before the file is first made; RSS's advisory board asks for 0 then.
    image: story.picture ? { url: `${links.publicUrl}${variantPath(story.picture, '16x9', widthsFor(story.picture, '16x9').find((w) => w >= 1200) ?? widthsFor(story.picture, '16x9').at(-1)!, 'jpeg')}`, type: 'image/jpeg', length: 0 } : undefined,
    extensions: format === 'rss' && story.authors.length > 0 ? [dublinCoreCreators(story.authors)] : undefined,
  };
}

/** The section first, then the tags; each as both Atom's term and label, RSS's category and JSON Feed's tag. */
function categories(story: SyndicatedStory, format: FeedFormat): Category[] {
  return [...(story.section ? [story.section] : []), ...story.tags].map((t) => {
    // Atom puts categories in attributes, where the library escapes `&` and `"` but not `<`, which would make
    // the document malformed; and any entity we wrote would be escaped again. A look-alike keeps the name readable.
    const name = format === 'atom' ? t.name.replaceAll('<', '\u2039') : t.name;
    return { name, term: name };
  });
}

/** `<dc:creator>` per byline, the RSS world's way of naming authors without their e-mail addresses. */
function dublinCoreCreators(authors: Taxon[]): Extension {
  // xml-js (the library's writer) writes an array as repeated elements of the extension's name.
  const elements = authors.map((a) => ({ _text: a.name }));
  return { name: 'dc:creator', objects: elements as unknown as Extension['objects'] };
}

/**
 * The library declares the `dc` prefix on <rss> only when items carry full text; a teaser-only feed with
 * bylines would use an undeclared prefix. Declared on the document object (read and written with xml-js,
 * the library's own XML writer), never by editing text. Declaring it on each element instead would be valid
 * XML, but popular parsers then hand back `{ _: name, $: … }` objects instead of the name.
 */
/** What XML 1.0 forbids (its `Char` production), raw or as a character reference such as `&#x7;`. */
// eslint-disable-next-line no-control-regex -- matching control characters to remove them.
const XML_ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;
const CHARACTER_REFERENCE = /&#(x[0-9a-f]+|[0-9]+);/giu;

/**
 * The second line of defence behind the newsroom's edge (which strips control characters as they are
 * typed): a story saved another way, or before that filter, must not make a whole feed unreadable.
 * @example dropXmlIllegalCharacters('<title>Bridge\u0007</title>') // '<title>Bridge</title>'
 */
export function dropXmlIllegalCharacters(xml: string): string {
  return xml.replace(XML_ILLEGAL, '').replace(CHARACTER_REFERENCE, (reference, code: string) => {
    const point = code.startsWith('x') || code.startsWith('X') ? Number.parseInt(code.slice(1), 16) : Number(code);
    return isXmlChar(point) ? reference : '';
  });
}

function isXmlChar(point: number): boolean {
  return point === 0x9 || point === 0xa || point === 0xd || (point >= 0x20 && point <= 0xd7ff) || (point >= 0xe000 && point <= 0xfffd) || (point >= 0x10000 && point <= 0x10ffff);
}

function withDublinCoreDeclared(rss: string): string {
  const document = xml2js(rss, { compact: true }) as ElementCompact;
  const root = document.rss as ElementCompact | undefined;
  if (!root) throw new Error('the feed library wrote an RSS document without <rss>');
  if (root._attributes?.['xmlns:dc'] === DUBLIN_CORE) return rss;
  root._attributes = { ...root._attributes, 'xmlns:dc': DUBLIN_CORE };
  return js2xml(document, { compact: true, spaces: 4 });
}

/** The body through the story page's renderer, with the attribution its licence requires, sanitized for other sites. */
function bodyHtml(story: SyndicatedStory, sourceLabel: string, links: FeedLinks, renderBody: BodyRenderer): string {
  const blocks = story.credit ? [...story.body, creditBlock(story.credit, sourceLabel)] : story.body;
  return sanitizeFeedHtml(renderBody(blocks), links.publicUrl);
}

/** The story page's credit line (`Source: …`) as a paragraph block, so the one block renderer draws it. */
function creditBlock(credit: Credit, label: string): Block {
  const lead: TextRun = credit.url ? { type: 'text', text: label, marks: [{ type: 'link', href: credit.url }] } : { type: 'text', text: label };
  return { type: 'paragraph', content: [lead, { type: 'text', text: `: ${credit.text}` }] };
}

function scopePath(scope: FeedScope): string {
  return scope.kind === 'edition' ? '' : `/${scope.kind}/${scope.slug}`;
}

/** Text for an HTML context. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** What `feed` writes: JSON Feed 1.0 (`version/1`, one `author`, body or teaser always in `content_html`). */
interface LibraryJsonFeed {
  title: string;
  home_page_url?: string;
  feed_url?: string;
  description?: string;
  icon?: string;
  items: Array<{
    id: string;
    url?: string;
    title?: string;
    content_html?: string;
    summary?: string;
    date_published?: string;
    date_modified?: string;
    tags?: string[];
    author?: unknown;
  }>;
}

interface JsonFeedAuthor {
  name: string;
  url?: string;
}

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), the fields we use. */
export interface JsonFeed11 {
  version: typeof JSON_FEED_1_1;
  title: string;
  home_page_url?: string;
  feed_url?: string;
  description?: string;
  icon?: string;
  favicon?: string;
  language: string;
  authors: JsonFeedAuthor[];
  items: JsonFeedItem11[];
}

export interface JsonFeedItem11 {
  id: string;
  url?: string;
  title?: string;
  /** One of content_html and content_text is required; full-text editions give the body, others the teaser. */
  content_html?: string;
  content_text?: string;
  summary?: string;
  date_published?: string;
  date_modified?: string;
  authors?: JsonFeedAuthor[];
  tags?: string[];
  language?: string;
}

/**
 * The library emits JSON Feed 1.0; 1.1 renamed `author` to `authors`, added `language`, and a teaser is text,
 * not HTML. Corrected on the object the library made, in the library's item order (the order they were added).
 */
function toJsonFeed11(made: LibraryJsonFeed, source: FeedSource, links: FeedLinks, bodies: Map<SyndicatedStory, string>): JsonFeed11 {
  const { edition } = source;
  return {
    version: JSON_FEED_1_1,
    title: made.title,
    home_page_url: made.home_page_url,
    feed_url: made.feed_url,
    description: made.description,
    icon: links.logo,
    favicon: links.icon,
    language: edition.language,
    authors: [{ name: edition.strings.siteName, url: links.page }],
    items: made.items.map((madeItem, index) => {
      const story = source.stories[index];
      if (!story || madeItem.id !== feedItemId(links.publicUrl, edition, story.code)) {
        throw new Error(`JSON Feed item ${index} does not match story ${story?.code ?? '(none)'}: the feed library reordered its items`);
      }
      const body = bodies.get(story);
      const { content_html: _libraryContent, author: _libraryAuthor, ...rest } = madeItem;
      return {
        ...rest,
        ...(body !== undefined ? { content_html: body } : { content_text: story.teaser || story.headline }),
        summary: story.teaser || undefined,
        authors: story.authors.length > 0 ? story.authors.map((a) => ({ name: a.name, url: links.author(a.slug) })) : undefined,
        language: edition.language,
      };
    }),
  };
}
