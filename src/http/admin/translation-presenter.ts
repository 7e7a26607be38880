import { adminStrings } from '../../config/admin-strings.ts';
import { storyAdminStrings as t } from '../../config/story-admin-strings.ts';
import type { Edition } from '../../modules/editions/edition-service.ts';
import type { TranslationGap } from '../../modules/newsroom/index.ts';
import type { AdminFrame, FormView } from '../../views/admin/admin-view-models.ts';
import type { TranslationsPageView } from '../../views/admin/story-view-models.ts';
import { adminPaths } from './admin-paths.ts';

/** The translations view for one pair of editions (docs/decisions/022); every word from `storyAdminStrings`. */
export function translationsPageView(
  frame: AdminFrame,
  editions: Edition[],
  pair: { from: Edition; to: Edition } | undefined,
  gaps: TranslationGap[],
  options: { problem?: string; mayTranslate: boolean; limit: number },
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
    head: { title: adminStrings.pageTitle(pair ? `${tr.heading}: ${pair.from.name} → ${pair.to.name}` : tr.heading) },
    heading: tr.heading,
    intro: tr.intro,
    problem: options.problem,
    filterForm,
    table: pair && gaps.length > 0 ? { caption: tr.caption(gaps.length, pair.from.name, pair.to.name), ...tr.columns } : undefined,
    rows: pair
      ? gaps.map((gap) => ({
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
    emptyText: pair && gaps.length === 0 && !options.problem ? tr.none(pair.from.name, pair.to.name) : undefined,
    limitedText: gaps.length >= options.limit ? tr.limited(options.limit) : undefined,
  };
}
