import { sql, type Kysely, type Transaction } from 'kysely';
import { parseLinks, type ProfileLink } from '../../content/profile-links.ts';
import { slugify } from '../../content/slug.ts';
import type { Database } from '../../db/schema.ts';
import { actorIdOf, type Actor } from '../accounts/account-types.ts';
import { can } from '../accounts/permissions.ts';
import type { AuditAction, AuditLog } from '../audit/audit-log.ts';
import { cacheKeys, recordChange, type ChangeFeed } from '../changes/index.ts';
import type { Clock } from '../clock/clock.ts';
import { indexStoryChange } from '../search/index-story-change.ts';
import { TaxonomyError } from './taxonomy-errors.ts';
import { taxonomyProblems as problems } from './taxonomy-problems.ts';

/** The longest name, description and bio the newsroom may give: enough for a heading and a paragraph. */
export const taxonomyLimits = { name: 80, slug: 80, description: 600, bio: 1200, links: 5, linkLabel: 60, linkUrl: 500 } as const;

/** Tags and authors are many: the newsroom pages them. */
export const TAXONOMY_PAGE_SIZE = 50;

export interface ManagedSection {
  id: number;
  editionCode: string;
  slug: string;
  name: string;
  description: string;
  position: number;
  isInNavigation: boolean;
  /** Published stories in the section. */
  storyCount: number;
}

export interface ManagedTag {
  id: number;
  editionCode: string;
  slug: string;
  name: string;
  description: string;
  storyCount: number;
}

export interface ManagedAuthor {
  id: number;
  slug: string;
  name: string;
  bio: string;
  photoMediaId: number | null;
  links: ProfileLink[];
  /** Stories carrying the byline, in any edition and state. */
  storyCount: number;
}

export interface SectionFields {
  name: string;
  /** Empty: made from the name. */
  slug?: string;
  description?: string;
  isInNavigation?: boolean;
}

export interface TagFields {
  name: string;
  slug?: string;
  description?: string;
}

export interface AuthorFields {
  name: string;
  slug?: string;
  bio?: string;
  photoMediaId?: number | null;
  links?: ProfileLink[];
}

export interface TaxonomyPage<T> {
  items: T[];
  page: number;
  pageCount: number;
  total: number;
}

export type { ProfileLink };

type TaxonKind = 'section' | 'tag' | 'author';

/**
 * Sections, tags and authors as things the newsroom manages (issue 15, §2): create, rename, order, hide
 * from the navigation, describe, merge tags, and authors' public profiles. A new address never breaks an
 * old one: every slug a section, tag or author had answers 301 to its current page (`slug_redirects`).
 * Every change is audited and recorded as a change event naming the pages it touches, in one transaction.
 */
