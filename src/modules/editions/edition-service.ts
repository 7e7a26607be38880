import type { Kysely } from 'kysely';
import { editionPresets } from '../../config/edition-presets.ts';
import { uiStringsFor, type UiStrings } from '../../config/ui-strings.ts';
import type { Database, EditionRow } from '../../db/schema.ts';
import { actorIdOf, type Actor } from '../accounts/account-types.ts';
import { can } from '../accounts/permissions.ts';
import { cacheKeys, recordChange, type ChangeFeed } from '../changes/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { findShownPictures, type PictureGeometry } from '../media/index.ts';
import { readFooterLinks, type FooterLink } from '../site-pages/index.ts';
import { formatInEdition, isValidTimeZone, type EditionClock } from './edition-time.ts';
import { DatelineError } from '../../errors/dateline-error.ts';
import { editionProblems as problems } from './edition-problems.ts';

export interface Edition {
  code: string;
  name: string;
  language: string;
  direction: 'ltr' | 'rtl';
  timeZone: string;
  datelineFormat: string;
  dateFormat: string;
  strings: UiStrings;
  /** Authors may publish and schedule their own stories here (the `can` rule `ownWhereAuthorsPublish`). */
  canAuthorsPublish: boolean;
  /** Feeds carry each story's whole body; when false, only the teaser and a link. */
  hasFullTextFeeds: boolean;
  /** A translation whose original was updated since carries a note saying so, linking to the original. */
  showsStaleTranslationNote: boolean;
  /** When the edition was made on this site (UTC ISO); feed item ids are minted from it. */
  createdAt: string;
  /** When its settings last changed (UTC ISO), if ever: feeds change with them. */
  settingsChangedAt: string | null;
  /** The calendar and digits its dates are written in, when the newsroom chose them; null: the language's. */
  calendar: string | null;
  numberingSystem: string | null;
  /** What makes it a site: the name readers see (also `strings.siteName`), its tagline, logo and footer. */
  identity: EditionIdentity;
}

/** An edition's name, tagline, logo and footer as readers see them (docs/decisions/018). */
export interface EditionIdentity {
  /** The name the newsroom chose; null: the product's (`strings.siteName` holds the one to show either way). */
  siteName: string | null;
  tagline: string | null;
  /** The library picture shown as the logo, when one is chosen and still in the library. */
  logo: PictureGeometry | null;
  logoMediaId: number | null;
  /** In the newsroom's order; a link to a page that is not published is left out. */
  footerLinks: FooterLink[];
}

/** The limits of what an edition's identity may hold. */
export const identityLimits = { siteName: 80, tagline: 160 } as const;

/** What the newsroom sets about an edition itself (`dateline edition add`, the Settings page). */
export interface EditionFields {
  name: string;
  /** A BCP 47 language tag: `fa`, `pt-BR`. */
  language: string;
  direction: 'ltr' | 'rtl';
  /** An IANA time zone: the newsroom's, in which datelines are written. */
  timeZone: string;
  /** Luxon format tokens: `EEEE d MMMM yyyy - HH:mm`. */
  datelineFormat: string;
  dateFormat: string;
  /** An Intl calendar (`gregory`, `persian`, `islamic-umalqura` …); null: the language's. */
  calendar: string | null;
  /** An Intl numbering system (`latn`, `arab`, `arabext` …); null: the language's. */
  numberingSystem: string | null;
  /** The site's name for readers; empty or null: the product's. Left out: unchanged (a new edition: none). */
  siteName?: string | null;
  tagline?: string | null;
  /** A picture of the library, shown as the logo; null: none. */
  logoMediaId?: number | null;
}

/**
 * A field of an edition is wrong; `field` names it. The message starts with the field's name for the command
 * line (`timeZone: "Mars/Olympus" is not a time zone …`); `problem` is the rest, for a form to show by the field.
 */
export class EditionFieldError extends DatelineError {
  constructor(
    override readonly field: keyof EditionFields | 'code',
    readonly problem: string,
  ) {
    super('EDITION_FIELD_INVALID', `${field}: ${problem}`, { field });
  }
}

/** Languages written right to left: a new edition in one of them starts mirrored. */
const rightToLeftLanguages = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'ckb', 'sd', 'ug', 'yi', 'dv']);

/** The direction a language is written in, as a new edition's default. */
export function directionOf(language: string): 'ltr' | 'rtl' {
  return rightToLeftLanguages.has(language.toLowerCase().split('-')[0] ?? '') ? 'rtl' : 'ltr';
}

