import { diffArrays, diffWords } from 'diff';
import { blockPlainText, type Block } from '../../content/blocks.ts';
import type { RevisionSummary, StoryRevision } from './newsroom-types.ts';

/** A stretch of text in a comparison: in both versions, only in the newer, or only in the older. */
export interface DiffSegment {
  text: string;
  change: 'same' | 'added' | 'removed';
}

/** One block of the body in a comparison. */
export interface BlockDiff {
  change: 'same' | 'changed' | 'added' | 'removed';
  kind: Block['type'];
  segments: DiffSegment[];
  /** Changed, but its words are the same: formatting, a link's address, an image's source. */
  isFormattingOnly: boolean;
}

export type DiffedField = 'headline' | 'teaser' | 'slug' | 'section' | 'tags' | 'authors' | 'seoTitle' | 'seoDescription';

export interface FieldDiff {
  field: DiffedField;
  isChanged: boolean;
  segments: DiffSegment[];
}

export interface RevisionDiff {
  from: RevisionSummary;
  to: RevisionSummary;
  /** Every compared field but the body, headline first; unchanged ones included (`isChanged: false`). */
  fields: FieldDiff[];
  body: BlockDiff[];
  isSame: boolean;
}

/**
 * A readable comparison of two revisions: word by word for the headline and the other fields, and block by
 * block for the body — blocks are lined up first (`diffArrays`), then a changed block is compared word by
 * word (`diffWords`), so a paragraph inserted at the top does not make every later one look changed.
 * @example diffRevisions(revision3, revision5).fields[0] // { field: 'headline', isChanged: true, segments: [...] }
 */
export function diffRevisions(from: StoryRevision, to: StoryRevision): RevisionDiff {
  const fields: FieldDiff[] = (
    [
      ['headline', from.headline, to.headline],
      ['teaser', from.teaser, to.teaser],
      ['slug', from.slug, to.slug],
      ['section', from.section ?? '', to.section ?? ''],
      ['tags', from.tags.join(', '), to.tags.join(', ')],
      ['authors', from.authors.join(', '), to.authors.join(', ')],
      ['seoTitle', from.seoTitle ?? '', to.seoTitle ?? ''],
      ['seoDescription', from.seoDescription ?? '', to.seoDescription ?? ''],
    ] as const
  ).map(([field, before, after]) => ({ field, isChanged: before !== after, segments: wordSegments(before, after) }));
  const body = diffBodies(from.body, to.body);
  const summary = (r: StoryRevision): RevisionSummary => ({
    number: r.number,
    savedAt: r.savedAt,
    savedBy: r.savedBy,
    kind: r.kind,
    restoredFrom: r.restoredFrom,
    headline: r.headline,
  });
  return { from: summary(from), to: summary(to), fields, body, isSame: fields.every((f) => !f.isChanged) && body.every((b) => b.change === 'same') };
}

function diffBodies(before: readonly Block[], after: readonly Block[]): BlockDiff[] {
  const key = (b: Block) => JSON.stringify(b);
  const changes = diffArrays(before.map(key), after.map(key));
  const out: BlockDiff[] = [];
  const parse = (k: string) => JSON.parse(k) as Block;
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i];
    if (!change) continue;
    if (!change.added && !change.removed) {
      for (const k of change.value) out.push(sameBlock(parse(k)));
      continue;
    }
    // A removal followed by an addition is an edit: pair the blocks up, word-diff each pair.
    const next = changes[i + 1];
    if (change.removed && next?.added) {
      const removed = change.value.map(parse);
      const added = next.value.map(parse);
      const paired = Math.min(removed.length, added.length);
      for (let j = 0; j < paired; j++) out.push(changedBlock(removed[j] as Block, added[j] as Block));
      for (const block of removed.slice(paired)) out.push(wholeBlock(block, 'removed'));
      for (const block of added.slice(paired)) out.push(wholeBlock(block, 'added'));
      i++;
      continue;
    }
    for (const k of change.value) out.push(wholeBlock(parse(k), change.added ? 'added' : 'removed'));
  }
  return out;
}

function textOf(block: Block): string {
  if (block.type === 'image') return [block.alt, block.caption].filter((t) => t !== undefined && t !== '').join(' — ');
  if (block.type === 'quote' && block.cite) return `${blockPlainText(block)} — ${block.cite}`;
  return blockPlainText(block);
}

function sameBlock(block: Block): BlockDiff {
  return { change: 'same', kind: block.type, segments: [{ text: textOf(block), change: 'same' }], isFormattingOnly: false };
}

function wholeBlock(block: Block, change: 'added' | 'removed'): BlockDiff {
  return { change, kind: block.type, segments: [{ text: textOf(block), change }], isFormattingOnly: false };
}

function changedBlock(before: Block, after: Block): BlockDiff {
  const segments = wordSegments(textOf(before), textOf(after));
  return { change: 'changed', kind: after.type, segments, isFormattingOnly: segments.every((s) => s.change === 'same') };
}

function wordSegments(before: string, after: string): DiffSegment[] {
  if (before === after) return before === '' ? [] : [{ text: before, change: 'same' }];
  return diffWords(before, after).map((part) => ({ text: part.value, change: part.added ? 'added' : part.removed ? 'removed' : 'same' }));
}
