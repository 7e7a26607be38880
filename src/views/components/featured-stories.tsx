import { Thumbnail } from './figure.tsx';
import type { FeaturedView } from '../view-models.ts';

export function FeaturedStories({ heading, items }: { heading: string; items: FeaturedView[] }) {
  if (items.length === 0) return null;
  return (
    <aside class="featured-stories" aria-labelledby="featured-stories-heading">
      <h2 id="featured-stories-heading">{heading}</h2>
      <ol>
        {items.map((item) => (
          <li class={item.picture ? 'picture-card' : undefined}>
            {item.picture ? <Thumbnail picture={item.picture} credit={item.pictureCredit} /> : null}
            {item.href ? <a href={item.href}>{item.headline}</a> : <span>{item.headline}</span>}
            {item.date ? <time datetime={item.date.iso}>{item.date.text}</time> : null}
          </li>
        ))}
      </ol>
    </aside>
  );
}
