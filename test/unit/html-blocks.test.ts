import { describe, expect, it } from 'vitest';
import { htmlToBlocks } from '../../src/content/html-blocks.ts';

describe('HTML from another system as story blocks', () => {
  it('keeps bold, italic and links, reading relative links against the post’s address', () => {
    const { blocks } = htmlToBlocks('<p>It <strong>rained</strong> in <em><a href="../town/">town</a></em>.</p>', { lineBreaks: 'html', baseUrl: 'https://old.example/2020/01/rain/' });
    expect(blocks).toEqual([
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'It ' },
          { type: 'text', text: 'rained', marks: [{ type: 'bold' }] },
          { type: 'text', text: ' in ' },
          { type: 'text', text: 'town', marks: [{ type: 'italic' }, { type: 'link', href: 'https://old.example/2020/01/town/' }] },
          { type: 'text', text: '.' },
        ],
      },
    ]);
  });

  it('makes paragraphs of blank-line-separated text, as WordPress’s classic editor shows it', () => {
    const { blocks } = htmlToBlocks('First paragraph.\n\nSecond <b>one</b>.', { lineBreaks: 'paragraphs' });
    expect(blocks.map((b) => b.type)).toEqual(['paragraph', 'paragraph']);
  });

  it('gives a figure’s picture its caption and alt text, and ignores block-editor comments', () => {
    const { blocks } = htmlToBlocks('<!-- wp:image --><figure><img src="https://old.example/a.jpg" alt="A harbour"><figcaption>Boats at <b>dawn</b></figcaption></figure><!-- /wp:image -->', { lineBreaks: 'html' });
    expect(blocks).toEqual([{ type: 'image', src: 'https://old.example/a.jpg', alt: 'A harbour', caption: 'Boats at dawn' }]);
  });

  it('keeps the text of a dangerous link and says what it dropped', () => {
    const result = htmlToBlocks('<p><a href="javascript:alert(1)">Click</a></p><script>alert(2)</script>', { lineBreaks: 'html' });
    expect(result.blocks).toEqual([{ type: 'paragraph', content: [{ type: 'text', text: 'Click' }] }]);
    expect(result.notes).toEqual(['a link to “javascript:alert(1)” became plain text', 'a script was left out']);
  });

  it('carries a table as lines of text and an embedded player as a link', () => {
    const result = htmlToBlocks('<table><tr><th>Team</th><td>Score</td></tr></table><iframe src="https://video.example/embed/1"></iframe>', { lineBreaks: 'html' });
    expect(result.blocks).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'Team', marks: [{ type: 'bold' }] }, { type: 'text', text: ' | Score' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'https://video.example/embed/1', marks: [{ type: 'link', href: 'https://video.example/embed/1' }] }] },
    ]);
    expect(result.notes).toEqual(['a table became lines of text, one a row', 'an embedded iframe became a link']);
  });

  it('keeps a quote’s source apart from its words', () => {
    const { blocks } = htmlToBlocks('<blockquote><p>Stay hungry.</p><cite>Steve Jobs</cite></blockquote>', { lineBreaks: 'html' });
    expect(blocks).toEqual([{ type: 'quote', content: [{ type: 'text', text: 'Stay hungry.' }], cite: 'Steve Jobs' }]);
  });
});
