import { Thumbnail } from './figure.tsx';
import type { FeaturedView } from '../view-models.ts';

/** The editors' Featured Stories as picture cards with dates, like the seed page's rail. */
export function FeaturedStories({ heading, items, class: className = 'featured-stories' }: { heading: string; items: FeaturedView[]; class?: string }) {
  if (items.length === 0) return null;
  return (
    <aside class={className} aria-labelledby="featured-stories-heading">
      <h2 id="featured-stories-heading">
        {heading}
      </h2>
      <ol>
        {items.map((item) => (
          <li class={item.picture ? 'picture-card' : undefined}>
            {item.href ? <a href={item.href}>{item.headline}</a> : <span>{item.headline}</span>}
            {item.date ? <time datetime={item.date.iso}>{item.date.text}</time> : null}
            {item.picture ? <Thumbnail picture={item.picture} credit={item.pictureCredit} /> : null}
          </li>
        ))}
      </ol>
    </aside>
  );
}
