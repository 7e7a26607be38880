import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { BODY_LIMITS, BodyValidationError, bodyFromTiptap, checkLinkTarget, readTiptapDoc } from '../../src/content/validate-body.ts';
import { StoryBody } from '../../src/views/components/story-body.tsx';

const text = (value: string, marks?: unknown[]) => (marks ? { type: 'text', text: value, marks } : { type: 'text', text: value });
const paragraph = (...content: unknown[]) => ({ type: 'paragraph', content });
const doc = (...content: unknown[]) => ({ type: 'doc', content });
const link = (href: string) => ({ type: 'link', attrs: { href, target: '_blank', rel: 'noopener', class: null } });

function refusal(value: unknown): BodyValidationError {
  try {
    bodyFromTiptap(value);
  } catch (error) {
    expect(error).toBeInstanceOf(BodyValidationError);
    return error as BodyValidationError;
  }
  throw new Error('expected the body to be refused');
}

describe('bodyFromTiptap', () => {
  it('accepts what the editor sends and keeps only what Dateline stores', () => {
    const blocks = bodyFromTiptap(doc(paragraph(text('Read '), text('the report', [link('https://example.org/report')]), text('.'))));
    expect(blocks).toEqual([{ type: 'paragraph', content: [{ type: 'text', text: 'Read ' }, { type: 'text', text: 'the report', marks: [{ type: 'link', href: 'https://example.org/report' }] }, { type: 'text', text: '.' }] }]);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    '  javascript:alert(1)',
    'java\nscript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    '//evil.example/phish',
    '/\\evil.example',
    'https://exa mple.org',
  ])('refuses a link to %j, naming where it is', (href) => {
    const error = refusal(doc(paragraph(text('click', [link(href)]))));
    expect(error.code).toBe('STORY_BODY_INVALID');
    expect(error.field).toBe('body');
    expect(error.path).toBe('body.content[0].content[0].marks[0].attrs.href');
    expect(error.message).toContain('A link must be a web address');
  });

  it.each(['https://example.org/a?b=c#d', 'http://example.org', 'mailto:desk@example.org', '/en/news/898945', '#notes', 'page.html'])('accepts a link to %j', (href) => {
    expect(() => checkLinkTarget(href)).not.toThrow();
  });

  it('refuses an image that is not on the web or this site', () => {
    for (const src of ['javascript:alert(1)', 'data:image/png;base64,iVBORw0KGgo=', 'image.png', '//cdn.example/a.png']) {
      const error = refusal(doc({ type: 'image', attrs: { src, alt: 'x' } }));
      expect(error.path).toBe('body.content[0].attrs.src');
    }
    expect(bodyFromTiptap(doc({ type: 'image', attrs: { src: 'https://images.example/a.jpg', alt: 'A' } }))).toEqual([{ type: 'image', src: 'https://images.example/a.jpg', alt: 'A' }]);
  });

  it('keeps <script> inside a text node as text, which the story page escapes', () => {
    const blocks = bodyFromTiptap(doc(paragraph(text('<script>alert("x")</script> & <img src=x onerror=alert(1)>'))));
    expect(blocks).toEqual([{ type: 'paragraph', content: [{ type: 'text', text: '<script>alert("x")</script> & <img src=x onerror=alert(1)>' }] }]);
    const html = renderToString(h(StoryBody, { blocks }));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script>alert(&quot;x&quot;)&lt;/script> &amp; &lt;img src=x onerror=alert(1)>');
  });

  it('refuses node types stories cannot hold', () => {
    for (const type of ['iframe', 'codeBlock', 'horizontalRule', 'table', '__proto__']) {
      const error = refusal(doc({ type, content: [text('x')] }));
      expect(error.path).toBe('body.content[0].type');
    }
    expect(refusal(doc(paragraph({ type: 'mention', attrs: { id: 1 } }))).path).toBe('body.content[0].content[0].type');
    expect(refusal(doc({ type: 'bulletList', content: [paragraph(text('not an item'))] })).path).toBe('body.content[0].content[0].type');
  });

  it('drops styling marks it does not store, keeping their text, and refuses unknown ones', () => {
    expect(bodyFromTiptap(doc(paragraph(text('struck', [{ type: 'strike' }]), text(' and underlined', [{ type: 'underline' }]))))).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'struck and underlined' }] },
    ]);
    expect(refusal(doc(paragraph(text('x', [{ type: 'onclick' }])))).path).toBe('body.content[0].content[0].marks[0].type');
  });

  it('refuses deeply nested junk without running out of stack', () => {
    let nested: unknown = paragraph(text('bottom'));
    for (let i = 0; i < 100_000; i++) nested = { type: 'blockquote', content: [nested] };
    const error = refusal(doc(nested));
    expect(error.message).toContain('nested more than');
  });

  it('refuses huge strings and huge documents with a clear message', () => {
    expect(refusal(doc(paragraph(text('x'.repeat(BODY_LIMITS.textNode + 1))))).message).toContain('longer than');
    const many = Array.from({ length: 10 }, () => paragraph(text('y'.repeat(BODY_LIMITS.totalText / 8))));
    expect(refusal(doc(...many)).message).toContain('split the story');
    const countless = Array.from({ length: BODY_LIMITS.nodes + 1 }, () => paragraph());
    expect(refusal(doc(...countless)).message).toContain('parts');
  });

  it('refuses what is not a document at all', () => {
    for (const value of [null, 'text', 42, [], { type: 'paragraph' }, { type: 'doc', content: 'x' }, doc(paragraph(text(7 as unknown as string)))]) {
      expect(() => readTiptapDoc(value)).toThrow(BodyValidationError);
    }
  });

  it('refuses a heading without a sensible level', () => {
    expect(refusal(doc({ type: 'heading', attrs: { level: 'h1' }, content: [text('x')] })).path).toBe('body.content[0].attrs.level');
  });
});
