import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Block } from '../../content/blocks.ts';
import { htmlToBlocks, type HtmlToBlocksOptions } from '../../content/html-blocks.ts';
import type { Database, ImportedItemTable } from '../../db/schema.ts';
import type { CommentService, ImportedComment } from '../comments/index.ts';
import type { EditionService } from '../editions/edition-service.ts';
import { largestVariantPath } from '../media/index.ts';
import { StoryWorkflowError, type StoryWorkflow } from '../newsroom/index.ts';
import type { NamedRef } from '../stories/story-types.ts';
import type { PictureFetcher } from './picture-fetcher.ts';

/** A post of another system, read and mapped onto what a story holds; the same for every source. */
export interface SourcePost {
  itemId: string;
  /** How reports name it: `post 1149 “Markup: HTML Tags”`. */
  name: string;
  /** Why it is not imported (a draft, a page…); nothing else is read then. */
  skip?: string;
  headline: string;
  html: string;
  htmlOptions: HtmlToBlocksOptions;
  /** Written by hand on the old site; otherwise the story's teaser comes from its first paragraph. */
  teaser: string;
  /** An instant (ISO 8601). */
  publishedAt: string;
  slug: string;
  section: NamedRef | null;
  tags: NamedRef[];
  authors: string[];
  featuredImage?: { url: string; alt: string; caption: string };
  /** A picture's alt text and caption as the old site's library had them, by address, when the HTML has none. */
  pictureDetails: (url: string) => { alt: string; caption: string } | undefined;
  comments: ImportedComment[];
  /** Paths the post had on the old site (`/2013/01/11/markup/`): they answer 301 to the story. */
  permalinks: string[];
  /** What was changed on the way in (a missing headline made from the text…), for the report. */
  notes: string[];
}

export type PostOutcome =
  | {
      ok: true;
      name: string;
      change: 'created' | 'updated' | 'unchanged';
      code: number;
      url: string;
      pictures: number;
      comments: number;
      notes: string[];
      /** Pictures that could not be brought into the library: the story shows them from their old address. */
      missingPictures: Array<{ url: string; reason: string }>;
      isDryRun: boolean;
    }
  | { ok: false; name: string; kind: 'skipped' | 'failed' | 'left-alone'; reason: string };

export interface PostImportContext {
  source: ImportedItemTable['source'];
  /** The exporting site's address: items are keyed by it. */
  site: string;
  editionCode: string;
  isDryRun: boolean;
  pictures: PictureFetcher;
}

export interface PostImportDeps {
  database: { db: Kysely<Database> };
  editions: EditionService;
  storyWorkflow: StoryWorkflow;
  comments: CommentService;
}

/**
 * Turns one source post into one story through the newsroom's go-live path (`StoryWorkflow.importStory`),
 * with its comments, old addresses and the record of where it came from in the same transaction.
 * A post imported before is found again by its id (`imported_items`): unchanged, nothing is written;
 * changed, the story is updated — unless the newsroom edited it since, when it is left alone and said so.
 */
