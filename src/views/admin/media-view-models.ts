import type { PictureView } from '../picture-view-models.ts';
import type { AdminFrame, ErrorSummaryView, NoticeView, PageHead } from './admin-view-models.ts';

export interface FieldView {
  /** The control's id: the error summary's links and the label point at it. */
  id: string;
  name: string;
  label: string;
  value: string;
  hint?: string;
  error?: string;
  isMultiline?: boolean;
  lang?: string;
  dir?: 'ltr' | 'rtl';
  type?: 'text' | 'url' | 'number';
}

export interface LibraryItemView {
  id: number;
  href: string;
  fileName: string;
  thumbnail: PictureView;
  alt: string;
  hasAlt: boolean;
  caption: string;
  credit: string;
  usedIn: string;
}

export interface MediaLibraryPageView {
  frame: AdminFrame;
  head: PageHead;
  text: {
    heading: string;
    intro: string;
    uploadHeading: string;
    uploadHint: string;
    chooseFiles: string;
    upload: string;
    dropZone: string;
    searchHeading: string;
    search: string;
    filter: string;
    find: string;
    none: string;
    noAlt: string;
    edit: string;
  };
  notice?: NoticeView;
  errorSummary?: ErrorSummaryView;
  /** The file input's id, which a refused upload's summary links to. */
  filesId: string;
  uploadAction: string;
  uploadFields: FieldView[];
  accept: string;
  searchAction: string;
  query: string;
  filter: string;
  filters: { value: string; label: string }[];
  count: string;
  items: LibraryItemView[];
  pages: { previous?: string; next?: string; label: string; previousLabel: string; nextLabel: string };
}

export interface PictureUseView {
  headline: string;
  href: string;
  detail: string;
}

export interface MediaItemPageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  notice?: NoticeView;
  errorSummary?: ErrorSummaryView;
  preview: PictureView;
  size: string;
  action: string;
  fields: FieldView[];
  focal: { heading: string; hint: string; fields: FieldView[] };
  languages: { heading: string; hint: string; fields: FieldView[] }[];
  save: string;
  /** `id` is what a refused deletion's summary links to: the stories still showing the picture. */
  uses: { id: string; heading: string; none: string; items: PictureUseView[] };
  deletion?: { heading: string; hint: string; action: string; label: string };
}