/**
 * Codes are the first part of every reader address (`/fa/news/…`), so they are short language-like tags, and
 * never a word the site's own routes begin with.
 */
const reservedCodes = new Set(['api', 'admin', 'media', 'assets', 'feed', 'search', 'sitemap', 'static']);

/** The formats and date systems an edition may choose from: what this runtime can write. */
export const supportedCalendars: readonly string[] = Intl.supportedValuesOf('calendar');
export const supportedNumberingSystems: readonly string[] = Intl.supportedValuesOf('numberingSystem');

/** The clock an edition's dates are written by: its zone, language, calendar and digits. */
export function clockOf(edition: Edition): EditionClock {
  return { language: edition.language, time_zone: edition.timeZone, calendar: edition.calendar, numbering_system: edition.numberingSystem };
}

/** What the newsroom may change about an edition on the Settings page. */
export interface EditionSettings {
  canAuthorsPublish: boolean;
  hasFullTextFeeds: boolean;
  showsStaleTranslationNote: boolean;
}

export class UnknownEditionError extends DatelineError {
  constructor(message: string, options?: ErrorOptions) {
    super('EDITION_UNKNOWN', message, { cause: options?.cause });
  }
}

/** The person's role does not hold `settings.manage`. */
export class EditionForbiddenError extends DatelineError {
  constructor(message: string, options?: ErrorOptions) {
    super('FORBIDDEN', message, { cause: options?.cause });
  }
}

/** Each setting's column, which is also its name in the audit log (`details.setting`). */
const settingColumns = {
  canAuthorsPublish: 'allow_author_publish',
  hasFullTextFeeds: 'feed_full_text',
  showsStaleTranslationNote: 'note_stale_translations',
} as const satisfies Record<keyof EditionSettings, keyof EditionRow>;

/**
 * An edition as stored; `identity.logo` and `identity.footerLinks` come from other tables and are filled in by
 * `EditionService.load`.
 */
export function toEdition(row: EditionRow): Edition {
  const strings = uiStringsFor(row.language);
  return {
    code: row.code,
    name: row.name,
    language: row.language,
    direction: row.direction,
    timeZone: row.time_zone,
    datelineFormat: row.dateline_format,
    dateFormat: row.date_format,
    strings: row.site_name ? { ...strings, siteName: row.site_name } : strings,
    canAuthorsPublish: Boolean(row.allow_author_publish),
    hasFullTextFeeds: Boolean(row.feed_full_text),
    showsStaleTranslationNote: Boolean(row.note_stale_translations),
    createdAt: row.created_at,
    settingsChangedAt: row.settings_changed_at,
    calendar: row.calendar,
    numberingSystem: row.numbering_system,
    identity: { siteName: row.site_name, tagline: row.tagline, logo: null, logoMediaId: row.logo_media_id, footerLinks: [] },
  };
}

/**
 * Editions change rarely and are read on every page, so each process holds them in memory. A change made
 * here or on another app server arrives as a change event (`edition.created`, `edition.settings_changed`),
 * on which the services read them again (src/services.ts); no request ever waits for that read.
 */
