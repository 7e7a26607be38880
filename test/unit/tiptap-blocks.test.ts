import { describe, expect, it } from 'vitest';
import type { Block } from '../../src/content/blocks.ts';
import { blocksToTiptap, tiptapToBlocks, type TiptapDoc } from '../../src/content/tiptap-blocks.ts';

/** A story body with every kind of block and mark Dateline stores, in English and Persian. */
const everyBlock: Block[] = [
  { type: 'paragraph', content: [{ type: 'text', text: 'The council voted ' }, { type: 'text', text: 'seven to two', marks: [{ type: 'bold' }] }, { type: 'text', text: ' on Tuesday.' }] },
  { type: 'heading', level: 2, content: [{ type: 'text', text: 'What happens next' }] },
  { type: 'heading', level: 3, content: [{ type: 'text', text: 'The timetable' }] },
  { type: 'quote', content: [{ type: 'text', text: 'We listened to the town.' }], cite: 'Mayor Ana Ruiz' },
  { type: 'quote', content: [{ type: 'text', text: 'A quote without a source.', marks: [{ type: 'italic' }] }] },
  { type: 'list', ordered: false, items: [[{ type: 'text', text: 'Buses every ten minutes' }], [{ type: 'text', text: 'New cycle lanes' }]] },
  { type: 'list', ordered: true, items: [[{ type: 'text', text: 'Consultation' }], [{ type: 'text', text: 'Vote', marks: [{ type: 'bold' }, { type: 'italic' }] }]] },
  {
    type: 'paragraph',
    content: [
      { type: 'text', text: 'Read the ' },
      { type: 'text', text: 'full plan', marks: [{ type: 'link', href: 'https://council.example/plan' }] },
      { type: 'text', text: ' or write to ' },
      { type: 'text', text: 'the clerk', marks: [{ type: 'link', href: 'mailto:clerk@council.example' }] },
      { type: 'text', text: '.' },
    ],
  },
  { type: 'image', src: 'https://images.example/bus.jpg', alt: 'A red bus at the new stop', caption: 'The first bus on the new route.' },
  { type: 'image', src: '/media/map.png', alt: 'Map of the routes' },
  { type: 'paragraph', content: [{ type: 'text', text: 'شورای شهر روز سه‌شنبه رأی داد.' }] },
];

