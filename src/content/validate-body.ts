import { blocksToPlainText, type Block, type Mark, type TextRun } from './blocks.ts';
import {
  tiptapToBlocks,
  type TiptapBlockNode,
  type TiptapDoc,
  type TiptapInline,
  type TiptapList,
  type TiptapListItem,
  type TiptapMark,
} from './tiptap-blocks.ts';
import { DatelineError } from '../errors/dateline-error.ts';

/**
 * The server's word on a story body, whatever a browser or script sent: an allow-list of node and mark
 * types, of link and image addresses, and limits on size and nesting. Pure; no database.
 *
 * Unknown nodes are refused (they carry content that would otherwise vanish); unknown marks are dropped
 * (they only style text, and the text stays). Text is kept as text: `<script>` in a text node is seven
 * characters that the renderer escapes.
 */

export const BODY_LIMITS = {
  /** Nesting of the editor's JSON: doc > list > item > paragraph > text is 5; quotes and nested lists add some. */
  depth: 12,
  nodes: 20_000,
  /** Characters of text in the whole body: a very long read is ~60,000. */
  totalText: 200_000,
  textNode: 50_000,
  blocks: 5_000,
  url: 2_048,
  alt: 500,
  caption: 1_000,
  cite: 300,
} as const;

/** A body that cannot be stored; `path` points into the JSON that was sent, for developers and logs. */
export class BodyValidationError extends DatelineError {
  declare readonly field: 'body';
  constructor(
    message: string,
    readonly path: string,
  ) {
    super('STORY_BODY_INVALID', message, { field: 'body' });
  }
}

/** Marks that only style text: dropped when they arrive, their text kept. */
const DROPPED_MARKS = new Set(['strike', 'underline', 'code', 'subscript', 'superscript', 'highlight', 'textStyle']);
const BLOCK_TYPES = ['paragraph', 'heading', 'blockquote', 'bulletList', 'orderedList', 'image'] as const;

/**
 * Untrusted Tiptap JSON (what the editor's `getJSON()` sends) → checked Dateline blocks.
 * @throws BodyValidationError naming what is wrong and where
 * @example bodyFromTiptap({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hi' }] }] })
 */
export function bodyFromTiptap(value: unknown): Block[] {
  return checkBlocks(tiptapToBlocks(readTiptapDoc(value)));
}

/**
 * Narrows untrusted JSON to a Tiptap document of the allowed nodes, or throws.
 * Depth is checked before descending, so hostile nesting never reaches the stack's limit.
 */
export function readTiptapDoc(value: unknown): TiptapDoc {
  const budget = { nodes: 0, text: 0 };
  const doc = asObject(value, 'body');
  if (doc.type !== 'doc') throw new BodyValidationError('The body must be an editor document.', 'body.type');
  return { type: 'doc', content: readBlockNodes(doc.content, 'body.content', 1, budget) };
}

interface Budget {
  nodes: number;
  text: number;
}

function readBlockNodes(value: unknown, path: string, depth: number, budget: Budget): TiptapBlockNode[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new BodyValidationError('The body is malformed: a list of blocks was expected.', path);
  if (depth > BODY_LIMITS.depth) throw new BodyValidationError(`The body is nested more than ${BODY_LIMITS.depth} levels deep.`, path);
  return value.map((item, i) => readBlockNode(item, `${path}[${i}]`, depth, budget));
}

function readBlockNode(value: unknown, path: string, depth: number, budget: Budget): TiptapBlockNode {
  const node = asObject(value, path);
  count(budget, path);
  const attrs = node.attrs === undefined || node.attrs === null ? {} : asObject(node.attrs, `${path}.attrs`);
  switch (node.type) {
    case 'paragraph':
      return { type: 'paragraph', content: readInline(node.content, `${path}.content`, depth + 1, budget) };
    case 'heading': {
      const level = attrs.level;
      if (typeof level !== 'number' || !Number.isInteger(level) || level < 1 || level > 6) {
        throw new BodyValidationError('A heading must have a level from 1 to 6.', `${path}.attrs.level`);
      }
      return { type: 'heading', attrs: { level }, content: readInline(node.content, `${path}.content`, depth + 1, budget) };
    }
    case 'blockquote':
      return { type: 'blockquote', content: readBlockNodes(node.content, `${path}.content`, depth + 1, budget) };
    case 'bulletList':
    case 'orderedList':
      return readList(node.type, node.content, path, depth, budget);
    case 'image': {
      const src = readString(attrs.src, `${path}.attrs.src`, BODY_LIMITS.url, 'An image address');
      checkImageSource(src, `${path}.attrs.src`);
      const mediaId = readMediaId(attrs.mediaId, `${path}.attrs.mediaId`);
      return {
        type: 'image',
        attrs: {
          src: src.trim(),
          alt: readOptionalString(attrs.alt, `${path}.attrs.alt`, BODY_LIMITS.alt, 'An image description (alt text)'),
          title: readOptionalString(attrs.title, `${path}.attrs.title`, BODY_LIMITS.caption, 'An image caption'),
          caption: readOptionalString(attrs.caption, `${path}.attrs.caption`, BODY_LIMITS.caption, 'An image caption'),
          ...(mediaId !== null ? { mediaId } : {}),
        },
      };
    }
    default:
      throw new BodyValidationError(
        `The body has a block of a kind stories cannot hold (${describeType(node.type)}). Allowed: ${BLOCK_TYPES.join(', ')}.`,
        `${path}.type`,
      );
  }
}

