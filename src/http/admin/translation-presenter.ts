import { adminStrings } from '../../config/admin-strings.ts';
import { storyAdminStrings as t } from '../../config/story-admin-strings.ts';
import type { Edition } from '../../modules/editions/edition-service.ts';
import type { TranslationGap } from '../../modules/newsroom/index.ts';
import type { Page } from '../../modules/stories/story-types.ts';
import type { AdminFrame, FormView } from '../../views/admin/admin-view-models.ts';
import type { TranslationsPageView } from '../../views/admin/story-view-models.ts';
import { adminPaths } from './admin-paths.ts';
import { pagination } from './story-presenter.ts';

/** The translations view for one pair of editions (docs/decisions/022); every word from `storyAdminStrings`. */
export function translationsPageView(
  frame: AdminFrame,
  editions: Edition[],
  pair: { from: Edition; to: Edition } | undefined,
  gaps: Page<TranslationGap>,
  options: { problem?: string; mayTranslate: boolean },
): TranslationsPageView {
  const tr = t.translations;
  const editionOptions = (chosen: string | undefined) => editions.map((e) => ({ value: e.code, label: e.name, isSelected: e.code === chosen }));
  const filterForm: FormView = {
    method: 'get',
    action: adminPaths.translations,
    fields: [
      { kind: 'select', id: 'translations-from', name: 'from', label: tr.from, options: editionOptions(pair?.from.code) },
      { kind: 'select', id: 'translations-to', name: 'to', label: tr.to, options: editionOptions(pair?.to.code) },
    ],
    submitLabel: tr.show,
    className: 'admin-form filters-form',
  };
  const written = (e: Edition) => ({ language: e.language, direction: e.direction });
  return {
    frame,
    head: { title: adminStrings.pageTitle([pair ? `${tr.heading}: ${pair.from.name} → ${pair.to.name}` : tr.heading, gaps.page > 1 ? t.list.pageOf(gaps.page, gaps.pageCount) : ''].filter(Boolean).join(' – ')) },
    heading: tr.heading,
    intro: tr.intro,
    problem: options.problem,
    filterForm,
    table: pair && gaps.items.length > 0 ? { caption: tr.caption(gaps.total, pair.from.name, pair.to.name), ...tr.columns } : undefined,
    rows: pair
      ? gaps.items.map((gap) => ({
          code: gap.code,
          original: { href: adminPaths.story(gap.source.id), label: gap.source.headline, ...written(pair.from) },
          translation: gap.translation ? { href: adminPaths.story(gap.translation.id), label: gap.translation.headline, ...written(pair.to) } : undefined,
          state: gap.translation ? (gap.translation.isOutOfDate ? tr.outOfDate : t.statuses[gap.translation.status]) : tr.missing,
          isOutOfDate: gap.translation?.isOutOfDate ?? false,
          translateForm:
            !gap.translation && options.mayTranslate
              ? {
                  method: 'post',
                  action: adminPaths.storyTranslate(gap.source.id),
                  csrfToken: frame.csrfToken,
                  hidden: [{ name: 'edition', value: pair.to.code }],
                  fields: [],
                  submitLabel: tr.translate,
                  submitContext: tr.translateContext(gap.source.headline),
                  className: 'inline-form',
                }
              : undefined,
        }))
      : [],
    emptyText: pair && gaps.total === 0 && !options.problem ? tr.none(pair.from.name, pair.to.name) : undefined,
    pagination: pair ? pagination(gaps, (p) => pageHref(pair, p), { label: t.list.pagination, newer: tr.newer, older: tr.older, pageOf: t.list.pageOf }) : undefined,
  };
}

/** The view's address for a pair of editions and a page, as the filter form sends it (`?from=en&to=fa&page=2`). */
function pageHref(pair: { from: Edition; to: Edition }, page: number): string {
  const params = new URLSearchParams({ from: pair.from.code, to: pair.to.code });
  if (page > 1) params.set('page', String(page));
  return `${adminPaths.translations}?${params.toString()}`;
}
