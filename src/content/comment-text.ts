import { stripControlCharacters } from './control-characters.ts';

/**
 * Readers' comments are plain text. This module turns one into segments that a view renders as text
 * and links — never as HTML, so nothing a reader types can become markup.
 */

/** A run of text, or a link whose text is the address itself. */
export type CommentSegment = { text: string } | { text: string; href: string };

/** One paragraph's lines; a view joins them with `<br>`. */
export type CommentLine = CommentSegment[];

// http(s) only: `javascript:`, `data:` and friends never become links. Stops at whitespace and at
// characters that cannot end a URL in prose; trailing punctuation is trimmed below.
// eslint-disable-next-line no-control-regex -- control characters end a URL: that is the point.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/giu;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}»”’]+$/u;

/**
 * Bidirectional controls that can flip how the rest of a page reads (the "right-to-left override"
 * trick). Comments in Persian and Arabic need none of them: the page sets the direction, and `dir=auto`
 * on each comment handles mixed text.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Normalizes what a reader typed: NFC, `\r\n` → `\n`, controls and bidi overrides removed, trailing
 * spaces trimmed, at most two blank lines in a row, no leading or trailing blank lines.
 * @example normalizeCommentText('  Hi\r\n\r\n\r\n\r\nthere  ') // 'Hi\n\n\nthere'
 */
export function normalizeCommentText(raw: string): string {
  return stripControlCharacters(raw.normalize('NFC').replace(/\r\n?/g, '\n').replace(BIDI_CONTROLS, ''))
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/u, ''))
    .join('\n')
    .replace(/\n{4,}/g, '\n\n\n')
    .trim();
}

/** Normalizes a one-line field (a name): no line breaks, spaces collapsed. */
export function normalizeCommentName(raw: string): string {
  return normalizeCommentText(raw).replace(/\s+/gu, ' ');
}

/**
 * Splits a comment into lines of text and http(s) links.
 * @example commentLines('See https://example.org.') // [[{ text: 'See ' }, { text: 'https://example.org', href: 'https://example.org' }, { text: '.' }]]
 */
export function commentLines(text: string): CommentLine[] {
  return text.split('\n').map(lineSegments);
}

/** How many http(s) links a comment holds, for the links limit. */
export function countCommentLinks(text: string): number {
  return commentLines(text).reduce((sum, line) => sum + line.filter((s) => 'href' in s).length, 0);
}

function lineSegments(line: string): CommentSegment[] {
  const segments: CommentSegment[] = [];
  let rest = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    const start = match.index;
    const address = match[0].replace(TRAILING_PUNCTUATION, '');
    const href = safeHref(address);
    if (href === undefined) continue;
    if (start > rest) segments.push({ text: line.slice(rest, start) });
    segments.push({ text: address, href });
    rest = start + address.length;
  }
  if (rest < line.length) segments.push({ text: line.slice(rest) });
  return segments;
}

/** The address as a link target when it parses as http(s) with a host; otherwise it stays text. */
function safeHref(address: string): string | undefined {
  try {
    const url = new URL(address);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

/**
 * A commenter's email as moderators see it: the first letter and the domain (`j…@example.com`), enough to
 * tell a regular from a stranger or see a throwaway domain, while no page ever shows the whole address.
 * Banning by email works from the comment itself (a keyed hash), so nobody needs to read it.
 * @example maskEmail('jane.doe@example.com') // 'j…@example.com'
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '…';
  return `${[...email.slice(0, at)][0] ?? ''}…${email.slice(at)}`;
}
