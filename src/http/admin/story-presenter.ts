import { newsroomList } from '../../config/messages/newsroom-language.ts';
import { adminStrings } from '../../config/admin-strings.ts';
import { storyAdminStrings as t } from '../../config/story-admin-strings.ts';
import { blocksToPlainTextBody } from '../../content/plain-text-body.ts';
import { blocksToTiptap } from '../../content/tiptap-blocks.ts';
import type { User } from '../../modules/accounts/account-types.ts';
import { hasGrant } from '../../modules/accounts/permissions.ts';
import type { Edition } from '../../modules/editions/edition-service.ts';
import {
  STORY_FIELD_LIMITS,
  STORY_RETURN_NOTE_MAX_LENGTH,
  type EditableStory,
  type RevisionDiff,
  type RevisionSummary,
  type StoryListFilter,
  type StoryListFilterOptions,
  type StoryListItem,
  type StoryStatus,
  type StoryReturnNote,
  type TranslationLink,
  type WorkflowAction,
} from '../../modules/newsroom/index.ts';
import type { Page } from '../../modules/stories/story-types.ts';
import type { AdminFrame, ErrorSummaryView, FieldView, FormView, NoticeView } from '../../views/admin/admin-view-models.ts';
import type {
  CompareBlockView,
  DiffView,
  PaginationView,
  StoryComparePageView,
  StoryEditPageView,
  StoryFieldView,
  StoryListPageView,
  StoryPictureToolsView,
  StoryRevisionsPageView,
  TranslationSourceView,
  WorkflowStepView,
} from '../../views/admin/story-view-models.ts';
import { adminPaths } from './admin-paths.ts';
import { newsroomTime } from './newsroom-time.ts';
import { toWallClockInput, zoneOffset, type StoryFormField, type StoryFormValues } from './story-form.ts';
import { sitePaths } from '../site-paths.ts';
import { decideStandfirst } from '../story-page-presenter.ts';

export type StoryFormProblems = Partial<Record<StoryFormField | 'body' | 'scheduledAt' | 'note' | 'confirmDelete', string>>;

/** The edit page's state beyond the story: what was typed, what went wrong, what happened. */
export interface StoryEditState {
  values?: StoryFormValues;
  problems?: StoryFormProblems;
  /** Not tied to a field: a conflict, a refused step. */
  general?: string;
  notice?: NoticeView;
  /** The version the form names as the one it replaces. */
  revision?: number;
  scheduledAtValue?: string;
  /** The editor's picture tools, for people who may upload pictures. */
  pictureTools?: StoryPictureToolsView;
  /** The note to the author as typed, when sending back to draft was refused. */
  noteValue?: string;
  /** Why the story was last sent back to draft, while it is a draft. */
  returnNote?: StoryReturnNote;
}

/** Unchanged blocks in a row beyond this are folded into one line in a comparison. */
const COLLAPSE_AFTER = 2;

/** Turns stories, revisions and comparisons into the story pages' view models; every word from `storyAdminStrings`. */
export class StoryPresenter {
  constructor(private readonly editorScriptHref: string) {}

  statusLabel(status: StoryStatus): string {
    return t.statuses[status];
  }

