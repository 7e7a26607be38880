import { adminStrings } from '../../config/admin-strings.ts';
import { mediaAdminStrings as t } from '../../config/media-admin-strings.ts';
import type { Edition } from '../../modules/editions/edition-service.ts';
import { largestVariantPath, type LibraryFilter, type LibraryPage, type Picture, type PictureUse } from '../../modules/media/index.ts';
import type { AdminFrame, ErrorSummaryView, NoticeView } from '../../views/admin/admin-view-models.ts';
import type { FieldView, MediaItemPageView, MediaLibraryPageView } from '../../views/admin/media-view-models.ts';
import type { EditorPictureView } from '../../views/admin/story-view-models.ts';
import { pictureView, placements } from '../picture-presenter.ts';
import { adminPaths } from './admin-paths.ts';

export const libraryFilters: readonly LibraryFilter[] = ['all', 'missing-alt', 'unused', 'in-use'];
export const acceptedTypes = 'image/jpeg,image/png,image/webp,image/avif,image/gif';

/** A problem to list at the top of a picture page, with the field (by name) it links to. */
export interface MediaProblem {
  field: string;
  text: string;
}

/** The control of a picture form's field; the focal-point island finds the focal fields by these ids too. */
export const mediaFieldId = (name: string): string => `field-${name}`;
const FILES_FIELD = 'files';
/** Where a refused deletion sends people: the list of stories still showing the picture. */
export const USES_FIELD = 'uses';

/** The summary's links point at fields the page has; a problem without one points at the first field. */
function errorSummaryOf(problems: readonly MediaProblem[], ids: ReadonlyMap<string, string>, fallback: string): ErrorSummaryView | undefined {
  if (problems.length === 0) return undefined;
  return { title: adminStrings.errorSummaryTitle, items: problems.map((p) => ({ href: `#${ids.get(p.field) ?? fallback}`, text: p.text })) };
}

/** What a form sent back, with the problems to show at each field. */
export interface SentDetails {
  values: Record<string, string>;
  fieldErrors: Record<string, string>;
}

/** The library page's view: upload form, search, and one page of pictures. */
export function libraryPageView(frame: AdminFrame, scriptHrefs: string[], page: LibraryPage, query: { q: string; filter: LibraryFilter }, options: { notice?: NoticeView; problems?: MediaProblem[] } = {}): MediaLibraryPageView {
  const uploadFields = [
    { id: mediaFieldId('alt'), name: 'alt', label: t.alt, value: '', hint: t.altHint },
    { id: mediaFieldId('credit'), name: 'credit', label: t.credit, value: '', hint: t.creditHint },
    { id: mediaFieldId('licence'), name: 'licence', label: t.licence, value: '' },
  ];
  const pageHref = (n: number) => `${adminPaths.media}?${new URLSearchParams({ ...(query.q !== '' ? { q: query.q } : {}), ...(query.filter !== 'all' ? { filter: query.filter } : {}), page: String(n) }).toString()}`;
  return {
    frame,
    head: { title: t.libraryTitle, scriptHrefs },
    text: {
      heading: t.libraryTitle,
      intro: t.libraryIntro,
      uploadHeading: t.uploadHeading,
      uploadHint: t.uploadHint,
      chooseFiles: t.chooseFiles,
      upload: t.upload,
      dropZone: t.dropZone,
      searchHeading: t.searchHeading,
      search: t.search,
      filter: t.filter,
      find: t.find,
      none: t.none,
      noAlt: t.noAlt,
      edit: t.edit,
    },
    notice: options.notice,
    errorSummary: errorSummaryOf(options.problems ?? [], new Map([FILES_FIELD, ...uploadFields.map((f) => f.name)].map((name) => [name, mediaFieldId(name)])), mediaFieldId(FILES_FIELD)),
    filesId: mediaFieldId(FILES_FIELD),
    uploadAction: adminPaths.media,
    uploadFields,
    accept: acceptedTypes,
    searchAction: adminPaths.media,
    query: query.q,
    filter: query.filter,
    filters: libraryFilters.map((value) => ({ value, label: t.filters[value] })),
    count: t.count(page.total),
    items: page.items.map((picture) => ({
      id: picture.id,
      href: adminPaths.mediaItem(picture.id),
      fileName: picture.fileName,
      thumbnail: pictureView(picture, picture.alt, placements.libraryThumbnail, true),
      alt: picture.alt,
      hasAlt: picture.alt.trim() !== '',
      caption: picture.caption,
      credit: picture.credit,
      usedIn: t.usedIn(picture.useCount),
    })),
    pages: {
      previous: page.page > 1 ? pageHref(page.page - 1) : undefined,
      next: page.page < page.pageCount ? pageHref(page.page + 1) : undefined,
      label: t.pageOf(page.page, page.pageCount),
      previousLabel: t.previous,
      nextLabel: t.next,
    },
  };
}

