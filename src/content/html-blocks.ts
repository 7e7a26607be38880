import { Parser } from 'htmlparser2';
import type { Block } from './blocks.ts';
import type { TiptapBlockNode, TiptapDoc, TiptapInline, TiptapListItem, TiptapMark } from './tiptap-blocks.ts';
import { bodyFromTiptap, checkImageSource, checkLinkTarget } from './validate-body.ts';

/** An element of the small tree `parseHtml` builds; text is a plain string (entities decoded). */
export interface HtmlElement {
  name: string;
  attrs: Record<string, string>;
  children: HtmlNode[];
}
export type HtmlNode = HtmlElement | string;

export interface HtmlToBlocksOptions {
  /** Relative link and image addresses are read against it (the post's address on the old site). */
  baseUrl?: string;
  /**
   * `paragraphs`: a blank line starts a paragraph and a line break is kept, as WordPress's classic editor
   * shows text (its `wpautop`); `html`: line breaks are spaces, as in any HTML.
   */
  lineBreaks: 'paragraphs' | 'html';
}

export interface HtmlToBlocksResult {
  blocks: Block[];
  /** What could not be carried as it was, for the import's report: "an embedded video became a link". */
  notes: string[];
}

const VOID_ELEMENTS = new Set(['br', 'img', 'hr', 'source', 'embed', 'input', 'meta', 'link', 'wbr', 'area', 'col', 'param', 'track']);
const DROPPED_ELEMENTS = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'meta', 'link', 'button', 'input', 'select', 'textarea', 'svg', 'math', 'map', 'canvas']);
const EMBEDS = new Set(['iframe', 'video', 'audio', 'embed', 'object']);
const BLOCK_CONTAINERS = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'center', 'address', 'details', 'summary', 'nav',
  'form', 'fieldset', 'legend', 'dl', 'dt', 'dd', 'body', 'html', 'hgroup', 'caption', 'tbody', 'thead', 'tfoot',
]);

/**
 * Reads HTML into a small tree; never throws (HTML has no wrong input, only surprising trees).
 * @example parseHtml('<p>Hi <b>there</b></p>') // [{ name: 'p', attrs: {}, children: ['Hi ', { name: 'b', … }] }]
 */
