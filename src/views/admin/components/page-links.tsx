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

/** The heading of a page about one story: what the page is, then the story's headline in its own language. */
export function StoryPageHeading({ heading, storyHeadline, storyLanguage }: { heading: string; storyHeadline: string; storyLanguage: string }) {
  return (
    <h1>
      {heading}: <span class="story-title" lang={storyLanguage} dir="auto">
        {storyHeadline}
      </span>
    </h1>
  );
}