/** The languages a picture may carry its own alt text and caption in: every edition's but the main one. */
export function otherLanguages(editions: readonly Edition[], mainLanguage: string): { language: string; name: string; dir: 'ltr' | 'rtl' }[] {
  const seen = new Map<string, { language: string; name: string; dir: 'ltr' | 'rtl' }>();
  for (const edition of editions) {
    if (edition.language === mainLanguage || seen.has(edition.language)) continue;
    seen.set(edition.language, { language: edition.language, name: edition.name, dir: edition.direction });
  }
  return [...seen.values()];
}

/** One picture's page: its details form (sent values and errors when a save was refused), uses and deletion. */
export function itemPageView(
  frame: AdminFrame,
  scriptHrefs: string[],
  picture: Picture,
  uses: PictureUse[],
  languages: { language: string; name: string; dir: 'ltr' | 'rtl' }[],
  options: { notice?: NoticeView; problems?: MediaProblem[]; sent?: SentDetails; mayDelete: boolean },
): MediaItemPageView {
  const value = (name: string, stored: string) => options.sent?.values[name] ?? stored;
  const field = (name: string, label: string, stored: string, extra: Partial<FieldView> = {}): FieldView => ({ id: mediaFieldId(name), name, label, value: value(name, stored), error: options.sent?.fieldErrors[name], ...extra });
  const percent = (fraction: number) => String(Math.round(fraction * 100));
  const fields = [
    field('alt', t.alt, picture.alt, { hint: t.altHint, isMultiline: true }),
    field('caption', t.caption, picture.caption, { isMultiline: true }),
    field('credit', t.credit, picture.credit, { hint: t.creditHint }),
    field('licence', t.licence, picture.licence),
    field('sourceUrl', t.sourceUrl, picture.sourceUrl, { type: 'url' }),
  ];
  const focalFields = [field('focalX', t.focalX, percent(picture.focalX), { type: 'number' }), field('focalY', t.focalY, percent(picture.focalY), { type: 'number' })];
  const languageSets = languages.map(({ language, name, dir }) => {
    const own = picture.texts.find((x) => x.language === language);
    return {
      heading: t.languageHeading(name),
      hint: t.languageHint,
      fields: [
        field(`alt-${language}`, t.languageAlt(name), own?.alt ?? '', { lang: language, dir, isMultiline: true }),
        field(`caption-${language}`, t.languageCaption(name), own?.caption ?? '', { lang: language, dir, isMultiline: true }),
      ],
    };
  });
  const usesId = 'picture-uses';
  const ids = new Map([...fields, ...focalFields, ...languageSets.flatMap((l) => l.fields)].map((f): [string, string] => [f.name, f.id]));
  ids.set(USES_FIELD, usesId);
  return {
    frame,
    head: { title: t.itemTitle(picture.fileName), scriptHrefs },
    heading: t.itemTitle(picture.fileName),
    notice: options.notice,
    errorSummary: errorSummaryOf(options.problems ?? [], ids, mediaFieldId('alt')),
    preview: pictureView(picture, picture.alt, { crop: 'original', sizes: '(min-width: 48rem) 40rem, 100vw', maxWidth: 1280 }, false),
    size: t.size(picture.width, picture.height, Math.round(picture.sourceBytes / 1024), picture.sourceFormat.toUpperCase()),
    action: adminPaths.mediaItem(picture.id),
    fields,
    focal: { heading: t.focalHeading, hint: t.focalHint, fields: focalFields },
    languages: languageSets,
    save: t.save,
    uses: {
      id: usesId,
      heading: t.usesHeading,
      none: t.noUses,
      items: uses.map((use) => ({ headline: use.headline, href: adminPaths.story(use.storyId), detail: `${use.editionCode}, ${use.status.replace('_', ' ')}, ${use.role === 'lead' ? t.lead : t.body}` })),
    },
    deletion: options.mayDelete ? { heading: t.deleteHeading, hint: t.deleteHint, action: adminPaths.mediaDelete(picture.id), label: t.delete } : undefined,
  };
}

/** A picture as the story editor's script uses it: the upload's and the picker's answers, and the page's data. */
export function editorPicture(picture: Picture): EditorPictureView {
  return {
    id: picture.id,
    fileName: picture.fileName,
    alt: picture.alt,
    credit: picture.credit,
    width: picture.width,
    height: picture.height,
    src: largestVariantPath(picture),
    href: adminPaths.mediaItem(picture.id),
    thumbnail: pictureView(picture, picture.alt, placements.libraryThumbnail, true).src,
  };
}