  listPage(
    frame: AdminFrame,
    page: Page<StoryListItem>,
    filter: StoryListFilter,
    options: StoryListFilterOptions,
    editions: Edition[],
    extras: { seesAll: boolean; mayCreate: boolean; notice?: NoticeView; undoForm?: FormView; problem?: string },
  ): StoryListPageView {
    const s = t.list;
    const editionName = (code: string) => editions.find((e) => e.code === code)?.name ?? code;
    const fields: FieldView[] = [
      { kind: 'input', id: 'filter-headline', name: 'q', label: s.headline, type: 'text', autocomplete: 'off', value: filter.headline },
      {
        kind: 'select',
        id: 'filter-status',
        name: 'status',
        label: s.status,
        options: [
          { value: '', label: s.anyStatus, isSelected: filter.status === undefined },
          ...(Object.keys(t.statuses) as StoryStatus[]).map((status) => ({ value: status, label: t.statuses[status], isSelected: filter.status === status })),
          { value: 'deleted', label: s.deletedStatus, isSelected: filter.status === 'deleted' },
        ],
      },
      {
        kind: 'select',
        id: 'filter-edition',
        name: 'edition',
        label: s.edition,
        options: [{ value: '', label: s.anyEdition, isSelected: filter.editionCode === undefined }, ...editions.map((e) => ({ value: e.code, label: e.name, isSelected: e.code === filter.editionCode }))],
      },
      {
        kind: 'select',
        id: 'filter-section',
        name: 'section',
        label: s.section,
        options: [
          { value: '', label: s.anySection, isSelected: filter.sectionId === undefined },
          ...options.sections.map((sec) => ({ value: String(sec.id), label: `${sec.name} (${editionName(sec.editionCode)})`, isSelected: sec.id === filter.sectionId })),
        ],
      },
      {
        kind: 'select',
        id: 'filter-author',
        name: 'author',
        label: s.author,
        options: [{ value: '', label: s.anyAuthor, isSelected: filter.authorSlug === undefined }, ...options.authors.map((a) => ({ value: a.slug, label: a.name, isSelected: a.slug === filter.authorSlug }))],
      },
    ];
    const isFiltered = filter.headline !== undefined || filter.status !== undefined || filter.editionCode !== undefined || filter.sectionId !== undefined || filter.authorSlug !== undefined;
    const editionOf = (code: string) => editions.find((e) => e.code === code);
    return {
      frame,
      head: { title: adminStrings.pageTitle(page.page > 1 ? `${s.heading} – ${s.pageOf(page.page, page.pageCount)}` : s.heading) },
      heading: s.heading,
      intro: extras.seesAll ? undefined : s.ownOnly,
      notice: extras.notice ?? (extras.problem ? { text: extras.problem } : undefined),
      undoForm: extras.undoForm,
      newStory: extras.mayCreate ? { href: adminPaths.newStory, label: s.newStory } : undefined,
      filtersHeading: s.filters,
      filterForm: { method: 'get', action: adminPaths.stories, fields, submitLabel: s.submit, className: 'admin-form' },
      clearLink: isFiltered ? { href: adminPaths.stories, label: s.clear } : undefined,
      table: { caption: s.caption(page.total), ...s.columns },
      rows: page.items.map((item) => {
        const edition = editionOf(item.editionCode);
        const zone = edition ?? { timeZone: 'UTC' };
        return {
          id: item.id,
          href: adminPaths.story(item.id),
          headline: item.headline.trim() === '' ? s.untitled : item.headline,
          status: item.deletedAt !== null ? t.deleted : t.statuses[item.status],
          statusDetail: this.statusDetail(item, zone),
          edition: editionName(item.editionCode),
          section: item.section ?? '',
          bylines: newsroomList(item.authors),
          updated: { iso: item.updatedAt, text: newsroomTime(item.updatedAt, zone) },
          outOfDateLabel: item.isOutOfDate ? t.translations.outOfDate : undefined,
        };
      }),
      emptyText: s.none,
      pagination: pagination(page, (p) => `${adminPaths.stories}${listQuery(filter, p)}`, { label: s.pagination, newer: s.newer, older: s.older, pageOf: s.pageOf }),
    };
  }

  private statusWithDetail(status: string, detail: string | undefined): string {
    return detail ? t.form.statusWithDetail(status, detail) : status;
  }

  private statusDetail(item: Pick<StoryListItem, 'status' | 'scheduledAt' | 'embargoUntil' | 'publishedAt' | 'deletedAt'>, zone: Pick<Edition, 'timeZone'>): string | undefined {
    const f = t.form;
    if (item.deletedAt !== null) return undefined;
    if (item.status === 'scheduled' && item.scheduledAt) return f.scheduledFor(newsroomTime(item.scheduledAt, zone));
    if (item.status === 'published' && item.publishedAt) return f.publishedAt(newsroomTime(item.publishedAt, zone));
    if (item.embargoUntil) return f.embargoedUntil(newsroomTime(item.embargoUntil, zone));
    return undefined;
  }

  /** The form's values for a story as stored. */
  valuesOf(story: EditableStory): StoryFormValues {
    return {
      headline: story.headline,
      teaser: story.isTeaserDerived ? '' : story.teaser,
      bodyText: blocksToPlainTextBody(story.body),
      bodyJson: '',
      section: story.section ?? '',
      tags: story.tags.join(', '),
      authors: story.authors.join(', '),
      slug: story.slug,
      seoTitle: story.seoTitle ?? '',
      seoDescription: story.seoDescription ?? '',
      embargo: '',
      leadMediaId: story.leadMediaId === null ? '' : String(story.leadMediaId),
      editionCode: story.editionCode,
      revision: String(story.revision),
    };
  }

