import type { Block, Mark, TextRun } from './blocks.ts';

/**
 * The body as the browser's editor (Tiptap, on ProseMirror) holds it: `editor.getJSON()`, narrowed to the
 * nodes and marks Dateline stores. `readTiptapDoc` in validate-body.ts turns untrusted JSON into these types.
 */
export type TiptapMark = { type: 'bold' } | { type: 'italic' } | { type: 'link'; attrs: { href: string } };

export type TiptapInline = { type: 'text'; text: string; marks?: TiptapMark[] } | { type: 'hardBreak' };

export interface TiptapParagraph {
  type: 'paragraph';
  content?: TiptapInline[];
}

export interface TiptapHeading {
  type: 'heading';
  attrs: { level: number };
  content?: TiptapInline[];
}

export interface TiptapBlockquote {
  type: 'blockquote';
  content?: TiptapBlockNode[];
}

export interface TiptapList {
  type: 'bulletList' | 'orderedList';
  content?: TiptapListItem[];
}

export interface TiptapListItem {
  type: 'listItem';
  content?: TiptapBlockNode[];
}

/** Tiptap's image node with a `caption` attribute of Dateline's (older documents may carry it as `title`). */
export interface TiptapImage {
  type: 'image';
  /** `mediaId`: the library picture it shows (issue 11), or null for an image by address. */
  attrs: { src: string; alt?: string | null; title?: string | null; caption?: string | null; mediaId?: number | null };
}

export type TiptapBlockNode = TiptapParagraph | TiptapHeading | TiptapBlockquote | TiptapList | TiptapImage;

export interface TiptapDoc {
  type: 'doc';
  content?: TiptapBlockNode[];
}

/**
 * A quote's source is written as the quote's last paragraph, after an em dash: `— Ada Lovelace`.
 * Dateline's quote block keeps it apart (`cite`), and the story page sets it under the quote.
 */
export const CITE_PREFIX = '— ';
const CITE_PATTERN = /^[—―]\s*/u;

/**
 * Dateline blocks as a Tiptap document, for loading a stored body into the editor.
 * @example blocksToTiptap([paragraph('It rained.')]) // { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'It rained.' }] }] }
 */
export function blocksToTiptap(blocks: readonly Block[]): TiptapDoc {
  return { type: 'doc', content: blocks.map(blockToNode) };
}

function blockToNode(block: Block): TiptapBlockNode {
  switch (block.type) {
    case 'paragraph':
      return withContent({ type: 'paragraph' }, block.content);
    case 'heading':
      return withContent({ type: 'heading', attrs: { level: block.level } }, block.content);
    case 'quote': {
      const paragraphs: TiptapBlockNode[] = [withContent({ type: 'paragraph' }, block.content)];
      if (block.cite) paragraphs.push({ type: 'paragraph', content: [{ type: 'text', text: `${CITE_PREFIX}${block.cite}` }] });
      return { type: 'blockquote', content: paragraphs };
    }
    case 'list':
      return {
        type: block.ordered ? 'orderedList' : 'bulletList',
        content: block.items.map((item) => ({ type: 'listItem', content: [withContent({ type: 'paragraph' }, item)] })),
      };
    case 'image':
      return { type: 'image', attrs: { src: block.src, alt: block.alt, title: null, caption: block.caption ?? null, ...(block.mediaId !== undefined ? { mediaId: block.mediaId } : {}) } };
  }
}

function withContent<T extends TiptapParagraph | TiptapHeading>(node: T, runs: readonly TextRun[]): T {
  return runs.length > 0 ? { ...node, content: runs.map(runToNode) } : node;
}

function runToNode(run: TextRun): TiptapInline {
  const marks = (run.marks ?? []).map((mark): TiptapMark => (mark.type === 'link' ? { type: 'link', attrs: { href: mark.href } } : { type: mark.type }));
  return marks.length > 0 ? { type: 'text', text: run.text, marks } : { type: 'text', text: run.text };
}

/**
 * A Tiptap document as Dateline blocks. Structure Dateline has no block for is flattened, never dropped:
 * a multi-paragraph quote becomes one quote per paragraph, a nested list joins its parent's items, an image
 * inside a list or quote follows it, a hard line break becomes a space. Blank paragraphs, headings, items
 * and lists are left out; runs with the same marks are joined.
 * @example tiptapToBlocks({ type: 'doc', content: [{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Why' }] }] })
 *   // [{ type: 'heading', level: 2, content: [{ type: 'text', text: 'Why' }] }]
 */
export function tiptapToBlocks(doc: TiptapDoc): Block[] {
  return (doc.content ?? []).flatMap(nodeToBlocks);
}

