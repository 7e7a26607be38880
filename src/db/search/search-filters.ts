import { sql, type RawBuilder } from 'kysely';
import type { IndexSearchRequest } from './search-index.ts';

/**
 * The filter conditions both engines share, over `search_documents d`. Values are bound parameters.
 */
export function searchFilters(request: IndexSearchRequest): RawBuilder<unknown>[] {
  const conditions: RawBuilder<unknown>[] = [sql`d.edition_code = ${request.editionCode}`];
  if (request.sectionId !== undefined) conditions.push(sql`d.section_id = ${request.sectionId}`);
  if (request.tagId !== undefined) conditions.push(sql`d.story_id in (select st.story_id from story_tags st where st.tag_id = ${request.tagId})`);
  if (request.authorId !== undefined) {
    conditions.push(sql`d.story_id in (select sa.story_id from story_authors sa where sa.author_id = ${request.authorId})`);
  }
  if (request.publishedFrom !== undefined) conditions.push(sql`d.published_at >= ${request.publishedFrom}`);
  if (request.publishedBefore !== undefined) conditions.push(sql`d.published_at < ${request.publishedBefore}`);
  return conditions;
}