  /** The new-story form: the edition to write for, the writer's own name as the byline. */
  newPage(frame: AdminFrame, editions: Edition[], sections: string[], defaults: { editionCode: string; author: string }, state: StoryEditState = {}): StoryEditPageView {
    const f = t.form;
    const values: StoryFormValues = state.values ?? {
      headline: '', teaser: '', bodyText: '', bodyJson: '', section: '', tags: '', authors: defaults.author, slug: '', seoTitle: '', seoDescription: '', embargo: '', leadMediaId: '',
      editionCode: defaults.editionCode, revision: '0',
    };
    const edition = editions.find((e) => e.code === values.editionCode) ?? editions[0];
    const problems = state.problems ?? {};
    const editionField: StoryFieldView = {
      kind: 'select',
      id: 'edition',
      name: 'editionCode',
      label: f.edition,
      value: values.editionCode,
      error: problems.editionCode,
      options: editions.map((e) => ({ value: e.code, label: e.name, isSelected: e.code === values.editionCode })),
    };
    const form = this.form(adminPaths.stories, frame.csrfToken, values, problems, edition, sections, { isLive: false, body: [], editionField, submitLabel: f.create, createUrl: adminPaths.apiStories, pictureTools: state.pictureTools });
    return {
      frame,
      head: { title: adminStrings.pageTitle(f.newHeading), scriptHrefs: [this.editorScriptHref] },
      heading: f.newHeading,
      errorSummary: summary(problems, state.general),
      facts: [],
      form,
      links: [],
    };
  }

  /** `viewer` decides which of the story's other newsroom pages (related stories, notes, comments) are linked: those their role opens. */
  editPage(frame: AdminFrame, viewer: User, story: EditableStory, edition: Edition, actions: Set<WorkflowAction>, sections: string[], now: Date, state: StoryEditState = {}): StoryEditPageView {
    const f = t.form;
    const values = state.values ?? this.valuesOf(story);
    if (state.values === undefined) values.embargo = toWallClockInput(story.embargoUntil, edition);
    if (state.revision !== undefined) values.revision = String(state.revision);
    const problems = state.problems ?? {};
    const isLive = story.status === 'published' || story.status === 'scheduled';
    const isDeleted = story.deletedAt !== null;
    const savedBy = story.lastSaved.by?.displayName ?? f.someone;
    const facts = [
      { term: f.statusLine, detail: this.statusWithDetail(isDeleted ? t.deleted : t.statuses[story.status], this.statusDetail(story, edition)) },
      ...(story.owner ? [{ term: f.owner, detail: story.owner.displayName }] : []),
      { term: f.revisions, detail: f.revision(story.revision, newsroomTime(story.lastSaved.at, edition), savedBy) },
    ];
    const links = [
      { href: adminPaths.storyPreview(story.id), label: f.preview },
      { href: adminPaths.storyRevisions(story.id), label: f.revisions },
      ...(story.status === 'published' && !isDeleted ? [{ href: sitePaths.story(story.editionCode, story.code, story.slug), label: f.viewLive }] : []),
      // A deleted story has left those pages: they answer 404 for it.
      ...(!isDeleted && hasGrant(viewer.role, 'curation.edit') ? [{ href: adminPaths.storyRelated(story.id), label: f.relatedLink }] : []),
      ...(!isDeleted && hasGrant(viewer.role, 'story.edit.any') ? [{ href: adminPaths.storyNotes(story.id), label: f.notesLink }] : []),
      ...(!isDeleted && hasGrant(viewer.role, 'comment.configure') ? [{ href: adminPaths.storyComments(story.id), label: f.commentsLink }] : []),
    ];
    const banner = isDeleted
      ? f.deletedNotice(newsroomTime(story.deletedAt ?? story.updatedAt, edition), story.deletedBy?.displayName ?? f.someone)
      : !actions.has('edit')
        ? f.readOnly
        : story.status === 'scheduled'
          ? f.scheduledNotice(newsroomTime(story.scheduledAt ?? story.updatedAt, edition))
          : isLive
            ? f.liveNotice
            : undefined;
    const editionField: StoryFieldView = { kind: 'input', id: 'edition', name: 'editionDisplay', label: f.edition, value: edition.name, hint: f.editionFixed, isReadOnly: true };
    const form = actions.has('edit')
      ? this.form(adminPaths.story(story.id), frame.csrfToken, values, problems, edition, sections, {
          isLive,
          body: story.body,
          editionField,
          submitLabel: story.status === 'published' ? f.saveLive : f.save,
          autosaveUrl: adminPaths.apiStoryDraft(story.id),
          previewUrl: adminPaths.storyPreview(story.id),
          pictureTools: state.pictureTools,
        })
      : undefined;
    return {
      frame,
      head: { title: adminStrings.pageTitle(`${f.editHeading}: ${story.headline}`), scriptHrefs: form ? [this.editorScriptHref] : [] },
      heading: story.headline,
      notice: state.notice,
      errorSummary: summary(problems, state.general),
      facts,
      banner,
      returnNote: state.returnNote
        ? { heading: f.returnNoteHeading(state.returnNote.by?.displayName ?? f.someone, newsroomTime(state.returnNote.at, edition)), text: state.returnNote.note }
        : undefined,
      form,
      links,
      workflow: { heading: f.workflowHeading, csrfToken: frame.csrfToken, steps: this.steps(story, edition, actions, now, state) },
    };
  }

