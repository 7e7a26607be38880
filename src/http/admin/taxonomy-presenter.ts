import { taxonomyAdminStrings as t } from '../../config/taxonomy-admin-strings.ts';
import type { Edition } from '../../modules/editions/edition-service.ts';
import { taxonomyLimits, type ManagedAuthor, type ManagedSection, type ManagedTag, type TaxonomyPage } from '../../modules/taxonomy/index.ts';
import type { AdminFrame, EditionSwitchView, FieldView, FormView } from '../../views/admin/admin-view-models.ts';
import type { PaginationView } from '../../views/admin/story-view-models.ts';
import type { SectionsPageView, TaxonEditPageView, TaxonListPageView, TaxonomyTabsView } from '../../views/admin/taxonomy-view-models.ts';
import { sitePaths } from '../site-paths.ts';
import { withProblems, type FormProblems } from './admin-presenter.ts';
import { adminPaths } from './admin-paths.ts';

/** What a form sent, shown again with its problems. */
export interface SentForm {
  values: Record<string, string>;
  problems: FormProblems;
}

type Tab = keyof typeof t.tabs;

const tabHrefs: Record<Tab, string> = { sections: adminPaths.sections, tags: adminPaths.tags, authors: adminPaths.authors };

export function withEdition(path: string, editionCode: string): string {
  return `${path}?edition=${encodeURIComponent(editionCode)}`;
}

function tabs(current: Tab): TaxonomyTabsView {
  return { label: t.tabsLabel, items: (Object.keys(tabHrefs) as Tab[]).map((tab) => ({ href: tabHrefs[tab], label: t.tabs[tab], isCurrent: tab === current })) };
}

/** The same newsroom page in each edition, the current one marked. */
export function editionSwitch(editions: readonly Edition[], current: Edition, path: string): EditionSwitchView {
  return { label: t.editionsLabel, items: editions.map((e) => ({ href: withEdition(path, e.code), label: e.name, language: e.language, isCurrent: e.code === current.code })) };
}

function storyCount(n: number): string {
  return n.toLocaleString('en');
}

function sectionFields(values: Record<string, string>, prefix: string): FieldView[] {
  const s = t.sections;
  return [
    { kind: 'input', id: `${prefix}-name`, name: 'name', label: s.name, hint: s.nameHint, type: 'text', autocomplete: 'off', value: values.name ?? '', isRequired: true, maxLength: taxonomyLimits.name },
    { kind: 'input', id: `${prefix}-slug`, name: 'slug', label: s.address, hint: s.slugHint, type: 'text', autocomplete: 'off', value: values.slug ?? '', maxLength: taxonomyLimits.slug, spellcheck: false },
    { kind: 'textarea', id: `${prefix}-description`, name: 'description', label: s.descriptionLabel, hint: s.descriptionHint, value: values.description ?? '', rows: 3, maxLength: taxonomyLimits.description },
    { kind: 'checkbox', id: `${prefix}-in-navigation`, name: 'inNavigation', label: s.inNavigation, hint: s.inNavigationHint, isChecked: values.inNavigation === 'on' },
  ];
}

function form(action: string, csrfToken: string, fields: FieldView[], submitLabel: string, sent?: FormProblems): FormView {
  const base: FormView = { action, method: 'post', csrfToken, fields, submitLabel };
  return sent ? withProblems(base, sent) : base;
}

/** An edition's sections, their order, and a form for a new one. */
export function sectionsPageView(
  frame: AdminFrame,
  edition: Edition,
  editions: readonly Edition[],
  sections: readonly ManagedSection[],
  options: { notice?: string; sent?: SentForm; movedId?: number; movedDirection?: 'up' | 'down' } = {},
): SectionsPageView {
  const s = t.sections;
  const move = (section: ManagedSection, index: number, direction: 'up' | 'down') => ({
    action: adminPaths.sectionMove(section.id),
    csrfToken: frame.csrfToken,
    hidden: [{ name: 'direction', value: direction }],
    label: direction === 'up' ? s.moveUp : s.moveDown,
    context: `: ${section.name}`,
    isDisabled: direction === 'up' ? index === 0 : index === sections.length - 1,
    hasFocus: options.movedId === section.id && options.movedDirection === direction,
  });
  return {
    frame,
    head: { title: s.title(edition.name) },
    heading: s.title(edition.name),
    intro: s.intro,
    tabs: tabs('sections'),
    editions: editionSwitch(editions, edition, adminPaths.sections),
    notice: options.notice ? { text: options.notice } : undefined,
    table: { id: 'sections', caption: s.caption, columns: [s.name, s.address, s.stories, s.navigation, s.order] },
    rows: sections.map((section, index) => {
      const address = sitePaths.section(edition.code, section.slug);
      return {
        name: section.name,
        language: edition.language,
        editHref: adminPaths.section(section.id),
        editLabel: s.edit,
        address: { href: address, label: decodeURIComponent(address) },
        storyCount: storyCount(section.storyCount),
        navigationLabel: section.isInNavigation ? s.shown : s.hidden,
        moveUp: move(section, index, 'up'),
        moveDown: move(section, index, 'down'),
      };
    }),
    emptyText: s.none,
    newHeading: s.newHeading,
    newForm: form(
      withEdition(adminPaths.sections, edition.code),
      frame.csrfToken,
      sectionFields(options.sent?.values ?? { inNavigation: 'on' }, 'new-section'),
      s.create,
      options.sent?.problems,
    ),
  };
}