export class EditionService {
  private cache = new Map<string, Edition>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed,
    private readonly audit: AuditLog,
  ) {}

  async load(): Promise<void> {
    const rows = await this.db.selectFrom('editions').selectAll().orderBy('code').execute();
    const logos = await findShownPictures(this.db, rows.flatMap((row) => (row.logo_media_id === null ? [] : [row.logo_media_id])), '');
    const footers = await readFooterLinks(this.db);
    this.cache = new Map(
      rows.map((row) => {
        const edition = toEdition(row);
        const logo = row.logo_media_id === null ? undefined : logos.get(row.logo_media_id);
        const geometry = logo ? { id: logo.id, masterHash: logo.masterHash, width: logo.width, height: logo.height, focalX: logo.focalX, focalY: logo.focalY } : null;
        return [row.code, { ...edition, identity: { ...edition.identity, logo: geometry, footerLinks: footers.get(row.code) ?? [] } }];
      }),
    );
  }

  list(): Edition[] {
    return [...this.cache.values()];
  }

  find(code: string): Edition | undefined {
    return this.cache.get(code);
  }

  get(code: string): Edition {
    const edition = this.cache.get(code);
    if (!edition) throw new UnknownEditionError(problems.unknownEdition(code));
    return edition;
  }

  /**
   * Changes an edition's settings; the settings left out keep their value. Each setting that changes
   * gets its own `settings.changed` audit entry (`{ setting, from, to }`) in the same transaction.
   * Readers' pages, feeds and the permission checks use the new values from their next request.
   * @example await editions.updateSettings(personActor(admin), 'en', { canAuthorsPublish: true })
   */
  async updateSettings(actor: Actor, code: string, changes: Partial<EditionSettings>, now = new Date()): Promise<Edition> {
    if (actor.kind === 'person' && !can(actor.user, 'settings.manage')) {
      throw new EditionForbiddenError(problems.settingsForbidden);
    }
    this.get(code);
    await this.changes.transaction(async (trx) => {
      // A write that changes nothing takes the row's lock first (PostgreSQL; SQLite locks the whole
      // database), so that two people saving at once record the values each of them really replaced.
      await trx.updateTable('editions').set((eb) => ({ name: eb.ref('name') })).where('code', '=', code).execute();
      const row = await trx.selectFrom('editions').selectAll().where('code', '=', code).executeTakeFirst();
      if (!row) throw new UnknownEditionError(problems.unknownEdition(code));
      const before = toEdition(row);
      const changed: string[] = [];
      for (const setting of Object.keys(settingColumns) as Array<keyof EditionSettings>) {
        const to = changes[setting];
        if (to === undefined || to === before[setting]) continue;
        const column = settingColumns[setting];
        const value = to ? 1 : 0;
        await trx
          .updateTable('editions')
          .set({ [column]: value, settings_changed_at: now.toISOString() })
          .where('code', '=', code)
          .execute();
        await this.audit.record(
          {
            action: 'settings.changed',
            actorId: actorIdOf(actor),
            subject: { type: 'edition', id: code },
            details: { setting: column, from: before[setting], to },
            addressHash: actor.kind === 'person' ? actor.addressHash : null,
          },
          trx,
          now,
        );
        changed.push(column);
      }
      await recordChange(trx, { kind: 'edition.settings_changed', editionCode: code, keys: changed.length > 0 ? [cacheKeys.edition(code)] : [], subject: { settings: changed } }, now);
    });
    await this.load();
    return this.get(code);
  }

  /**
   * Adds an edition the newsroom described (not only a preset): its code, name, language, direction, zone,
   * formats, calendar and digits. Every page lists the editions, so all of them change.
   * @example await editions.create(personActor(owner), 'pt', { name: 'Português', language: 'pt', direction: 'ltr', timeZone: 'Europe/Lisbon', … })
   */
  async create(actor: Actor, code: string, fields: EditionFields, now = new Date()): Promise<Edition> {
    this.assertMay(actor);
    const cleanCode = checkCode(code);
    const clean = checkFields(fields);
    await this.changes.transaction(async (trx) => {
      await assertLogoExists(trx, clean.logoMediaId);
      const inserted = await trx
        .insertInto('editions')
        .values({ code: cleanCode, ...columnsOf(clean), created_at: now.toISOString() })
        .onConflict((oc) => oc.column('code').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) throw new EditionFieldError('code', problems.codeTaken(cleanCode));
      await this.audit.record({ action: 'edition.created', actorId: actorIdOf(actor), subject: { type: 'edition', id: cleanCode }, details: { ...clean }, addressHash: actor.kind === 'person' ? actor.addressHash : null }, trx, now);
      await recordChange(trx, { kind: 'edition.created', editionCode: cleanCode, keys: [cacheKeys.site] }, now);
    });
    await this.load();
    return this.get(cleanCode);
  }

  /**
   * Changes what an edition is: its name, language, direction, zone, formats, calendar and digits, and (when
   * given) the site's name, tagline and logo readers see. One audit entry names every field that changed.
   */
  async updateDetails(actor: Actor, code: string, fields: EditionFields, now = new Date()): Promise<Edition> {
    this.assertMay(actor);
    const clean = checkFields(fields);
    await this.changes.transaction(async (trx) => {
      await trx.updateTable('editions').set((eb) => ({ name: eb.ref('name') })).where('code', '=', code).execute();
      const row = await trx.selectFrom('editions').selectAll().where('code', '=', code).executeTakeFirst();
      if (!row) throw new UnknownEditionError(problems.unknownEdition(code));
      const before = fieldsOfRow(row);
      const changed = (Object.keys(clean) as Array<keyof EditionFields>).filter((field) => clean[field] !== undefined && clean[field] !== before[field]);
      if (changed.length === 0) return;
      if (changed.includes('logoMediaId')) await assertLogoExists(trx, clean.logoMediaId);
      await trx.updateTable('editions').set({ ...columnsOf(clean), settings_changed_at: now.toISOString() }).where('code', '=', code).execute();
      await this.audit.record(
        {
          action: 'edition.changed',
          actorId: actorIdOf(actor),
          subject: { type: 'edition', id: code },
          details: { fields: changed, from: Object.fromEntries(changed.map((f) => [f, before[f]])), to: Object.fromEntries(changed.map((f) => [f, clean[f]])) },
          addressHash: actor.kind === 'person' ? actor.addressHash : null,
        },
        trx,
        now,
      );
      // The name is in every page's edition switcher; the rest shows on the edition's own pages and feeds, and
      // the site's name also in the news sitemap (its publication's name).
      const isEverywhere = changed.includes('name') || changed.includes('language');
      const isIdentity = changed.some((field) => identityFields.includes(field));
      const keys = [...(isEverywhere ? [cacheKeys.site, cacheKeys.sitemaps] : [cacheKeys.edition(code)]), ...(isIdentity ? [cacheKeys.sitemaps] : [])];
      await recordChange(trx, { kind: 'edition.settings_changed', editionCode: code, keys, subject: { fields: changed } }, now);
    });
    await this.load();
    return this.get(code);
  }

  private assertMay(actor: Actor): void {
    if (actor.kind === 'person' && !can(actor.user, 'settings.manage')) throw new EditionForbiddenError(problems.editionsForbidden);
  }

  /** Creates an edition from its preset when it does not exist yet (`en`, `es`, `fa` …). */
  async ensure(code: string, now = new Date()): Promise<Edition> {
    const existing = this.cache.get(code);
    if (existing) return existing;
    const preset = editionPresets[code];
    if (!preset) {
      throw new UnknownEditionError(
        `there is no edition "${code}" and none can be made from presets (known: ${Object.keys(editionPresets).join(', ')})`,
      );
    }
    if (!isValidTimeZone(preset.time_zone)) throw new UnknownEditionError(`edition "${code}" has an unknown time zone ${preset.time_zone}`);
    await this.changes.transaction(async (trx) => {
      const inserted = await trx
        .insertInto('editions')
        .values({ ...preset, created_at: now.toISOString() })
        .onConflict((oc) => oc.column('code').doNothing())
        .executeTakeFirst();
      // Every page lists the editions: a new one changes them all.
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) await recordChange(trx, { kind: 'edition.created', editionCode: code, keys: [cacheKeys.site] }, now);
    });
    await this.load();
    return this.get(code);
  }
}

