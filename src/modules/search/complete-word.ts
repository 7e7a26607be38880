import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Completions of a word being typed that join the query; the commonest first. */
export const MAX_COMPLETIONS = 30;

/**
 * Words of the edition's published stories that begin with `prefix`, the commonest first, read from the
 * statistics related stories keep (normalized, unstemmed words).
 *
 * Why not the engines' own prefix queries: the prefix would be stemmed before matching (`dies*` becomes
 * `di*` with Snowball, on both engines), so a finished word typed without a trailing space would match every word
 * beginning with its stem. Completing against the real vocabulary is precise, bounded, and the same on
 * both engines; the completions are then matched as ordinary (stemmed) words.
 * @example await completeWord(db, 'en', 'sikors') // ['sikorsky']
 */
export async function completeWord(db: Kysely<Database>, editionCode: string, prefix: string, limit = MAX_COMPLETIONS): Promise<string[]> {
  const rows = await db
    .selectFrom('term_statistics')
    .select('term')
    .where('edition_code', '=', editionCode)
    // The range lets the primary key find the words; the substring check keeps the answer exact whatever
    // the database's collation does with the range's upper bound.
    .where('term', '>=', prefix)
    .where('term', '<', `${prefix}\u{10ffff}`)
    .where((eb) => eb(eb.fn('substr', ['term', eb.val(1), eb.val(prefix.length)]), '=', prefix))
    .where('document_count', '>', 0)
    .orderBy('document_count', 'desc')
    .orderBy('term')
    .limit(limit)
    .execute();
  return rows.map((r) => r.term);
}
