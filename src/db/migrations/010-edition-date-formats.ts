import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** The formats every edition was created with before each language got its own word order. */
const FORMER = { dateline_format: 'cccc d LLLL yyyy - HH:mm', date_format: 'd LLLL yyyy' };
/** Month and weekday names in the form they take inside a date (see src/config/edition-presets.ts). */
const CURRENT = { dateline_format: 'EEEE d MMMM yyyy - HH:mm', date_format: 'd MMMM yyyy' };
/** Languages whose press writes dates in another order, as the presets of this release do. */
const BY_LANGUAGE: Record<string, typeof CURRENT> = {
  es: { dateline_format: "EEEE d 'de' MMMM 'de' yyyy - HH:mm", date_format: "d 'de' MMMM 'de' yyyy" },
  ar: { dateline_format: 'EEEE، d MMMM yyyy - HH:mm', date_format: 'd MMMM yyyy' },
};

/**
 * Editions still holding the former shared formats take their language's ("viernes 20 de noviembre de
 * 2020"); formats a newsroom has set itself stay as they are. The values are written out, not read from the
 * presets, so this migration does the same on every database whatever later releases change.
 */
export const editionDateFormats = {
  async up(db: Kysely<unknown>): Promise<void> {
    const typed = db as unknown as Kysely<Database>;
    const editions = await typed
      .selectFrom('editions')
      .select(['code', 'language'])
      .where('dateline_format', '=', FORMER.dateline_format)
      .where('date_format', '=', FORMER.date_format)
      .execute();
    for (const edition of editions) {
      const formats = BY_LANGUAGE[edition.language.toLowerCase().split('-')[0] ?? ''] ?? CURRENT;
      await typed.updateTable('editions').set(formats).where('code', '=', edition.code).execute();
    }
  },
};
