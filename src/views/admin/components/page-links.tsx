import type { StorySubpageView } from '../admin-view-models.ts';

/** A page's links to its neighbours: a story's other newsroom pages, the queue and its settings. */
export function PageLinks({ links }: { links: ReadonlyArray<{ href: string; label: string }> }) {
  return (
    <ul class="page-links">
      {links.map((link) => (
        <li>
          <a href={link.href}>{link.label}</a>
        </li>
      ))}
    </ul>
  );
}

/**
 * The top of a page about one story: what the page is, then the story's headline in its own language, the
 * page's purpose, and links to the story's other pages.
 */
export function StorySubpageIntro({ view }: { view: StorySubpageView }) {
  return (
    <>
      <h1>
        {view.heading}: <span class="story-title" lang={view.storyLanguage} dir="auto">
          {view.storyHeadline}
        </span>
      </h1>
      <p class="intro">{view.intro}</p>
      <PageLinks links={view.links} />
    </>
  );
}
