import { escapeHtml, parseHtml, textOf } from '../../content/html-blocks.ts';
import type { ImportedComment } from '../comments/index.ts';
import type { UserService } from '../accounts/user-service.ts';
import type { MediaService } from '../media/index.ts';
import { importPost, type PostImportDeps, type PostOutcome, type SourcePost } from './import-posts.ts';
import { importStaff, type SourceAuthor, type StaffOutcome } from './import-staff.ts';
import { PictureFetcher, type PictureSourceOptions } from './picture-fetcher.ts';
import { readWordPressExport, type WxrItem, type WxrSite } from './wordpress-export.ts';

export interface ImportRunOptions {
  editionCode: string;
  isDryRun: boolean;
  pictures: PictureSourceOptions;
  /** Give the export's authors staff accounts (role author) without passwords, linked to their bylines. */
  isCreatingStaff?: boolean;
  /** Told of each author `isCreatingStaff` made an account for, linked, or could not. */
  onStaff?: (outcome: StaffOutcome) => void;
  /** Told of each post as it is done, in the file's order. */
  onOutcome?: (outcome: PostOutcome) => void;
  /** Told once the file has been read through and its posts counted (before the first is imported). */
  onStart?: (total: number) => void;
}

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  leftAlone: number;
  failed: number;
  pictures: number;
  missingPictures: number;
  comments: number;
  /** Staff accounts made (`isCreatingStaff`); accounts that had the email already are not counted. */
  staffAccounts: number;
  seconds: number;
}

export type ImportDeps = PostImportDeps & { media: MediaService; users: UserService };

export function emptySummary(): ImportSummary {
  return { created: 0, updated: 0, unchanged: 0, skipped: 0, leftAlone: 0, failed: 0, pictures: 0, missingPictures: 0, comments: 0, staffAccounts: 0, seconds: 0 };
}

/** The `isCreatingStaff` step both importers take before their posts. */
export async function importStaffOf(authors: readonly SourceAuthor[], deps: ImportDeps, options: ImportRunOptions, summary: ImportSummary): Promise<void> {
  if (options.isCreatingStaff !== true) return;
  for (const outcome of await importStaff(authors, deps, options.isDryRun)) {
    if (outcome.kind === 'created') summary.staffAccounts++;
    options.onStaff?.(outcome);
  }
}

/** Post types that are content of a post or of the theme, never stories of their own: not reported one by one. */
const NOT_CONTENT = new Set(['attachment', 'nav_menu_item', 'revision', 'custom_css', 'customize_changeset', 'oembed_cache', 'user_request', 'wp_global_styles', 'wp_navigation', 'wp_template', 'wp_template_part', 'wp_font_face', 'wp_font_family']);

interface Attachment {
  url: string;
  alt: string;
  caption: string;
  parentId: string;
}

/**
 * Imports a WordPress export (WXR 1.0–1.2). The file is read twice, as a stream each time: first through to
 * its end, so a broken or truncated file is refused (with its line) before anything is stored, and to learn
 * its pictures (attachments may come after the posts that show them); then post by post, each stored in its
 * own transaction. Published posts become stories; drafts, scheduled, private, trashed and
 * password-protected posts and pages are reported by name and left out (docs/decisions/021).
 */
export async function importWordPress(file: string, deps: ImportDeps, options: ImportRunOptions): Promise<ImportSummary> {
  const startedAt = Date.now();
  const attachments = new Map<string, Attachment>();
  const attachmentsByUrl = new Map<string, Attachment>();
  let total = 0;
  let authors: SourceAuthor[] = [];
  for await (const entry of readWordPressExport(file)) {
    if (entry.kind === 'site') {
      authors = [...entry.site.authors.values()].map((a) => ({ name: a.displayName, email: a.email }));
      continue;
    }
    const item = entry.item;
    if (item.postType === 'attachment') {
      const attachment = { url: item.attachmentUrl, alt: item.meta.get('_wp_attachment_image_alt')?.trim() ?? '', caption: plainText(item.excerpt), parentId: item.parentId };
      attachments.set(item.postId, attachment);
      if (attachment.url !== '') attachmentsByUrl.set(attachment.url, attachment);
    } else if (!NOT_CONTENT.has(item.postType)) {
      total++;
    }
  }
  options.onStart?.(total);
  await deps.editions.ensure(options.editionCode);
  const summary = emptySummary();
  await importStaffOf(authors, deps, options, summary);
  const pictures = new PictureFetcher(deps.media, options.pictures);
  let site: WxrSite | undefined;
  for await (const entry of readWordPressExport(file)) {
    if (entry.kind === 'site') {
      site = entry.site;
      continue;
    }
    if (!site || NOT_CONTENT.has(entry.item.postType)) continue;
    const post = toSourcePost(entry.item, site, attachments, attachmentsByUrl);
    const outcome = await importPost(post, { source: 'wordpress', site: site.url, editionCode: options.editionCode, isDryRun: options.isDryRun, pictures }, deps);
    count(summary, outcome);
    options.onOutcome?.(outcome);
  }
  summary.seconds = (Date.now() - startedAt) / 1000;
  return summary;
}

