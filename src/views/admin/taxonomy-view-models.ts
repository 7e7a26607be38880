import type { AdminFrame, ButtonFormView, EditionSwitchView, FormView, NavItemView, NoticeView, PageHead } from './admin-view-models.ts';
import type { LinkView, PaginationView } from './story-view-models.ts';

/** What the sections, tags and authors pages are given. Every string is final text. */

/** Sections, Tags, Authors: the three pages of one part of the newsroom, the current one marked. */
export interface TaxonomyTabsView {
  label: string;
  items: NavItemView[];
}

interface TaxonomyPageBase {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  intro: string;
  tabs: TaxonomyTabsView;
  notice?: NoticeView;
}

export interface SectionRowView {
  name: string;
  language: string;
  editHref: string;
  editLabel: string;
  /** The section's page on the reader site. */
  address: LinkView;
  storyCount: string;
  navigationLabel: string;
  moveUp: ButtonFormView;
  moveDown: ButtonFormView;
}

export interface SectionsPageView extends TaxonomyPageBase {
  editions: EditionSwitchView;
  table: { id: string; caption: string; columns: string[] };
  rows: SectionRowView[];
  emptyText: string;
  newHeading: string;
  newForm: FormView;
}

/** A find-as-you-go form over a list, and the rows it found. */
export interface TaxonListPageView extends TaxonomyPageBase {
  editions?: EditionSwitchView;
  search: { action: string; label: string; value: string; submitLabel: string; hidden: Array<{ name: string; value: string }> };
  count: string;
  table: { id: string; caption: string; columns: string[] };
  rows: Array<{ name: string; language: string; editHref: string; editLabel: string; address: LinkView; storyCount: string; extra?: string }>;
  emptyText: string;
  pagination?: PaginationView;
}

/** One section, tag or author: its form, and for tags a second form that merges it into another. */
export interface TaxonEditPageView extends TaxonomyPageBase {
  backLink: LinkView;
  publicLink: LinkView;
  form: FormView;
  secondary?: { heading: string; intro: string; form: FormView };
}
