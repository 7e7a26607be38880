import type { Kysely, Transaction } from 'kysely';
import type { Block } from '../../content/blocks.ts';
import { slugify } from '../../content/slug.ts';
import type { Database, SitePageRow, SitePageStatus } from '../../db/schema.ts';
import { actorIdOf, type Actor } from '../accounts/account-types.ts';
import { can } from '../accounts/permissions.ts';
import type { AuditAction, AuditLog } from '../audit/audit-log.ts';
import { cacheKeys, recordChange, type ChangeFeed } from '../changes/index.ts';
import type { Clock } from '../clock/clock.ts';
import { SitePageError } from './site-page-errors.ts';
import { sitePageWords } from './site-page-problems.ts';

const problems = sitePageWords.problems;

/** One of an edition's own pages: About, Contact, Privacy, the corrections policy … */
export interface SitePage {
  id: number;
  editionCode: string;
  slug: string;
  title: string;
  /** What search results and link previews show; may be empty. */
  description: string;
  body: Block[];
  status: SitePageStatus;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  updatedBy: number | null;
}

/** What the newsroom writes about a page. */
export interface SitePageFields {
  title: string;
  /** Empty or left out: made from the title. */
  slug?: string;
  description?: string;
  body: Block[];
  isPublished: boolean;
}

/** A footer link as the newsroom keeps it: to an address, or to one of the edition's pages (by id, so a rename follows). */
export interface StoredFooterLink {
  label: string;
  url: string | null;
  page: { id: number; slug: string; title: string; status: SitePageStatus } | null;
}

/** A footer link as a form sends it: a label and an address (`https://…`, `mailto:…`, or a path on this site). */
export interface FooterLinkInput {
  label: string;
  address: string;
}

export const sitePageLimits = { title: 200, slug: 80, description: 300, footerLinks: 12, linkLabel: 80, linkUrl: 2000 } as const;

/**
 * The first part of a reader address after the edition that the site's own routes use: a page may not take one,
 * or it would never be reached (or would hide the route).
 */
const reservedSlugs = new Set(['news', 'section', 'tag', 'author', 'archive', 'corrections', 'search', 'comments', 'feed', 'sitemap', 'sitemaps', 'media', 'admin', 'api', 'assets', 'static']);

/**
 * An edition's own pages and its footer (docs/decisions/018-site-identity-and-pages.md). Pages live in their
 * own table with the story body model: they are never stories, so no story list, feed, search index or related
 * list can ever show one. Every public change records a change event in its transaction: the page's own key,
 * and the edition's (every page's footer) and the sitemaps' when whether or where readers find it changes.
 */
