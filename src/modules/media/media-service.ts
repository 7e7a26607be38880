import { sql, type Kysely, type Transaction } from 'kysely';
import type { Block } from '../../content/blocks.ts';
import type { Database, MediaRow } from '../../db/schema.ts';
import { actorIdOf, type Actor } from '../accounts/account-types.ts';
import { can } from '../accounts/permissions.ts';
import { cacheKeys, recordChange, type ChangeFeed } from '../changes/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock/clock.ts';
import { MediaError } from './media-errors.ts';
import { mediaProblems as problems, storiesList } from './media-problems.ts';
import { prepareMaster, renderVariant } from './process-picture.ts';
import { contentTypes, heightFor, parseVariantName, variantKey, variantPath, widthsFor, type Crop, type PictureGeometry, type VariantFormat } from './variant-plan.ts';

/** What the photo desk writes about a picture. Alt text and caption here are the newsroom's main language's. */
export interface PictureDetails {
  alt: string;
  caption: string;
  credit: string;
  licence: string;
  sourceUrl: string;
}

/** Alt text and caption for the editions written in one language. */
export interface PictureTexts {
  language: string;
  alt: string;
  caption: string;
}

/** A picture in the library, without its bytes. */
export interface Picture extends PictureDetails, PictureGeometry {
  fileName: string;
  sourceFormat: string;
  sourceBytes: number;
  createdAt: string;
  updatedAt: string;
  createdBy: number | null;
  /** Alt text and caption in other languages. */
  texts: PictureTexts[];
}

/** A picture as one edition shows it: texts resolved for the edition's language. */
export interface ShownPicture extends PictureGeometry {
  alt: string;
  caption: string;
  credit: string;
  licence: string;
  sourceUrl: string;
}

/** A story version that shows a picture. */
export interface PictureUse {
  storyId: number;
  code: number;
  editionCode: string;
  headline: string;
  status: string;
  role: 'lead' | 'body';
}

export interface PictureChanges {
  alt?: string;
  caption?: string;
  credit?: string;
  licence?: string;
  sourceUrl?: string;
  focalX?: number;
  focalY?: number;
  /** Replaces the texts of the languages named; an entry with empty alt and caption removes that language's texts. */
  texts?: PictureTexts[];
}

export type LibraryFilter = 'all' | 'missing-alt' | 'unused' | 'in-use';

export interface LibraryQuery {
  /** Words looked for in alt text, caption and credit (any language) and the file's name. */
  q?: string;
  filter?: LibraryFilter;
  page?: number;
}

export interface LibraryPage {
  items: (Picture & { useCount: number })[];
  page: number;
  pageCount: number;
  total: number;
}

export const LIBRARY_PAGE_SIZE = 40;

export const detailLimits = { alt: 1000, caption: 2000, credit: 300, licence: 500, sourceUrl: 2000, fileName: 255 } as const;

/** Which variants an upload prepares at once, in the background: the ones pages link first. */
const warmedCrops: readonly Crop[] = ['original', '16x9'];

export interface MediaServiceOptions {
  /**
   * `background` (the default) makes the common variants after the upload answers; `none` leaves every
   * variant to its first request (tests that count rows); `await` makes them before `add` returns (the CLI).
   */
  warm?: 'background' | 'none' | 'await';
}

/**
 * The picture library: uploads through one set of checks, the photo desk's details, where each picture is
 * used, and the variants readers download (made once, stored in the database, shared by every app server).
 *
 * Every change to a picture's details goes through `updateDetails`, which answers with the stories that
 * show it: the pages to refresh when a caption or credit changes.
 */