  private steps(story: EditableStory, edition: Edition, actions: Set<WorkflowAction>, now: Date, state: StoryEditState): WorkflowStepView[] {
    const a = t.actions;
    const f = t.form;
    const steps: WorkflowStepView[] = [];
    const step = (action: WorkflowAction, path: Parameters<typeof adminPaths.storyStep>[1], label: string, style: WorkflowStepView['style'], field?: StoryFieldView) => {
      if (actions.has(action)) steps.push({ action: adminPaths.storyStep(story.id, path), label, style, field });
    };
    step('submit', 'submit', a.submit, 'primary');
    step('publish', 'publish', a.publish, 'primary');
    step('schedule', 'schedule', a.schedule, 'secondary', {
      kind: 'input',
      type: 'datetime-local',
      id: 'schedule-at',
      name: 'scheduledAt',
      label: f.scheduleAt,
      hint: f.scheduleHint(edition.timeZone),
      value: state.scheduledAtValue ?? toWallClockInput(story.scheduledAt, edition),
      error: state.problems?.scheduledAt,
      after: f.zoneLabel(edition.timeZone, zoneOffset(edition, now)),
    });
    step('unpublish', 'unpublish', a.unpublish, 'secondary');
    step('toDraft', 'to-draft', a.toDraft, 'secondary', {
      kind: 'textarea',
      id: 'return-note',
      name: 'note',
      label: f.returnNote,
      hint: f.returnNoteHint,
      value: state.noteValue ?? '',
      rows: 3,
      maxLength: STORY_RETURN_NOTE_MAX_LENGTH,
      error: state.problems?.note,
    });
    // Deleting a live story takes it off the site: a secondary button, behind a box to tick, so that
    // neither a slip nor a form without JavaScript can do it in one press.
    const isLive = story.status === 'published' || story.status === 'scheduled';
    if (actions.has('delete')) {
      steps.push({
        action: adminPaths.storyStep(story.id, 'delete'),
        label: a.delete,
        style: 'secondary',
        confirm: isLive ? { id: 'confirm-delete', name: 'confirm', label: story.status === 'published' ? f.confirmDeleteLive : f.confirmDeleteScheduled, error: state.problems?.confirmDelete } : undefined,
      });
    }
    step('restore', 'restore', a.restore, 'primary');
    return steps;
  }

