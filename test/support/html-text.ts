/** Small HTML helpers for tests: enough for Preact's predictable output, no parser dependency. */

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Markup with its character references decoded (`&amp;`, `&#39;`, `&#x2014;` …). */
export function decodeHtml(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** What a reader reads: the body (or the fragment) with tags removed, entities decoded, whitespace collapsed. */
export function visibleText(html: string): string {
  const start = html.indexOf('<body');
  const body = start === -1 ? html : html.slice(start);
  return decodeHtml(body.replace(/<[^>]*>/gu, ' ')).replace(/\s+/gu, ' ').trim();
}