function readList(type: TiptapList['type'], value: unknown, path: string, depth: number, budget: Budget): TiptapList {
  if (value === undefined || value === null) return { type, content: [] };
  if (!Array.isArray(value)) throw new BodyValidationError('The body is malformed: a list of items was expected.', `${path}.content`);
  if (depth + 1 > BODY_LIMITS.depth) throw new BodyValidationError(`The body is nested more than ${BODY_LIMITS.depth} levels deep.`, path);
  const content = value.map((item, i): TiptapListItem => {
    const itemPath = `${path}.content[${i}]`;
    const node = asObject(item, itemPath);
    count(budget, itemPath);
    if (node.type !== 'listItem') throw new BodyValidationError(`A list may hold only list items, not ${describeType(node.type)}.`, `${itemPath}.type`);
    return { type: 'listItem', content: readBlockNodes(node.content, `${itemPath}.content`, depth + 2, budget) };
  });
  return { type, content };
}

function readInline(value: unknown, path: string, depth: number, budget: Budget): TiptapInline[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new BodyValidationError('The body is malformed: a list of text was expected.', path);
  if (depth > BODY_LIMITS.depth) throw new BodyValidationError(`The body is nested more than ${BODY_LIMITS.depth} levels deep.`, path);
  return value.map((item, i): TiptapInline => {
    const itemPath = `${path}[${i}]`;
    const node = asObject(item, itemPath);
    count(budget, itemPath);
    if (node.type === 'hardBreak') return { type: 'hardBreak' };
    if (node.type !== 'text') throw new BodyValidationError(`Text may not contain ${describeType(node.type)}.`, `${itemPath}.type`);
    const text = readString(node.text, `${itemPath}.text`, BODY_LIMITS.textNode, 'A piece of text');
    budget.text += text.length;
    if (budget.text > BODY_LIMITS.totalText) {
      throw new BodyValidationError(`The body is longer than ${BODY_LIMITS.totalText.toLocaleString('en')} characters: split the story.`, `${itemPath}.text`);
    }
    const marks = readMarks(node.marks, `${itemPath}.marks`);
    return marks.length > 0 ? { type: 'text', text, marks } : { type: 'text', text };
  });
}

function readMarks(value: unknown, path: string): TiptapMark[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new BodyValidationError('The body is malformed: a list of marks was expected.', path);
  if (value.length > 10) throw new BodyValidationError('A piece of text carries too many marks.', path);
  return value.flatMap((item, i): TiptapMark[] => {
    const markPath = `${path}[${i}]`;
    const mark = asObject(item, markPath);
    switch (mark.type) {
      case 'bold':
      case 'italic':
        return [{ type: mark.type }];
      case 'link': {
        const attrs = asObject(mark.attrs, `${markPath}.attrs`);
        const href = readString(attrs.href, `${markPath}.attrs.href`, BODY_LIMITS.url, 'A link address');
        checkLinkTarget(href, `${markPath}.attrs.href`);
        return [{ type: 'link', attrs: { href: href.trim() } }];
      }
      default:
        if (typeof mark.type === 'string' && DROPPED_MARKS.has(mark.type)) return [];
        throw new BodyValidationError(`Text carries a mark stories cannot hold (${describeType(mark.type)}).`, `${markPath}.type`);
    }
  });
}

/**
 * The last word on blocks, from whichever input: limits, link and image addresses, lengths.
 * Returns the same blocks; throws on the first problem.
 */