  private form(
    action: string,
    csrfToken: string,
    values: StoryFormValues,
    problems: StoryFormProblems,
    edition: Edition | undefined,
    sections: string[],
    options: {
      isLive: boolean;
      body: EditableStory['body'];
      editionField: StoryFieldView;
      submitLabel: string;
      autosaveUrl?: string;
      createUrl?: string;
      previewUrl?: string;
      pictureTools?: StoryPictureToolsView;
    },
  ) {
    const f = t.form;
    const zone = edition?.timeZone ?? 'UTC';
    const field = (name: StoryFormField, label: string, extra: Partial<StoryFieldView> = {}): StoryFieldView => ({
      kind: 'input',
      id: name,
      name,
      label,
      value: values[name],
      error: problems[name],
      ...extra,
    });
    const doc = values.bodyJson.trim() !== '' ? values.bodyJson : JSON.stringify(blocksToTiptap(options.body));
    // Text written in the story's language takes its language and direction: a Persian headline reads right to left.
    const written = edition ? { lang: edition.language, dir: edition.direction } : { dir: 'auto' as const };
    return {
      action,
      csrfToken,
      hidden: [{ name: 'revision', value: values.revision }],
      fields: [
        field('headline', f.headline, { isRequired: true, maxLength: 300, ...written }),
        field('teaser', f.teaser, { kind: 'textarea', rows: 3, hint: f.teaserHint, maxLength: STORY_FIELD_LIMITS.teaser, ...written }),
      ],
      body: { kind: 'textarea', id: 'body', name: 'bodyText', label: f.body, hint: f.bodyHint, value: values.bodyText, error: problems.body, rows: 18, ...written } satisfies StoryFieldView,
      editor: {
        doc,
        autosaveUrl: options.autosaveUrl,
        createUrl: options.createUrl,
        previewUrl: options.previewUrl,
        isLive: options.isLive,
        strings: JSON.stringify({ ...t.editor, hint: f.editorHint, saveLabel: f.save }),
        pictures: options.pictureTools ? JSON.stringify(options.pictureTools) : undefined,
      },
      detailsFields: [
        field('section', f.section, { kind: 'select', hint: f.sectionHint, options: sectionOptions(sections, values.section, f.noSection) }),
        field('tags', f.tags, { hint: f.tagsHint, ...written }),
        field('authors', f.authors, { hint: f.authorsHint, ...written }),
        options.editionField,
        field('slug', f.slug, { hint: f.slugHint, maxLength: STORY_FIELD_LIMITS.slug }),
        field('leadMediaId', f.leadPicture, { hint: f.leadPictureHint }),
        field('embargo', f.embargo, { type: 'datetime-local', hint: f.embargoHint(zone), after: f.zoneLabel(zone, edition ? zoneOffset(edition, new Date()) : '+00:00') }),
      ],
      seoHeading: f.seoHeading,
      seoFields: [
        field('seoTitle', f.seoTitle, { hint: f.seoTitleHint, maxLength: STORY_FIELD_LIMITS.seoTitle, ...written }),
        field('seoDescription', f.seoDescription, { kind: 'textarea', rows: 2, hint: f.seoDescriptionHint, maxLength: STORY_FIELD_LIMITS.seoDescription, ...written }),
      ],
      submitLabel: options.submitLabel,
    };
  }

  revisionsPage(frame: AdminFrame, story: EditableStory, edition: Edition, page: Page<RevisionSummary>, mayRestore: boolean, notice?: NoticeView): StoryRevisionsPageView {
    const r = t.revisions;
    const items = page.items;
    // By default compare the two newest versions.
    const defaultTo = items[0]?.number;
    const defaultFrom = items[1]?.number ?? defaultTo;
    return {
      frame,
      head: { title: adminStrings.pageTitle(r.heading(story.headline)) },
      heading: r.heading(story.headline),
      intro: r.intro,
      notice,
      compare: { formId: 'compare-form', action: adminPaths.storyCompare(story.id), submitLabel: r.compare },
      table: { caption: r.caption(page.total), ...r.columns },
      rows: items.map((item) => ({
        number: item.number,
        savedAt: { iso: item.savedAt, text: newsroomTime(item.savedAt, edition) },
        savedBy: item.savedBy?.displayName ?? r.nobody,
        kind: [r.kinds[item.kind] ?? item.kind, item.restoredFrom !== null ? r.restoredFrom(item.restoredFrom) : ''].filter(Boolean).join(' '),
        headline: item.headline,
        isCurrent: item.number === story.revision,
        currentLabel: r.current,
        fromLabel: r.fromLabel(item.number),
        toLabel: r.toLabel(item.number),
        isFromChecked: item.number === defaultFrom,
        isToChecked: item.number === defaultTo,
        preview: { href: adminPaths.storyPreview(story.id, item.number), label: r.preview, context: r.previewContext(item.number) },
        restoreForm:
          mayRestore && item.number !== story.revision
            ? {
                method: 'post',
                action: adminPaths.storyRevisionRestore(story.id, item.number),
                csrfToken: frame.csrfToken,
                hidden: [{ name: 'revision', value: String(story.revision) }],
                fields: [],
                submitLabel: r.restore,
                submitContext: r.restoreContext(item.number),
                className: 'inline-form',
              }
            : undefined,
      })),
      back: { href: adminPaths.story(story.id), label: r.backToStory },
      pagination: pagination(page, (p) => `${adminPaths.storyRevisions(story.id)}${p > 1 ? `?page=${p}` : ''}`, { label: t.list.pagination, newer: t.list.newer, older: t.list.older, pageOf: t.list.pageOf }),
    };
  }

