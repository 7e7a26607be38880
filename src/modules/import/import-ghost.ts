import { escapeHtml } from '../../content/html-blocks.ts';
import { readFile, stat } from 'node:fs/promises';
import { DatelineError } from '../../errors/dateline-error.ts';
import { importPost, type SourcePost } from './import-posts.ts';
import { count, emptySummary, importStaffOf, type ImportDeps, type ImportRunOptions, type ImportSummary } from './import-wordpress.ts';
import { PictureFetcher } from './picture-fetcher.ts';

/**
 * The largest Ghost export read (512 MiB). A Ghost export holds text only (pictures stay in the site's
 * content folder), so even a decade of daily posts is tens of megabytes: it is read whole, unlike
 * WordPress's exports, which can carry gigabytes of comments and revisions.
 */
export const MAX_GHOST_EXPORT_BYTES = 512 * 1024 * 1024;

/** The export is not JSON, or not a Ghost export. */
export class GhostFormatError extends DatelineError {
  constructor(message: string) {
    super('IMPORT_FILE_INVALID', message);
  }
}

interface GhostPost {
  id: string;
  title?: string | null;
  slug?: string | null;
  html?: string | null;
  lexical?: string | null;
  mobiledoc?: string | null;
  feature_image?: string | null;
  type?: string | null;
  status?: string | null;
  visibility?: string | null;
  published_at?: string | null;
  custom_excerpt?: string | null;
}

interface GhostData {
  posts: GhostPost[];
  posts_meta?: Array<{ post_id: string; feature_image_alt?: string | null; feature_image_caption?: string | null }>;
  users?: Array<{ id: string; name?: string | null; email?: string | null }>;
  tags?: Array<{ id: string; name?: string | null; slug?: string | null; visibility?: string | null }>;
  posts_tags?: Array<{ post_id: string; tag_id: string; sort_order?: number | null }>;
  posts_authors?: Array<{ post_id: string; author_id: string; sort_order?: number | null }>;
}

/**
 * Imports a Ghost 4–5 JSON export (`db[0].data`): published public posts become stories, with their tags
 * (the first public tag as the section, as Ghost's primary tag), authors, feature image and HTML (or, for
 * posts saved without it, their Lexical document); `/{slug}/`, Ghost's default permalink, answers 301.
 * Pictures at `__GHOST_URL__/content/images/…` are looked for in `--media-dir` (a copy of content/images)
 * or fetched from `siteUrl`.
 */
export async function importGhost(file: string, deps: ImportDeps, options: ImportRunOptions & { siteUrl: string }): Promise<ImportSummary> {
  const startedAt = Date.now();
  const data = await readGhostExport(file);
  const posts = data.posts.filter((p) => (p.type ?? 'post') === 'post' || p.type === 'page');
  options.onStart?.(posts.length);
  await deps.editions.ensure(options.editionCode);
  const siteUrl = options.siteUrl.replace(/\/+$/u, '');
  const users = new Map((data.users ?? []).map((u) => [u.id, u.name ?? '']));
  const tags = new Map((data.tags ?? []).map((t) => [t.id, t]));
  const meta = new Map((data.posts_meta ?? []).map((m) => [m.post_id, m]));
  const byOrder = (a: { sort_order?: number | null }, b: { sort_order?: number | null }) => (a.sort_order ?? 0) - (b.sort_order ?? 0);
  const tagsOf = groupBy(data.posts_tags ?? [], (pt) => pt.post_id);
  const authorsOf = groupBy(data.posts_authors ?? [], (pa) => pa.post_id);
  const pictures = new PictureFetcher(deps.media, options.pictures);
  const summary = emptySummary();
  await importStaffOf((data.users ?? []).map((u) => ({ name: u.name ?? '', email: u.email ?? '' })), deps, options, summary);
  const absolute = (url: string) => url.replaceAll('__GHOST_URL__', siteUrl);

  for (const post of posts) {
    const title = (post.title ?? '').trim();
    const name = `post ${post.id} “${title || '(no title)'}”`;
    const postTags = (tagsOf.get(post.id) ?? []).sort(byOrder).flatMap((pt) => {
      const tag = tags.get(pt.tag_id);
      // Internal tags (`#hash`) organise Ghost's own site; readers never see them.
      return tag && tag.visibility !== 'internal' && tag.name ? [{ name: tag.name, slug: tag.slug ?? undefined }] : [];
    });
    const [section, ...otherTags] = postTags;
    const lead = meta.get(post.id);
    const html = post.html ?? (post.lexical ? lexicalToHtml(post.lexical) : undefined);
    const source: SourcePost = {
      itemId: post.id,
      name,
      skip: skipReason(post, html),
      headline: title,
      html: absolute(html ?? ''),
      htmlOptions: { lineBreaks: 'html', baseUrl: `${siteUrl}/` },
      teaser: post.custom_excerpt ?? '',
      publishedAt: post.published_at ? new Date(post.published_at).toISOString() : '',
      slug: post.slug ?? '',
      section: section ?? null,
      tags: otherTags.slice(0, 30),
      authors: (authorsOf.get(post.id) ?? []).sort(byOrder).flatMap((pa) => (users.get(pa.author_id) ? [users.get(pa.author_id)!] : [])),
      ...(post.feature_image ? { featuredImage: { url: absolute(post.feature_image), alt: lead?.feature_image_alt ?? '', caption: plainCaption(lead?.feature_image_caption ?? '') } } : {}),
      pictureDetails: () => undefined,
      comments: [],
      permalinks: post.slug ? [`/${post.slug}/`] : [],
      notes: [],
    };
    const outcome = await importPost(source, { source: 'ghost', site: siteUrl, editionCode: options.editionCode, isDryRun: options.isDryRun, pictures }, deps);
    count(summary, outcome);
    options.onOutcome?.(outcome);
  }
  summary.seconds = (Date.now() - startedAt) / 1000;
  return summary;
}