export class MediaService {
  /** Variants being made in this process, so that simultaneous first requests make each once. */
  private readonly making = new Map<string, Promise<StoredVariant | undefined>>();
  private readonly warming = new Set<Promise<void>>();
  private readonly warm: 'background' | 'none' | 'await';

  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    options: MediaServiceOptions = {},
  ) {
    this.warm = options.warm ?? 'background';
  }

  /**
   * Checks a file by its content, keeps its cleaned master and returns the new picture. Refuses with a
   * `MediaError` (nothing stored) for anything but a JPEG, PNG, WebP, AVIF or still GIF of sane size.
   * @example await media.add(actor, { bytes, fileName: 'flood.jpg' }, { alt: 'Water over the road', credit: 'Ana Ruiz' })
   */
  async add(actor: Actor, file: { bytes: Buffer; fileName: string }, details: Partial<PictureDetails> = {}): Promise<Picture> {
    const clean = cleanDetails(details);
    const master = await prepareMaster(file.bytes);
    const now = this.clock.now();
    const id = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('media')
        .values({
          master: master.master,
          master_format: master.masterFormat,
          master_hash: master.masterHash,
          width: master.width,
          height: master.height,
          source_format: master.sourceFormat,
          source_bytes: file.bytes.length,
          file_name: cleanFileName(file.fileName),
          alt: clean.alt ?? '',
          caption: clean.caption ?? '',
          credit: clean.credit ?? '',
          licence: clean.licence ?? '',
          source_url: clean.sourceUrl ?? '',
          focal_x: 0.5,
          focal_y: 0.5,
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
          created_by: actorIdOf(actor),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.record(trx, actor, 'media.added', row.id, now, { fileName: cleanFileName(file.fileName), width: master.width, height: master.height });
      return row.id;
    });
    const picture = await this.get(id);
    if (this.warm === 'await') await this.warmVariants(picture);
    else if (this.warm === 'background') this.track(this.warmVariants(picture));
    return picture;
  }

  /**
   * The one way a picture's details change — alt text, caption, credit, licence, source, focal point and
   * other languages' texts — answering with the stories that show it, whose pages change with it.
   * @example const { storyIds } = await media.updateDetails(actor, 12, { caption: 'Flood water on Main Street, Tuesday.' })
   */
  async updateDetails(actor: Actor, id: number, changes: PictureChanges): Promise<{ picture: Picture; storyIds: number[] }> {
    const before = await this.get(id);
    this.assertMay(actor, 'edit', before);
    const clean = cleanDetails(changes);
    const focalX = changes.focalX === undefined ? undefined : readFocal(changes.focalX, 'focalX');
    const focalY = changes.focalY === undefined ? undefined : readFocal(changes.focalY, 'focalY');
    const texts = (changes.texts ?? []).map(cleanTexts);
    const now = this.clock.now();
    const storyIds = await this.changes.transaction(async (trx) => {
      await trx
        .updateTable('media')
        .set({
          ...(clean.alt !== undefined ? { alt: clean.alt } : {}),
          ...(clean.caption !== undefined ? { caption: clean.caption } : {}),
          ...(clean.credit !== undefined ? { credit: clean.credit } : {}),
          ...(clean.licence !== undefined ? { licence: clean.licence } : {}),
          ...(clean.sourceUrl !== undefined ? { source_url: clean.sourceUrl } : {}),
          ...(focalX !== undefined ? { focal_x: focalX } : {}),
          ...(focalY !== undefined ? { focal_y: focalY } : {}),
          updated_at: now.toISOString(),
        })
        .where('id', '=', id)
        .execute();
      for (const text of texts) {
        await trx.deleteFrom('media_texts').where('media_id', '=', id).where('language', '=', text.language).execute();
        if (text.alt !== '' || text.caption !== '') await trx.insertInto('media_texts').values({ media_id: id, language: text.language, alt: text.alt, caption: text.caption }).execute();
      }
      // Crops made around the old focal point are unreachable now (their keys named it): drop them.
      if ((focalX !== undefined && focalX !== before.focalX) || (focalY !== undefined && focalY !== before.focalY)) {
        await trx.deleteFrom('media_variants').where('media_id', '=', id).where('crop', '<>', 'original').execute();
      }
      const changed = [...Object.keys(clean), ...(focalX !== undefined || focalY !== undefined ? ['focalPoint'] : []), ...texts.map((t) => `texts.${t.language}`)];
      await this.record(trx, actor, 'media.changed', id, now, { fields: changed });
      const storyIds = (await usesOf(trx, id)).map((use) => use.storyId);
      // Every page showing a story that shows the picture: its page, lists and rails with its card.
      const shown = storyIds.length === 0 ? [] : await trx.selectFrom('stories').select(['edition_code', 'code']).where('id', 'in', storyIds).where('status', '=', 'published').where('deleted_at', 'is', null).execute();
      await recordChange(trx, { kind: 'media.changed', keys: shown.map((story) => cacheKeys.story(story.edition_code, Number(story.code))), subject: { mediaId: id, fields: changed } }, now);
      return storyIds;
    });
    const picture = await this.get(id);
    if (this.warm === 'background' && picture.masterHash !== '' && (focalX !== undefined || focalY !== undefined)) this.track(this.warmVariants(picture));
    return { picture, storyIds: [...new Set(storyIds)] };
  }

  /** Deletes a picture no story shows; refuses with `MEDIA_IN_USE`, naming the stories, otherwise. */
  async delete(actor: Actor, id: number): Promise<void> {
    const picture = await this.get(id);
    this.assertMay(actor, 'delete', picture);
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      // The first statement writes, so SQLite takes its lock before the check that the delete depends on.
      await trx.updateTable('media').set({ updated_at: now.toISOString() }).where('id', '=', id).execute();
      const logoOf = await trx.selectFrom('editions').select('name').where('logo_media_id', '=', id).executeTakeFirst();
      if (logoOf) throw new MediaError('MEDIA_IN_USE', problems.editionLogo(logoOf.name));
      const uses = await usesOf(trx, id);
      if (uses.length > 0) {
        // A story showing the picture as its lead and in its text is named once.
        const stories = [...new Map(uses.map((use) => [use.storyId, use])).values()];
        throw new MediaError('MEDIA_IN_USE', problems.stillShown(stories.length, storiesList(stories)));
      }
      await trx.deleteFrom('media_variants').where('media_id', '=', id).execute();
      await trx.deleteFrom('media_texts').where('media_id', '=', id).execute();
      await trx.deleteFrom('media').where('id', '=', id).execute();
      await this.record(trx, actor, 'media.deleted', id, now, { fileName: picture.fileName });
    });
  }

  async find(id: number): Promise<Picture | undefined> {
    if (!Number.isSafeInteger(id) || id <= 0) return undefined;
    const row = await this.db.selectFrom('media').select(pictureColumns).where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const texts = await this.db.selectFrom('media_texts').select(['language', 'alt', 'caption']).where('media_id', '=', id).orderBy('language').execute();
    return toPicture(row, texts);
  }

  async get(id: number): Promise<Picture> {
    const picture = await this.find(id);
    if (!picture) throw new MediaError('MEDIA_NOT_FOUND', problems.notFound);
    return picture;
  }

  /** The oldest picture uploaded under this file name, if any: lets bulk loads run twice without copies. */
  async findByFileName(fileName: string): Promise<Picture | undefined> {
    const row = await this.db.selectFrom('media').select('id').where('file_name', '=', fileName).orderBy('id').executeTakeFirst();
    return row ? this.find(row.id) : undefined;
  }

  /** The oldest picture taken from this address (its source), if any: an importer fetches each picture once. */
  async findBySourceUrl(sourceUrl: string): Promise<Picture | undefined> {
    const row = await this.db.selectFrom('media').select('id').where('source_url', '=', sourceUrl).orderBy('id').executeTakeFirst();
    return row ? this.find(row.id) : undefined;
  }

  /**
   * The library pictures each story shows, by story id: the lead first, then the body's (by picture id): what
   * the story sitemaps list as its images. Stories without one are left out. One query.
   * @example (await media.picturesOfStories([12])).get(12) // [{ id: 3, masterHash: '…', width: 4000, … }]
   */
  async picturesOfStories(storyIds: readonly number[]): Promise<Map<number, PictureGeometry[]>> {
    const wanted = [...new Set(storyIds.filter((id) => Number.isSafeInteger(id) && id > 0))];
    const out = new Map<number, PictureGeometry[]>();
    if (wanted.length === 0) return out;
    const rows = await this.db
      .selectFrom('story_media')
      .innerJoin('media', 'media.id', 'story_media.media_id')
      .select(['story_media.story_id', 'story_media.role', 'media.id', 'media.master_hash', 'media.width', 'media.height', 'media.focal_x', 'media.focal_y'])
      .where('story_media.story_id', 'in', wanted)
      .orderBy('story_media.story_id')
      .orderBy('media.id')
      .execute();
    for (const row of rows) {
      const list = out.get(row.story_id) ?? [];
      const geometry = { id: row.id, masterHash: row.master_hash, width: row.width, height: row.height, focalX: Number(row.focal_x), focalY: Number(row.focal_y) };
      if (row.role === 'lead') list.unshift(geometry);
      else list.push(geometry);
      out.set(row.story_id, list);
    }
    return out;
  }

  /** The stories that show a picture, newest first. */
  async usesOf(id: number): Promise<PictureUse[]> {
    return usesOf(this.db, id);
  }

  /** The library, newest first: searched in alt text, caption and credit (any language), filtered. */
  async list(query: LibraryQuery = {}): Promise<LibraryPage> {
    const page = query.page ?? 1;
    if (!Number.isSafeInteger(page) || page < 1) throw new MediaError('MEDIA_FIELD_INVALID', problems.pageInvalid, 'page');
    const words = (query.q ?? '').toLowerCase().split(/\s+/u).filter((w) => w !== '').slice(0, 8);
    let base = this.db.selectFrom('media');
    for (const word of words) {
      const pattern = `%${word.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`;
      base = base.where((eb) =>
        eb.or([
          eb(sql`lower(media.alt)`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`lower(media.caption)`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`lower(media.credit)`, 'like', sql`${pattern} escape '\\'`),
          // A picture just uploaded has no words yet but its file's name, which photographers choose with care.
          eb(sql`lower(media.file_name)`, 'like', sql`${pattern} escape '\\'`),
          eb.exists(
            eb
              .selectFrom('media_texts')
              .select('media_texts.media_id')
              .whereRef('media_texts.media_id', '=', 'media.id')
              .where((inner) => inner.or([inner(sql`lower(media_texts.alt)`, 'like', sql`${pattern} escape '\\'`), inner(sql`lower(media_texts.caption)`, 'like', sql`${pattern} escape '\\'`)])),
          ),
        ]),
      );
    }
    const used = sql<boolean>`exists (select 1 from story_media where story_media.media_id = media.id)`;
    if (query.filter === 'missing-alt') base = base.where((eb) => eb(sql`trim(media.alt)`, '=', ''));
    if (query.filter === 'unused') base = base.where(sql<boolean>`not ${used}`);
    if (query.filter === 'in-use') base = base.where(used);
    const { total } = await base.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
    const rows = await base
      .select(pictureColumns.map((c) => `media.${c}` as const))
      .select((eb) => eb.selectFrom('story_media').select((inner) => inner.fn.countAll<number | string>().as('n')).whereRef('story_media.media_id', '=', 'media.id').as('use_count'))
      .orderBy('media.created_at', 'desc')
      .orderBy('media.id', 'desc')
      .limit(LIBRARY_PAGE_SIZE)
      .offset((page - 1) * LIBRARY_PAGE_SIZE)
      .execute();
    const texts = rows.length === 0 ? [] : await this.db.selectFrom('media_texts').select(['media_id', 'language', 'alt', 'caption']).where('media_id', 'in', rows.map((r) => r.id)).execute();
    return {
      items: rows.map((row) => ({ ...toPicture(row, texts.filter((t) => t.media_id === row.id)), useCount: Number(row.use_count ?? 0) })),
      page,
      pageCount: Math.max(1, Math.ceil(Number(total) / LIBRARY_PAGE_SIZE)),
      total: Number(total),
    };
  }

  /**
   * Pictures as an edition shows them, by id, with alt text and caption in `language` where the desk wrote
   * them (the main language's otherwise). Ids without a picture are left out.
   */
  async findShown(ids: Iterable<number>, language: string): Promise<Map<number, ShownPicture>> {
    return findShownPictures(this.db, ids, language);
  }


  /**
   * A variant's bytes by its file name under `/media/{id}/`: from the store, or made now (once, whichever
   * app server asks first) when the name is one the picture offers. Undefined for any other name.
   */
  async findVariant(id: number, name: string): Promise<StoredVariant | undefined> {
    const parsed = parseVariantName(name);
    if (!parsed || !Number.isSafeInteger(id)) return undefined;
    const stored = await this.db.selectFrom('media_variants').select(['bytes', 'format']).where('key', '=', parsed.key).where('media_id', '=', id).executeTakeFirst();
    if (stored) return { bytes: Buffer.from(stored.bytes), contentType: contentTypes[stored.format] };
    const inFlight = this.making.get(parsed.key);
    if (inFlight) return inFlight;
    const making = this.makeVariant(id, parsed.crop, parsed.width, parsed.format, parsed.key).finally(() => this.making.delete(parsed.key));
    this.making.set(parsed.key, making);
    return making;
  }

  /** Makes the variants pages link first (both uncropped and 16:9, every width and format). */
  async warmVariants(picture: PictureGeometry): Promise<void> {
    for (const crop of warmedCrops) {
      for (const width of widthsFor(picture, crop)) {
        for (const format of ['avif', 'webp', 'jpeg'] as const) await this.findVariant(picture.id, variantPath(picture, crop, width, format).split('/').pop()!);
      }
    }
  }

  /** Waits for background work (warming variants) to finish: for tests and a clean shutdown. */
  async settle(): Promise<void> {
    while (this.warming.size > 0) await Promise.allSettled([...this.warming]);
  }

  /**
   * Refuses a story's publication when a picture it shows has no alt text in its edition's language.
   * Called by the story workflow's publish and schedule steps, inside their transaction.
   */
  async assertAltTextPresent(executor: Kysely<Database>, storyId: number, language: string): Promise<void> {
    await assertAltTextPresent(executor, storyId, language);
  }

  private async makeVariant(id: number, crop: Crop, width: number, format: VariantFormat, key: string): Promise<StoredVariant | undefined> {
    const row = await this.db.selectFrom('media').select(['master', ...pictureColumns]).where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const geometry = geometryOf(row);
    // Only names the picture offers today are made: nobody can fill the store with arbitrary sizes.
    if (!widthsFor(geometry, crop).includes(width) || variantKey(geometry, crop, width, format) !== key) return undefined;
    const made = await renderVariant(Buffer.from(row.master), geometry, crop, width, format);
    await this.db
      .insertInto('media_variants')
      .values({ key, media_id: id, crop, width, height: heightFor(geometry, crop, width), format, bytes: made.bytes, byte_size: made.bytes.length, created_at: this.clock.now().toISOString() })
      // Another app server made the same bytes first: theirs are as good.
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    return { bytes: made.bytes, contentType: contentTypes[format] };
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch(() => undefined).finally(() => this.warming.delete(tracked));
    this.warming.add(tracked);
  }

  private assertMay(actor: Actor, what: 'edit' | 'delete', picture: Picture): void {
    if (actor.kind === 'command-line') return;
    const resource = { kind: 'media', ownerId: picture.createdBy } as const;
    const allowed = what === 'edit' ? can(actor.user, 'media.edit.any', resource) || can(actor.user, 'media.edit.own', resource) : can(actor.user, 'media.delete', resource);
    if (!allowed) throw new MediaError('MEDIA_FORBIDDEN', what === 'edit' ? problems.mayNotEdit : problems.mayNotDelete);
  }

  private async record(trx: Transaction<Database>, actor: Actor, action: 'media.added' | 'media.changed' | 'media.deleted', id: number, now: Date, details: Record<string, unknown>): Promise<void> {
    await this.audit.record({ action, actorId: actorIdOf(actor), subject: { type: 'media', id }, details, addressHash: actor.kind === 'person' ? actor.addressHash : null }, trx, now);
  }
}

