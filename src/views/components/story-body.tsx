import type { Block, TextRun } from '../../content/blocks.ts';
import type { FigureView } from '../view-models.ts';
import { Figure } from './figure.tsx';

/**
 * Renders stored blocks. Text is escaped by the renderer; link targets were checked when stored. An image
 * of the library (`mediaId`) is drawn from `figures`, with its current alt text, caption and credit.
 */
export function StoryBody({ blocks, figures = {} }: { blocks: Block[]; figures?: Readonly<Record<number, FigureView>> }) {
  return <div class="story-body">{blocks.map((block) => renderBlock(block, figures))}</div>;
}

function renderBlock(block: Block, figures: Readonly<Record<number, FigureView>>) {
  switch (block.type) {
    case 'paragraph':
      return <p>{runs(block.content)}</p>;
    case 'heading': {
      const Heading = (`h${block.level}` as 'h2' | 'h3' | 'h4');
      return <Heading>{runs(block.content)}</Heading>;
    }
    case 'quote':
      return (
        <blockquote>
          <p>{runs(block.content)}</p>
          {block.cite ? <footer>{block.cite}</footer> : null}
        </blockquote>
      );
    case 'list': {
      const items = block.items.map((item) => <li>{runs(item)}</li>);
      return block.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
    }
    case 'image': {
      const figure = block.mediaId !== undefined ? figures[block.mediaId] : undefined;
      if (figure) return <Figure figure={figure} />;
      return (
        <figure>
          <img src={block.src} alt={block.alt} loading="lazy" />
          {block.caption ? <figcaption>{block.caption}</figcaption> : null}
        </figure>
      );
    }
  }
}

function runs(content: TextRun[]) {
  return content.map((run) => {
    let node: preact.ComponentChild = run.text;
    for (const mark of run.marks ?? []) {
      if (mark.type === 'bold') node = <strong>{node}</strong>;
      else if (mark.type === 'italic') node = <em>{node}</em>;
      else node = <a href={mark.href}>{node}</a>;
    }
    return node;
  });
}
