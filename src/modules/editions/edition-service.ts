import type { Kysely } from 'kysely';
import { editionPresets } from '../../config/edition-presets.ts';
import { uiStringsFor, type UiStrings } from '../../config/ui-strings.ts';
import type { Database, EditionRow } from '../../db/schema.ts';
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
}

export class UnknownEditionError extends Error {
  readonly code = 'EDITION_UNKNOWN';
}

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
  };
}

/** Editions change rarely and are read on every page, so they are held in memory and refreshed on change. */
export class EditionService {
  private cache = new Map<string, Edition>();

  constructor(private readonly db: Kysely<Database>) {}

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

  /** Turns full-text feeds on or off for an edition; feeds show the change on their next request. */
  async setFullTextFeeds(code: string, isOn: boolean): Promise<Edition> {
    this.get(code); // an unknown code throws here instead of quietly updating nothing
    await this.db.updateTable('editions').set({ feed_full_text: isOn ? 1 : 0 }).where('code', '=', code).execute();
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
    await this.db
      .insertInto('editions')
      .values({ ...preset, created_at: now.toISOString() })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    await this.load();
    return this.get(code);
  }
}
