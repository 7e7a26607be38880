import { Thumbnail } from './figure.tsx';
import type { StorySummaryView } from '../view-models.ts';

/**
 * A story as a card: headline, date and section, teaser, and its picture. The headline comes first in the
 * markup, so a screen reader meets it first; the stylesheet shows the picture on top.
 */
export function StoryCard({ story, headingLevel = 3, class: className = 'story-summary', hasTeaser = true }: { story: StorySummaryView; headingLevel?: 2 | 3; class?: string; hasTeaser?: boolean }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class={story.picture ? `${className} has-picture` : className}>
      <Heading>
        <a href={story.href}>{story.headline}</a>
      </Heading>
      <p class="story-meta">
        <time datetime={story.published.iso}>{story.published.text}</time>
        {story.sectionName ? <span class="story-section"> · {story.sectionName}</span> : null}
      </p>
      {hasTeaser && story.teaser ? <p class="story-teaser">{story.teaser}</p> : null}
      {story.picture ? <Thumbnail picture={story.picture} credit={story.pictureCredit} /> : null}
    </article>
  );
}
