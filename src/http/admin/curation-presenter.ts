import { adminStrings as t } from '../../config/admin-strings.ts';
import type { User } from '../../modules/accounts/account-types.ts';
import { can } from '../../modules/accounts/permissions.ts';
import { NOTE_TEXT_MAX_LENGTH } from '../../modules/corrections/index.ts';
import type { CandidateStory, CuratedEntry, CuratedStory, EditionCuration, FeaturedEntry, MoveDirection, PinnedRelated, StoryCandidates } from '../../modules/curation/index.ts';
import type { Edition } from '../../modules/editions/edition-service.ts';
import { isoInEdition } from '../../modules/editions/edition-time.ts';
import { FEATURED_RAIL_MINIMUM } from '../../modules/stories/story-queries.ts';
import type { StoryNote } from '../../modules/stories/story-types.ts';
import type {
  AdminFrame,
  ButtonFormView,
  CurationPageView,
  ErrorSummaryView,
  FieldView,
  NoticeView,
  ReorderableItemView,
  ReorderableListView,
  StoryNotesPageView,
  StoryRelatedPageView,
  StorySearchView,
} from '../../views/admin/admin-view-models.ts';
import { sitePaths } from '../site-paths.ts';
import { adminPaths } from './admin-paths.ts';
import { newsroomDay, newsroomTime } from './newsroom-time.ts';

/** What a curation page shows beyond its data: a confirmation, a problem, the button to give the focus back to. */
export interface CurationPageOptions {
  notice?: string;
  problem?: string;
  /** After a move that reloaded the page: the entry moved and the button used. */
  focus?: { key: string; direction: MoveDirection };
}

