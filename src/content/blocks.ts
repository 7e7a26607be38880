import { DatelineError } from '../errors/dateline-error.ts';

/**
 * The story body: an ordered list of blocks, stored as JSON, never as one HTML string.
 * The shape follows ProseMirror's document JSON closely so that a rich-text editor maps onto it.
 */
export type Mark = { type: 'bold' } | { type: 'italic' } | { type: 'link'; href: string };

export interface TextRun {
  type: 'text';
  text: string;
  marks?: Mark[];
}

export type Block =
  | { type: 'paragraph'; content: TextRun[] }
  | { type: 'heading'; level: 2 | 3 | 4; content: TextRun[] }
  | { type: 'quote'; content: TextRun[]; cite?: string }
  | { type: 'list'; ordered: boolean; items: TextRun[][] }
  /**
   * A picture. `mediaId` names a picture of the library (issue 11): pages then show it from the library,
   * with its current alt text, caption and credit; `src`, `alt` and `caption` are what it showed when saved.
   */
  | { type: 'image'; src: string; alt: string; caption?: string; mediaId?: number };

export function paragraph(text: string): Block {
  return { type: 'paragraph', content: [{ type: 'text', text }] };
}

/** The plain text of a block list, one block a line: for teasers, search and word counts. */
export function blocksToPlainText(blocks: readonly Block[]): string {
  return blocks.map(blockPlainText).filter((t) => t !== '').join('\n');
}

export function blockPlainText(block: Block): string {
  switch (block.type) {
    case 'paragraph':
    case 'heading':
    case 'quote':
      return runsText(block.content);
    case 'list':
      return block.items.map(runsText).join('\n');
    case 'image':
      return block.caption ?? '';
  }
}

function runsText(runs: readonly TextRun[]): string {
  return runs.map((r) => r.text).join('');
}

/** A stored body that does not read back: damage to the data, not a person's mistake. */
export class BodyFormatError extends DatelineError {
  constructor(message: string, options?: ErrorOptions) {
    super('STORY_BODY_DAMAGED', message, { cause: options?.cause });
  }
}

/** Reads a stored body. Stored bodies were validated on the way in, so a failure here is data damage. */
export function parseBody(json: string): Block[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value)) throw new BodyFormatError('story body is not a list of blocks');
  return value as Block[];
}

/** A teaser from the first paragraph, cut at a word boundary. */
export function teaserFrom(blocks: readonly Block[], maxLength = 200): string {
  const first = blocks.find((b) => b.type === 'paragraph');
  const text = first ? blockPlainText(first).trim() : '';
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxLength / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.]+$/u, '')}…`;
}