describe('blocksToTiptap and tiptapToBlocks', () => {
  it('turns every block into the editor’s document and back without losing anything', () => {
    expect(tiptapToBlocks(blocksToTiptap(everyBlock))).toEqual(everyBlock);
  });

  it('keeps a library picture’s number through the editor’s document, so pages keep showing it from the library', () => {
    const picture: Block = { type: 'image', src: '/media/7/original-2048-0123456789abcdef01234567.jpeg', alt: 'Boats along the harbour wall', mediaId: 7 };
    const doc = blocksToTiptap([picture]);
    expect(doc.content?.[0]).toEqual({ type: 'image', attrs: { src: picture.src, alt: picture.alt, title: null, caption: null, mediaId: 7 } });
    expect(tiptapToBlocks(doc)).toEqual([picture]);
    // The editor writes `mediaId: null` for a picture by address: no number is stored for it.
    expect(tiptapToBlocks({ type: 'doc', content: [{ type: 'image', attrs: { src: '/media/map.png', alt: 'Map', mediaId: null } }] })).toEqual([{ type: 'image', src: '/media/map.png', alt: 'Map' }]);
  });

  it('writes the editor’s document in Tiptap’s own node and mark names', () => {
    const doc = blocksToTiptap(everyBlock);
    expect(doc.content?.map((n) => n.type)).toEqual([
      'paragraph', 'heading', 'heading', 'blockquote', 'blockquote', 'bulletList', 'orderedList', 'paragraph', 'image', 'image', 'paragraph',
    ]);
    expect(doc.content?.[0]).toEqual({
      type: 'paragraph',
      content: [{ type: 'text', text: 'The council voted ' }, { type: 'text', text: 'seven to two', marks: [{ type: 'bold' }] }, { type: 'text', text: ' on Tuesday.' }],
    });
    // A quote's source is its last paragraph, after an em dash, as writers type it.
    expect(doc.content?.[3]).toEqual({
      type: 'blockquote',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'We listened to the town.' }] },
        { type: 'paragraph', content: [{ type: 'text', text: '— Mayor Ana Ruiz' }] },
      ],
    });
    expect(doc.content?.[8]).toEqual({ type: 'image', attrs: { src: 'https://images.example/bus.jpg', alt: 'A red bus at the new stop', title: null, caption: 'The first bus on the new route.' } });
  });

  it('reads a document as the editor sends it, with Tiptap’s extra attributes and empty paragraphs', () => {
    const fromEditor: TiptapDoc = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Storm warning' }] },
        { type: 'paragraph' },
        { type: 'paragraph', content: [{ type: 'text', text: '   ' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'See ' },
            { type: 'text', text: 'the forecast', marks: [{ type: 'link', attrs: { href: 'https://met.example/' } }] },
          ],
        },
      ],
    };
    expect(tiptapToBlocks(fromEditor)).toEqual([
      { type: 'heading', level: 2, content: [{ type: 'text', text: 'Storm warning' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'See ' }, { type: 'text', text: 'the forecast', marks: [{ type: 'link', href: 'https://met.example/' }] }] },
    ]);
  });

  it('gives the editor’s document back unchanged after a round trip through blocks', () => {
    const doc = blocksToTiptap(everyBlock);
    expect(blocksToTiptap(tiptapToBlocks(doc))).toEqual(doc);
  });

  it('joins neighbouring text with the same marks, as the editor splits it while typing', () => {
    const doc: TiptapDoc = {
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Rain ' }, { type: 'text', text: 'all day', marks: [{ type: 'bold' }] }, { type: 'text', text: ' long', marks: [{ type: 'bold' }] }] }],
    };
    expect(tiptapToBlocks(doc)).toEqual([{ type: 'paragraph', content: [{ type: 'text', text: 'Rain ' }, { type: 'text', text: 'all day long', marks: [{ type: 'bold' }] }] }]);
  });

  it('keeps the headline the only h1: heading levels are held to 2–4', () => {
    const doc: TiptapDoc = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Top' }] },
        { type: 'heading', attrs: { level: 6 }, content: [{ type: 'text', text: 'Deep' }] },
      ],
    };
    expect(tiptapToBlocks(doc).map((b) => (b.type === 'heading' ? b.level : 0))).toEqual([2, 4]);
  });

  it('flattens structure it has no block for instead of dropping text', () => {
    const doc: TiptapDoc = {
      type: 'doc',
      content: [
        {
          type: 'blockquote',
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: 'First paragraph of a long quote.' }] },
            { type: 'paragraph', content: [{ type: 'text', text: 'Second paragraph.' }] },
            { type: 'paragraph', content: [{ type: 'text', text: '— Ada' }] },
          ],
        },
        {
          type: 'bulletList',
          content: [
            {
              type: 'listItem',
              content: [
                { type: 'paragraph', content: [{ type: 'text', text: 'Outer' }] },
                { type: 'paragraph', content: [{ type: 'text', text: 'continued' }] },
                { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Inner' }] }] }] },
                { type: 'image', attrs: { src: 'https://images.example/a.png', alt: 'A' } },
              ],
            },
          ],
        },
        { type: 'paragraph', content: [{ type: 'text', text: 'Line one' }, { type: 'hardBreak' }, { type: 'text', text: 'line two' }] },
      ],
    };
    expect(tiptapToBlocks(doc)).toEqual([
      { type: 'quote', content: [{ type: 'text', text: 'First paragraph of a long quote.' }] },
      { type: 'quote', content: [{ type: 'text', text: 'Second paragraph.' }], cite: 'Ada' },
      { type: 'list', ordered: false, items: [[{ type: 'text', text: 'Outer continued' }], [{ type: 'text', text: 'Inner' }]] },
      { type: 'image', src: 'https://images.example/a.png', alt: 'A' },
      { type: 'paragraph', content: [{ type: 'text', text: 'Line one line two' }] },
    ]);
  });

  it('takes an old-style image title as its caption', () => {
    const doc: TiptapDoc = { type: 'doc', content: [{ type: 'image', attrs: { src: '/a.png', alt: 'A', title: 'Caption from title' } }] };
    expect(tiptapToBlocks(doc)).toEqual([{ type: 'image', src: '/a.png', alt: 'A', caption: 'Caption from title' }]);
  });
});
