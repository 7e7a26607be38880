import { describe, expect, it } from 'vitest';
import { commentLines, countCommentLinks, maskEmail, normalizeCommentName, normalizeCommentText } from '../../src/content/comment-text.ts';

describe('comment text', () => {
  it('keeps line breaks as lines', () => {
    expect(commentLines('First line\nSecond line')).toEqual([[{ text: 'First line' }], [{ text: 'Second line' }]]);
  });

  it('turns http and https addresses into links, leaving trailing punctuation as text', () => {
    expect(commentLines('See https://example.org/a?b=1. Or http://example.com!')).toEqual([
      [
        { text: 'See ' },
        { text: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
        { text: '. Or ' },
        { text: 'http://example.com', href: 'http://example.com/' },
        { text: '!' },
      ],
    ]);
  });

  it('never makes links of javascript:, data: or scheme-less addresses', () => {
    const text = 'javascript:alert(1) data:text/html,<b>x</b> www.example.org //evil.example';
    expect(commentLines(text)).toEqual([[{ text }]]);
    expect(countCommentLinks(text)).toBe(0);
  });

  it('stops a link at quotes and angle brackets so it cannot carry markup', () => {
    const [line] = commentLines('https://example.org/"><script>alert(1)</script>');
    expect(line?.[0]).toEqual({ text: 'https://example.org/', href: 'https://example.org/' });
    expect(line?.slice(1)).toEqual([{ text: '"><script>alert(1)</script>' }]);
  });

  it('counts links', () => {
    expect(countCommentLinks('https://a.example https://b.example\nhttp://c.example')).toBe(3);
  });

  it('normalizes to NFC and strips bidi overrides and control characters', () => {
    expect(normalizeCommentText('Cafe\u0301 \u202Egnp.exe\u0000')).toBe('Café gnp.exe');
  });

  it('trims, unifies line endings and limits blank lines', () => {
    expect(normalizeCommentText('  Hi  \r\n\r\n\r\n\r\n\r\nthere \n')).toBe('Hi\n\n\nthere');
    expect(normalizeCommentText(' \n\t \u200E ')).toBe('\u200E');
    expect(normalizeCommentText(' \n\t  ')).toBe('');
  });

  it('keeps Persian and Arabic text as written', () => {
    expect(normalizeCommentText('سلام، این خبر خوبی است.')).toBe('سلام، این خبر خوبی است.');
  });

  it('makes a name one line', () => {
    expect(normalizeCommentName(' Ana\n  María ')).toBe('Ana María');
  });

  it('masks an email to its first letter and domain', () => {
    expect(maskEmail('jane.doe@example.com')).toBe('j…@example.com');
    expect(maskEmail('émile@exemple.fr')).toBe('é…@exemple.fr');
    expect(maskEmail('not-an-email')).toBe('…');
    expect(maskEmail('@example.com')).toBe('…');
  });
});
