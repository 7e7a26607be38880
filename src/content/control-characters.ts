/**
 * Control characters nobody means to type: C0 except tab, line feed and carriage return, DEL, and C1.
 * XML forbids most of them outright (one in a headline made whole feeds not well-formed), and none of
 * them shows on a page. Tab and line breaks stay: they are how multi-line text (a body, a note) is written.
 */
// eslint-disable-next-line no-control-regex -- matching control characters to remove them.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/gu;

/**
 * Removes control characters (other than tab, `\n` and `\r`) from a piece of text.
 * @example stripControlCharacters('Harbour\u0007 Bridge\nReopens') // 'Harbour Bridge\nReopens'
 */
export function stripControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '');
}

/**
 * The same for every string in a parsed form or JSON value, at any depth; keys for which `isVerbatim`
 * says true keep their value as sent (passwords: whatever someone chose is checked as they typed it).
 * @example stripControlCharactersDeep({ headline: 'A\u0000B', password: 'x\u0001' }, (key) => key === 'password')
 * // { headline: 'AB', password: 'x\u0001' }
 */
export function stripControlCharactersDeep(value: unknown, isVerbatim: (key: string) => boolean = () => false): unknown {
  if (typeof value === 'string') return stripControlCharacters(value);
  if (Array.isArray(value)) return value.map((item) => stripControlCharactersDeep(item, isVerbatim));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = isVerbatim(key) ? item : stripControlCharactersDeep(item, isVerbatim);
    return out;
  }
  return value;
}
