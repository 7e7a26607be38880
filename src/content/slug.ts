/**
 * A URL slug that keeps every script readable: letters and digits of any language stay
 * (Persian and Arabic headlines keep their words), everything else becomes a hyphen.
 * @example slugify("Syria Condemns Pompeo's ‘Provocative’ Visit") // 'syria-condemns-pompeos-provocative-visit'
 */
export function slugify(text: string, maxLength = 80): string {
  const slug = text
    .normalize('NFKC')
    .toLocaleLowerCase('en')
    .replace(/\u200c|\u200d|[\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '')
    .replace(/['’‘`ʼ]/gu, '')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
  if (slug.length <= maxLength) return slug || 'story';
  const cut = slug.slice(0, maxLength);
  const lastHyphen = cut.lastIndexOf('-');
  return (lastHyphen > maxLength / 2 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/u, '');
}

/**
 * A key for matching headlines that were copied by hand or cut by another system:
 * case, quote styles, spacing and punctuation do not count.
 */
export function headlineKey(headline: string): string {
  return headline
    .normalize('NFKC')
    .toLocaleLowerCase('en')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();
}
