import { blocksToPlainText, parseBody } from '../../content/blocks.ts';
import { joinerParts, normalizeSearchText } from '../../content/normalize-search-text.ts';
import type { SearchDocument } from '../../db/search/search-index.ts';
import type { RelatedSource } from '../related/related-stories-index.ts';

/** The columns of a story that search and related stories read. */
export interface IndexableStoryRow {
  id: number;
  code: number;
  edition_code: string;
  language: string;
  status: string;
  headline: string;
  teaser: string;
  body: string;
  published_at: string | null;
  section_id: number | null;
}

/** Only published stories are found and related; every other status leaves both indexes. */
export function isIndexable(row: Pick<IndexableStoryRow, 'status' | 'published_at'>): row is { status: 'published'; published_at: string } {
  return row.status === 'published' && row.published_at !== null;
}

/** A published story as the search index takes it: normalized text, and the columns filters need. */
export function toSearchDocument(row: IndexableStoryRow & { published_at: string }, bodyText = plainBody(row.body)): SearchDocument {
  return {
    storyId: row.id,
    editionCode: row.edition_code,
    language: row.language,
    code: Number(row.code),
    sectionId: row.section_id,
    publishedAt: row.published_at,
    headline: normalizeSearchText(row.headline),
    teaser: normalizeSearchText(row.teaser),
    body: normalizeSearchText(bodyText),
    aliases: [row.headline, row.teaser, bodyText].flatMap(joinerParts).join(' '),
  };
}

export function toRelatedSource(row: IndexableStoryRow, bodyText = plainBody(row.body)): RelatedSource {
  return { storyId: row.id, code: Number(row.code), editionCode: row.edition_code, isPublished: isIndexable(row), headline: row.headline, teaser: row.teaser, bodyText };
}

export function plainBody(json: string): string {
  return blocksToPlainText(parseBody(json));
}