export interface StoredVariant {
  bytes: Buffer;
  contentType: string;
}

const pictureColumns = [
  'id',
  'master_hash',
  'master_format',
  'width',
  'height',
  'source_format',
  'source_bytes',
  'file_name',
  'alt',
  'caption',
  'credit',
  'licence',
  'source_url',
  'focal_x',
  'focal_y',
  'created_at',
  'updated_at',
  'created_by',
] as const;

type PictureColumns = Pick<MediaRow, (typeof pictureColumns)[number]>;

function geometryOf(row: PictureColumns): PictureGeometry {
  return { id: row.id, masterHash: row.master_hash, width: row.width, height: row.height, focalX: Number(row.focal_x), focalY: Number(row.focal_y) };
}

function toPicture(row: PictureColumns, texts: readonly { language: string; alt: string; caption: string }[]): Picture {
  return {
    ...geometryOf(row),
    fileName: row.file_name,
    sourceFormat: row.source_format,
    sourceBytes: row.source_bytes,
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
    licence: row.licence,
    sourceUrl: row.source_url,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
    texts: texts.map((t) => ({ language: t.language, alt: t.alt, caption: t.caption })),
  };
}

async function usesOf(executor: Kysely<Database>, id: number): Promise<PictureUse[]> {
  const rows = await executor
    .selectFrom('story_media')
    .innerJoin('stories', 'stories.id', 'story_media.story_id')
    .select(['stories.id', 'stories.code', 'stories.edition_code', 'stories.headline', 'stories.status', 'stories.updated_at', 'story_media.role'])
    .where('story_media.media_id', '=', id)
    .where('stories.deleted_at', 'is', null)
    .orderBy('stories.updated_at', 'desc')
    // Stories changed in the same instant keep one order, the newest first, on every engine.
    .orderBy('stories.id', 'desc')
    .execute();
  return rows.map((r) => ({ storyId: r.id, code: r.code, editionCode: r.edition_code, headline: r.headline, status: r.status, role: r.role }));
}


