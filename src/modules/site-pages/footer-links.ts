import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** A footer link as readers get it: to an address, or to one of the edition's published pages by its slug. */
export type FooterLink = { label: string; url: string } | { label: string; pageSlug: string };

/**
 * Every edition's footer links in the newsroom's order, by edition code: one query for the whole site (editions
 * hold them in memory). A link to a page that is not published is left out, as readers would meet a 404.
 */
export async function readFooterLinks(db: Kysely<Database>): Promise<Map<string, FooterLink[]>> {
  const rows = await db
    .selectFrom('footer_links as l')
    .leftJoin('site_pages as p', 'p.id', 'l.page_id')
    .select(['l.edition_code', 'l.label', 'l.url', 'l.page_id', 'p.slug', 'p.status'])
    .orderBy('l.edition_code')
    .orderBy('l.position')
    .execute();
  const byEdition = new Map<string, FooterLink[]>();
  for (const row of rows) {
    const link: FooterLink | undefined = row.page_id === null ? (row.url === null ? undefined : { label: row.label, url: row.url }) : row.status === 'published' && row.slug ? { label: row.label, pageSlug: row.slug } : undefined;
    if (!link) continue;
    byEdition.set(row.edition_code, [...(byEdition.get(row.edition_code) ?? []), link]);
  }
  return byEdition;
}