export async function importPost(post: SourcePost, context: PostImportContext, deps: PostImportDeps): Promise<PostOutcome> {
  if (post.skip !== undefined) return { ok: false, name: post.name, kind: 'skipped', reason: post.skip };
  const db = deps.database.db;
  try {
    const converted = htmlToBlocks(post.html, post.htmlOptions);
    const notes = [...new Set([...post.notes, ...converted.notes])];
    let body = converted.blocks.map((block) => (block.type === 'image' ? withLibraryDetails(block, post) : block));
    if (body.length === 0) throw new Error('has no text and no picture');
    const contentHash = hashOf(post);
    const known = await db
      .selectFrom('imported_items as i')
      .innerJoin('stories as s', 's.id', 'i.story_id')
      .select(['i.content_hash', 's.code', 's.slug', 's.edition_code'])
      .where('i.source', '=', context.source)
      .where('i.site', '=', context.site)
      .where('i.item_id', '=', post.itemId)
      .executeTakeFirst();
    const knownCode = known === undefined ? undefined : Number(known.code);
    if (known && knownCode !== undefined && known.content_hash === contentHash) {
      return { ok: true, name: post.name, change: 'unchanged', code: knownCode, url: storyUrl(known.edition_code, knownCode, known.slug), pictures: 0, comments: 0, notes: [], missingPictures: [], isDryRun: context.isDryRun };
    }
    const missingPictures: Array<{ url: string; reason: string }> = [];
    if (context.isDryRun) {
      for (const url of pictureUrls(body, post)) {
        const check = await context.pictures.check(url);
        if (!check.ok) missingPictures.push({ url, reason: check.reason });
      }
      return { ok: true, name: post.name, change: known ? 'updated' : 'created', code: knownCode ?? 0, url: '', pictures: pictureUrls(body, post).length, comments: post.comments.length, notes, missingPictures, isDryRun: true };
    }
    const fetchPicture = async (url: string, details: { alt: string; caption: string }) => {
      const outcome = await context.pictures.obtain(url, details);
      if (!outcome.ok && !missingPictures.some((m) => m.url === url)) missingPictures.push({ url, reason: outcome.reason });
      return outcome.ok ? outcome.picture : undefined;
    };
    // One picture at a time: a gallery showing one upload twice must not add it twice.
    const withPictures: Block[] = [];
    for (const block of body) {
      const picture = block.type === 'image' ? await fetchPicture(block.src, { alt: block.alt, caption: block.caption ?? '' }) : undefined;
      withPictures.push(block.type === 'image' && picture ? { ...block, src: largestVariantPath(picture), mediaId: picture.id } : block);
    }
    body = withPictures;
    const lead = post.featuredImage ? await fetchPicture(post.featuredImage.url, post.featuredImage) : undefined;
    let commentsAdded = 0;
    const imported = await deps.storyWorkflow.importStory(
      {
        editionCode: context.editionCode,
        code: knownCode,
        headline: post.headline,
        teaser: post.teaser.trim() === '' ? undefined : post.teaser.trim(),
        body,
        status: 'published',
        publishedAt: post.publishedAt,
        slug: post.slug || undefined,
        section: post.section,
        tags: post.tags,
        authors: post.authors,
        ...(lead ? { leadMediaId: lead.id } : {}),
      },
      {
        within: async (trx, story, now) => {
          await trx
            .insertInto('imported_items')
            .values({ source: context.source, site: context.site, item_id: post.itemId, story_id: story.id, content_hash: contentHash, imported_at: now.toISOString() })
            .onConflict((oc) => oc.columns(['source', 'site', 'item_id']).doUpdateSet({ story_id: story.id, content_hash: contentHash, imported_at: now.toISOString() }))
            .execute();
          for (const path of new Set(post.permalinks)) {
            await trx
              .insertInto('story_permalinks')
              .values({ path, story_id: story.id, created_at: now.toISOString() })
              .onConflict((oc) => oc.column('path').doUpdateSet({ story_id: story.id }))
              .execute();
          }
          commentsAdded = await deps.comments.addImported(trx, story.id, post.comments, now);
        },
      },
    );
    return {
      ok: true,
      name: post.name,
      change: imported.change === 'created' ? 'created' : 'updated',
      code: imported.code,
      url: storyUrl(imported.editionCode, imported.code, imported.slug),
      pictures: body.filter((b) => b.type === 'image' && b.mediaId !== undefined).length + (lead ? 1 : 0),
      comments: commentsAdded,
      notes,
      missingPictures,
      isDryRun: false,
    };
  } catch (error) {
    if (error instanceof StoryWorkflowError && error.code === 'STORY_IMPORT_CONFLICT') {
      return { ok: false, name: post.name, kind: 'left-alone', reason: 'its story was changed in the newsroom since it was imported: left as it is' };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, name: post.name, kind: 'failed', reason: message.split('\n')[0] ?? message };
  }
}

export function storyUrl(editionCode: string, code: number, slug: string): string {
  return `/${editionCode}/news/${code}/${slug}`;
}

/** The old site's alt text and caption for a picture the HTML shows without them. */
function withLibraryDetails(block: Extract<Block, { type: 'image' }>, post: SourcePost): Block {
  const details = post.pictureDetails(block.src);
  if (!details) return block;
  const alt = block.alt || details.alt;
  const caption = block.caption ?? (details.caption || undefined);
  return { ...block, alt, ...(caption !== undefined ? { caption } : {}) };
}

function pictureUrls(body: readonly Block[], post: SourcePost): string[] {
  const urls = body.flatMap((b) => (b.type === 'image' ? [b.src] : []));
  if (post.featuredImage) urls.push(post.featuredImage.url);
  return [...new Set(urls)];
}

/** What the post carried, minus how it was named: an unchanged post hashes the same on every run. */
function hashOf(post: SourcePost): string {
  const { pictureDetails: _details, name: _name, ...content } = post;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}
