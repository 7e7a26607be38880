import { describe, expect, it } from 'vitest';
import { headlineKey, slugify } from '../../src/content/slug.ts';

const ZWNJ = '\u200c';
const RLM = '\u200f';
const RLE = '\u202b';
const PDF = '\u202c';

describe('slugify', () => {
  it('lower-cases and joins words with hyphens', () => {
    expect(slugify('West Plotting to Disrupt Karabakh Ceasefire: Russia')).toBe('west-plotting-to-disrupt-karabakh-ceasefire-russia');
  });

  it('drops straight and curly apostrophes inside words, and turns curly quotes into word breaks', () => {
    expect(slugify("Syria Condemns Pompeo's ‘Provocative’ Visit to Israeli-Occupied Golan Heights")).toBe(
      'syria-condemns-pompeos-provocative-visit-to-israeli-occupied-golan-heights',
    );
    expect(slugify('Syria Condemns Pompeo’s Visit')).toBe('syria-condemns-pompeos-visit');
  });

  it('leaves no hyphen at either end', () => {
    expect(slugify('  “Quoted” headline!  ')).toBe('quoted-headline');
  });

  it('keeps the letters of a Persian headline', () => {
    expect(slugify('وزیر خارجه ایران')).toBe('وزیر-خارجه-ایران');
  });

  it('drops zero-width non-joiners and bidi marks instead of splitting words on them', () => {
    expect(slugify(`می${ZWNJ}خواهم ${RLM}«ایران» و آمریکا`)).toBe('میخواهم-ایران-و-آمریکا');
    expect(slugify(`${RLE}وزیر خارجه${PDF} ایران`)).toBe('وزیر-خارجه-ایران');
  });

  it('keeps Persian digits and accented Latin letters', () => {
    expect(slugify('۲۰ نوامبر')).toBe('۲۰-نوامبر');
    expect(slugify('Café Über Straße')).toBe('café-über-straße');
  });

  it('cuts a long slug at the last hyphen within the limit', () => {
    const headline = 'Ayatollah Khamenei Adviser Warns US Attack on Iran to Trigger ‘Full-Fledged’ War';
    expect(slugify(headline, 40)).toBe('ayatollah-khamenei-adviser-warns-us');
  });

  it('keeps every slug within the default limit of 80 and cuts only between words', () => {
    const full = slugify('word '.repeat(40), 1000);
    const cut = slugify('word '.repeat(40));
    expect(cut.length).toBeLessThanOrEqual(80);
    expect(full.startsWith(`${cut}-`)).toBe(true);
  });

  it('cuts a long slug with no hyphen in reach at the limit itself', () => {
    expect(slugify('a'.repeat(100))).toBe('a'.repeat(80));
  });

  it('gives "story" when nothing is left', () => {
    expect(slugify('')).toBe('story');
    expect(slugify(' ‘’ --- !!! ')).toBe('story');
    expect(slugify(`${ZWNJ}${RLM}`)).toBe('story');
  });
});

describe('headlineKey', () => {
  it('makes a headline with curly quotes equal to the same with straight quotes', () => {
    expect(headlineKey('Saudi Minister Confident of ’Good Relationship’ With Biden')).toBe(
      headlineKey("Saudi Minister Confident of 'Good Relationship' With Biden"),
    );
  });

  it('ignores case, spacing, double quotes and trailing punctuation', () => {
    expect(headlineKey('  saudi minister   confident of “good relationship” with BIDEN!')).toBe(
      'saudi minister confident of good relationship with biden',
    );
  });

  it('treats a straight and a curly apostrophe alike', () => {
    expect(headlineKey("Syria Condemns Pompeo's ‘Provocative’ Visit")).toBe(headlineKey('Syria Condemns Pompeo’s ‘Provocative’ Visit'));
  });

  it('still tells different headlines apart', () => {
    expect(headlineKey('Rain Expected on Monday')).not.toBe(headlineKey('Rain Expected on Tuesday'));
  });

  it('keeps Persian letters', () => {
    expect(headlineKey('وزیر خارجه ایران')).toBe('وزیر خارجه ایران');
  });
});
