import { describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { decideStandfirst } from '../../src/http/story-page-presenter.ts';

describe('the story page’s standfirst', () => {
  const body = [paragraph('Armenia and Azerbaijan agreed to cease fire in Nagorno-Karabakh on November 9, after six weeks of fighting.'), paragraph('The truce took effect overnight.')];

  it('is the teaser an editor wrote', () => {
    expect(decideStandfirst('Moscow says Western countries are stirring up both sides.', body)).toBe('Moscow says Western countries are stirring up both sides.');
  });

  it('is left out when the teaser only repeats the body’s opening words, cut short', () => {
    expect(decideStandfirst('Armenia and Azerbaijan agreed to cease fire in Nagorno-Karabakh…', body)).toBeUndefined();
    expect(decideStandfirst('Armenia and Azerbaijan agreed to cease fire...', body)).toBeUndefined();
    expect(decideStandfirst(body[0]?.type === 'paragraph' ? (body[0].content[0]?.text ?? '') : '', body)).toBeUndefined();
  });

  it('is left out when there is no teaser, and kept when the body has no paragraph', () => {
    expect(decideStandfirst('  ', body)).toBeUndefined();
    expect(decideStandfirst('A picture essay from the border.', [])).toBe('A picture essay from the border.');
  });

  it('compares Persian text as written', () => {
    const persian = [paragraph('روز دوشنبه، دانشمندان دانشکده پزشکی دانشگاه استنفورد از اختراع دستگاه تشخیصی جدیدی سخن گفتند.')];
    expect(decideStandfirst('روز دوشنبه، دانشمندان دانشکده پزشکی…', persian)).toBeUndefined();
    expect(decideStandfirst('ابزاری تازه برای شناخت سلول‌ها', persian)).toBe('ابزاری تازه برای شناخت سلول‌ها');
  });
});
