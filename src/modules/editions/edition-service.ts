import type { Kysely } from 'kysely';
import { editionPresets } from '../../config/edition-presets.ts';
import { uiStringsFor, type UiStrings } from '../../config/ui-strings.ts';
import type { Database, EditionRow } from '../../db/schema.ts';
import { actorIdOf, type Actor } from '../accounts/account-types.ts';
import { can } from '../accounts/permissions.ts';
import { cacheKeys, recordChange, type ChangeFeed } from '../changes/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { isValidTimeZone } from './edition-time.ts';

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
  /** When the edition was made on this site (UTC ISO); feed item ids are minted from it. */
  createdAt: string;
  /** When its settings last changed (UTC ISO), if ever: feeds change with them. */
  settingsChangedAt: string | null;
}

/** What the newsroom may change about an edition on the Settings page. */
export interface EditionSettings {
  canAuthorsPublish: boolean;
  hasFullTextFeeds: boolean;
}

export class UnknownEditionError extends Error {
  readonly code = 'EDITION_UNKNOWN';
}

/** The person's role does not hold `settings.manage`. */
export class EditionForbiddenError extends Error {
  readonly code = 'FORBIDDEN';
}

/** Each setting's column, which is also its name in the audit log (`details.setting`). */
const settingColumns = {
  canAuthorsPublish: 'allow_author_publish',
  hasFullTextFeeds: 'feed_full_text',
} as const satisfies Record<keyof EditionSettings, keyof EditionRow>;

export function toEdition(row: EditionRow): Edition {
  return {
    code: row.code,
    name: row.name,
    language: row.language,
    direction: row.direction,
    timeZone: row.time_zone,
    datelineFormat: row.dateline_format,
    dateFormat: row.date_format,
    strings: uiStringsFor(row.language),
    canAuthorsPublish: Boolean(row.allow_author_publish),
    hasFullTextFeeds: Boolean(row.feed_full_text),
    createdAt: row.created_at,
    settingsChangedAt: row.settings_changed_at,
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
    this.cache = new Map(rows.map((row) => [row.code, toEdition(row)]));
  }

  list(): Edition[] {
    return [...this.cache.values()];
  }

  find(code: string): Edition | undefined {
    return this.cache.get(code);
  }

  get(code: string): Edition {
    const edition = this.cache.get(code);
    if (!edition) throw new UnknownEditionError(`there is no edition "${code}"`);
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
      throw new EditionForbiddenError('Your role does not allow changing the settings.');
    }
    this.get(code);
    await this.changes.transaction(async (trx) => {
      // A write that changes nothing takes the row's lock first (PostgreSQL; SQLite locks the whole
      // database), so that two people saving at once record the values each of them really replaced.
      await trx.updateTable('editions').set((eb) => ({ name: eb.ref('name') })).where('code', '=', code).execute();
      const row = await trx.selectFrom('editions').selectAll().where('code', '=', code).executeTakeFirst();
      if (!row) throw new UnknownEditionError(`there is no edition "${code}"`);
      const before = toEdition(row);
      const changed: string[] = [];
      for (const setting of Object.keys(settingColumns) as Array<keyof EditionSettings>) {
        const to = changes[setting];
        if (to === undefined || to === before[setting]) continue;
        const column = settingColumns[setting];
        const value = to ? 1 : 0;
        await trx
          .updateTable('editions')
          .set({ ...(column === 'allow_author_publish' ? { allow_author_publish: value } : { feed_full_text: value }), settings_changed_at: now.toISOString() })
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