export function sectionEditPageView(frame: AdminFrame, section: ManagedSection, options: { notice?: string; sent?: SentForm } = {}): TaxonEditPageView {
  const s = t.sections;
  const values = options.sent?.values ?? { name: section.name, slug: section.slug, description: section.description, inNavigation: section.isInNavigation ? 'on' : '' };
  const address = sitePaths.section(section.editionCode, section.slug);
  return {
    frame,
    head: { title: s.editTitle(section.name) },
    heading: s.editTitle(section.name),
    intro: s.intro,
    tabs: tabs('sections'),
    notice: options.notice ? { text: options.notice } : undefined,
    backLink: { href: withEdition(adminPaths.sections, section.editionCode), label: t.tabs.sections },
    publicLink: { href: address, label: decodeURIComponent(address) },
    form: form(adminPaths.section(section.id), frame.csrfToken, sectionFields(values, 'section'), s.save, options.sent?.problems),
  };
}

function pagination(page: TaxonomyPage<unknown>, hrefOf: (n: number) => string): PaginationView | undefined {
  if (page.pageCount <= 1) return undefined;
  return {
    label: t.tabsLabel,
    current: `${page.page} / ${page.pageCount}`,
    newer: page.page > 1 ? { href: hrefOf(page.page - 1), label: '←' } : undefined,
    older: page.page < page.pageCount ? { href: hrefOf(page.page + 1), label: '→' } : undefined,
  };
}

function listHref(path: string, params: Record<string, string>): string {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== ''));
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}

export function tagsPageView(frame: AdminFrame, edition: Edition, editions: readonly Edition[], page: TaxonomyPage<ManagedTag>, query: string, notice?: string): TaxonListPageView {
  const s = t.tags;
  return {
    frame,
    head: { title: s.title(edition.name) },
    heading: s.title(edition.name),
    intro: s.intro,
    tabs: tabs('tags'),
    editions: editionSwitch(editions, edition, adminPaths.tags),
    notice: notice ? { text: notice } : undefined,
    search: { action: adminPaths.tags, label: s.search, value: query, submitLabel: s.find, hidden: [{ name: 'edition', value: edition.code }] },
    count: s.count(page.total),
    table: { id: 'tags', caption: s.caption, columns: [s.name, s.address, s.stories] },
    rows: page.items.map((tag) => {
      const address = sitePaths.tag(edition.code, tag.slug);
      return { name: tag.name, language: edition.language, editHref: adminPaths.tag(tag.id), editLabel: s.edit, address: { href: address, label: decodeURIComponent(address) }, storyCount: storyCount(tag.storyCount) };
    }),
    emptyText: s.none,
    pagination: pagination(page, (n) => listHref(adminPaths.tags, { edition: edition.code, q: query, page: String(n) })),
  };
}

