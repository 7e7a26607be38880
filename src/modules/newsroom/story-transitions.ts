import type { StoryStatus } from '../../db/schema.ts';
import type { Action } from '../accounts/permissions.ts';
import type { ChangeKind } from '../changes/index.ts';
import type { TransitionOutcome, WorkflowAction } from './newsroom-types.ts';

/** The steps a refusal names, as stable keys its message selects on (`storyProblems.forbiddenStep`). */
export type StoryStep = StatusTransition | 'edit' | 'delete' | 'takeDown' | 'restore';

/** What a person needs to take a step: one of these grants (docs/decisions/005); the command line needs none. */
export interface StoryPermit {
  mayWith: readonly Action[];
  /** Names the step in a refusal: "Your role does not allow you to {publish} this story while it is …". */
  step: StoryStep;
}

/** A step that moves a story from one status to another. */
export interface StoryTransition extends StoryPermit {
  from: readonly StoryStatus[];
  /** The status the step leaves the story in (publishing before the embargo schedules instead). */
  to: StoryStatus;
  step: StatusTransition;
}

export type StatusTransition = Extract<WorkflowAction, 'submit' | 'publish' | 'schedule' | 'unpublish' | 'toDraft'>;

/** Statuses from which a story may go live (be published or scheduled). */
const GOES_LIVE_FROM: readonly StoryStatus[] = ['draft', 'in_review', 'scheduled'];
const EDIT_GRANTS: readonly Action[] = ['story.edit.any', 'story.edit.own'];

/** Statuses in which a story is out or about to go out: autosave leaves it alone, deleting it takes it down. */
export const LIVE: readonly StoryStatus[] = ['scheduled', 'published'];

/**
 * The workflow draft → in review → scheduled or published → unpublished (→ draft), as data: which step moves
 * a story from which status to which, and who may take it. The buttons the editor shows and the checks each
 * step makes both read this table, so they cannot disagree.
 */
export const STORY_TRANSITIONS: Readonly<Record<StatusTransition, StoryTransition>> = {
  submit: { from: ['draft'], to: 'in_review', mayWith: ['story.submit'], step: 'submit' },
  publish: { from: GOES_LIVE_FROM, to: 'published', mayWith: ['story.publish.any', 'story.publish.own'], step: 'publish' },
  schedule: { from: GOES_LIVE_FROM, to: 'scheduled', mayWith: ['story.schedule'], step: 'schedule' },
  unpublish: { from: ['published'], to: 'unpublished', mayWith: ['story.unpublish'], step: 'unpublish' },
  toDraft: { from: ['in_review', 'scheduled', 'unpublished'], to: 'draft', mayWith: EDIT_GRANTS, step: 'toDraft' },
};

/** The steps that change no status of their own: editing, and soft deletion and its undoing. */
export const STORY_PERMITS = {
  edit: { mayWith: EDIT_GRANTS, step: 'edit' },
  delete: { mayWith: ['story.delete'], step: 'delete' },
  /** Deleting a live story also takes it off the site, which needs the right to unpublish. */
  takeDown: { mayWith: ['story.unpublish'], step: 'takeDown' },
  restore: { mayWith: ['story.restore'], step: 'restore' },
} as const satisfies Record<string, StoryPermit>;

/** Where deleting a live story leaves it: off the site, and back as it was left when restored. */
export const STATUS_AFTER_DELETION: Readonly<Partial<Record<StoryStatus, StoryStatus>>> = { published: 'unpublished', scheduled: 'draft' };

/** The change event each step's outcome records, when readers can see the difference. */
export const CHANGE_KIND_OF: Readonly<Record<TransitionOutcome, ChangeKind>> = {
  submitted: 'story.updated',
  published: 'story.published',
  scheduled: 'story.updated',
  'held-by-embargo': 'story.updated',
  unpublished: 'story.unpublished',
  'back-to-draft': 'story.updated',
  deleted: 'story.deleted',
  restored: 'story.restored',
};

/** A status as the importer's log lines say it (command-line output, English): "newsroom work (in review…)". */
export const statusWords: Readonly<Record<StoryStatus, string>> = {
  draft: 'a draft',
  in_review: 'in review',
  scheduled: 'scheduled',
  published: 'published',
  unpublished: 'unpublished',
};

/**
 * The steps open on a story in `status` to someone for whom `may` holds, from the tables above.
 * @example availableActions('draft', false, (grants) => grants.includes('story.submit')) // Set { 'submit' }
 */
export function availableActions(status: StoryStatus, isDeleted: boolean, may: (grants: readonly Action[]) => boolean): Set<WorkflowAction> {
  const out = new Set<WorkflowAction>();
  if (isDeleted) {
    if (may(STORY_PERMITS.restore.mayWith)) out.add('restore');
    return out;
  }
  if (may(STORY_PERMITS.edit.mayWith)) out.add('edit');
  for (const [action, transition] of Object.entries(STORY_TRANSITIONS) as Array<[StatusTransition, StoryTransition]>) {
    if (transition.from.includes(status) && may(transition.mayWith)) out.add(action);
  }
  if (may(STORY_PERMITS.delete.mayWith) && (!LIVE.includes(status) || may(STORY_PERMITS.takeDown.mayWith))) out.add('delete');
  return out;
}
