import type { FeaturedView } from '../view-models.ts';

export function FeaturedStories({ heading, items }: { heading: string; items: FeaturedView[] }) {
  if (items.length === 0) return null;
  return (
    <aside class="featured-stories" aria-labelledby="featured-stories-heading">
      <h2 id="featured-stories-heading">{heading}</h2>
      <ol>
        {items.map((item) => (
          <li>
            {item.href ? <a href={item.href}>{item.headline}</a> : <span>{item.headline}</span>}
            {item.date ? <time datetime={item.date.iso}>{item.date.text}</time> : null}
          </li>
        ))}
      </ol>
    </aside>
  );
}
