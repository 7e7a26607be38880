import { blockPlainText, type Block } from './blocks.ts';

/**
 * The story form without JavaScript: the body as plain text in a textarea, one block per paragraph,
 * paragraphs separated by a blank line. Rich blocks cannot be typed this way, so they must not be lost
 * either: a block whose text comes back unchanged is kept exactly as it was (marks, list, heading, image);
 * only new or edited paragraphs are plain. An image shows as a line of its own, `[image: alt text]`.
 */

const IMAGE_LINE = (alt: string) => `[image: ${alt}]`;

/** The text of one block as the textarea shows it. */
function blockText(block: Block): string {
  if (block.type === 'image') return [IMAGE_LINE(block.alt), block.caption].filter((t) => t !== undefined && t !== '').join('\n');
  if (block.type === 'quote' && block.cite) return `${blockPlainText(block)}\n— ${block.cite}`;
  return blockPlainText(block);
}

/**
 * The body as the no-script textarea shows it.
 * @example blocksToPlainTextBody([paragraph('One.'), paragraph('Two.')]) // 'One.\n\nTwo.'
 */
export function blocksToPlainTextBody(blocks: readonly Block[]): string {
  return blocks.map((b) => normalize(blockText(b))).filter((t) => t !== '').join('\n\n');
}

/**
 * The textarea's text as blocks: each paragraph that matches a block of `previous` (its text, unchanged)
 * is that block again; every other paragraph is a plain paragraph, its line breaks read as spaces.
 * @example plainTextBodyToBlocks('One.\n\nTwo.', []) // [paragraph('One.'), paragraph('Two.')]
 */
export function plainTextBodyToBlocks(text: string, previous: readonly Block[] = []): Block[] {
  const unused = new Map<string, Block[]>();
  for (const block of previous) {
    const key = normalize(blockText(block));
    unused.set(key, [...(unused.get(key) ?? []), block]);
  }
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map(normalize)
    .filter((paragraph) => paragraph !== '')
    .map((paragraph): Block => {
      const same = unused.get(paragraph);
      const kept = same?.shift();
      if (kept) return kept;
      return { type: 'paragraph', content: [{ type: 'text', text: paragraph.replace(/\s*\n\s*/g, ' ') }] };
    });
}

/** Trims each line and the whole, so that stray spaces do not make an unchanged block look edited. */
function normalize(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .trim();
}