/** An admin URL with a query string; empty values are left out. */
export function withQuery(path: string, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(name, value);
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** A URL of the curation page or its forms: that page is about one edition, named in the query string. */
export function withEdition(path: string, editionCode: string, params: Record<string, string | undefined> = {}): string {
  return withQuery(path, { edition: editionCode, ...params });
}

/** The curation, related stories and notes pages as view models; every word comes from `adminStrings`. */
export class CurationPresenter {
  curationPage(
    frame: AdminFrame,
    viewer: User,
    edition: Edition,
    editions: Edition[],
    curation: EditionCuration,
    candidates: StoryCandidates,
    scriptHref: string,
    options: CurationPageOptions = {},
  ): CurationPageView {
    const s = t.curation;
    const lead = curation.lead;
    const isLeadLive = lead?.status === 'published';
    const featuredCodes = new Set(curation.featured.flatMap((e) => (e.story ? [e.story.code] : [])));
    const list = this.reorderableList(frame, edition, curation.featured, {
      id: 'featured-list',
      labelledBy: 'featured-heading',
      emptyText: s.featuredEmpty,
      moveAction: withEdition(adminPaths.curationFeaturedMove, edition.code),
      removeAction: withEdition(adminPaths.curationFeaturedRemove, edition.code),
      orderAction: withEdition(adminPaths.curationFeaturedOrder, edition.code),
      removeLabel: t.reorder.remove,
      focus: options.focus,
    });
    const mayNote = can(viewer, 'story.edit.any');
    return {
      frame,
      head: { title: t.pageTitle(`${s.heading} – ${edition.name}`), scriptHrefs: [scriptHref] },
      heading: s.heading,
      edition: { name: edition.name, language: edition.language },
      intro: s.intro(edition.name),
      editions: {
        label: s.editions,
        items: editions.map((e) => ({ href: withEdition(adminPaths.curation, e.code), label: e.name, language: e.language, isCurrent: e.code === edition.code })),
      },
      notice: options.notice ? { text: options.notice } : undefined,
      errorSummary: this.problem(options.problem, '#featured-heading'),
      lead: {
        heading: s.leadHeading,
        language: edition.language,
        text: !lead ? s.leadNone : isLeadLive ? s.leadChosen : s.leadNotPublished,
        story: lead ? { headline: lead.headline, href: isLeadLive ? sitePaths.story(edition.code, lead.code, lead.slug) : undefined, meta: this.storyMeta(edition, lead) } : undefined,
        clear: lead
          ? this.button(frame, withEdition(adminPaths.curationLead, edition.code), s.clearLead, [{ name: 'code', value: '' }])
          : undefined,
      },
      featured: {
        heading: s.featuredHeading,
        countText: s.featuredCount(curation.featured.length, curation.featuredCapacity),
        intro: s.featuredIntro(FEATURED_RAIL_MINIMUM),
        list,
      },
      search: this.search(frame, edition, adminPaths.curation, [{ name: 'edition', value: edition.code }], s.findHeading, candidates, (story) => {
        const isLead = lead?.code === story.code;
        const isFeatured = featuredCodes.has(story.code);
        const context = t.reorder.context(story.headline);
        return {
          actions: [
            this.button(frame, withEdition(adminPaths.curationLead, edition.code), isLead ? s.isLead : s.makeLead, [{ name: 'code', value: String(story.code) }], context, isLead),
            this.button(frame, withEdition(adminPaths.curationFeatured, edition.code), isFeatured ? s.isFeatured : s.addFeatured, [{ name: 'code', value: String(story.code) }], context, isFeatured),
          ],
          links: [
            { href: adminPaths.storyRelated(story.id), label: s.relatedLink, context },
            ...(mayNote ? [{ href: adminPaths.storyNotes(story.id), label: s.notesLink, context }] : []),
          ],
        };
      }),
    };
  }

  relatedPage(
    frame: AdminFrame,
    edition: Edition,
    story: CuratedStory,
    pinned: PinnedRelated[],
    candidates: StoryCandidates,
    scriptHref: string,
    options: CurationPageOptions = {},
  ): StoryRelatedPageView {
    const s = t.related;
    const pinnedCodes = new Set(pinned.flatMap((p) => (p.story ? [p.story.code] : [])));
    const path = adminPaths.storyRelated(story.id);
    return {
      frame,
      head: { title: t.pageTitle(`${s.heading}: ${story.headline}`), scriptHrefs: [scriptHref] },
      heading: s.heading,
      storyHeadline: story.headline,
      storyLanguage: edition.language,
      intro: s.intro,
      links: [
        { href: adminPaths.story(story.id), label: s.editLink },
        ...(story.status === 'published' ? [{ href: sitePaths.story(edition.code, story.code, story.slug), label: s.readerLink }] : []),
        { href: withEdition(adminPaths.curation, edition.code), label: s.curationLink },
      ],
      notice: options.notice ? { text: options.notice } : undefined,
      errorSummary: this.problem(options.problem, '#pinned-heading'),
      pinned: {
        heading: s.pinnedHeading,
        list: this.reorderableList(frame, edition, pinned, {
          id: 'pinned-list',
          labelledBy: 'pinned-heading',
          emptyText: s.empty,
          moveAction: adminPaths.storyRelatedMove(story.id),
          removeAction: adminPaths.storyRelatedRemove(story.id),
          orderAction: adminPaths.storyRelatedOrder(story.id),
          removeLabel: t.reorder.unpin,
          focus: options.focus,
        }),
      },
      search: this.search(frame, edition, path, [], s.findHeading, candidates, (found) => {
        const isSelf = found.code === story.code;
        const isPinned = pinnedCodes.has(found.code);
        return {
          actions: [
            this.button(
              frame,
              path,
              isSelf ? s.isThisStory : isPinned ? s.isPinned : s.pin,
              [{ name: 'target', value: String(found.code) }],
              t.reorder.context(found.headline),
              isSelf || isPinned,
            ),
          ],
          links: [],
        };
      }),
    };
  }

  notesPage(
    frame: AdminFrame,
    edition: Edition,
    story: CuratedStory,
    notes: StoryNote[],
    options: { notice?: string; values?: { kind?: string; text?: string }; problems?: Record<string, string> } = {},
  ): StoryNotesPageView {
    const s = t.notes;
    const isPublished = story.status === 'published';
    const problems = options.problems ?? {};
    const kind = options.values?.kind ?? 'correction';
    const fields: FieldView[] = [
      {
        kind: 'select',
        id: 'note-kind',
        name: 'kind',
        label: s.kind,
        hint: s.kindHint,
        error: problems.kind,
        options: [
          { value: 'correction', label: s.correction, isSelected: kind === 'correction' },
          { value: 'update', label: s.update, isSelected: kind === 'update' },
        ],
      },
      {
        kind: 'input',
        id: 'note-text',
        name: 'text',
        label: s.text,
        hint: s.textHint(NOTE_TEXT_MAX_LENGTH),
        error: problems.text,
        type: 'text',
        autocomplete: 'off',
        value: options.values?.text,
        isRequired: true,
        maxLength: NOTE_TEXT_MAX_LENGTH,
      },
    ];
    const items = fields.filter((f) => f.error !== undefined).map((f) => ({ href: `#${f.id}`, text: f.error ?? '' }));
    return {
      frame,
      head: { title: t.pageTitle(`${s.heading}: ${story.headline}`) },
      heading: s.heading,
      storyHeadline: story.headline,
      storyLanguage: edition.language,
      intro: s.intro,
      links: [
        { href: adminPaths.story(story.id), label: t.related.editLink },
        ...(isPublished ? [{ href: sitePaths.story(edition.code, story.code, story.slug), label: s.readerLink }] : []),
        { href: sitePaths.corrections(edition.code), label: s.correctionsLink },
        { href: withEdition(adminPaths.curation, edition.code), label: t.related.curationLink },
      ],
      notice: options.notice ? ({ text: options.notice } satisfies NoticeView) : undefined,
      listHeading: s.listHeading,
      notes: notes.map((note) => ({
        kindLabel: note.kind === 'correction' ? s.correction : s.update,
        language: edition.language,
        time: { iso: isoInEdition(note.notedAt, clockOf(edition)), text: newsroomTime(note.notedAt, edition) },
        text: note.text,
      })),
      emptyText: s.none,
      addHeading: s.addHeading,
      addForm: isPublished
        ? {
            method: 'post',
            action: adminPaths.storyNotes(story.id),
            csrfToken: frame.csrfToken,
            fields,
            submitLabel: s.submit,
            ariaLabel: s.addHeading,
            errorSummary: items.length > 0 ? { title: t.errorSummaryTitle, items } : undefined,
          }
        : undefined,
      notPublishedText: isPublished ? undefined : s.notPublished,
    };
  }

  /** "Moved “X” to position 2 of 5." for the entry a redirect names. */
  movedNotice(entries: CuratedEntry[], key: string): string | undefined {
    const index = entries.findIndex((e) => e.key === key);
    const entry = entries[index];
    return entry ? t.reorder.moved(entry.headline, index + 1, entries.length) : undefined;
  }

  private reorderableList(
    frame: AdminFrame,
    edition: Edition,
    entries: Array<FeaturedEntry | PinnedRelated>,
    options: {
      id: string;
      labelledBy: string;
      emptyText: string;
      moveAction: string;
      removeAction: string;
      orderAction: string;
      removeLabel: string;
      focus?: { key: string; direction: MoveDirection };
    },
  ): ReorderableListView {
    const r = t.reorder;
    const last = entries.length - 1;
    const items: ReorderableItemView[] = entries.map((entry, index) => {
      const context = r.context(entry.headline);
      const entryField = { name: 'entry', value: entry.key };
      const isUpOff = index === 0;
      const isDownOff = index === last;
      // The button used last keeps the focus across the reload; at either end, where it is off, its partner takes it.
      const focus = options.focus?.key === entry.key ? options.focus.direction : undefined;
      const focusUp = focus === 'up' ? !isUpOff : focus === 'down' && isDownOff && !isUpOff;
      const focusDown = focus === 'down' ? !isDownOff : focus === 'up' && isUpOff && !isDownOff;
      const isLive = entry.story?.status === 'published';
      return {
        key: entry.key,
        headline: entry.headline,
        href: entry.story && isLive ? sitePaths.story(edition.code, entry.story.code, entry.story.slug) : undefined,
        meta: this.entryMeta(edition, entry),
        moveUp: { ...this.button(frame, options.moveAction, r.moveUp, [entryField, { name: 'direction', value: 'up' }], context, isUpOff), hasFocus: focusUp },
        moveDown: { ...this.button(frame, options.moveAction, r.moveDown, [entryField, { name: 'direction', value: 'down' }], context, isDownOff), hasFocus: focusDown },
        remove: this.button(frame, options.removeAction, options.removeLabel, [entryField], context),
      };
    });
    return {
      id: options.id,
      labelledBy: options.labelledBy,
      items,
      language: edition.language,
      emptyText: options.emptyText,
      orderAction: options.orderAction,
      movedTemplate: r.movedTemplate,
      failedText: r.failed,
      csrfToken: frame.csrfToken,
    };
  }

  private search(
    frame: AdminFrame,
    edition: Edition,
    action: string,
    /** What the page's own address carries besides `q` (the curation page's edition), so the search stays on it. */
    hidden: Array<{ name: string; value: string }>,
    heading: string,
    candidates: StoryCandidates,
    actionsFor: (story: CandidateStory) => { actions: ButtonFormView[]; links: Array<{ href: string; label: string; context?: string }> },
  ): StorySearchView {
    const s = t.storySearch;
    return {
      heading,
      language: edition.language,
      form: {
        method: 'get',
        action: `${action}#find-heading`,
        fields: [{ kind: 'input', id: 'find-q', name: 'q', label: s.label, type: 'text', autocomplete: 'off', value: candidates.query, spellcheck: false }],
        hidden,
        submitLabel: s.submit,
        ariaLabel: heading,
      },
      summary: candidates.query === '' ? undefined : candidates.total === 0 ? s.none(candidates.query) : s.found(candidates.total, candidates.query, candidates.stories.length < candidates.total ? candidates.stories.length : 'all'),
      results: candidates.stories.map((story) => ({
        headline: story.headline,
        href: sitePaths.story(edition.code, story.code, story.slug),
        meta: t.reorder.published(newsroomDay(story.publishedAt, edition)),
        ...actionsFor(story),
      })),
    };
  }

  private button(frame: AdminFrame, action: string, label: string, hidden: ButtonFormView['hidden'], context?: string, isDisabled = false): ButtonFormView {
    return { action, csrfToken: frame.csrfToken, hidden, label, context, isDisabled: isDisabled || undefined };
  }

  private problem(problem: string | undefined, href: string): ErrorSummaryView | undefined {
    return problem ? { title: t.errorSummaryTitle, items: [{ href, text: problem }] } : undefined;
  }

  private storyMeta(edition: Edition, story: CuratedStory): string {
    return story.status === 'published' && story.publishedAt ? t.reorder.published(newsroomDay(story.publishedAt, edition)) : t.reorder.notPublished;
  }

  private entryMeta(edition: Edition, entry: FeaturedEntry | PinnedRelated): string {
    if (entry.story) return this.storyMeta(edition, entry.story);
    return 'dated' in entry && entry.dated ? t.reorder.dated(entry.dated) : t.reorder.notInStore;
  }
}

function clockOf(edition: Edition) {
  return { language: 'en', time_zone: edition.timeZone };
}

