/**
 * Text normalization for search and related stories, applied identically when a story is indexed and when
 * a reader's query is parsed, so that both engines see the same words (docs/decisions/003-related-stories.md).
 *
 * What it does, in order:
 * - NFKC (presentation forms such as ﻻ or ﺑ become plain letters) and lower case;
 * - Arabic and Persian letter variants fold to one form: ي ى → ی, ك → ک, ة → ه, ۀ → ه, alef forms
 *   (أ إ آ ٱ) → ا, ؤ → و, ئ → ی, so an Arabic-keyboard spelling finds a Persian text and the reverse;
 * - harakat, superscript alef, Quranic marks, hamza above/below and tatweel are removed;
 * - Latin, Greek and Cyrillic accents are removed (élection → election), as FTS5's remove_diacritics does,
 *   so that PostgreSQL (whose Snowball stemmers keep accents) sees the same letters;
 * - Arabic-Indic and Persian digits become ASCII digits;
 * - the zero-width non-joiner joins (می‌روم → میروم): readers type it, omit it, or use a space, and the
 *   joined form is what both "with" and "without" spellings reduce to. The parts of such words are indexed
 *   separately too (see `joinerParts`), so a spelling with a space still finds the words;
 * - everything that is not a letter, digit or combining mark separates words.
 *
 * Marks of other scripts (Devanagari vowel signs, Thai, Hebrew points …) are kept: removing them changes words.
 */
export function normalizeSearchText(text: string): string {
  return searchWords(text).join(' ');
}

/** The normalized words of a text, in order. */
export function searchWords(text: string): string[] {
  const folded = foldLetters(text);
  return folded.split(NON_WORD).filter((w) => w !== '');
}

/**
 * The parts of words written with a zero-width non-joiner, normalized: `کتاب‌ها` gives `کتاب`, `ها`.
 * Indexed beside the text so that a reader who types a space where the writer put a ZWNJ still finds the story.
 */
export function joinerParts(text: string): string[] {
  const parts: string[] = [];
  for (const match of text.matchAll(JOINED_WORD)) {
    for (const part of match[0].split(ZWNJ_SPLIT)) parts.push(...searchWords(part));
  }
  return parts;
}

const NON_WORD = /[^\p{L}\p{N}\p{M}]+/u;
/** A word that contains a ZWNJ (U+200C) between letters. */
const JOINED_WORD = /[\p{L}\p{M}\p{N}]+(?:\u200c[\p{L}\p{M}\p{N}]+)+/gu;
const ZWNJ_SPLIT = /\u200c/u;

const LETTER_FOLDS: Record<string, string> = {
  '\u064a': '\u06cc', // ي Arabic yeh → ی Persian yeh
  '\u0649': '\u06cc', // ى alef maksura → ی
  '\u0643': '\u06a9', // ك Arabic kaf → ک keheh
  '\u0629': '\u0647', // ة teh marbuta → ه heh
  '\u06c0': '\u0647', // ۀ heh with yeh above → ه
  '\u06d5': '\u0647', // ە ae → ه
  '\u0623': '\u0627', // أ
  '\u0625': '\u0627', // إ
  '\u0622': '\u0627', // آ
  '\u0671': '\u0627', // ٱ alef wasla
  '\u0672': '\u0627',
  '\u0673': '\u0627',
  '\u0624': '\u0648', // ؤ → و
  '\u0626': '\u06cc', // ئ → ی
};
const FOLDABLE = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'gu');

/**
 * Marks that are dropped: combining diacritics used by Latin, Greek and Cyrillic (U+0300–U+036F), Arabic
 * harakat and hamza marks (U+064B–U+065F), superscript alef (U+0670), Quranic annotation (U+06D6–U+06ED),
 * tatweel (U+0640), and the joiners and direction marks that are invisible in text.
 */
const DROPPED = /[\u0300-\u036f\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]|\u200d/gu;
const ARABIC_INDIC_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/gu;

function foldLetters(text: string): string {
  return (
    text
      // Lone surrogates and control characters can come from any query string; they are separators.
      // eslint-disable-next-line no-control-regex -- matching control characters is the point here
      .replace(/[\u0000-\u001f\u007f-\u009f]|[\ud800-\udfff]/gu, ' ')
      .normalize('NFKC')
      .toLowerCase()
      .replace(FOLDABLE, (c) => LETTER_FOLDS[c] ?? c)
      // Decompose so that accents and hamza marks become separate marks that can be dropped.
      .normalize('NFD')
      .replace(DROPPED, '')
      .replace(ARABIC_INDIC_DIGITS, (d) => String((d.codePointAt(0) ?? 0) & 0xf))
      .normalize('NFC')
  );
}