export function count(summary: ImportSummary, outcome: PostOutcome): void {
  if (!outcome.ok) {
    if (outcome.kind === 'skipped') summary.skipped++;
    else if (outcome.kind === 'left-alone') summary.leftAlone++;
    else summary.failed++;
    return;
  }
  summary[outcome.change]++;
  summary.pictures += outcome.pictures;
  summary.missingPictures += outcome.missingPictures.length;
  summary.comments += outcome.comments;
}

/** Why a post is not imported, or undefined when it is: only what readers of the old site could see comes in. */
function skipReason(item: WxrItem): string | undefined {
  if (item.postType === 'page') return 'a page, not a post: pages are not stories';
  if (item.postType !== 'post') return `a “${item.postType}”, not a post`;
  if (item.password !== '') return 'password-protected in WordPress';
  switch (item.status) {
    case 'publish':
      return undefined;
    case 'future':
      return `scheduled in WordPress for ${item.postDateGmt || item.postDate}, not yet published`;
    case 'private':
      return 'private in WordPress';
    case 'trash':
      return 'in WordPress’s trash';
    default:
      return `a ${item.status || 'draft'} in WordPress, not published`;
  }
}

function toSourcePost(item: WxrItem, site: WxrSite, attachments: Map<string, Attachment>, attachmentsByUrl: Map<string, Attachment>): SourcePost {
  const title = plainText(item.title).replace(/\s+/gu, ' ').trim();
  const name = `post ${item.postId} “${title || '(no title)'}” (line ${item.line})`;
  const notes: string[] = [];
  const base: SourcePost = {
    itemId: item.postId,
    name,
    headline: title,
    html: '',
    htmlOptions: { lineBreaks: 'html' },
    teaser: '',
    publishedAt: '',
    slug: '',
    section: null,
    tags: [],
    authors: [],
    pictureDetails: () => undefined,
    comments: [],
    permalinks: [],
    notes,
  };
  const skip = skipReason(item);
  if (skip !== undefined) return { ...base, skip };
  const publishedAt = instantOf(item);
  if (publishedAt === undefined) return { ...base, skip: `has no date WordPress published it at (“${item.postDateGmt || item.pubDate}”)` };

  const html = expandShortcodes(item, attachments, notes);
  const isBlockEditor = html.includes('<!-- wp:');
  const headline = title || headlineFromText(html, notes);
  const categories = item.terms.filter((t) => t.domain === 'category');
  const tags = item.terms.filter((t) => t.domain === 'post_tag');
  // A story has one section: the post's first category. Its other categories are kept as tags.
  const [section, ...otherCategories] = categories;
  const author = site.authors.get(item.creator);
  const thumbnail = attachments.get(item.meta.get('_thumbnail_id') ?? '');
  const permalink = pathOf(item.link);
  return {
    ...base,
    headline,
    html,
    htmlOptions: { lineBreaks: isBlockEditor ? 'html' : 'paragraphs', baseUrl: item.link || site.url || undefined },
    teaser: plainText(item.excerpt),
    publishedAt,
    slug: safeDecode(item.postName),
    section: section ? { name: plainText(section.name), slug: safeDecode(section.nicename) || undefined } : null,
    tags: [...otherCategories, ...tags].slice(0, 30).map((t) => ({ name: plainText(t.name), slug: safeDecode(t.nicename) || undefined })),
    authors: item.creator === '' ? [] : [author?.displayName || item.creator],
    ...(thumbnail && thumbnail.url !== '' ? { featuredImage: { url: thumbnail.url, alt: thumbnail.alt, caption: thumbnail.caption } } : {}),
    // Posts show pictures with a size asked of WordPress's image server (`flood.jpg?w=604`).
    pictureDetails: (url) => attachmentsByUrl.get(url) ?? attachmentsByUrl.get(url.replace(/\?.*$/u, '')),
    comments: item.comments.filter((c) => c.approved === '1' && (c.type === '' || c.type === 'comment')).map(toComment),
    permalinks: permalink === undefined ? [] : [permalink],
  };
}

function toComment(comment: WxrItem['comments'][number]): ImportedComment {
  const at = Date.parse(`${comment.dateGmt.replace(' ', 'T')}Z`);
  return {
    sourceId: comment.id,
    sourceParentId: comment.parentId === '' || comment.parentId === '0' ? null : comment.parentId,
    authorName: plainText(comment.author),
    email: comment.authorEmail,
    body: textOf({ name: 'div', attrs: {}, children: parseHtml(comment.content.replace(/<br\s*\/?>/giu, '\n')) }),
    createdAt: Number.isNaN(at) ? new Date(0).toISOString() : new Date(at).toISOString(),
  };
}

