import { describe, expect, it } from 'vitest';
import { paragraph, type Block } from '../../src/content/blocks.ts';
import { blocksToPlainTextBody, plainTextBodyToBlocks } from '../../src/content/plain-text-body.ts';

const rich: Block[] = [
  { type: 'heading', level: 2, content: [{ type: 'text', text: 'The vote' }] },
  { type: 'paragraph', content: [{ type: 'text', text: 'Read ' }, { type: 'text', text: 'the plan', marks: [{ type: 'link', href: 'https://council.example/plan' }] }, { type: 'text', text: '.' }] },
  { type: 'quote', content: [{ type: 'text', text: 'We listened.' }], cite: 'Ana Ruiz' },
  { type: 'image', src: '/media/bus.jpg', alt: 'A red bus', caption: 'The new route.' },
];

describe('the story form without JavaScript', () => {
  it('shows paragraphs separated by blank lines', () => {
    expect(blocksToPlainTextBody(rich)).toBe('The vote\n\nRead the plan.\n\nWe listened.\n— Ana Ruiz\n\n[image: A red bus]\nThe new route.');
  });

  it('makes plain paragraphs of new text', () => {
    expect(plainTextBodyToBlocks('First paragraph\nstill the first.\n\n\nSecond one.  \r\n\r\nThird.')).toEqual([
      paragraph('First paragraph still the first.'),
      paragraph('Second one.'),
      paragraph('Third.'),
    ]);
  });

  it('keeps rich blocks whose text comes back unchanged, and only edited ones become plain', () => {
    const text = blocksToPlainTextBody(rich).replace('We listened.', 'We listened to you.');
    const blocks = plainTextBodyToBlocks(`${text}\n\nA new closing line.`, rich);
    expect(blocks).toEqual([rich[0], rich[1], paragraph('We listened to you. — Ana Ruiz'), rich[3], paragraph('A new closing line.')]);
  });

  it('removes an image whose line was deleted', () => {
    const text = blocksToPlainTextBody(rich).replace('\n\n[image: A red bus]\nThe new route.', '');
    expect(plainTextBodyToBlocks(text, rich)).toEqual(rich.slice(0, 3));
  });
});