/**
 * Pictures as an edition in `language` shows them, by id: alt text and caption in that language where the
 * desk wrote them, the main language's otherwise. Ids without a picture are left out. Two queries.
 */
export async function findShownPictures(db: Kysely<Database>, ids: Iterable<number>, language: string): Promise<Map<number, ShownPicture>> {
  const wanted = [...new Set([...ids].filter((id) => Number.isSafeInteger(id) && id > 0))];
  const shown = new Map<number, ShownPicture>();
  if (wanted.length === 0) return shown;
  const rows = await db.selectFrom('media').select(pictureColumns).where('id', 'in', wanted).execute();
  const texts = await db.selectFrom('media_texts').select(['media_id', 'alt', 'caption']).where('media_id', 'in', wanted).where('language', '=', language).execute();
  for (const row of rows) {
    const own = texts.find((t) => t.media_id === row.id);
    shown.set(row.id, {
      ...geometryOf(row),
      alt: own && own.alt.trim() !== '' ? own.alt : row.alt,
      caption: own && own.caption.trim() !== '' ? own.caption : row.caption,
      credit: row.credit,
      licence: row.licence,
      sourceUrl: row.source_url,
    });
  }
  return shown;
}

/** The library pictures a story shows: its lead and the image blocks that name one. */
export function pictureIdsOf(leadMediaId: number | null | undefined, body: readonly Block[]): { lead: number | null; body: number[] } {
  const inBody = body.flatMap((block) => (block.type === 'image' && block.mediaId !== undefined ? [block.mediaId] : []));
  return { lead: leadMediaId ?? null, body: [...new Set(inBody)] };
}