export function tagEditPageView(frame: AdminFrame, tag: ManagedTag, options: { notice?: string; sent?: SentForm; mergeSent?: SentForm } = {}): TaxonEditPageView {
  const s = t.tags;
  const values = options.sent?.values ?? { name: tag.name, slug: tag.slug, description: tag.description };
  const address = sitePaths.tag(tag.editionCode, tag.slug);
  const fields: FieldView[] = [
    { kind: 'input', id: 'tag-name', name: 'name', label: s.name, type: 'text', autocomplete: 'off', value: values.name ?? '', isRequired: true, maxLength: taxonomyLimits.name },
    { kind: 'input', id: 'tag-slug', name: 'slug', label: s.address, hint: s.slugHint, type: 'text', autocomplete: 'off', value: values.slug ?? '', maxLength: taxonomyLimits.slug, spellcheck: false },
    { kind: 'textarea', id: 'tag-description', name: 'description', label: s.descriptionLabel, hint: s.descriptionHint, value: values.description ?? '', rows: 3, maxLength: taxonomyLimits.description },
  ];
  const mergeFields: FieldView[] = [{ kind: 'input', id: 'merge-into', name: 'into', label: s.into, type: 'text', autocomplete: 'off', value: options.mergeSent?.values.into ?? '', isRequired: true, maxLength: taxonomyLimits.name }];
  return {
    frame,
    head: { title: s.editTitle(tag.name) },
    heading: s.editTitle(tag.name),
    intro: s.intro,
    tabs: tabs('tags'),
    notice: options.notice ? { text: options.notice } : undefined,
    backLink: { href: withEdition(adminPaths.tags, tag.editionCode), label: t.tabs.tags },
    publicLink: { href: address, label: decodeURIComponent(address) },
    form: form(adminPaths.tag(tag.id), frame.csrfToken, fields, s.save, options.sent?.problems),
    secondary: { heading: s.mergeHeading, intro: s.mergeIntro(tag.storyCount), form: form(adminPaths.tagMerge(tag.id), frame.csrfToken, mergeFields, s.merge, options.mergeSent?.problems) },
  };
}

export function authorsPageView(frame: AdminFrame, page: TaxonomyPage<ManagedAuthor>, query: string, publicEdition: Edition, notice?: string): TaxonListPageView {
  const s = t.authors;
  return {
    frame,
    head: { title: s.title },
    heading: s.title,
    intro: s.intro,
    tabs: tabs('authors'),
    notice: notice ? { text: notice } : undefined,
    search: { action: adminPaths.authors, label: s.search, value: query, submitLabel: s.find, hidden: [] },
    count: s.count(page.total),
    table: { id: 'authors', caption: s.caption, columns: [s.name, s.address, s.stories, s.profile] },
    rows: page.items.map((author) => {
      const address = sitePaths.author(publicEdition.code, author.slug);
      return {
        name: author.name,
        language: publicEdition.language,
        editHref: adminPaths.author(author.id),
        editLabel: s.edit,
        address: { href: address, label: decodeURIComponent(address) },
        storyCount: storyCount(author.storyCount),
        extra: author.bio !== '' || author.photoMediaId !== null ? s.hasProfile : s.noProfile,
      };
    }),
    emptyText: s.none,
    pagination: pagination(page, (n) => listHref(adminPaths.authors, { q: query, page: String(n) })),
  };
}

export function authorEditPageView(frame: AdminFrame, author: ManagedAuthor, publicEdition: Edition, options: { notice?: string; sent?: SentForm } = {}): TaxonEditPageView {
  const s = t.authors;
  const values = options.sent?.values ?? {
    name: author.name,
    slug: author.slug,
    bio: author.bio,
    photo: author.photoMediaId === null ? '' : String(author.photoMediaId),
    links: author.links.map((l) => `${l.label} ${l.url}`).join('\n'),
  };
  const address = sitePaths.author(publicEdition.code, author.slug);
  const fields: FieldView[] = [
    { kind: 'input', id: 'author-name', name: 'name', label: s.name, hint: s.nameHint, type: 'text', autocomplete: 'off', value: values.name ?? '', isRequired: true, maxLength: taxonomyLimits.name },
    { kind: 'input', id: 'author-slug', name: 'slug', label: s.address, hint: s.slugHint, type: 'text', autocomplete: 'off', value: values.slug ?? '', maxLength: taxonomyLimits.slug, spellcheck: false },
    { kind: 'textarea', id: 'author-bio', name: 'bio', label: s.bio, hint: s.bioHint, value: values.bio ?? '', rows: 5, maxLength: taxonomyLimits.bio },
    { kind: 'input', id: 'author-photo', name: 'photo', label: s.photo, hint: s.photoHint, type: 'text', autocomplete: 'off', value: values.photo ?? '', spellcheck: false },
    { kind: 'textarea', id: 'author-links', name: 'links', label: s.links, hint: s.linksHint, value: values.links ?? '', rows: 3 },
  ];
  return {
    frame,
    head: { title: s.editTitle(author.name) },
    heading: s.editTitle(author.name),
    intro: s.intro,
    tabs: tabs('authors'),
    notice: options.notice ? { text: options.notice } : undefined,
    backLink: { href: adminPaths.authors, label: t.tabs.authors },
    publicLink: { href: address, label: decodeURIComponent(address) },
    form: form(adminPaths.author(author.id), frame.csrfToken, fields, s.save, options.sent?.problems),
  };
}