  comparePage(frame: AdminFrame, story: EditableStory, edition: Edition, diff: RevisionDiff): StoryComparePageView {
    const c = t.compare;
    const when = (r: RevisionSummary) => newsroomTime(r.savedAt, edition);
    const who = (r: RevisionSummary) => r.savedBy?.displayName ?? t.revisions.nobody;
    return {
      frame,
      head: { title: adminStrings.pageTitle(c.heading(diff.from.number, diff.to.number)) },
      heading: c.heading(diff.from.number, diff.to.number),
      intro: c.intro(diff.from.number, when(diff.from), who(diff.from), diff.to.number, when(diff.to), who(diff.to)),
      sameText: diff.isSame ? c.same : undefined,
      diff: diffView(diff, edition),
      back: { href: adminPaths.storyRevisions(story.id), label: c.backToRevisions },
    };
  }

  /**
   * A translation's original beside the editor (in the original's language and direction), the notice when
   * the original changed since with what changed, and "Translate into…" the editions still without the story.
   */
  translationParts(
    frame: AdminFrame,
    story: EditableStory,
    link: TranslationLink | undefined,
    editionsLeft: Edition[],
    findEdition: (code: string) => Edition | undefined,
    may: { translate: boolean; markCurrent: boolean },
  ): Pick<StoryEditPageView, 'source' | 'outOfDate' | 'translate'> & { fact?: { term: string; detail: string } } {
    const tr = t.translations;
    const translate: StoryEditPageView['translate'] =
      !may.translate || story.deletedAt !== null
        ? undefined
        : editionsLeft.length === 0
          ? { heading: tr.translateHeading, text: tr.everyEditionHasIt }
          : {
              heading: tr.translateHeading,
              form: {
                method: 'post',
                action: adminPaths.storyTranslate(story.id),
                csrfToken: frame.csrfToken,
                fields: [{ kind: 'select', id: 'translate-into', name: 'edition', label: tr.translateInto, hint: tr.translateIntoHint, options: editionsLeft.map((e, i) => ({ value: e.code, label: e.name, isSelected: i === 0 })) }],
                submitLabel: tr.translate,
                className: 'admin-form translate-form',
              },
            };
    if (!link) return { translate };
    const sourceEdition = findEdition(link.source.editionCode);
    const sourceName = sourceEdition?.name ?? link.source.editionCode;
    const source: TranslationSourceView = {
      heading: tr.sourceHeading(sourceName),
      language: sourceEdition?.language ?? link.source.editionCode,
      direction: sourceEdition?.direction ?? 'ltr',
      version: tr.sourceVersion(link.source.revision),
      headline: link.source.headline,
      standfirst: decideStandfirst(link.source.teaser, link.source.body),
      body: link.source.body,
      link: link.source.isDeleted ? undefined : { href: adminPaths.story(link.source.id), label: tr.openSource },
      note: link.source.isDeleted ? tr.sourceDeleted : undefined,
    };
    const outOfDate: StoryEditPageView['outOfDate'] = link.isOutOfDate
      ? {
          heading: tr.outOfDateHeading,
          text: tr.outOfDateText(link.sourceRevision, link.source.revision),
          changes: link.sourceChanges && sourceEdition ? changedOnly(diffView(link.sourceChanges, sourceEdition)) : undefined,
          noComparison: link.sourceChanges ? undefined : tr.noComparison,
          markCurrent: may.markCurrent
            ? { method: 'post', action: adminPaths.storyTranslationCurrent(story.id), csrfToken: frame.csrfToken, fields: [], submitLabel: tr.markCurrent, hint: tr.markCurrentHint, className: 'mark-current-form' }
            : undefined,
        }
      : undefined;
    return { source, outOfDate, translate, fact: { term: tr.fact, detail: [tr.factDetail(sourceName, link.sourceRevision), link.isOutOfDate ? tr.outOfDate : ''].filter(Boolean).join(' · ') } };
  }
}

