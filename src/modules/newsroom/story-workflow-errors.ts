import { moduleError } from '../../errors/dateline-error.ts';
import type { ErrorCode } from '../../errors/error-codes.ts';
import { storyProblems } from '../stories/story-problems.ts';
import type { PersonRef } from './newsroom-types.ts';

/**
 * Every way the story workflow refuses, each with a stable code that HTTP, the CLI and tests match on
 * (documented in docs/decisions/006-story-workflow.md). Messages are for the people in the newsroom.
 */
export const storyWorkflowErrorCodes = {
  /** No such story — or none the person may see, which reads the same. */
  STORY_NOT_FOUND: 'STORY_NOT_FOUND',
  /** The permission table says no for this story as it stands. */
  STORY_FORBIDDEN: 'STORY_FORBIDDEN',
  /** The step does not start from the story's status (publishing a deleted story, submitting a published one). */
  STORY_TRANSITION_INVALID: 'STORY_TRANSITION_INVALID',
  /** Someone saved a newer version since the form was opened. */
  STORY_CONFLICT: 'STORY_CONFLICT',
  /** Autosave does not write to a live story: changes go live only when someone presses Save. */
  STORY_IS_LIVE: 'STORY_IS_LIVE',
  /** A field of the form is wrong; `field` says which. */
  STORY_FIELD_INVALID: 'STORY_FIELD_INVALID',
  /** An import met a story the newsroom made or changed under the same code, and was not asked to replace it. */
  STORY_IMPORT_CONFLICT: 'STORY_IMPORT_CONFLICT',
  /** "Translate into…" an edition that already has a story with the code. */
  STORY_TRANSLATION_EXISTS: 'STORY_TRANSLATION_EXISTS',
  /** "Mark as current" on a story that was not made by "Translate into…". */
  STORY_NOT_A_TRANSLATION: 'STORY_NOT_A_TRANSLATION',
} as const satisfies Record<string, ErrorCode>;

export type StoryWorkflowErrorCode = keyof typeof storyWorkflowErrorCodes;

export class StoryWorkflowError extends moduleError<StoryWorkflowErrorCode>() {}

/** The version a save started from is not the latest: whose is, and when it was saved. */
export class StoryConflictError extends StoryWorkflowError {
  constructor(
    readonly current: { revision: number; savedAt: string; savedBy: PersonRef | null },
  ) {
    super('STORY_CONFLICT', current.savedBy ? storyProblems.conflict(current.savedBy.displayName, current.revision) : storyProblems.conflictBySomeone(current.revision));
  }
}
