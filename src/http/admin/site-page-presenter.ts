import { adminStrings } from '../../config/admin-strings.ts';
import { pageAdminStrings as t } from '../../config/page-admin-strings.ts';
import { storyAdminStrings } from '../../config/story-admin-strings.ts';
import { blocksToTiptap } from '../../content/tiptap-blocks.ts';
import type { Edition } from '../../modules/editions/edition-service.ts';
import { sitePageLimits, type SitePage, type StoredFooterLink } from '../../modules/site-pages/index.ts';
import type { AdminFrame, FormPageView } from '../../views/admin/admin-view-models.ts';
import type { SitePageEditPageView, SitePageListPageView } from '../../views/admin/site-page-view-models.ts';
import type { StoryFieldView } from '../../views/admin/story-view-models.ts';
import { sitePaths } from '../site-paths.ts';
import { withProblems, type FormProblems } from './admin-presenter.ts';
import { adminPaths } from './admin-paths.ts';
import { editionSwitch, withEdition } from './taxonomy-presenter.ts';
import { utcTime } from './newsroom-time.ts';

/** The page form's fields as sent; `bodyJson` from the editor island, `bodyText` without it. */
export const sitePageFormFields = ['title', 'bodyText', 'bodyJson', 'slug', 'description', 'state'] as const;
export type SitePageFormValues = Record<(typeof sitePageFormFields)[number], string>;

/** What a refused form shows: the values as sent and the problem by field. */
export interface SentPageForm {
  values: SitePageFormValues;
  problems: Partial<Record<(typeof sitePageFormFields)[number] | 'body', string>>;
}

/** `2026-12-02 13:19` in UTC: the newsroom's lists show one zone. */
export function sitePageListView(frame: AdminFrame, edition: Edition, editions: readonly Edition[], pages: readonly SitePage[], notice?: string): SitePageListPageView {
  return {
    frame,
    head: { title: adminStrings.pageTitle(t.heading) },
    heading: t.heading,
    editions: editionSwitch(editions, edition, adminPaths.pages),
    intro: t.intro(edition.name),
    notice: notice ? { text: notice } : undefined,
    actions: [
      { href: withEdition(adminPaths.newPage, edition.code), label: t.newPage },
      { href: withEdition(adminPaths.footer, edition.code), label: t.footerLink },
    ],
    table: { id: 'site-pages', caption: t.tableCaption(edition.name), columns: [t.columns.title, t.columns.address, t.columns.state, t.columns.updated] },
    rows: pages.map((page) => ({
      title: page.title,
      language: edition.language,
      editHref: adminPaths.page(page.id),
      address: page.status === 'published' ? { href: sitePaths.sitePage(edition.code, page.slug), label: sitePaths.sitePage(edition.code, page.slug) } : undefined,
      state: t.states[page.status],
      isDraft: page.status === 'draft',
      updated: `${utcTime(page.updatedAt)} UTC`,
    })),
    emptyText: t.none,
  };
}

/** A page's form values as stored. */
export function sitePageFormValues(page: SitePage): SitePageFormValues {
  return { title: page.title, bodyText: '', bodyJson: JSON.stringify(blocksToTiptap(page.body)), slug: page.slug, description: page.description, state: page.status };
}

/**
 * A page's form: new (`page` absent) or an existing one. The body is the story editor's, with the editor's
 * words; the title and text take the edition's language and direction.
 */
