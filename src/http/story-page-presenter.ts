import type { Block } from '../content/blocks.ts';
import type { Edition } from '../modules/editions/edition-service.ts';
import type { FeaturedItem, ShownPicture, StoryDetail } from '../modules/stories/story-types.ts';
import type { SiteFrame, StoryNotesView, StoryPageView } from '../views/view-models.ts';
import { commentSectionView, type StoryComments } from './comment-section-presenter.ts';
import type { PageMetadata } from './page-metadata.ts';
import { featuredViews, figureView, noteView, thumbnailView, timeView } from './page-parts.ts';
import { placements } from './picture-presenter.ts';
import { sitePaths } from './site-paths.ts';

/** A story's page for readers (and the newsroom's preview of it). */
export class StoryPagePresenter {
  constructor(private readonly meta: PageMetadata) {}

  page(
    frame: SiteFrame,
    edition: Edition,
    story: StoryDetail,
    featured: FeaturedItem[],
    translations: Array<{ edition: Edition; slug: string }>,
    /** Absent for the newsroom's preview, which shows the count only. */
    comments?: StoryComments,
    /** The live original of this translation, when the translation is out of date and the edition shows a note. */
    updatedOriginal?: { edition: Edition; code: number; slug: string },
  ): StoryPageView {
    const s = edition.strings;
    const canonical = this.meta.absolute(sitePaths.story(edition.code, story.code, story.slug));
    const latestNote = story.notes.at(-1);
    return {
      frame,
      head: {
        // The newsroom's search title and description, when written, are what search engines show.
        title: `${story.seo?.title ?? story.headline} – ${s.siteName}`,
        description: story.seo?.description ?? story.teaser,
        canonicalHref: canonical,
        alternates: translations.map((t) => ({ href: this.meta.absolute(sitePaths.story(t.edition.code, story.code, t.slug)), language: t.edition.language })),
        ...this.meta.storyMetadata(edition, story, canonical),
      },
      dateline: timeView(story.publishedAt, edition, edition.datelineFormat),
      // "Updated" is the latest correction or update readers can see, not `updatedAt`: that moves with every
      // save, an import or a fixed typo too, and would tell readers nothing (docs/decisions/007).
      updated: latestNote ? timeView(latestNote.notedAt, edition, edition.datelineFormat) : undefined,
      updatedLabel: s.updated,
      notes: story.notes.length > 0 ? this.notes(edition, story) : undefined,
      staleTranslation: updatedOriginal
        ? {
            text: s.staleTranslation(updatedOriginal.edition.name),
            link: { href: sitePaths.story(updatedOriginal.edition.code, updatedOriginal.code, updatedOriginal.slug), label: s.readOriginal, language: updatedOriginal.edition.language },
          }
        : undefined,
      headline: story.headline,
      storyCodeLabel: s.storyCode,
      code: story.code,
      section: story.section ? { href: sitePaths.section(edition.code, story.section.slug), label: story.section.name } : undefined,
      breadcrumb: {
        label: s.breadcrumb,
        trail: [{ href: sitePaths.home(edition.code), label: s.home }, ...(story.section ? [{ href: sitePaths.section(edition.code, story.section.slug), label: story.section.name }] : [])],
      },
      standfirst: decideStandfirst(story.teaser, story.body),
      authors: story.authors.map((a) => ({ href: sitePaths.author(edition.code, a.slug), label: a.name })),
      byLabel: s.by,
      share: { heading: s.share, links: shareLinks(canonical, story.headline, s.shareByEmail) },
      body: story.body,
      leadFigure: story.picture ? figureView(edition, story.picture, placements.storyLead) : undefined,
      bodyFigures: Object.fromEntries([...(story.bodyPictures ?? new Map<number, ShownPicture>())].map(([id, picture]) => [id, figureView(edition, picture, placements.storyBody)])),
      tags: story.tags.map((t) => ({ href: sitePaths.tag(edition.code, t.slug), label: t.name })),
      credit: story.credit ? { text: story.credit.text, href: story.credit.url ?? undefined, licenseHref: story.credit.licenseUrl ?? undefined } : undefined,
      creditLabel: s.source,
      related: story.related.map((r) => ({
        headline: r.headline,
        teaser: r.teaser,
        href: r.story ? sitePaths.story(edition.code, r.story.code, r.story.slug) : undefined,
        ...thumbnailView(edition, r.picture, placements.listThumbnail),
      })),
      relatedHeading: s.relatedStories,
      comments: commentSectionView(edition, story, comments),
      featured: featuredViews(edition, featured),
      featuredHeading: s.featuredStories,
      translations: translations.map((t) => ({ href: sitePaths.story(t.edition.code, story.code, t.slug), label: t.edition.name, language: t.edition.language })),
    };
  }

  private notes(edition: Edition, story: StoryDetail): StoryNotesView {
    const s = edition.strings;
    return {
      heading: s.storyNotes,
      items: story.notes.map((note) => noteView(edition, note)),
      allCorrections: { href: sitePaths.corrections(edition.code), label: s.allCorrections },
    };
  }
}

/**
 * The standfirst is the teaser, unless the teaser is only the body's opening words cut short (as imports
 * and the newsroom make it when nobody wrote one): readers would read the same sentence twice.
 */
export function decideStandfirst(teaser: string, body: Block[]): string | undefined {
  const text = teaser.trim();
  if (text === '') return undefined;
  const first = body.find((block) => block.type === 'paragraph');
  if (!first || first.type !== 'paragraph') return text;
  const opening = first.content.map((run) => run.text).join('').trim();
  const stem = text.replace(/\s*(?:…|\.\.\.)$/u, '');
  return opening.startsWith(stem) ? undefined : text;
}

/** Share links as plain URLs of each service's share page: no script, button or picture of theirs is loaded. */
function shareLinks(url: string, headline: string, emailLabel: string): Array<{ kind: string; href: string; label: string }> {
  const u = encodeURIComponent(url);
  const t = encodeURIComponent(headline);
  return [
    { kind: 'email', href: `mailto:?subject=${t}&body=${u}`, label: emailLabel },
    { kind: 'x', href: `https://x.com/intent/post?url=${u}&text=${t}`, label: 'X' },
    { kind: 'facebook', href: `https://www.facebook.com/sharer/sharer.php?u=${u}`, label: 'Facebook' },
    { kind: 'whatsapp', href: `https://wa.me/?text=${encodeURIComponent(`${headline} ${url}`)}`, label: 'WhatsApp' },
    { kind: 'telegram', href: `https://t.me/share/url?url=${u}&text=${t}`, label: 'Telegram' },
  ];
}
