import { clockOf, type Edition } from '../modules/editions/edition-service.ts';
import { formatInEdition, isoInEdition } from '../modules/editions/edition-time.ts';
import type { FeaturedItem, Page, ShownPicture, StoryNote, StorySummary } from '../modules/stories/story-types.ts';
import type { PictureView } from '../views/picture-view-models.ts';
import type { FeaturedView, FigureView, PaginationView, StoryNoteView, StorySummaryView, TimeView } from '../views/view-models.ts';
import { pictureView, placements, type PicturePlacement } from './picture-presenter.ts';
import { sitePaths } from './site-paths.ts';

/* The pieces every reader's page is made of, each in the edition's language, zone and formats. */

/** An instant as a page shows it: in the edition's zone and format, with its ISO form for machines. */
export function timeView(instant: string, edition: Edition, format: string): TimeView {
  const clock = clockOf(edition);
  return { iso: isoInEdition(instant, clock), text: formatInEdition(instant, format, clock) };
}

/** A curated date with no time: formatted as a day, not shifted through any zone. */
export function calendarDayView(day: string, edition: Edition): TimeView {
  return { iso: day, text: formatInEdition(`${day}T12:00:00.000Z`, edition.dateFormat, { ...clockOf(edition), time_zone: 'UTC' }) };
}

/** A story's lead picture at a placement, with its credit line, or nothing. */
export function thumbnailView(edition: Edition, picture: ShownPicture | undefined, placement: PicturePlacement): { picture?: PictureView; pictureCredit?: string } {
  if (!picture) return {};
  return { picture: pictureView(picture, picture.alt, placement), pictureCredit: picture.credit !== '' ? `${edition.strings.photoCredit}: ${picture.credit}` : undefined };
}

export function summaryView(edition: Edition, story: StorySummary): StorySummaryView {
  return {
    href: sitePaths.story(edition.code, story.code, story.slug),
    headline: story.headline,
    teaser: story.teaser,
    published: timeView(story.publishedAt, edition, edition.dateFormat),
    sectionName: story.section?.name,
    ...thumbnailView(edition, story.picture, placements.listThumbnail),
  };
}

export function figureView(edition: Edition, picture: ShownPicture, placement: PicturePlacement): FigureView {
  return { picture: pictureView(picture, picture.alt, placement), caption: { caption: picture.caption, credit: picture.credit, creditLabel: edition.strings.photoCredit } };
}

export function noteView(edition: Edition, note: StoryNote): StoryNoteView {
  const s = edition.strings;
  return { kind: note.kind, kindLabel: note.kind === 'correction' ? s.noteCorrection : s.noteUpdate, time: timeView(note.notedAt, edition, edition.datelineFormat), text: note.text };
}

/** The editors' rail of featured stories. */
export function featuredViews(edition: Edition, items: FeaturedItem[]): FeaturedView[] {
  return items.map((item) => ({
    ...thumbnailView(edition, item.picture, placements.railCard),
    headline: item.headline,
    href: item.story ? sitePaths.story(edition.code, item.story.code, item.story.slug) : undefined,
    date: item.publishedAt
      ? timeView(item.publishedAt, edition, edition.dateFormat)
      : item.dated
        ? calendarDayView(item.dated, edition)
        : undefined,
  }));
}

/** Newer and older links of a list page at `path`; none for a list of one page. */
export function paginationView(edition: Edition, path: string, page: Page<unknown>): PaginationView | undefined {
  if (page.pageCount <= 1) return undefined;
  const s = edition.strings;
  return {
    label: s.pagination,
    current: s.pageOf(page.page),
    newer: page.page > 1 ? { href: sitePaths.withPage(path, page.page - 1), label: s.newerStories } : undefined,
    older: page.page < page.pageCount ? { href: sitePaths.withPage(path, page.page + 1), label: s.olderStories } : undefined,
  };
}
