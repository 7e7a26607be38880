import { createReadStream } from 'node:fs';
import { SaxesParser } from 'saxes';
import { DatelineError } from '../../errors/dateline-error.ts';

/** A WordPress export (WXR 1.0–1.2): the site's own details, read before its items. */
export interface WxrSite {
  wxrVersion: string;
  title: string;
  /** The blog's address (`wp:base_blog_url`, else the channel's `link`): imported items are keyed by it. */
  url: string;
  /** Authors by login: `dc:creator` names the login. */
  authors: Map<string, WxrAuthor>;
}

export interface WxrAuthor {
  login: string;
  email: string;
  displayName: string;
}

export interface WxrTerm {
  /** `category` or `post_tag` (others, e.g. `post_format`, are the theme's business). */
  domain: string;
  nicename: string;
  name: string;
}

export interface WxrComment {
  id: string;
  parentId: string;
  author: string;
  authorEmail: string;
  dateGmt: string;
  content: string;
  /** `1` approved, `0` waiting, `spam`, `trash`. */
  approved: string;
  /** Empty or `comment` for readers' comments; `pingback`, `trackback` for other sites'. */
  type: string;
}

export interface WxrItem {
  /** The line of the file where the item starts, for reports. */
  line: number;
  postId: string;
  title: string;
  link: string;
  pubDate: string;
  creator: string;
  content: string;
  excerpt: string;
  postDate: string;
  postDateGmt: string;
  postName: string;
  status: string;
  parentId: string;
  postType: string;
  password: string;
  attachmentUrl: string;
  terms: WxrTerm[];
  meta: Map<string, string>;
  comments: WxrComment[];
}

/** The file is not well-formed XML, or not a WordPress export: `line` says where. */
export class WxrFormatError extends DatelineError {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super('IMPORT_FILE_INVALID', message);
  }
}

const ITEM_FIELDS: Record<string, keyof WxrItem> = {
  title: 'title',
  link: 'link',
  pubDate: 'pubDate',
  'dc:creator': 'creator',
  'content:encoded': 'content',
  'excerpt:encoded': 'excerpt',
  'wp:post_id': 'postId',
  'wp:post_date': 'postDate',
  'wp:post_date_gmt': 'postDateGmt',
  'wp:post_name': 'postName',
  'wp:status': 'status',
  'wp:post_parent': 'parentId',
  'wp:post_type': 'postType',
  'wp:post_password': 'password',
  'wp:attachment_url': 'attachmentUrl',
};

const COMMENT_FIELDS: Record<string, keyof WxrComment> = {
  'wp:comment_id': 'id',
  'wp:comment_parent': 'parentId',
  'wp:comment_author': 'author',
  'wp:comment_author_email': 'authorEmail',
  'wp:comment_date_gmt': 'dateGmt',
  'wp:comment_content': 'content',
  'wp:comment_approved': 'approved',
  'wp:comment_type': 'type',
};

/**
 * Reads a WordPress export as a stream: the site's details first, then its items one by one, so a
 * multi-gigabyte export needs memory for one item at a time (plus the read-ahead of one 64 KiB chunk).
 * Malformed XML ends the reading with a `WxrFormatError` naming the line.
 * @example for await (const entry of readWordPressExport('export.xml')) if (entry.kind === 'item') console.log(entry.item.title)
 */