export function parseHtml(html: string): HtmlNode[] {
  const root: HtmlElement = { name: '#root', attrs: {}, children: [] };
  const open: HtmlElement[] = [root];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const element: HtmlElement = { name, attrs, children: [] };
        open.at(-1)!.children.push(element);
        if (!VOID_ELEMENTS.has(name)) open.push(element);
      },
      ontext(text) {
        const children = open.at(-1)!.children;
        const last = children.at(-1);
        if (typeof last === 'string') children[children.length - 1] = last + text;
        else children.push(text);
      },
      onclosetag(name) {
        if (VOID_ELEMENTS.has(name)) return;
        // htmlparser2 closes implied tags itself; the tree follows its open/close calls.
        for (let i = open.length - 1; i > 0; i--) {
          if (open[i]!.name === name) {
            open.length = i;
            return;
          }
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return root.children;
}

/**
 * HTML written elsewhere (a WordPress post, a Ghost post) → checked story blocks, keeping everything a reader
 * sees: text with its bold, italic and links; headings, quotes, lists, pictures with their captions.
 * What Dateline has no block for is carried as text (a table's rows, a code listing's lines) or as a link
 * (an embedded video), and said in `notes`; scripts, styles and forms are left out. The result passes the
 * same checks as the newsroom's editor (`bodyFromTiptap`): unsafe links lose their link, not their text.
 * @example htmlToBlocks('<p>It <em>rained</em>.</p>', { lineBreaks: 'html' }).blocks
 *   // [{ type: 'paragraph', content: [{ type: 'text', text: 'It ' }, { type: 'text', text: 'rained', marks: [{ type: 'italic' }] }, { type: 'text', text: '.' }] }]
 */
export function htmlToBlocks(html: string, options: HtmlToBlocksOptions): HtmlToBlocksResult {
  const converter = new HtmlConverter(options);
  converter.walk(parseHtml(html));
  converter.flush();
  return { blocks: bodyFromTiptap(converter.doc()), notes: [...converter.notes] };
}

type OpenKind = { type: 'paragraph' } | { type: 'heading'; level: number };

class HtmlConverter {
  readonly notes = new Set<string>();
  private sink: TiptapBlockNode[] = [];
  private readonly root = this.sink;
  private inline: TiptapInline[] = [];
  private kind: OpenKind = { type: 'paragraph' };
  private marks: TiptapMark[] = [];
  private isPreformatted = false;

  constructor(private readonly options: HtmlToBlocksOptions) {}

  doc(): TiptapDoc {
    return { type: 'doc', content: this.root };
  }

  walk(nodes: readonly HtmlNode[]): void {
    for (const node of nodes) {
      if (typeof node === 'string') this.text(node);
      else this.element(node);
    }
  }

  /** Ends the open paragraph or heading, trimmed; an empty one leaves nothing. */
  flush(): void {
    const content = trimInline(this.inline);
    this.inline = [];
    if (content.length === 0) return;
    this.sink.push(this.kind.type === 'heading' ? { type: 'heading', attrs: { level: this.kind.level }, content } : { type: 'paragraph', content });
  }

  private text(raw: string): void {
    if (this.isPreformatted) {
      // A listing keeps its lines: each one a paragraph of its own.
      raw.split(/\r?\n/u).forEach((line, i) => {
        if (i > 0) this.flush();
        this.pushText(line);
      });
      return;
    }
    if (this.options.lineBreaks === 'paragraphs') {
      raw.split(/\r?\n[ \t]*\r?\n\s*/u).forEach((part, i) => {
        if (i > 0 && this.kind.type === 'paragraph') this.flush();
        part.split(/\r?\n/u).forEach((line, j) => {
          if (j > 0) this.inline.push({ type: 'hardBreak' });
          this.pushText(line.replace(/\s+/gu, ' '));
        });
      });
      return;
    }
    this.pushText(raw.replace(/\s+/gu, ' '));
  }

  private pushText(text: string): void {
    if (text === '') return;
    this.inline.push(this.marks.length > 0 ? { type: 'text', text, marks: [...this.marks] } : { type: 'text', text });
  }

  private element(element: HtmlElement): void {
    const name = element.name;
    if (DROPPED_ELEMENTS.has(name)) {
      if (name === 'script' || name === 'form' || name === 'svg') this.notes.add(`a ${name} was left out`);
      return;
    }
    switch (name) {
      case 'br':
        this.inline.push({ type: 'hardBreak' });
        return;
      case 'hr':
      case 'wbr':
        this.flush();
        return;
      case 'b':
      case 'strong':
        return this.withMark({ type: 'bold' }, element.children);
      case 'i':
      case 'em':
        return this.withMark({ type: 'italic' }, element.children);
      case 'a':
        return this.link(element);
      case 'q':
        this.pushText('“');
        this.walk(element.children);
        this.pushText('”');
        return;
      case 'img':
        return this.image(element, undefined);
      case 'figure':
        return this.figure(element);
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6':
        return this.heading(Number(name.slice(1)), element.children);
      case 'blockquote':
        return this.blockquote(element);
      case 'ul':
      case 'ol':
        return this.list(name === 'ol' ? 'orderedList' : 'bulletList', element);
      case 'pre':
        return this.preformatted(element);
      case 'table':
        return this.table(element);
      case 'tr':
        return this.tableRow(element);
      case 'figcaption':
        return this.block(element.children);
      default:
        if (EMBEDS.has(name)) return this.embed(element);
        if (BLOCK_CONTAINERS.has(name) || name === 'li') return this.block(element.children);
        // Any other element (span, code, abbr, cite, sub, mark, time, font…) only styles its text: keep the text.
        this.walk(element.children);
    }
  }

  private block(children: readonly HtmlNode[]): void {
    this.flush();
    this.walk(children);
    this.flush();
  }

  private withMark(mark: TiptapMark, children: readonly HtmlNode[]): void {
    const before = this.marks;
    if (!before.some((m) => m.type === mark.type)) this.marks = [...before, mark];
    this.walk(children);
    this.marks = before;
  }

  private link(element: HtmlElement): void {
    const href = this.safeLink(element.attrs.href);
    if (href === undefined) {
      this.walk(element.children);
      return;
    }
    this.withMark({ type: 'link', attrs: { href } }, element.children);
  }

  private safeLink(raw: string | undefined): string | undefined {
    if (raw === undefined || raw.trim() === '') return undefined;
    const href = this.absolute(raw.trim());
    try {
      checkLinkTarget(href);
      return href;
    } catch {
      this.notes.add(`a link to “${excerpt(raw)}” became plain text`);
      return undefined;
    }
  }

  private absolute(address: string): string {
    if (address.startsWith('#') || this.options.baseUrl === undefined) return address;
    try {
      return new URL(address, this.options.baseUrl).href;
    } catch {
      return address;
    }
  }

  private image(element: HtmlElement, caption: string | undefined): void {
    const raw = element.attrs.src ?? element.attrs['data-src'] ?? '';
    const src = this.absolute(raw.trim());
    try {
      checkImageSource(src);
    } catch {
      this.notes.add(`a picture at “${excerpt(raw)}” was left out (not a web address)`);
      return;
    }
    // A picture stands on its own: it ends the paragraph it sat in, which goes on after it.
    const kind = this.kind;
    this.flush();
    const alt = (element.attrs.alt ?? '').trim();
    this.sink.push({ type: 'image', attrs: { src, alt, caption: caption?.trim() || null } });
    this.kind = kind;
  }

  private figure(element: HtmlElement): void {
    this.flush();
    const caption = findAll(element, 'figcaption').map(textOf).join(' ').replace(/\s+/gu, ' ').trim();
    const images = findAll(element, 'img');
    if (images.length !== 1 || caption === '') {
      // A gallery with one caption, or a figure without a picture: its parts in order, the caption as text.
      this.walk(element.children);
      this.flush();
      return;
    }
    const withoutCaption = element.children.filter((c) => typeof c === 'string' || c.name !== 'figcaption');
    const sinkBefore = this.sink.length;
    this.walk(withoutCaption);
    this.flush();
    const image = this.sink.slice(sinkBefore).find((n) => n.type === 'image');
    if (image?.type === 'image') {
      image.attrs.caption = caption;
    } else {
      this.pushText(caption);
      this.flush();
    }
  }

  private heading(level: number, children: readonly HtmlNode[]): void {
    this.flush();
    const before = this.kind;
    this.kind = { type: 'heading', level };
    this.walk(children);
    this.flush();
    this.kind = before;
  }

  private nested(run: () => void): TiptapBlockNode[] {
    this.flush();
    const outer = { sink: this.sink, kind: this.kind, marks: this.marks };
    this.sink = [];
    this.kind = { type: 'paragraph' };
    this.marks = [];
    run();
    this.flush();
    const inner = this.sink;
    this.sink = outer.sink;
    this.kind = outer.kind;
    this.marks = outer.marks;
    return inner;
  }

  private blockquote(element: HtmlElement): void {
    // A quote's source (`<cite>` as WordPress's quote block writes it) ends the quote after an em dash.
    const cites = element.children.filter((c): c is HtmlElement => typeof c !== 'string' && c.name === 'cite');
    const rest = element.children.filter((c) => typeof c === 'string' || c.name !== 'cite');
    const content = this.nested(() => {
      this.walk(rest);
      for (const cite of cites) {
        this.flush();
        this.pushText(`— ${textOf(cite).trim()}`);
      }
    });
    if (content.length > 0) this.sink.push({ type: 'blockquote', content });
  }

  private list(type: 'bulletList' | 'orderedList', element: HtmlElement): void {
    const items: TiptapListItem[] = [];
    const stray: HtmlNode[] = [];
    const content = this.nested(() => {
      for (const child of element.children) {
        if (typeof child !== 'string' && child.name === 'li') items.push({ type: 'listItem', content: this.nested(() => this.walk(child.children)) });
        else if (typeof child !== 'string') stray.push(child);
      }
    });
    if (items.length > 0) this.sink.push({ type, content: items });
    this.sink.push(...content);
    this.walk(stray);
  }

  private preformatted(element: HtmlElement): void {
    this.flush();
    const before = this.isPreformatted;
    this.isPreformatted = true;
    this.walk(element.children);
    this.flush();
    this.isPreformatted = before;
  }

  private table(element: HtmlElement): void {
    this.notes.add('a table became lines of text, one a row');
    this.block(element.children);
  }

  private tableRow(element: HtmlElement): void {
    this.flush();
    const cells = element.children.filter((c): c is HtmlElement => typeof c !== 'string' && (c.name === 'td' || c.name === 'th'));
    cells.forEach((cell, i) => {
      if (i > 0) this.pushText(' | ');
      const bold = cell.name === 'th';
      if (bold) this.withMark({ type: 'bold' }, cell.children);
      else this.walk(cell.children);
    });
    this.flush();
  }

  private embed(element: HtmlElement): void {
    const source = element.attrs.src ?? element.attrs.data ?? findAll(element, 'source')[0]?.attrs.src;
    const href = source === undefined ? undefined : this.safeLink(source);
    this.flush();
    if (href === undefined) {
      this.notes.add(`an embedded ${element.name} without an address was left out`);
      return;
    }
    this.notes.add(`an embedded ${element.name} became a link`);
    this.withMark({ type: 'link', attrs: { href } }, [element.attrs.title?.trim() || href]);
    this.flush();
  }
}

function trimInline(inline: readonly TiptapInline[]): TiptapInline[] {
  const out = [...inline];
  while (out.length > 0 && (out[0]!.type === 'hardBreak' || (out[0]!.type === 'text' && out[0]!.text.trim() === ''))) out.shift();
  while (out.length > 0 && (out.at(-1)!.type === 'hardBreak' || (out.at(-1)!.type === 'text' && (out.at(-1) as { text: string }).text.trim() === ''))) out.pop();
  const first = out[0];
  if (first?.type === 'text') out[0] = { ...first, text: first.text.trimStart() };
  const last = out.at(-1);
  if (last?.type === 'text') out[out.length - 1] = { ...last, text: last.text.trimEnd() };
  return out;
}

/** Every element of this name under `element`, in document order. */
export function findAll(element: HtmlElement, name: string): HtmlElement[] {
  const found: HtmlElement[] = [];
  for (const child of element.children) {
    if (typeof child === 'string') continue;
    if (child.name === name) found.push(child);
    found.push(...findAll(child, name));
  }
  return found;
}

/** The text a reader sees in a node, tags left out. */
export function textOf(node: HtmlNode): string {
  if (typeof node === 'string') return node;
  if (node.name === 'br') return '\n';
  if (DROPPED_ELEMENTS.has(node.name)) return '';
  return node.children.map(textOf).join('');
}

function excerpt(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** Text made safe inside HTML text and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
}
