import { describe, expect, it } from 'vitest';
import { snowballStemmerOf, stemText } from '../../src/db/search/snowball-stemmer.ts';
import { wordMatcher } from '../../src/modules/search/highlight-snippet.ts';
import { parseSearchQuery } from '../../src/modules/search/parse-search-query.ts';

describe('Snowball stemming of normalized words', () => {
  it('gives the inflections of a word one stem in each stemmed language', () => {
    expect(snowballStemmerOf('es')?.('elecciones')).toBe(snowballStemmerOf('es')?.('eleccion'));
    expect(snowballStemmerOf('it')?.('governi')).toBe(snowballStemmerOf('it')?.('governo'));
    expect(snowballStemmerOf('nl')?.('verkiezingen')).toBe(snowballStemmerOf('nl')?.('verkiezing'));
    expect(snowballStemmerOf('en')?.('policies')).toBe(snowballStemmerOf('en')?.('policy'));
  });

  it('reads a regional language tag by its language', () => {
    expect(snowballStemmerOf('es-MX')?.('mercados')).toBe(snowballStemmerOf('es')?.('mercado'));
  });

  it('leaves Persian, Arabic and unknown languages unstemmed', () => {
    expect(snowballStemmerOf('fa')).toBeNull();
    expect(stemText('ar', 'المدرسه الجديده')).toBe('المدرسه الجديده');
  });

  it('stems a text word by word in place, so phrases keep their positions', () => {
    expect(stemText('it', 'il governo e i governi').split(' ')).toEqual(['il', 'govern', 'e', 'i', 'govern']);
    expect(stemText('en', '')).toBe('');
  });
});

describe('highlighting the words a stemmed search matched', () => {
  it('marks a word with the query word’s stem, short words too', () => {
    const matches = wordMatcher(parseSearchQuery('car '), 'en');
    expect(matches('cars')).toBe(true);
    expect(matches('carbon')).toBe(false);
  });

  it('marks every form of a query word in Spanish, not merely one sharing its beginning', () => {
    const matches = wordMatcher(parseSearchQuery('elección '), 'es');
    expect(matches('elecciones')).toBe(true);
    expect(matches('electoral')).toBe(false);
  });

  it('keeps marking the parts of ZWNJ-joined Persian words, which the index finds as aliases', () => {
    expect(wordMatcher(parseSearchQuery('کتاب '), 'fa')('کتابها')).toBe(true);
  });
});