/** When WordPress published the post: its GMT date, else the feed's date, else its local date read as UTC. */
function instantOf(item: WxrItem): string | undefined {
  for (const candidate of [`${item.postDateGmt.replace(' ', 'T')}Z`, item.pubDate, `${item.postDate.replace(' ', 'T')}Z`]) {
    if (candidate.startsWith('0000') || candidate === 'Z') continue;
    const ms = Date.parse(candidate);
    if (!Number.isNaN(ms) && ms > 0) return new Date(ms).toISOString();
  }
  return undefined;
}

/**
 * WordPress's own shortcodes as the HTML they show: `[caption]` as a figure with its caption, `[gallery]` as
 * its pictures, `[embed]`, `[audio]`, `[video]` and a bare address on its own line (an oEmbed) as a link.
 * Other shortcodes belong to plugins; they stay as the text WordPress itself shows without the plugin.
 */
function expandShortcodes(item: WxrItem, attachments: Map<string, Attachment>, notes: string[]): string {
  let html = item.content;
  html = html.replace(/\[(?:wp_)?caption([^\]]*)\]([\s\S]*?)\[\/(?:wp_)?caption\]/gu, (_all, attrText: string, inner: string) => {
    const attrs = shortcodeAttrs(attrText);
    // The caption is an attribute (older posts) or the text after the picture (and its link).
    const pictureEnd = Math.max(inner.lastIndexOf('</a>') >= 0 ? inner.lastIndexOf('</a>') + 4 : -1, endOfImgTag(inner));
    const picture = pictureEnd > 0 ? inner.slice(0, pictureEnd) : inner;
    const caption = attrs.caption ?? (pictureEnd > 0 ? inner.slice(pictureEnd) : '');
    return `<figure>${picture}<figcaption>${caption}</figcaption></figure>`;
  });
  html = html.replace(/\[gallery([^\]]*)\]/gu, (_all, attrText: string) => {
    const attrs = shortcodeAttrs(attrText);
    const ids = attrs.ids?.split(',').map((id) => id.trim()) ?? [...attachments].filter(([, a]) => a.parentId === item.postId).map(([id]) => id);
    const shown = ids.flatMap((id) => {
      const attachment = attachments.get(id);
      return attachment && /\.(jpe?g|png|gif|webp|avif)$/iu.test(attachment.url) ? [attachment] : [];
    });
    if (shown.length === 0) notes.push('a gallery without pictures in the export was left out');
    return shown.map((a) => `<figure><img src="${escapeHtml(a.url)}" alt="${escapeHtml(a.alt)}"><figcaption>${escapeHtml(a.caption)}</figcaption></figure>`).join('');
  });
  html = html.replace(/\[embed[^\]]*\]([\s\S]*?)\[\/embed\]/gu, (_all, url: string) => linkTo(url.trim()));
  html = html.replace(/\[(audio|video|playlist)([^\]]*)\](?:[\s\S]*?\[\/\1\])?/gu, (_all, kind: string, attrText: string) => {
    const attrs = shortcodeAttrs(attrText);
    const url = attrs.src ?? attrs.mp3 ?? attrs.mp4 ?? attrs.ogg ?? attrs.m4a ?? attrs.webm ?? attrs.wav;
    notes.push(`an embedded ${kind} became a link`);
    return url ? linkTo(url) : '';
  });
  // An address alone on its line is an embed (a video, a post elsewhere) in WordPress: a link here.
  return html.replace(/^(\s*)(https?:\/\/[^\s<>"]+)(\s*)$/gmu, (_all, before: string, url: string, after: string) => `${before}${linkTo(url)}${after}`);
}

function endOfImgTag(html: string): number {
  const start = html.lastIndexOf('<img');
  if (start < 0) return -1;
  const end = html.indexOf('>', start);
  return end < 0 ? -1 : end + 1;
}

function shortcodeAttrs(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const match of text.matchAll(/([a-z0-9_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))/giu)) attrs[match[1]!.toLowerCase()] = match[2] ?? match[3] ?? match[4] ?? '';
  return attrs;
}

function linkTo(url: string): string {
  return `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`;
}


/** Text with its tags left out and its entities read (`Tom &amp; Jerry` → `Tom & Jerry`). */
function plainText(html: string): string {
  return textOf({ name: 'div', attrs: {}, children: parseHtml(html) }).trim();
}

/** An untitled post takes the first words of its text as its headline (WordPress shows "(no title)"). */
function headlineFromText(html: string, notes: string[]): string {
  const text = plainText(html.replace(/<!--[\s\S]*?-->/gu, ' ')).replace(/\s+/gu, ' ');
  const words = text.split(' ').slice(0, 12).join(' ');
  notes.push('it had no title: its first words are its headline');
  return words.length > 0 ? (words.length < text.length ? `${words}…` : words) : 'Untitled';
}

/** The path of an old address (`/2013/01/11/markup/`), or undefined for none or the site's front page. */
function pathOf(link: string): string | undefined {
  if (!URL.canParse(link)) return undefined;
  const url = new URL(link);
  return url.pathname === '/' || url.pathname === '' ? undefined : url.pathname;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