export function checkBlocks(blocks: Block[]): Block[] {
  if (blocks.length > BODY_LIMITS.blocks) throw new BodyValidationError(`The body has more than ${BODY_LIMITS.blocks} blocks: split the story.`, 'body');
  if (blocksToPlainText(blocks).length > BODY_LIMITS.totalText) {
    throw new BodyValidationError(`The body is longer than ${BODY_LIMITS.totalText.toLocaleString('en')} characters: split the story.`, 'body');
  }
  blocks.forEach((block, i) => {
    const path = `body[${i}]`;
    switch (block.type) {
      case 'paragraph':
      case 'heading':
        checkRuns(block.content, path);
        break;
      case 'quote':
        checkRuns(block.content, path);
        if (block.cite !== undefined && block.cite.length > BODY_LIMITS.cite) {
          throw new BodyValidationError(`A quote's source is longer than ${BODY_LIMITS.cite} characters.`, `${path}.cite`);
        }
        break;
      case 'list':
        block.items.forEach((item, j) => checkRuns(item, `${path}.items[${j}]`));
        break;
      case 'image':
        checkImageSource(block.src, `${path}.src`);
        if (block.alt.length > BODY_LIMITS.alt) throw new BodyValidationError(`An image description is longer than ${BODY_LIMITS.alt} characters.`, `${path}.alt`);
        if ((block.caption ?? '').length > BODY_LIMITS.caption) {
          throw new BodyValidationError(`An image caption is longer than ${BODY_LIMITS.caption} characters.`, `${path}.caption`);
        }
        if (block.mediaId !== undefined) readMediaId(block.mediaId, `${path}.mediaId`);
        break;
    }
  });
  return blocks;
}

function checkRuns(runs: readonly TextRun[], path: string): void {
  runs.forEach((run, i) => {
    for (const mark of run.marks ?? ([] as Mark[])) if (mark.type === 'link') checkLinkTarget(mark.href, `${path}[${i}].href`);
  });
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
// Browsers drop tabs and line breaks inside URLs (`java\nscript:` is `javascript:`) and read `\` as `/`.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const UNSAFE_URL_CHARACTERS = /[\u0000-\u0020\u007f-\u009f\\]/u;

/**
 * A link may go to a web page (http, https), an email address (mailto) or a path on this site
 * (`/en/news/1`, `#notes`). Anything else — `javascript:`, `data:`, `vbscript:` — is refused.
 */
export function checkLinkTarget(href: string, path = 'href'): void {
  const target = href.trim();
  const refuse = () => {
    throw new BodyValidationError(
      `A link must be a web address (https://…), an email address (mailto:…) or a path on this site: "${excerpt(target)}" is none of these.`,
      path,
    );
  };
  if (target === '' || UNSAFE_URL_CHARACTERS.test(target) || target.startsWith('//')) refuse();
  const scheme = SCHEME.exec(target)?.[1]?.toLowerCase();
  if (scheme === undefined) return;
  if (scheme === 'mailto') return;
  if ((scheme === 'http' || scheme === 'https') && URL.canParse(target)) return;
  refuse();
}

/** A library picture's id on an image (issue 11): a positive whole number, or absent. */
function readMediaId(value: unknown, path: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) throw new BodyValidationError('An image names a library picture that cannot exist.', path);
  return value;
}

/** An image comes from a web address (http, https) or a path on this site; never `data:` or `javascript:`. */
export function checkImageSource(src: string, path = 'src'): void {
  const target = src.trim();
  const refuse = () => {
    throw new BodyValidationError(`An image must have a web address (https://…) or a path on this site: "${excerpt(target)}" is neither.`, path);
  };
  if (target === '' || UNSAFE_URL_CHARACTERS.test(target) || target.startsWith('//')) refuse();
  const scheme = SCHEME.exec(target)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    if (!target.startsWith('/')) refuse();
    return;
  }
  if ((scheme === 'http' || scheme === 'https') && URL.canParse(target)) return;
  refuse();
}

function asObject(value: unknown, path: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new BodyValidationError('The body is malformed: an object was expected.', path);
  return value as Record<string, unknown>;
}

function readString(value: unknown, path: string, max: number, what: string): string {
  if (typeof value !== 'string') throw new BodyValidationError(`${what} is missing or not text.`, path);
  if (value.length > max) throw new BodyValidationError(`${what} is longer than ${max.toLocaleString('en')} characters.`, path);
  return value;
}

function readOptionalString(value: unknown, path: string, max: number, what: string): string | null {
  if (value === undefined || value === null) return null;
  return readString(value, path, max, what).trim();
}

function count(budget: Budget, path: string): void {
  budget.nodes++;
  if (budget.nodes > BODY_LIMITS.nodes) throw new BodyValidationError(`The body has more than ${BODY_LIMITS.nodes.toLocaleString('en')} parts: split the story.`, path);
}

function describeType(type: unknown): string {
  return typeof type === 'string' ? `"${excerpt(type)}"` : 'an untyped node';
}

function excerpt(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