/**
 * Records which pictures a story version shows, inside the story store's transaction: the one write of
 * `story_media`, which the library reads to say where a picture is used and to refuse deleting it.
 */
export async function recordStoryMedia(trx: Transaction<Database>, storyId: number, leadMediaId: number | null, body: readonly Block[]): Promise<void> {
  await trx.deleteFrom('story_media').where('story_id', '=', storyId).execute();
  const ids = pictureIdsOf(leadMediaId, body);
  const wanted = [...new Set([...(ids.lead !== null ? [ids.lead] : []), ...ids.body])];
  if (wanted.length === 0) return;
  const existing = new Set((await trx.selectFrom('media').select('id').where('id', 'in', wanted).execute()).map((r) => r.id));
  if (ids.lead !== null && existing.has(ids.lead)) await trx.insertInto('story_media').values({ story_id: storyId, media_id: ids.lead, role: 'lead' }).execute();
  for (const id of ids.body) if (existing.has(id)) await trx.insertInto('story_media').values({ story_id: storyId, media_id: id, role: 'body' }).execute();
}

/**
 * Refuses, with `MEDIA_ALT_MISSING` at the field to fix, a story whose lead or body picture has no alt text
 * in the story's language: screen-reader users would otherwise meet a picture they cannot know.
 */