export class SitePageService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** The edition's pages, by title. */
  async list(editionCode: string): Promise<SitePage[]> {
    const rows = await this.db.selectFrom('site_pages').selectAll().where('edition_code', '=', editionCode).orderBy('title').orderBy('id').execute();
    return rows.map(toSitePage);
  }

  async find(id: number): Promise<SitePage | undefined> {
    if (!Number.isSafeInteger(id) || id <= 0) return undefined;
    const row = await this.db.selectFrom('site_pages').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toSitePage(row) : undefined;
  }

  async get(id: number): Promise<SitePage> {
    const page = await this.find(id);
    if (!page) throw new SitePageError('PAGE_NOT_FOUND', sitePageWords.notFound);
    return page;
  }

  /** The published page at `/{edition}/{slug}`, if there is one. */
  async findPublished(editionCode: string, slug: string): Promise<SitePage | undefined> {
    // Any address of one segment reaches here: one that is no page slug (a NUL byte, which PostgreSQL refuses
    // in text, among them) is answered without asking the database.
    if (slug === '' || slugify(slug) !== slug) return undefined;
    const row = await this.db.selectFrom('site_pages').selectAll().where('edition_code', '=', editionCode).where('slug', '=', slug).where('status', '=', 'published').executeTakeFirst();
    return row ? toSitePage(row) : undefined;
  }

  /** Every published page of the site, for the pages sitemap. */
  async listPublished(): Promise<Array<{ editionCode: string; slug: string; updatedAt: string }>> {
    const rows = await this.db.selectFrom('site_pages').select(['edition_code', 'slug', 'updated_at']).where('status', '=', 'published').orderBy('edition_code').orderBy('slug').execute();
    return rows.map((r) => ({ editionCode: r.edition_code, slug: r.slug, updatedAt: r.updated_at }));
  }

  /** @example await pages.create(personActor(editor), 'en', { title: 'About us', body: [paragraph('We report…')], isPublished: true }) */
  async create(actor: Actor, editionCode: string, fields: SitePageFields): Promise<SitePage> {
    this.assertMay(actor);
    const clean = checkFields(fields);
    const now = this.clock.now().toISOString();
    const id = await this.changes.transaction(async (trx) => {
      await this.assertSlugFree(trx, editionCode, clean.slug);
      const inserted = await trx
        .insertInto('site_pages')
        .values({
          edition_code: editionCode,
          slug: clean.slug,
          title: clean.title,
          description: clean.description,
          body: JSON.stringify(clean.body),
          status: clean.status,
          created_at: now,
          updated_at: now,
          published_at: clean.status === 'published' ? now : null,
          updated_by: actorIdOf(actor),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.record(trx, actor, 'page.created', inserted.id, { editionCode, slug: clean.slug, title: clean.title, status: clean.status });
      if (clean.status === 'published') await this.recordVisibility(trx, editionCode, [clean.slug], inserted.id);
      return inserted.id;
    });
    return this.get(id);
  }

  /** Changes a page's words, address or state; a published page's readers see it on their next request. */
  async update(actor: Actor, id: number, fields: SitePageFields): Promise<SitePage> {
    this.assertMay(actor);
    const clean = checkFields(fields);
    const now = this.clock.now().toISOString();
    await this.changes.transaction(async (trx) => {
      // The first statement writes, so the row (SQLite: the database) is locked before it is read.
      await trx.updateTable('site_pages').set((eb) => ({ title: eb.ref('title') })).where('id', '=', id).execute();
      const row = await trx.selectFrom('site_pages').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new SitePageError('PAGE_NOT_FOUND', sitePageWords.notFound);
      const before = toSitePage(row);
      if (clean.slug !== before.slug) await this.assertSlugFree(trx, before.editionCode, clean.slug);
      const body = JSON.stringify(clean.body);
      const changed = [
        ...(clean.title !== before.title ? ['title'] : []),
        ...(clean.slug !== before.slug ? ['slug'] : []),
        ...(clean.description !== before.description ? ['description'] : []),
        ...(body !== row.body ? ['body'] : []),
      ];
      const isStateChanged = clean.status !== before.status;
      if (changed.length === 0 && !isStateChanged) return;
      await trx
        .updateTable('site_pages')
        .set({
          title: clean.title,
          slug: clean.slug,
          description: clean.description,
          body,
          status: clean.status,
          updated_at: now,
          updated_by: actorIdOf(actor),
          ...(isStateChanged && clean.status === 'published' ? { published_at: now } : {}),
        })
        .where('id', '=', id)
        .execute();
      const action: AuditAction = !isStateChanged ? 'page.changed' : clean.status === 'published' ? 'page.published' : 'page.unpublished';
      await this.record(trx, actor, action, id, { editionCode: before.editionCode, slug: clean.slug, fields: changed });
      if (isStateChanged || (clean.status === 'published' && clean.slug !== before.slug)) await this.recordVisibility(trx, before.editionCode, [before.slug, clean.slug], id);
      else if (clean.status === 'published') await recordChange(trx, { kind: 'page.changed', editionCode: before.editionCode, keys: [cacheKeys.sitePage(before.editionCode, clean.slug)], subject: { pageId: id, fields: changed } }, this.clock.now());
    });
    return this.get(id);
  }

  /** Deletes a page, and the footer links to it. */
  async delete(actor: Actor, id: number): Promise<void> {
    this.assertMay(actor);
    await this.changes.transaction(async (trx) => {
      const row = await trx.selectFrom('site_pages').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new SitePageError('PAGE_NOT_FOUND', sitePageWords.notFound);
      await trx.deleteFrom('footer_links').where('page_id', '=', id).execute();
      await trx.deleteFrom('site_pages').where('id', '=', id).execute();
      await this.record(trx, actor, 'page.deleted', id, { editionCode: row.edition_code, slug: row.slug, title: row.title });
      if (row.status === 'published') await this.recordVisibility(trx, row.edition_code, [row.slug], id);
    });
  }

  /** The edition's footer links as stored, in order, with the pages they point to. */
  async footerLinks(editionCode: string): Promise<StoredFooterLink[]> {
    const rows = await this.db
      .selectFrom('footer_links as l')
      .leftJoin('site_pages as p', 'p.id', 'l.page_id')
      .select(['l.label', 'l.url', 'l.page_id', 'p.slug', 'p.title', 'p.status'])
      .where('l.edition_code', '=', editionCode)
      .orderBy('l.position')
      .execute();
    return rows.map((r) => ({
      label: r.label,
      url: r.url,
      page: r.page_id !== null && r.slug !== null && r.title !== null && r.status !== null ? { id: r.page_id, slug: r.slug, title: r.title, status: r.status } : null,
    }));
  }

  /**
   * Replaces the edition's footer links with these, in this order. An address that is one of the edition's
   * pages (`/en/about`) becomes a link to that page, which follows it when its address changes.
   * @example await pages.replaceFooterLinks(actor, 'en', [{ label: 'About us', address: '/en/about' }, { label: 'Jobs', address: 'https://jobs.example.org' }])
   */
  async replaceFooterLinks(actor: Actor, editionCode: string, links: readonly FooterLinkInput[]): Promise<StoredFooterLink[]> {
    this.assertMay(actor);
    if (links.length > sitePageLimits.footerLinks) throw new SitePageError('PAGE_FIELD_INVALID', problems.tooManyLinks(sitePageLimits.footerLinks), 'links');
    await this.changes.transaction(async (trx) => {
      const pages = await trx.selectFrom('site_pages').select(['id', 'slug']).where('edition_code', '=', editionCode).execute();
      const rows = links.map((link, index) => {
        const line = index + 1;
        const address = link.address.trim();
        const ownPath = `/${editionCode}/`;
        const page = address.startsWith(ownPath) ? pages.find((p) => address === `${ownPath}${p.slug}` || decodeURIComponent(address) === `${ownPath}${p.slug}`) : undefined;
        const url = page ? null : checkAddress(address, line);
        const label = link.label.normalize('NFC').replace(/\s+/gu, ' ').trim();
        if (label === '') throw new SitePageError('PAGE_FIELD_INVALID', problems.linkNoLabel(line), 'links');
        if (label.length > sitePageLimits.linkLabel) throw new SitePageError('PAGE_FIELD_INVALID', problems.labelTooLong(line, sitePageLimits.linkLabel), 'links');
        return { edition_code: editionCode, position: index, label, url, page_id: page?.id ?? null };
      });
      const before = await trx.selectFrom('footer_links').select(['label', 'url', 'page_id']).where('edition_code', '=', editionCode).orderBy('position').execute();
      const after = rows.map((r) => ({ label: r.label, url: r.url, page_id: r.page_id }));
      if (JSON.stringify(before) === JSON.stringify(after)) return;
      await trx.deleteFrom('footer_links').where('edition_code', '=', editionCode).execute();
      if (rows.length > 0) await trx.insertInto('footer_links').values(rows).execute();
      await this.audit.record(
        { action: 'footer.changed', actorId: actorIdOf(actor), subject: { type: 'edition', id: editionCode }, details: { from: before, to: after }, addressHash: actor.kind === 'person' ? actor.addressHash : null },
        trx,
        this.clock.now(),
      );
      // Every page of the edition shows the footer.
      await recordChange(trx, { kind: 'footer.changed', editionCode, keys: [cacheKeys.edition(editionCode)], subject: { links: after.length } }, this.clock.now());
    });
    return this.footerLinks(editionCode);
  }

  private assertMay(actor: Actor): void {
    if (actor.kind === 'person' && !can(actor.user, 'pages.manage')) throw new SitePageError('PAGE_FORBIDDEN', problems.mayNotManage);
  }

  private async assertSlugFree(trx: Transaction<Database>, editionCode: string, slug: string): Promise<void> {
    const taken = await trx.selectFrom('site_pages').select('title').where('edition_code', '=', editionCode).where('slug', '=', slug).executeTakeFirst();
    if (taken) throw new SitePageError('PAGE_SLUG_TAKEN', problems.slugTaken(taken.title, `/${editionCode}/${slug}`), 'slug');
  }

  /** A page appearing, leaving or moving: its addresses, every page's footer (it may link there) and the sitemaps. */
  private async recordVisibility(trx: Transaction<Database>, editionCode: string, slugs: string[], id: number): Promise<void> {
    await recordChange(trx, { kind: 'page.changed', editionCode, keys: [...slugs.map((slug) => cacheKeys.sitePage(editionCode, slug)), cacheKeys.edition(editionCode), cacheKeys.sitemaps], subject: { pageId: id } }, this.clock.now());
  }

  private async record(trx: Transaction<Database>, actor: Actor, action: AuditAction, id: number, details: Record<string, unknown>): Promise<void> {
    await this.audit.record({ action, actorId: actorIdOf(actor), subject: { type: 'page', id }, details, addressHash: actor.kind === 'person' ? actor.addressHash : null }, trx, this.clock.now());
  }
}

function toSitePage(row: SitePageRow): SitePage {
  return {
    id: row.id,
    editionCode: row.edition_code,
    slug: row.slug,
    title: row.title,
    description: row.description,
    body: JSON.parse(row.body) as Block[],
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    updatedBy: row.updated_by,
  };
}

function checkFields(fields: SitePageFields): { title: string; slug: string; description: string; body: Block[]; status: SitePageStatus } {
  const title = fields.title.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (title === '' || title.length > sitePageLimits.title) throw new SitePageError('PAGE_FIELD_INVALID', problems.titleInvalid(sitePageLimits.title), 'title');
  const wanted = (fields.slug ?? '').trim();
  const slug = slugify(wanted === '' ? title : wanted, sitePageLimits.slug);
  if (wanted !== '' && slug !== wanted.toLocaleLowerCase('en')) throw new SitePageError('PAGE_FIELD_INVALID', problems.slugInvalid(slug), 'slug');
  if (reservedSlugs.has(slug)) throw new SitePageError('PAGE_FIELD_INVALID', problems.slugReserved(slug), 'slug');
  const description = (fields.description ?? '').normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (description.length > sitePageLimits.description) throw new SitePageError('PAGE_FIELD_INVALID', problems.descriptionTooLong(sitePageLimits.description, description.length), 'description');
  if (fields.body.length === 0) throw new SitePageError('PAGE_FIELD_INVALID', problems.bodyMissing, 'body');
  return { title, slug, description, body: fields.body, status: fields.isPublished ? 'published' : 'draft' };
}

/** A footer address: a web or mail address, or a path on this site; the line is named when it is neither. */
function checkAddress(address: string, line: number): string {
  if (address.length > sitePageLimits.linkUrl) throw new SitePageError('PAGE_FIELD_INVALID', problems.addressTooLong(line), 'links');
  if (/^\/(?!\/)[^\s\\]*$/u.test(address)) return address;
  try {
    const url = new URL(address);
    if (url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'mailto:') return url.href;
  } catch {
    // Named below.
  }
  throw new SitePageError('PAGE_FIELD_INVALID', problems.addressMissing(line), 'links');
}