function nodeToBlocks(node: TiptapBlockNode): Block[] {
  switch (node.type) {
    case 'paragraph': {
      const content = inlineToRuns(node.content);
      return hasText(content) ? [{ type: 'paragraph', content }] : [];
    }
    case 'heading': {
      const content = inlineToRuns(node.content);
      // The headline is the page's only h1, and the story page has styles for h2 to h4.
      const level = Math.min(4, Math.max(2, Math.trunc(node.attrs.level))) as 2 | 3 | 4;
      return hasText(content) ? [{ type: 'heading', level, content }] : [];
    }
    case 'blockquote':
      return quoteToBlocks(node);
    case 'bulletList':
    case 'orderedList':
      return listToBlocks(node);
    case 'image': {
      const caption = node.attrs.caption ?? node.attrs.title ?? '';
      const image: Block = { type: 'image', src: node.attrs.src, alt: node.attrs.alt ?? '', ...(typeof node.attrs.mediaId === 'number' ? { mediaId: node.attrs.mediaId } : {}) };
      return [caption.trim() !== '' ? { ...image, caption: caption.trim() } : image];
    }
  }
}

function quoteToBlocks(node: TiptapBlockquote): Block[] {
  const blocks = (node.content ?? []).flatMap(nodeToBlocks);
  // Text blocks inside a quote are its paragraphs; anything else (a list, an image) follows as it is.
  const quoted: Block[] = blocks.map((b) => (b.type === 'paragraph' || b.type === 'heading' ? { type: 'quote', content: b.content } : b));
  const last = quoted.at(-1);
  const beforeLast = quoted.at(-2);
  if (last?.type === 'quote' && beforeLast?.type === 'quote' && !beforeLast.cite) {
    const text = last.content.map((r) => r.text).join('');
    if (CITE_PATTERN.test(text)) {
      const cite = text.replace(CITE_PATTERN, '').trim();
      quoted.splice(-2, 2, cite === '' ? beforeLast : { ...beforeLast, cite });
    }
  }
  return quoted;
}

function listToBlocks(node: TiptapList): Block[] {
  const items: TextRun[][] = [];
  const after: Block[] = [];
  const collect = (list: TiptapList) => {
    for (const item of list.content ?? []) {
      const runs: TextRun[] = [];
      const nested: TiptapList[] = [];
      for (const child of item.content ?? []) {
        if (child.type === 'bulletList' || child.type === 'orderedList') {
          nested.push(child);
          continue;
        }
        for (const block of nodeToBlocks(child)) {
          if (block.type === 'list') {
            items.push(...block.items);
            continue;
          }
          const text = block.type === 'paragraph' || block.type === 'heading' || block.type === 'quote' ? block.content : undefined;
          if (text === undefined) {
            after.push(block);
            continue;
          }
          // Several paragraphs in one item read as one line.
          if (runs.length > 0) runs.push({ type: 'text', text: ' ' });
          runs.push(...text);
        }
      }
      const merged = mergeRuns(runs);
      if (hasText(merged)) items.push(merged);
      for (const inner of nested) collect(inner);
    }
  };
  collect(node);
  const list: Block[] = items.length > 0 ? [{ type: 'list', ordered: node.type === 'orderedList', items }] : [];
  return [...list, ...after];
}

/** Blank lines (nothing, or spaces only) are what an editor leaves between blocks, not content. */
function hasText(runs: readonly TextRun[]): boolean {
  return runs.some((r) => r.text.trim() !== '');
}

function inlineToRuns(content: readonly TiptapInline[] | undefined): TextRun[] {
  const runs = (content ?? []).map((node): TextRun => {
    if (node.type === 'hardBreak') return { type: 'text', text: ' ' };
    const marks = uniqueMarks(node.marks ?? []);
    return marks.length > 0 ? { type: 'text', text: node.text, marks } : { type: 'text', text: node.text };
  });
  return mergeRuns(runs);
}

function uniqueMarks(marks: readonly TiptapMark[]): Mark[] {
  const seen = new Set<string>();
  const out: Mark[] = [];
  for (const mark of marks) {
    if (seen.has(mark.type)) continue;
    seen.add(mark.type);
    out.push(mark.type === 'link' ? { type: 'link', href: mark.attrs.href } : { type: mark.type });
  }
  return out;
}

/** Drops empty runs and joins neighbours that carry the same marks. */
export function mergeRuns(runs: readonly TextRun[]): TextRun[] {
  const out: TextRun[] = [];
  for (const run of runs) {
    if (run.text === '') continue;
    const previous = out.at(-1);
    if (previous && sameMarks(previous.marks, run.marks)) {
      out[out.length - 1] = { ...previous, text: previous.text + run.text };
    } else {
      out.push(run);
    }
  }
  return out;
}

function sameMarks(a: readonly Mark[] | undefined, b: readonly Mark[] | undefined): boolean {
  const left = a ?? [];
  const right = b ?? [];
  return left.length === right.length && left.every((mark, i) => JSON.stringify(mark) === JSON.stringify(right[i]));
}
