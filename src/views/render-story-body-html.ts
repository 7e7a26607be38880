import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Block } from '../content/blocks.ts';
import { StoryBody } from './components/story-body.tsx';

/**
 * A story body as an HTML fragment, drawn by the story page's own block renderer, so feeds and pages
 * can never show a block two ways. Feeds sanitize the result before it leaves the site.
 */
export function renderStoryBodyHtml(blocks: Block[]): string {
  return renderToString(h(StoryBody, { blocks }));
}
