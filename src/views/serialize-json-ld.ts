/**
 * JSON for inside a `<script>` element. JSON.stringify alone is not enough there: `</script>` or `<!--` in a
 * headline would end or change the element, `&` matters to some parsers, and U+2028/U+2029 break older
 * JavaScript parsers. Each becomes a `\\uXXXX` escape, which JSON reads back as the same character.
 * @example serializeJsonLd({ headline: '</script>' }) // '{"headline":"\\u003c/script\\u003e"}'
 */
export function serializeJsonLd(data: unknown): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