/** A comparison showing only the fields that changed: a translator needs what to bring across, not a list of what did not move. */
function changedOnly(diff: DiffView): DiffView {
  return { ...diff, fields: diff.fields.filter((field) => field.isChanged) };
}

/** A comparison as the newsroom shows it: long runs of unchanged blocks folded, every word from `storyAdminStrings`. */
function diffView(diff: RevisionDiff, edition: Pick<Edition, 'language' | 'direction'>): DiffView {
  const c = t.compare;
  const blocks: CompareBlockView[] = [];
  let unchanged: CompareBlockView[] = [];
  const flush = (isEnd: boolean) => {
    // Long runs of unchanged blocks fold into one line, keeping a block of context on each side.
    if (unchanged.length > COLLAPSE_AFTER * 2) {
      const head = blocks.length === 0 ? [] : unchanged.slice(0, COLLAPSE_AFTER);
      const tail = isEnd ? [] : unchanged.slice(-COLLAPSE_AFTER);
      blocks.push(...head, { kind: 'collapsed', text: c.unchangedRun(unchanged.length - head.length - tail.length) }, ...tail);
    } else {
      blocks.push(...unchanged);
    }
    unchanged = [];
  };
  for (const block of diff.body) {
    const view: CompareBlockView = {
      kind: 'block',
      label: c.kinds[block.kind],
      changeLabel: c.changes[block.change],
      change: block.change,
      segments: block.segments,
      note: block.isFormattingOnly ? c.formattingOnly : undefined,
    };
    if (block.change === 'same') {
      unchanged.push(view);
      continue;
    }
    flush(false);
    blocks.push(view);
  }
  flush(true);
  return {
    fieldsHeading: c.fieldsHeading,
    fields: diff.fields.map((field) => ({ label: c.fields[field.field], isChanged: field.isChanged, segments: field.segments, unchangedLabel: c.unchangedField })),
    bodyHeading: c.bodyHeading,
    blocks,
    markers: { added: c.added, removed: c.removed },
    language: edition.language,
    direction: edition.direction,
  };
}

function summary(problems: StoryFormProblems, general: string | undefined): ErrorSummaryView | undefined {
  const ids: Record<string, string> = { body: 'body', editionCode: 'edition', scheduledAt: 'schedule-at', note: 'return-note', confirmDelete: 'confirm-delete' };
  const items = Object.entries(problems)
    .filter(([, text]) => text !== undefined)
    .map(([name, text]) => ({ href: `#${ids[name] ?? name}`, text: text ?? '' }));
  if (general) items.unshift({ href: '#headline', text: general });
  return items.length > 0 ? { title: adminStrings.errorSummaryTitle, items } : undefined;
}

/** Newer and older links around "Page 2 of 5"; none for a list that fits one page. */
export function pagination(page: Page<unknown>, href: (page: number) => string, s: { label: string; newer: string; older: string; pageOf: (p: number, n: number) => string }): PaginationView | undefined {
  if (page.pageCount <= 1) return undefined;
  return {
    label: s.label,
    current: s.pageOf(page.page, page.pageCount),
    newer: page.page > 1 ? { href: href(page.page - 1), label: s.newer } : undefined,
    older: page.page < page.pageCount ? { href: href(page.page + 1), label: s.older } : undefined,
  };
}

function listQuery(filter: StoryListFilter, page: number): string {
  const params = new URLSearchParams();
  if (filter.headline !== undefined) params.set('q', filter.headline);
  if (filter.status !== undefined) params.set('status', filter.status);
  if (filter.editionCode !== undefined) params.set('edition', filter.editionCode);
  if (filter.sectionId !== undefined) params.set('section', String(filter.sectionId));
  if (filter.authorSlug !== undefined) params.set('author', filter.authorSlug);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** The edition's sections in their order; a section the story has that is no longer listed stays choosable. */
function sectionOptions(sections: readonly string[], current: string, noneLabel: string): Array<{ value: string; label: string; isSelected: boolean }> {
  const names = current !== '' && !sections.includes(current) ? [current, ...sections] : sections;
  return [{ value: '', label: noneLabel, isSelected: current === '' }, ...names.map((name) => ({ value: name, label: name, isSelected: name === current }))];
}
