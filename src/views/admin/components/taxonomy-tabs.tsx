import type { TaxonomyTabsView } from '../taxonomy-view-models.ts';

/** Sections, Tags, Authors: one part of the newsroom in three pages. */
export function TaxonomyTabs({ tabs }: { tabs: TaxonomyTabsView }) {
  return (
    <nav class="tabs" aria-label={tabs.label}>
      <ul>
        {tabs.items.map((item) => (
          <li>
            <a href={item.href} aria-current={item.isCurrent ? 'page' : undefined}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
