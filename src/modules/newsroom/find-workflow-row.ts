import type { Kysely } from 'kysely';
import { parseBody } from '../../content/blocks.ts';
import type { Database } from '../../db/schema.ts';
import type { StoryRevision } from './newsroom-types.ts';

/** A story as the workflow reads it: its row with its section's, owner's and remover's names. */
export type WorkflowRow = NonNullable<Awaited<ReturnType<typeof findWorkflowRow>>>;

export async function findWorkflowRow(db: Kysely<Database>, storyId: number) {
  const row = await db
    .selectFrom('stories as s')
    .leftJoin('sections as sec', 'sec.id', 's.section_id')
    .leftJoin('users as owner', 'owner.id', 's.created_by')
    .leftJoin('users as remover', 'remover.id', 's.deleted_by')
    .select([
      's.id', 's.code', 's.edition_code', 's.status', 's.headline', 's.teaser', 's.body', 's.slug', 's.section_id', 's.published_at',
      's.updated_at', 's.created_at', 's.created_by', 's.scheduled_at', 's.embargo_until', 's.seo_title', 's.seo_description', 's.revision',
      's.deleted_at', 's.deleted_by', 's.credit_text', 's.credit_url', 's.license_url', 's.lead_media_id',
      'sec.name as section_name', 'sec.slug as section_slug', 'owner.display_name as owner_name', 'remover.display_name as deleted_by_name',
    ])
    .where('s.id', '=', storyId)
    .executeTakeFirst();
  return row ? { ...row, revision: Number(row.revision) } : undefined;
}

/** The story's tags' names, in order. */
export async function findTagNames(db: Kysely<Database>, storyId: number): Promise<string[]> {
  const rows = await db.selectFrom('story_tags as st').innerJoin('tags as t', 't.id', 'st.tag_id').select('t.name').where('st.story_id', '=', storyId).orderBy('st.position').execute();
  return rows.map((r) => r.name);
}

/** The story's bylines, in order. */
export async function findAuthorNames(db: Kysely<Database>, storyId: number): Promise<string[]> {
  const rows = await db.selectFrom('story_authors as sa').innerJoin('authors as a', 'a.id', 'sa.author_id').select('a.name').where('sa.story_id', '=', storyId).orderBy('sa.position').execute();
  return rows.map((r) => r.name);
}

/** What a story says, as its form and its revisions show it, from its row and its tags' and bylines' names. */
export function storyContentOf(row: WorkflowRow, tags: string[], authors: string[]): Pick<StoryRevision, 'headline' | 'teaser' | 'body' | 'slug' | 'section' | 'tags' | 'authors' | 'seoTitle' | 'seoDescription'> {
  return {
    headline: row.headline,
    teaser: row.teaser,
    body: parseBody(row.body),
    slug: row.slug,
    section: row.section_name,
    tags,
    authors,
    seoTitle: row.seo_title,
    seoDescription: row.seo_description,
  };
}