export function sitePageEditView(frame: AdminFrame, edition: Edition, editorScriptHref: string, options: { page?: SitePage; sent?: SentPageForm; notice?: string }): SitePageEditPageView {
  const { page, sent } = options;
  const values: SitePageFormValues = sent?.values ?? (page ? sitePageFormValues(page) : { title: '', bodyText: '', bodyJson: '', slug: '', description: '', state: 'draft' });
  const problems = sent?.problems ?? {};
  const written = { lang: edition.language, dir: edition.direction };
  const field = (name: keyof SitePageFormValues, id: string, label: string, extra: Partial<StoryFieldView> = {}): StoryFieldView => ({ kind: 'input', id, name, label, value: values[name], error: problems[name], ...extra });
  const heading = page ? t.editHeading(page.title) : t.newHeading(edition.name);
  const errorItems = (
    [
      ['title', 'page-title'],
      ['body', 'page-body'],
      ['slug', 'page-slug'],
      ['description', 'page-description'],
      ['state', 'page-state'],
    ] as const
  ).flatMap(([name, id]) => (problems[name] ? [{ href: `#${id}`, text: problems[name] ?? '' }] : []));
  return {
    frame,
    head: { title: adminStrings.pageTitle(heading), scriptHrefs: [editorScriptHref] },
    heading,
    notice: options.notice ? { text: options.notice } : undefined,
    errorSummary: errorItems.length > 0 ? { title: adminStrings.errorSummaryTitle, items: errorItems } : undefined,
    links: [
      { href: withEdition(adminPaths.pages, edition.code), label: t.backToPages },
      ...(page?.status === 'published' ? [{ href: sitePaths.sitePage(edition.code, page.slug), label: t.viewOnSite }] : []),
    ],
    form: {
      action: page ? adminPaths.page(page.id) : withEdition(adminPaths.pages, edition.code),
      csrfToken: frame.csrfToken,
      title: field('title', 'page-title', t.title, { isRequired: true, maxLength: sitePageLimits.title, ...written }),
      body: { kind: 'textarea', id: 'page-body', name: 'bodyText', label: t.body, hint: t.bodyHint, value: values.bodyText, error: problems.body, rows: 14, ...written },
      editor: {
        // Without autosave: a page is saved with its button (the island then only says there are unsaved changes).
        doc: values.bodyJson.trim() !== '' ? values.bodyJson : JSON.stringify(blocksToTiptap([])),
        isLive: false,
        strings: JSON.stringify({ ...storyAdminStrings.editor, editorLabel: t.body, hint: t.editorHint, saveLabel: t.save }),
      },
      details: [
        field('slug', 'page-slug', t.slug, { hint: t.slugHint(`/${edition.code}/`), maxLength: sitePageLimits.slug, autocomplete: 'off' }),
        field('description', 'page-description', t.description, { kind: 'textarea', rows: 2, hint: t.descriptionHint, maxLength: sitePageLimits.description, ...written }),
        field('state', 'page-state', t.state, {
          kind: 'select',
          hint: t.stateHint,
          options: (['draft', 'published'] as const).map((state) => ({ value: state, label: t.states[state], isSelected: values.state === state })),
        }),
      ],
      submitLabel: page ? t.save : t.create,
    },
    deleteForm: page ? { action: adminPaths.pageDelete(page.id), csrfToken: frame.csrfToken, heading: t.deleteHeading, confirmLabel: t.deleteConfirm, label: t.delete } : undefined,
  };
}

/** Footer links as the form shows them: one a line, the label then the address. */
export function footerLinesOf(edition: Edition, links: readonly StoredFooterLink[]): string {
  return links.map((link) => `${link.label} ${link.page ? sitePaths.sitePage(edition.code, link.page.slug) : (link.url ?? '')}`).join('\n');
}

export function footerFormView(frame: AdminFrame, edition: Edition, pages: readonly SitePage[], text: string, options: { problems?: FormProblems; notice?: string } = {}): FormPageView {
  const examples = pages.length > 0 ? pages.slice(0, 3).map((p) => sitePaths.sitePage(edition.code, p.slug)).join(', ') : `/${edition.code}/about`;
  const heading = t.footer.heading(edition.name);
  return {
    frame,
    head: { title: adminStrings.pageTitle(heading) },
    heading,
    intro: t.footer.intro,
    notice: options.notice ? { text: options.notice } : undefined,
    form: withProblems(
      {
        method: 'post',
        action: withEdition(adminPaths.footer, edition.code),
        csrfToken: frame.csrfToken,
        fields: [{ kind: 'textarea', id: 'footer-links', name: 'links', label: t.footer.links, hint: t.footer.linksHint(examples), value: text, rows: 8 }],
        submitLabel: t.footer.save,
      },
      options.problems ?? {},
    ),
  };
}
