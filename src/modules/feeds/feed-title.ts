import type { Edition } from '../editions/edition-service.ts';

/** A feed's scope with the name of what it follows, as pages already know it. */
export type NamedFeedScope = { kind: 'edition' } | { kind: 'section' | 'tag' | 'author'; slug: string; name: string };

/**
 * A feed's title and one-line description, in the edition's language: the feed document and the page's
 * discovery link say the same thing.
 * @example feedTitle(en, { kind: 'section', slug: 'business', name: 'Business' }).title // 'Business – Dateline'
 */
export function feedTitle(edition: Edition, scope: NamedFeedScope): { title: string; description: string } {
  const s = edition.strings;
  switch (scope.kind) {
    case 'edition':
      return { title: `${s.siteName} – ${edition.name}`, description: `${s.latestStories} – ${s.siteName}` };
    case 'section':
      return { title: `${s.sectionHeading(scope.name)} – ${s.siteName}`, description: s.sectionHeading(scope.name) };
    case 'tag':
      return { title: `${s.tagHeading(scope.name)} – ${s.siteName}`, description: s.tagHeading(scope.name) };
    case 'author':
      return { title: `${s.by} ${scope.name} – ${s.siteName}`, description: `${s.by} ${scope.name}` };
  }
}
