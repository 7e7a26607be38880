import type { Block } from '../../content/blocks.ts';
import type { StoryRevisionKind, StoryStatus } from '../../db/schema.ts';
import type { RevisionDiff } from './revision-diff.ts';

/** A person as the newsroom's pages name them. */
export interface PersonRef {
  id: number;
  displayName: string;
}

/**
 * What the story form and the editor's autosave may change. Absent fields stay as they are.
 * Only these fields are writable from outside: status, times and ownership change through transitions.
 */
export interface StoryChanges {
  headline?: string;
  /** Empty or null: made from the first paragraph, and kept in step with it. */
  teaser?: string | null;
  body?: Block[];
  /** Empty or null: made from the headline. */
  slug?: string | null;
  /** A section's name; made in the edition when new. Null: no section. */
  section?: string | null;
  tags?: string[];
  /** Bylines, in order. */
  authors?: string[];
  seoTitle?: string | null;
  seoDescription?: string | null;
  /** An instant (ISO 8601) before which the story may not appear anywhere; null: no embargo. */
  embargoUntil?: string | null;
  /** The lead picture's library id (issue 11); null: none. */
  leadMediaId?: number | null;
}

export interface NewStoryInput extends StoryChanges {
  editionCode: string;
  headline: string;
}

/** A story as the newsroom edits it: everything the form shows, and who saved it last. */
export interface EditableStory {
  id: number;
  code: number;
  editionCode: string;
  status: StoryStatus;
  headline: string;
  teaser: string;
  /** The teaser is the start of the first paragraph, not written by hand: it follows the body. */
  isTeaserDerived: boolean;
  body: Block[];
  slug: string;
  section: string | null;
  tags: string[];
  authors: string[];
  seoTitle: string | null;
  seoDescription: string | null;
  scheduledAt: string | null;
  embargoUntil: string | null;
  publishedAt: string | null;
  updatedAt: string;
  createdAt: string;
  /** The version a save must name (`expectedRevision`). */
  revision: number;
  owner: PersonRef | null;
  deletedAt: string | null;
  deletedBy: PersonRef | null;
  lastSaved: { at: string; by: PersonRef | null };
  /** The lead picture's library id, or null. */
  leadMediaId: number | null;
}

export interface StoryListFilter {
  /** A status, or `deleted` for soft-deleted stories (which no other filter shows). */
  status?: StoryStatus | 'deleted';
  editionCode?: string;
  sectionId?: number;
  /** Stories with this byline. */
  authorSlug?: string;
  /** Words of the headline (case, quotes and punctuation aside). */
  headline?: string;
  page?: number;
}

export interface StoryListItem {
  id: number;
  code: number;
  editionCode: string;
  headline: string;
  status: StoryStatus;
  section: string | null;
  authors: string[];
  owner: PersonRef | null;
  updatedAt: string;
  publishedAt: string | null;
  scheduledAt: string | null;
  embargoUntil: string | null;
  deletedAt: string | null;
  /** A translation whose source has a newer revision than the one it was made or marked current from. */
  isOutOfDate: boolean;
}

export interface StoryListFilterOptions {
  sections: Array<{ id: number; name: string; editionCode: string }>;
  authors: Array<{ slug: string; name: string }>;
}

export interface RevisionSummary {
  number: number;
  savedAt: string;
  savedBy: PersonRef | null;
  kind: StoryRevisionKind;
  restoredFrom: number | null;
  headline: string;
}

export interface StoryRevision extends RevisionSummary {
  teaser: string;
  body: Block[];
  slug: string;
  section: string | null;
  tags: string[];
  authors: string[];
  seoTitle: string | null;
  seoDescription: string | null;
}

/** What a person may do to a story now: the buttons the editor shows. */
export type WorkflowAction = 'edit' | 'submit' | 'publish' | 'schedule' | 'unpublish' | 'toDraft' | 'delete' | 'restore';

/** How a transition ended: publishing before the embargo schedules instead. */
export type TransitionOutcome = 'submitted' | 'published' | 'scheduled' | 'held-by-embargo' | 'unpublished' | 'back-to-draft' | 'deleted' | 'restored';

export interface TransitionResult {
  story: EditableStory;
  outcome: TransitionOutcome;
}

/** A story the scheduler put live. */
export interface ScheduledPublication {
  storyId: number;
  editionCode: string;
  code: number;
  scheduledAt: string;
  publishedAt: string;
}

/** What an import did to one story. */
export interface ImportedStory {
  id: number;
  code: number;
  editionCode: string;
  slug: string;
  /** `created`: new; `updated`: an earlier import of the same story; `replaced`: newsroom work replaced on request. */
  change: 'created' | 'updated' | 'replaced';
  /** `scheduled` when the story under that code holds an embargo that has not passed. */
  status: 'published' | 'scheduled';
  /** The story that was replaced, as it stood. */
  replaced?: { headline: string; status: string };
}

/** Why a story was sent back to draft: the note to its author, when and by whom. */
export interface StoryReturnNote {
  note: string;
  at: string;
  by: PersonRef | null;
}

/** The story a translation was made from, as the translator's editor shows it beside their own text. */
export interface TranslationSource {
  id: number;
  editionCode: string;
  code: number;
  status: StoryStatus;
  headline: string;
  teaser: string;
  body: Block[];
  revision: number;
  isDeleted: boolean;
}

/** A translation's tie to its source: which version of it the translation matches, and what changed since. */
export interface TranslationLink {
  source: TranslationSource;
  /** The source's revision the translation was made from, or last marked current against. */
  sourceRevision: number;
  /** The source has a newer revision than `sourceRevision`. */
  isOutOfDate: boolean;
  /** What changed in the source since `sourceRevision`, when out of date and both versions are kept. */
  sourceChanges?: RevisionDiff;
  /** When and by whom it was last marked current; null when never since it was made. */
  checked: { at: string; by: PersonRef | null } | null;
}

/** A story of one edition as another edition's translators see it: not translated yet, or translated but out of date. */
export interface TranslationGap {
  code: number;
  source: { id: number; headline: string; publishedAt: string | null };
  /** The other edition's story of that code; absent when there is none. */
  translation?: { id: number; headline: string; status: StoryStatus; isOutOfDate: boolean };
}