export async function* readWordPressExport(file: string): AsyncGenerator<{ kind: 'site'; site: WxrSite } | { kind: 'item'; item: WxrItem }> {
  const parser = new SaxesParser({ position: true });
  const site: WxrSite = { wxrVersion: '', title: '', url: '', authors: new Map() };
  let channelLink = '';
  let hasSiteBeenSent = false;
  let isRss = false;
  const path: string[] = [];
  let text = '';
  let item: WxrItem | undefined;
  let comment: WxrComment | undefined;
  let author: Partial<WxrAuthor> | undefined;
  let meta: { key: string; value: string } | undefined;
  let term: { domain: string; nicename: string } | undefined;
  const ready: WxrItem[] = [];
  let failure: WxrFormatError | undefined;

  parser.on('error', (error) => {
    failure ??= new WxrFormatError(error.message.replace(/^\d+:\d+: /u, ''), parser.line);
  });
  parser.on('opentag', (tag) => {
    path.push(tag.name);
    text = '';
    if (path.length === 1) isRss = tag.name === 'rss';
    switch (tag.name) {
      case 'item':
        item = { line: parser.line, postId: '', title: '', link: '', pubDate: '', creator: '', content: '', excerpt: '', postDate: '', postDateGmt: '', postName: '', status: '', parentId: '', postType: '', password: '', attachmentUrl: '', terms: [], meta: new Map(), comments: [] };
        break;
      case 'wp:comment':
        if (item) comment = { id: '', parentId: '', author: '', authorEmail: '', dateGmt: '', content: '', approved: '', type: '' };
        break;
      case 'wp:author':
        if (!item) author = {};
        break;
      case 'wp:postmeta':
        meta = { key: '', value: '' };
        break;
      case 'category':
        if (item) term = { domain: String(tag.attributes.domain ?? 'category'), nicename: String(tag.attributes.nicename ?? '') };
        break;
    }
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.on('cdata', (t) => {
    text += t;
  });
  parser.on('closetag', (tag) => {
    const name = tag.name;
    const value = text;
    text = '';
    path.pop();
    if (comment) {
      const field = COMMENT_FIELDS[name];
      if (field) comment[field] = value.trim() === '' ? '' : field === 'content' ? value : value.trim();
      if (name === 'wp:comment') {
        item?.comments.push(comment);
        comment = undefined;
      }
      return;
    }
    if (meta) {
      if (name === 'wp:meta_key') meta.key = value.trim();
      else if (name === 'wp:meta_value') meta.value = value;
      else if (name === 'wp:postmeta') {
        item?.meta.set(meta.key, meta.value);
        meta = undefined;
      }
      return;
    }
    if (item) {
      if (name === 'item') {
        ready.push(item);
        item = undefined;
        return;
      }
      if (name === 'category' && term) {
        item.terms.push({ domain: term.domain, nicename: term.nicename, name: value.trim() });
        term = undefined;
        return;
      }
      const field = ITEM_FIELDS[name];
      // Only the item's own fields: nested elements of the same name (none in WXR) would not overwrite them.
      if (field && path.at(-1) === 'item') (item as unknown as Record<string, string>)[field] = field === 'content' || field === 'excerpt' ? value : value.trim();
      return;
    }
    if (author) {
      if (name === 'wp:author_login') author.login = value.trim();
      else if (name === 'wp:author_email') author.email = value.trim();
      else if (name === 'wp:author_display_name') author.displayName = value.trim();
      else if (name === 'wp:author') {
        if (author.login) site.authors.set(author.login, { login: author.login, email: author.email ?? '', displayName: author.displayName || author.login });
        author = undefined;
      }
      return;
    }
    if (path.at(-1) === 'channel') {
      if (name === 'title') site.title = value.trim();
      else if (name === 'link') channelLink = value.trim();
      else if (name === 'wp:wxr_version') site.wxrVersion = value.trim();
      else if (name === 'wp:base_blog_url') site.url = value.trim();
    }
  });

  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of stream) {
      parser.write(chunk as string);
      if (failure) throw failure;
      if (!hasSiteBeenSent && (ready.length > 0 || item)) {
        hasSiteBeenSent = true;
        yield { kind: 'site', site: finishSite(site, channelLink, isRss, parser.line) };
      }
      while (ready.length > 0) yield { kind: 'item', item: ready.shift()! };
    }
    parser.close();
    if (failure) throw failure;
  } finally {
    stream.destroy();
  }
  if (!hasSiteBeenSent) yield { kind: 'site', site: finishSite(site, channelLink, isRss, parser.line) };
  while (ready.length > 0) yield { kind: 'item', item: ready.shift()! };
}

function finishSite(site: WxrSite, channelLink: string, isRss: boolean, line: number): WxrSite {
  if (!isRss) throw new WxrFormatError('not a WordPress export (WXR): its root element is not <rss>', line);
  if (site.wxrVersion === '') throw new WxrFormatError('not a WordPress export (WXR): it has no <wp:wxr_version>', line);
  return { ...site, url: (site.url || channelLink).replace(/\/+$/u, '') };
}