const identityFields: ReadonlyArray<keyof EditionFields> = ['siteName', 'tagline', 'logoMediaId'];

/** A stored edition's fields, as `checkFields` returns them, to tell what a change changes. */
function fieldsOfRow(row: EditionRow): Required<EditionFields> {
  return {
    name: row.name,
    language: row.language,
    direction: row.direction,
    timeZone: row.time_zone,
    datelineFormat: row.dateline_format,
    dateFormat: row.date_format,
    calendar: row.calendar,
    numberingSystem: row.numbering_system,
    siteName: row.site_name,
    tagline: row.tagline,
    logoMediaId: row.logo_media_id,
  };
}

async function assertLogoExists(trx: Kysely<Database>, id: number | null | undefined): Promise<void> {
  if (id === null || id === undefined) return;
  const found = await trx.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst();
  if (!found) throw new EditionFieldError('logoMediaId', problems.logoMissing(id));
}

/** A line of text for readers: one space between words, null when empty; the field is named when too long. */
function optionalLine(value: string | null | undefined, field: 'siteName' | 'tagline'): string | null | undefined {
  if (value === undefined) return undefined;
  const clean = (value ?? '').normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (clean.length > identityLimits[field]) throw new EditionFieldError(field, problems.lineTooLong(identityLimits[field]));
  return clean === '' ? null : clean;
}

function checkCode(code: string): string {
  const clean = code.trim().toLowerCase();
  if (!/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/u.test(clean)) throw new EditionFieldError('code', problems.codeInvalid);
  if (reservedCodes.has(clean)) throw new EditionFieldError('code', problems.codeReserved(clean));
  return clean;
}

const NAME_MAX_LENGTH = 60;
const FORMAT_MAX_LENGTH = 60;