export class TaxonomyService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Where a section, tag or author known by an old address lives now (after a rename or a merge), if anywhere. */
  async currentSlug(kind: TaxonKind, editionCode: string, slug: string): Promise<string | undefined> {
    return currentSlug(this.db, kind, editionCode, slug);
  }

  /** An edition's sections in navigation order, with how many published stories each has. */
  async listSections(editionCode: string): Promise<ManagedSection[]> {
    const rows = await this.db
      .selectFrom('sections as sec')
      .select((eb) => [
        'sec.id',
        'sec.edition_code',
        'sec.slug',
        'sec.name',
        'sec.description',
        'sec.position',
        'sec.in_navigation',
        eb
          .selectFrom('stories as s')
          .select((inner) => inner.fn.countAll<number>().as('n'))
          .whereRef('s.section_id', '=', 'sec.id')
          .where('s.status', '=', 'published')
          .where('s.deleted_at', 'is', null)
          .as('story_count'),
      ])
      .where('sec.edition_code', '=', editionCode)
      .orderBy('sec.position')
      .orderBy('sec.name')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      editionCode: r.edition_code,
      slug: r.slug,
      name: r.name,
      description: r.description,
      position: r.position,
      isInNavigation: Boolean(r.in_navigation),
      storyCount: Number(r.story_count ?? 0),
    }));
  }

  async getSection(id: number): Promise<ManagedSection> {
    const row = Number.isSafeInteger(id) ? await this.db.selectFrom('sections').select('edition_code').where('id', '=', id).executeTakeFirst() : undefined;
    const section = row ? (await this.listSections(row.edition_code)).find((s) => s.id === id) : undefined;
    if (!section) throw new TaxonomyError('TAXON_NOT_FOUND', problems.sectionNotFound);
    return section;
  }

  /** An edition's tags, those matching `query` (name or address) first by use, a page at a time. */
  async listTags(editionCode: string, options: { query?: string; page?: number } = {}): Promise<TaxonomyPage<ManagedTag>> {
    const page = Math.max(1, options.page ?? 1);
    const pattern = likePattern(options.query);
    const base = this.db
      .selectFrom('tags as t')
      .where('t.edition_code', '=', editionCode)
      .$if(pattern !== undefined, (qb) => qb.where((eb) => eb.or([eb(sql<string>`lower(t.name)`, 'like', pattern ?? ''), eb('t.slug', 'like', pattern ?? '')])));
    const [{ total }, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
      base
        .leftJoin('story_tags as st', 'st.tag_id', 't.id')
        .select((eb) => ['t.id', 't.edition_code', 't.slug', 't.name', 't.description', eb.fn.count<number>('st.story_id').as('story_count')])
        .groupBy(['t.id', 't.edition_code', 't.slug', 't.name', 't.description'])
        .orderBy('story_count', 'desc')
        .orderBy('t.name')
        .limit(TAXONOMY_PAGE_SIZE)
        .offset((page - 1) * TAXONOMY_PAGE_SIZE)
        .execute(),
    ]);
    const count = Number(total);
    return {
      items: rows.map((r) => ({ id: r.id, editionCode: r.edition_code, slug: r.slug, name: r.name, description: r.description, storyCount: Number(r.story_count) })),
      page,
      pageCount: Math.max(1, Math.ceil(count / TAXONOMY_PAGE_SIZE)),
      total: count,
    };
  }

  async getTag(id: number): Promise<ManagedTag> {
    const row = Number.isSafeInteger(id)
      ? await this.db
          .selectFrom('tags as t')
          .leftJoin('story_tags as st', 'st.tag_id', 't.id')
          .select((eb) => ['t.id', 't.edition_code', 't.slug', 't.name', 't.description', eb.fn.count<number>('st.story_id').as('story_count')])
          .where('t.id', '=', id)
          .groupBy(['t.id', 't.edition_code', 't.slug', 't.name', 't.description'])
          .executeTakeFirst()
      : undefined;
    if (!row) throw new TaxonomyError('TAXON_NOT_FOUND', problems.tagNotFound);
    return { id: row.id, editionCode: row.edition_code, slug: row.slug, name: row.name, description: row.description, storyCount: Number(row.story_count) };
  }

  /** The edition's tag with this address, or else with this name (case aside), if any. */
  async findTag(editionCode: string, nameOrSlug: string): Promise<ManagedTag | undefined> {
    const text = nameOrSlug.normalize('NFC').trim();
    if (text === '') return undefined;
    const row = await this.db
      .selectFrom('tags')
      .select('id')
      .where('edition_code', '=', editionCode)
      .where((eb) => eb.or([eb('slug', '=', text), eb(sql<string>`lower(name)`, '=', text.toLocaleLowerCase('en'))]))
      .orderBy(sql`case when slug = ${text} then 0 else 1 end`)
      .executeTakeFirst();
    return row ? this.getTag(row.id) : undefined;
  }

  /** Every byline, site-wide, those matching `query` first by use, a page at a time. */
  async listAuthors(options: { query?: string; page?: number } = {}): Promise<TaxonomyPage<ManagedAuthor>> {
    const page = Math.max(1, options.page ?? 1);
    const pattern = likePattern(options.query);
    const base = this.db
      .selectFrom('authors as a')
      .$if(pattern !== undefined, (qb) => qb.where((eb) => eb.or([eb(sql<string>`lower(a.name)`, 'like', pattern ?? ''), eb('a.slug', 'like', pattern ?? '')])));
    const [{ total }, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
      base
        .leftJoin('story_authors as sa', 'sa.author_id', 'a.id')
        .select((eb) => ['a.id', 'a.slug', 'a.name', 'a.bio', 'a.photo_media_id', 'a.links', eb.fn.count<number>('sa.story_id').as('story_count')])
        .groupBy(['a.id', 'a.slug', 'a.name', 'a.bio', 'a.photo_media_id', 'a.links'])
        .orderBy('story_count', 'desc')
        .orderBy('a.name')
        .limit(TAXONOMY_PAGE_SIZE)
        .offset((page - 1) * TAXONOMY_PAGE_SIZE)
        .execute(),
    ]);
    const count = Number(total);
    return { items: rows.map(authorOf), page, pageCount: Math.max(1, Math.ceil(count / TAXONOMY_PAGE_SIZE)), total: count };
  }

  async getAuthor(id: number): Promise<ManagedAuthor> {
    const row = Number.isSafeInteger(id)
      ? await this.db
          .selectFrom('authors as a')
          .leftJoin('story_authors as sa', 'sa.author_id', 'a.id')
          .select((eb) => ['a.id', 'a.slug', 'a.name', 'a.bio', 'a.photo_media_id', 'a.links', eb.fn.count<number>('sa.story_id').as('story_count')])
          .where('a.id', '=', id)
          .groupBy(['a.id', 'a.slug', 'a.name', 'a.bio', 'a.photo_media_id', 'a.links'])
          .executeTakeFirst()
      : undefined;
    if (!row) throw new TaxonomyError('TAXON_NOT_FOUND', problems.authorNotFound);
    return authorOf(row);
  }

  /** A new section, last in the edition's order. */
  async createSection(actor: Actor, editionCode: string, fields: SectionFields): Promise<ManagedSection> {
    this.assertMay(actor);
    const clean = cleanSection(fields);
    const now = this.clock.now();
    const id = await this.changes.transaction(async (trx) => {
      const edition = await trx.selectFrom('editions').select('code').where('code', '=', editionCode).executeTakeFirst();
      if (!edition) throw new TaxonomyError('TAXON_NOT_FOUND', problems.editionNotFound(editionCode));
      await assertSlugFree(trx, 'section', editionCode, clean.slug, undefined);
      const { next } = await trx
        .selectFrom('sections')
        .select((eb) => sql<number>`coalesce(max(${eb.ref('position')}) + 1, 0)`.as('next'))
        .where('edition_code', '=', editionCode)
        .executeTakeFirstOrThrow();
      const row = await trx
        .insertInto('sections')
        .values({ edition_code: editionCode, slug: clean.slug, name: clean.name, description: clean.description, in_navigation: clean.isInNavigation ? 1 : 0, position: Number(next) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await dropRedirect(trx, 'section', editionCode, clean.slug);
      await this.record(trx, actor, 'section.created', 'section', row.id, now, { editionCode, slug: clean.slug, name: clean.name });
      // The navigation shows sections with published stories only: a new section changes no page yet.
      return row.id;
    });
    return this.getSection(id);
  }

  /** Renames, re-addresses, describes or hides a section; its old address answers 301 to the new one. */
  async updateSection(actor: Actor, id: number, fields: SectionFields): Promise<ManagedSection> {
    this.assertMay(actor);
    const before = await this.getSection(id);
    const clean = cleanSection(fields);
    const now = this.clock.now();
    await this.changes.transaction(async (trx) => {
      await assertSlugFree(trx, 'section', before.editionCode, clean.slug, id);
      await trx
        .updateTable('sections')
        .set({ name: clean.name, slug: clean.slug, description: clean.description, in_navigation: clean.isInNavigation ? 1 : 0 })
        .where('id', '=', id)
        .execute();
      if (clean.slug !== before.slug) {
        await dropRedirect(trx, 'section', before.editionCode, clean.slug);
        await addRedirect(trx, 'section', before.editionCode, before.slug, id, now);
      }
      const changed = changedFields(before, { name: clean.name, slug: clean.slug, description: clean.description, isInNavigation: clean.isInNavigation });
      if (changed.length === 0) return;
      await this.record(trx, actor, 'section.changed', 'section', id, now, { editionCode: before.editionCode, fields: changed, from: before.slug, to: clean.slug });
      // The name and place in the navigation show on every page of the edition; a description only on the section's own.
      const keys = changed.some((f) => f !== 'description')
        ? [cacheKeys.edition(before.editionCode), cacheKeys.sitemaps]
        : [cacheKeys.section(before.editionCode, before.slug)];
      await recordChange(trx, { kind: 'section.changed', editionCode: before.editionCode, keys, subject: { sectionId: id, slug: clean.slug, previousSlug: before.slug } }, now);
    });
    return this.getSection(id);
  }

  /** Moves a section one place up or down in the edition's order (the navigation's and the editor's). */
  async moveSection(actor: Actor, id: number, direction: 'up' | 'down'): Promise<void> {
    this.assertMay(actor);
    const section = await this.getSection(id);
    const now = this.clock.now();
    await this.changes.transaction(async (trx) => {
      const order = await trx.selectFrom('sections').select(['id', 'name']).where('edition_code', '=', section.editionCode).orderBy('position').orderBy('name').execute();
      const from = order.findIndex((s) => s.id === id);
      const to = direction === 'up' ? from - 1 : from + 1;
      if (from < 0 || to < 0 || to >= order.length) return;
      const [moved] = order.splice(from, 1);
      if (moved) order.splice(to, 0, moved);
      // Positions are rewritten as 0…n-1, so gaps and ties left by older data disappear too.
      for (const [position, s] of order.entries()) await trx.updateTable('sections').set({ position }).where('id', '=', s.id).execute();
      await this.record(trx, actor, 'section.changed', 'section', id, now, { editionCode: section.editionCode, fields: ['position'], direction });
      await recordChange(trx, { kind: 'section.changed', editionCode: section.editionCode, keys: [cacheKeys.edition(section.editionCode)], subject: { sectionId: id, slug: section.slug } }, now);
    });
  }

  /** Renames, re-addresses or describes a tag; its old address answers 301 to the new one. */
  async updateTag(actor: Actor, id: number, fields: TagFields): Promise<ManagedTag> {
    this.assertMay(actor);
    const before = await this.getTag(id);
    const clean = { name: cleanName(fields.name), slug: cleanSlug(fields.slug, fields.name), description: cleanText(fields.description, 'description', taxonomyLimits.description) };
    const now = this.clock.now();
    await this.changes.transaction(async (trx) => {
      await assertSlugFree(trx, 'tag', before.editionCode, clean.slug, id);
      await trx.updateTable('tags').set(clean).where('id', '=', id).execute();
      if (clean.slug !== before.slug) {
        await dropRedirect(trx, 'tag', before.editionCode, clean.slug);
        await addRedirect(trx, 'tag', before.editionCode, before.slug, id, now);
      }
      const changed = changedFields(before, clean);
      if (changed.length === 0) return;
      await this.record(trx, actor, 'tag.changed', 'tag', id, now, { editionCode: before.editionCode, fields: changed, from: before.slug, to: clean.slug });
      const storyKeys = changed.some((f) => f !== 'description') ? await publicStoryKeys(trx, 'tag', id) : [];
      const keys = [cacheKeys.tag(before.editionCode, before.slug), cacheKeys.tag(before.editionCode, clean.slug), ...storyKeys];
      await recordChange(trx, { kind: 'tag.changed', editionCode: before.editionCode, keys, subject: { tagId: id, slug: clean.slug, previousSlug: before.slug } }, now);
    });
    return this.getTag(id);
  }

  /**
   * Folds one tag into another of the same edition: its stories carry the other tag instead (once), its
   * addresses answer 301 to the other's page, and it is gone.
   */
  async mergeTag(actor: Actor, id: number, intoId: number): Promise<ManagedTag> {
    this.assertMay(actor);
    if (id === intoId) throw new TaxonomyError('TAXON_FIELD_INVALID', problems.mergeIntoItself, 'into');
    const from = await this.getTag(id);
    const into = await this.getTag(intoId).catch(() => {
      throw new TaxonomyError('TAXON_FIELD_INVALID', problems.mergeIntoMissing, 'into');
    });
    if (into.editionCode !== from.editionCode) throw new TaxonomyError('TAXON_FIELD_INVALID', problems.mergeAcrossEditions, 'into');
    const now = this.clock.now();
    await this.changes.transaction(async (trx) => {
      const storyKeys = await publicStoryKeys(trx, 'tag', id);
      const storyIds = (await trx.selectFrom('story_tags').select('story_id').where('tag_id', '=', id).execute()).map((r) => r.story_id);
      // Stories already carrying both keep the one they had first; the rest change tag in place, keeping their order.
      await trx
        .deleteFrom('story_tags')
        .where('tag_id', '=', id)
        .where('story_id', 'in', (eb) => eb.selectFrom('story_tags as other').select('other.story_id').where('other.tag_id', '=', intoId))
        .execute();
      await trx.updateTable('story_tags').set({ tag_id: intoId }).where('tag_id', '=', id).execute();
      await trx.updateTable('slug_redirects').set({ target_id: intoId }).where('kind', '=', 'tag').where('target_id', '=', id).execute();
      await addRedirect(trx, 'tag', from.editionCode, from.slug, intoId, now);
      await trx.deleteFrom('tags').where('id', '=', id).execute();
      // Related stories weigh shared tags: the merged stories' neighbours change.
      for (const storyId of storyIds) await indexStoryChange(trx, storyId);
      await this.record(trx, actor, 'tag.merged', 'tag', intoId, now, { editionCode: from.editionCode, merged: { id, slug: from.slug, name: from.name }, into: { id: intoId, slug: into.slug, name: into.name }, stories: storyIds.length });
      const keys = [cacheKeys.tag(from.editionCode, from.slug), cacheKeys.tag(from.editionCode, into.slug), ...storyKeys];
      await recordChange(trx, { kind: 'tag.changed', editionCode: from.editionCode, keys, subject: { tagId: intoId, slug: into.slug, mergedSlug: from.slug } }, now);
    });
    return this.getTag(intoId);
  }

  /** Changes an author's byline name, address or public profile (bio, photo, links). */
  async updateAuthor(actor: Actor, id: number, fields: AuthorFields): Promise<ManagedAuthor> {
    this.assertMay(actor);
    const before = await this.getAuthor(id);
    const clean = {
      name: cleanName(fields.name),
      slug: cleanSlug(fields.slug, fields.name),
      bio: cleanText(fields.bio, 'bio', taxonomyLimits.bio),
      photoMediaId: fields.photoMediaId === undefined ? before.photoMediaId : fields.photoMediaId,
      links: fields.links === undefined ? before.links : cleanLinks(fields.links),
    };
    const now = this.clock.now();
    await this.changes.transaction(async (trx) => {
      await assertSlugFree(trx, 'author', '', clean.slug, id);
      if (clean.photoMediaId !== null) {
        const picture = await trx.selectFrom('media').select('id').where('id', '=', clean.photoMediaId).executeTakeFirst();
        if (!picture) throw new TaxonomyError('TAXON_FIELD_INVALID', problems.photoMissing, 'photo');
      }
      await trx
        .updateTable('authors')
        .set({ name: clean.name, slug: clean.slug, bio: clean.bio, photo_media_id: clean.photoMediaId, links: JSON.stringify(clean.links) })
        .where('id', '=', id)
        .execute();
      if (clean.slug !== before.slug) {
        await dropRedirect(trx, 'author', '', clean.slug);
        await addRedirect(trx, 'author', '', before.slug, id, now);
      }
      const changed = changedFields({ ...before, links: JSON.stringify(before.links) }, { ...clean, links: JSON.stringify(clean.links) });
      if (changed.length === 0) return;
      await this.record(trx, actor, 'author.changed', 'author', id, now, { fields: changed, from: before.slug, to: clean.slug });
      // Author pages exist in every edition; bylines show on the stories' pages and cards.
      const editions = (await trx.selectFrom('editions').select('code').execute()).map((e) => e.code);
      const listKeys = editions.flatMap((e) => [cacheKeys.author(e, before.slug), cacheKeys.author(e, clean.slug)]);
      const storyKeys = changed.some((f) => f === 'name' || f === 'slug') ? await publicStoryKeys(trx, 'author', id) : [];
      await recordChange(trx, { kind: 'author.changed', keys: [...listKeys, ...storyKeys], subject: { authorId: id, slug: clean.slug, previousSlug: before.slug } }, now);
    });
    return this.getAuthor(id);
  }

  private assertMay(actor: Actor): void {
    if (actor.kind === 'command-line') return;
    if (!can(actor.user, 'taxonomy.manage')) throw new TaxonomyError('TAXON_FORBIDDEN', problems.mayNotManage);
  }

  private async record(trx: Transaction<Database>, actor: Actor, action: AuditAction, type: TaxonKind, id: number, now: Date, details: Record<string, unknown>): Promise<void> {
    await this.audit.record({ action, actorId: actorIdOf(actor), subject: { type, id }, details, addressHash: actor.kind === 'person' ? actor.addressHash : null }, trx, now);
  }
}

/**
 * The current address of a section, tag or author that was known by `slug` before a rename or a merge.
 * @example await currentSlug(db, 'section', 'en', 'economy') // 'business'
 */
export async function currentSlug(db: Kysely<Database>, kind: TaxonKind, editionCode: string, slug: string): Promise<string | undefined> {
  const redirect = await db
    .selectFrom('slug_redirects')
    .select('target_id')
    .where('kind', '=', kind)
    .where('edition_code', '=', kind === 'author' ? '' : editionCode)
    .where('old_slug', '=', slug)
    .executeTakeFirst();
  if (!redirect) return undefined;
  const table = kind === 'section' ? 'sections' : kind === 'tag' ? 'tags' : 'authors';
  const target = await db.selectFrom(table).select('slug').where('id', '=', redirect.target_id).executeTakeFirst();
  return target?.slug;
}

function authorOf(row: { id: number; slug: string; name: string; bio: string; photo_media_id: number | null; links: string; story_count: number | string | bigint }): ManagedAuthor {
  return { id: row.id, slug: row.slug, name: row.name, bio: row.bio, photoMediaId: row.photo_media_id, links: parseLinks(row.links), storyCount: Number(row.story_count) };
}

function cleanSection(fields: SectionFields) {
  return {
    name: cleanName(fields.name),
    slug: cleanSlug(fields.slug, fields.name),
    description: cleanText(fields.description, 'description', taxonomyLimits.description),
    isInNavigation: fields.isInNavigation ?? true,
  };
}

function cleanName(name: string): string {
  const clean = name.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (clean === '') throw new TaxonomyError('TAXON_FIELD_INVALID', problems.nameMissing, 'name');
  if (clean.length > taxonomyLimits.name) throw new TaxonomyError('TAXON_FIELD_INVALID', problems.nameTooLong(taxonomyLimits.name + 1), 'name');
  return clean;
}

/** The address part: the one given, else made from the name; letters of any script, digits and hyphens. */
function cleanSlug(slug: string | undefined, name: string): string {
  const given = (slug ?? '').trim();
  const made = slugify(given === '' ? name : given, taxonomyLimits.slug);
  if (given !== '' && made !== given.toLocaleLowerCase('en')) {
    throw new TaxonomyError('TAXON_FIELD_INVALID', problems.slugInvalid(made), 'slug');
  }
  return made;
}

function cleanText(text: string | undefined, field: string, limit: number): string {
  const clean = (text ?? '').normalize('NFC').replace(/\r\n?/gu, '\n').trim();
  if (clean.length > limit) throw new TaxonomyError('TAXON_FIELD_INVALID', problems.textTooLong(limit + 1, clean.length), field);
  return clean;
}

function cleanLinks(links: ProfileLink[]): ProfileLink[] {
  if (links.length > taxonomyLimits.links) throw new TaxonomyError('TAXON_FIELD_INVALID', problems.tooManyLinks(taxonomyLimits.links), 'links');
  return links.map((link, index) => {
    let url: URL;
    try {
      url = new URL(link.url.trim());
    } catch {
      throw new TaxonomyError('TAXON_FIELD_INVALID', problems.linkNotAddress(index + 1), 'links');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TaxonomyError('TAXON_FIELD_INVALID', problems.linkNotWeb(index + 1), 'links');
    if (url.href.length > taxonomyLimits.linkUrl) throw new TaxonomyError('TAXON_FIELD_INVALID', problems.linkTooLong(index + 1), 'links');
    const label = link.label.normalize('NFC').replace(/\s+/gu, ' ').trim() || url.hostname.replace(/^www\./u, '');
    if (label.length > taxonomyLimits.linkLabel) throw new TaxonomyError('TAXON_FIELD_INVALID', problems.labelTooLong(index + 1), 'links');
    return { label, url: url.href };
  });
}

function likePattern(query: string | undefined): string | undefined {
  const words = (query ?? '').trim().toLocaleLowerCase('en');
  if (words === '') return undefined;
  return `%${words.replace(/[\\%_]/gu, '')}%`;
}

function changedFields<T extends object>(before: T, after: Partial<T>): string[] {
  return Object.keys(after).filter((key) => after[key as keyof T] !== before[key as keyof T]);
}

/** Refuses an address another section, tag or author of the same kind (and edition) holds now. */
async function assertSlugFree(trx: Transaction<Database>, kind: TaxonKind, editionCode: string, slug: string, ownId: number | undefined): Promise<void> {
  const holder =
    kind === 'author'
      ? await trx.selectFrom('authors').select(['id', 'name']).where('slug', '=', slug).executeTakeFirst()
      : await trx
          .selectFrom(kind === 'section' ? 'sections' : 'tags')
          .select(['id', 'name'])
          .where('edition_code', '=', editionCode)
          .where('slug', '=', slug)
          .executeTakeFirst();
  if (holder && holder.id !== ownId) throw new TaxonomyError('TAXON_SLUG_TAKEN', problems.slugTaken(holder.name, slug), 'slug');
}

/** The old address now belongs to the target; an address in use again stops redirecting. */
async function addRedirect(trx: Transaction<Database>, kind: TaxonKind, editionCode: string, oldSlug: string, targetId: number, now: Date): Promise<void> {
  await trx.deleteFrom('slug_redirects').where('kind', '=', kind).where('edition_code', '=', editionCode).where('old_slug', '=', oldSlug).execute();
  await trx.insertInto('slug_redirects').values({ kind, edition_code: editionCode, old_slug: oldSlug, target_id: targetId, created_at: now.toISOString() }).execute();
}

async function dropRedirect(trx: Transaction<Database>, kind: TaxonKind, editionCode: string, slug: string): Promise<void> {
  await trx.deleteFrom('slug_redirects').where('kind', '=', kind).where('edition_code', '=', editionCode).where('old_slug', '=', slug).execute();
}

/** The cache keys of the public stories carrying a tag or a byline: their pages and cards show its name. */
async function publicStoryKeys(trx: Transaction<Database>, kind: 'tag' | 'author', id: number): Promise<string[]> {
  const rows =
    kind === 'tag'
      ? await trx.selectFrom('story_tags as x').innerJoin('stories as s', 's.id', 'x.story_id').select(['s.edition_code', 's.code']).where('x.tag_id', '=', id).where('s.status', '=', 'published').where('s.deleted_at', 'is', null).execute()
      : await trx.selectFrom('story_authors as x').innerJoin('stories as s', 's.id', 'x.story_id').select(['s.edition_code', 's.code']).where('x.author_id', '=', id).where('s.status', '=', 'published').where('s.deleted_at', 'is', null).execute();
  return rows.map((r) => cacheKeys.story(r.edition_code, Number(r.code)));
}
