import { describe, expect, it } from 'vitest';
import { joinerParts, normalizeSearchText } from '../../src/content/normalize-search-text.ts';
import { fts5Query } from '../../src/db/search/sqlite-search-index.ts';
import { tsqueryText } from '../../src/db/search/postgres-search-index.ts';
import { MAX_QUERY_WORDS, parseSearchQuery } from '../../src/modules/search/parse-search-query.ts';
import { readSearchParams } from '../../src/modules/search/read-search-params.ts';

describe('normalizeSearchText', () => {
  it('folds Arabic letter forms to the Persian ones and drops harakat and tatweel', () => {
    expect(normalizeSearchText('كتاب يوسف')).toBe(normalizeSearchText('کتاب یوسف'));
    expect(normalizeSearchText('مَدْرَسَة')).toBe('مدرسه');
    expect(normalizeSearchText('أحمد إسلام آب ٱلله')).toBe('احمد اسلام اب الله');
    expect(normalizeSearchText('ســــلام')).toBe('سلام');
  });

  it('joins words written with a zero-width non-joiner, and still knows their parts', () => {
    expect(normalizeSearchText('کتاب‌های تازه')).toBe('کتابهای تازه');
    expect(joinerParts('کتاب‌های تازه')).toEqual(['کتاب', 'های']);
  });

  it('turns Persian and Arabic-Indic digits into ASCII digits', () => {
    expect(normalizeSearchText('۱۳۹۹ و ٢٠٢٠')).toBe('1399 و 2020');
  });

  it('lower-cases, drops Latin accents and splits on everything but letters and digits', () => {
    expect(normalizeSearchText('Élection: "US$40-billion" A330_MRTT')).toBe('election us 40 billion a330 mrtt');
  });

  it('treats control characters, lone surrogates and emoji as separators', () => {
    expect(normalizeSearchText('boeing\u0000airbus\ud800🚀tanker')).toBe('boeing airbus tanker');
  });
});

describe('parseSearchQuery', () => {
  it('reads terms, quoted phrases and a last word still being typed', () => {
    expect(parseSearchQuery('“air tanker” Boeing contr')).toEqual({ terms: ['boeing'], phrases: [['air', 'tanker']], prefix: 'contr', isTruncated: false });
    expect(parseSearchQuery('Boeing contract ')).toEqual({ terms: ['boeing', 'contract'], phrases: [], prefix: null, isTruncated: false });
  });

  it('keeps operators and brackets out: they are only separators or words', () => {
    expect(parseSearchQuery('(boeing OR airbus) NOT* NEAR(').terms).toEqual(['boeing', 'or', 'airbus', 'not', 'near']);
    expect(parseSearchQuery('(boeing OR airbus) NOT* NEAR(').prefix).toBeNull();
  });

  it('reads an unclosed quote as a phrase to the end', () => {
    expect(parseSearchQuery('"air force base').phrases).toEqual([['air', 'force', 'base']]);
  });

  it(`uses at most ${MAX_QUERY_WORDS} words and says so`, () => {
    const query = parseSearchQuery(Array.from({ length: 20 }, (_, i) => `word${i}`).join(' ') + ' ');
    expect(query.terms).toHaveLength(MAX_QUERY_WORDS);
    expect(query.isTruncated).toBe(true);
  });

  it('builds engine queries in which every word is quoted', () => {
    const parsed = parseSearchQuery('"air force" boeing tank');
    expect(parsed.prefix).toBe('tank');
    const query = { terms: parsed.terms, phrases: parsed.phrases, anyOf: ['tank', 'tanker', 'tankers'] };
    expect(fts5Query(query)).toBe('"boeing" AND "air force" AND ("tank" OR "tanker" OR "tankers")');
    expect(tsqueryText(query)).toBe("'boeing' & ('air' <-> 'force') & ('tank' | 'tanker' | 'tankers')");
    // Words never hold quotes after normalization; the builders escape them all the same.
    expect(fts5Query({ terms: ['say "hi"'], phrases: [], anyOf: [] })).toBe('"say ""hi"""');
    expect(tsqueryText({ terms: ["o'hara\\"], phrases: [], anyOf: [] })).toBe("'o''hara\\\\'");
  });
});

describe('readSearchParams', () => {
  it('accepts a full, valid request', () => {
    expect(readSearchParams({ q: 'boeing', section: 'Business', from: '2020-01-01', to: '2020-01-31', sort: 'date', page: '2' })).toEqual({
      params: { q: 'boeing', sectionSlug: 'business', fromDay: '2020-01-01', toDay: '2020-01-31', sort: 'date', page: 2 },
      problems: [],
    });
  });

  it('names each parameter that is wrong', () => {
    const { problems } = readSearchParams({ q: 'x', from: '2020-02-30', to: 'soon', sort: 'random', page: '0', tag: '<b>' });
    expect(problems.map((p) => [p.parameter, p.kind])).toEqual([
      ['tag', 'unknown'],
      ['from', 'invalid-date'],
      ['to', 'invalid-date'],
      ['sort', 'invalid'],
      ['page', 'invalid'],
    ]);
  });

  it('refuses a range that ends before it starts, and a parameter given twice', () => {
    expect(readSearchParams({ from: '2020-02-01', to: '2020-01-01' }).problems.map((p) => p.kind)).toEqual(['date-range']);
    expect(readSearchParams({ q: ['a', 'b'] }).problems.map((p) => [p.parameter, p.kind])).toEqual([['q', 'repeated']]);
  });
});