/** Checks every field, naming the first that is wrong; the values come back trimmed. */
function checkFields(fields: EditionFields): EditionFields {
  const name = fields.name.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (name === '' || name.length > NAME_MAX_LENGTH) throw new EditionFieldError('name', problems.nameInvalid(NAME_MAX_LENGTH));
  let language: string;
  try {
    language = Intl.getCanonicalLocales(fields.language.trim())[0] ?? '';
  } catch {
    language = '';
  }
  if (language === '') throw new EditionFieldError('language', problems.languageInvalid(fields.language));
  if (fields.direction !== 'ltr' && fields.direction !== 'rtl') throw new EditionFieldError('direction', problems.directionInvalid);
  const timeZone = fields.timeZone.trim();
  if (!isValidTimeZone(timeZone)) throw new EditionFieldError('timeZone', problems.timeZoneInvalid(timeZone));
  const calendar = fields.calendar === null || fields.calendar.trim() === '' ? null : fields.calendar.trim();
  if (calendar !== null && !supportedCalendars.includes(calendar)) throw new EditionFieldError('calendar', problems.calendarUnknown(calendar));
  const numberingSystem = fields.numberingSystem === null || fields.numberingSystem.trim() === '' ? null : fields.numberingSystem.trim();
  if (numberingSystem !== null && !supportedNumberingSystems.includes(numberingSystem)) throw new EditionFieldError('numberingSystem', problems.digitsUnknown(numberingSystem));
  const logoMediaId = fields.logoMediaId;
  if (logoMediaId !== undefined && logoMediaId !== null && !(Number.isSafeInteger(logoMediaId) && logoMediaId > 0)) throw new EditionFieldError('logoMediaId', problems.logoInvalid);
  const identity = { siteName: optionalLine(fields.siteName, 'siteName'), tagline: optionalLine(fields.tagline, 'tagline'), logoMediaId };
  const clean = {
    name,
    language,
    direction: fields.direction,
    timeZone,
    calendar,
    numberingSystem,
    datelineFormat: fields.datelineFormat.trim(),
    dateFormat: fields.dateFormat.trim(),
    ...Object.fromEntries(Object.entries(identity).filter(([, value]) => value !== undefined)),
  };
  for (const field of ['datelineFormat', 'dateFormat'] as const) {
    const format = clean[field];
    if (format === '' || format.length > FORMAT_MAX_LENGTH) throw new EditionFieldError(field, problems.formatInvalid(FORMAT_MAX_LENGTH));
    // A format without any day, month or year token writes the same text every day.
    const sample = formatInEdition('2020-11-20T08:14:00.000Z', format, { language, time_zone: timeZone, calendar, numbering_system: numberingSystem });
    const other = formatInEdition('2021-03-07T08:14:00.000Z', format, { language, time_zone: timeZone, calendar, numbering_system: numberingSystem });
    if (sample === other) throw new EditionFieldError(field, problems.formatWritesNoDate(format));
  }
  return clean;
}

function columnsOf(fields: EditionFields) {
  return {
    name: fields.name,
    language: fields.language,
    direction: fields.direction,
    time_zone: fields.timeZone,
    dateline_format: fields.datelineFormat,
    date_format: fields.dateFormat,
    calendar: fields.calendar,
    numbering_system: fields.numberingSystem,
    // Identity fields left out stay as they are.
    ...(fields.siteName !== undefined ? { site_name: fields.siteName } : {}),
    ...(fields.tagline !== undefined ? { tagline: fields.tagline } : {}),
    ...(fields.logoMediaId !== undefined ? { logo_media_id: fields.logoMediaId } : {}),
  };
}

/**
 * What a new edition starts as when the newsroom gives only its code: the preset when there is one, else the
 * language's own name and direction, UTC, and day-month-year dates in the language's calendar and digits.
 * @example editionDefaults('pt').name // 'português'
 */
export function editionDefaults(code: string, language = code): EditionFields {
  const preset = editionPresets[code.toLowerCase()];
  if (preset && language === code) {
    return { name: preset.name, language: preset.language, direction: preset.direction, timeZone: preset.time_zone, datelineFormat: preset.dateline_format, dateFormat: preset.date_format, calendar: null, numberingSystem: null };
  }
  let name = code;
  try {
    name = new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? code;
  } catch {
    // A tag Intl cannot name keeps its code as a name; the check that follows names the problem.
  }
  return { name, language, direction: directionOf(language), timeZone: 'UTC', datelineFormat: 'EEEE d MMMM yyyy - HH:mm', dateFormat: 'd MMMM yyyy', calendar: null, numberingSystem: null };
}