async function readGhostExport(file: string): Promise<GhostData> {
  const size = (await stat(file)).size;
  if (size > MAX_GHOST_EXPORT_BYTES) throw new GhostFormatError(`is ${(size / 1024 / 1024).toFixed(0)} MiB; a Ghost export of text is far smaller: is this the right file?`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new GhostFormatError(`is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const db = (parsed as { db?: unknown }).db;
  const data = Array.isArray(db) ? (db[0] as { data?: GhostData } | undefined)?.data : (parsed as { data?: GhostData }).data;
  if (!data || !Array.isArray(data.posts)) throw new GhostFormatError('is not a Ghost export: it has no db[0].data.posts');
  return data;
}

function skipReason(post: GhostPost, html: string | undefined): string | undefined {
  if (post.type === 'page') return 'a page, not a post: pages are not stories';
  if (post.status !== 'published') return `${post.status === 'scheduled' ? 'scheduled' : `a ${post.status ?? 'draft'}`} in Ghost, not published`;
  if (post.visibility && post.visibility !== 'public') return `for Ghost’s ${post.visibility === 'paid' ? 'paying ' : ''}members only (${post.visibility}): not public`;
  if (!post.published_at || Number.isNaN(Date.parse(post.published_at))) return 'has no date Ghost published it at';
  if (html === undefined) return post.mobiledoc ? 'has only a mobiledoc document and no HTML: export it again from Ghost 4 or later' : 'has no content';
  return undefined;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row)) ?? [];
    list.push(row);
    groups.set(key(row), list);
  }
  return groups;
}

function plainCaption(html: string): string {
  return html.replace(/<[^>]*>/gu, '').trim();
}

interface LexicalNode {
  type?: string;
  text?: string;
  format?: number | string;
  tag?: string;
  listType?: string;
  url?: string;
  src?: string;
  alt?: string;
  caption?: string;
  children?: LexicalNode[];
}

/**
 * A Lexical document (Ghost 5's editor) as HTML, for posts exported without their rendered HTML: text with
 * bold (format bit 1) and italic (bit 2), links, headings, quotes, lists and images; cards it does not know
 * keep their text.
 */
export function lexicalToHtml(json: string): string {
  const root = (JSON.parse(json) as { root?: LexicalNode }).root;
  return root ? (root.children ?? []).map(lexicalNodeToHtml).join('') : '';
}

function lexicalNodeToHtml(node: LexicalNode): string {
  const inner = (node.children ?? []).map(lexicalNodeToHtml).join('');
  switch (node.type) {
    case 'text':
    case 'extended-text': {
      let text = escapeHtml(node.text ?? '');
      const format = typeof node.format === 'number' ? node.format : 0;
      if (format & 1) text = `<strong>${text}</strong>`;
      if (format & 2) text = `<em>${text}</em>`;
      return text;
    }
    case 'linebreak':
      return '<br>';
    case 'link':
      return `<a href="${escapeHtml(node.url ?? '')}">${inner}</a>`;
    case 'paragraph':
      return `<p>${inner}</p>`;
    case 'heading':
    case 'extended-heading':
      return `<${node.tag ?? 'h2'}>${inner}</${node.tag ?? 'h2'}>`;
    case 'quote':
    case 'extended-quote':
    case 'aside':
      return `<blockquote>${inner}</blockquote>`;
    case 'list':
      return node.listType === 'number' ? `<ol>${inner}</ol>` : `<ul>${inner}</ul>`;
    case 'listitem':
      return `<li>${inner}</li>`;
    case 'image':
      return `<figure><img src="${escapeHtml(node.src ?? '')}" alt="${escapeHtml(node.alt ?? '')}"><figcaption>${node.caption ?? ''}</figcaption></figure>`;
    default:
      return inner;
  }
}