export async function assertAltTextPresent(executor: Kysely<Database>, storyId: number, language: string): Promise<void> {
  const rows = await executor
    .selectFrom('story_media')
    .innerJoin('media', 'media.id', 'story_media.media_id')
    .leftJoin('media_texts', (join) => join.onRef('media_texts.media_id', '=', 'media.id').on('media_texts.language', '=', language))
    .select(['media.id', 'media.file_name', 'media.alt', 'media_texts.alt as own_alt', 'story_media.role'])
    .where('story_media.story_id', '=', storyId)
    .execute();
  const missing = rows.filter((r) => (r.own_alt ?? '').trim() === '' && r.alt.trim() === '');
  if (missing.length === 0) return;
  const lead = missing.find((r) => r.role === 'lead');
  const first = lead ?? missing[0]!;
  throw new MediaError('MEDIA_ALT_MISSING', problems.altMissing(lead ? 'lead' : 'body', first.file_name), lead ? 'leadAlt' : 'body');
}

function cleanDetails(details: Partial<PictureDetails>): Partial<PictureDetails> {
  const out: Partial<PictureDetails> = {};
  for (const field of ['alt', 'caption', 'credit', 'licence', 'sourceUrl'] as const) {
    const value = details[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new MediaError('MEDIA_FIELD_INVALID', problems.notText(field), field);
    const trimmed = value.replace(/\s+/gu, ' ').trim();
    if (trimmed.length > detailLimits[field]) throw new MediaError('MEDIA_FIELD_INVALID', problems.tooLong(field, detailLimits[field]), field);
    if (field === 'sourceUrl' && trimmed !== '' && !/^https?:\/\/[^\s]+$/iu.test(trimmed)) {
      throw new MediaError('MEDIA_FIELD_INVALID', problems.sourceNotAddress, field);
    }
    out[field] = trimmed;
  }
  return out;
}

function cleanTexts(texts: PictureTexts): PictureTexts {
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/u.test(texts.language)) throw new MediaError('MEDIA_FIELD_INVALID', problems.notLanguageTag(texts.language), 'language');
  const clean = cleanDetails({ alt: texts.alt, caption: texts.caption });
  return { language: texts.language, alt: clean.alt ?? '', caption: clean.caption ?? '' };
}

function readFocal(value: number, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) throw new MediaError('MEDIA_FIELD_INVALID', problems.focalOutside, field);
  return Math.round(value * 10000) / 10000;
}

function cleanFileName(name: string): string {
  // Only for the library's lists: never used as a path.
  const base = name.split(/[\\/]/u).pop() ?? '';
  const cleaned = [...base].filter((c) => c >= ' ' && c !== '\u007f').join('').trim().slice(0, detailLimits.fileName);
  return cleaned === '' ? 'picture' : cleaned;
}
