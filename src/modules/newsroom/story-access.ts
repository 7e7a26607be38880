import { can, hasGrant, type Action, type StoryResource } from '../accounts/permissions.ts';
import type { Actor } from '../accounts/account-types.ts';
import type { EditionService } from '../editions/edition-service.ts';
import type { WorkflowRow } from './find-workflow-row.ts';
import type { EditableStory, WorkflowAction } from './newsroom-types.ts';
import { StoryWorkflowError } from './story-workflow-errors.ts';
import { storyProblems } from '../stories/story-problems.ts';
import { availableActions, type StoryPermit } from './story-transitions.ts';

type AccessRow = Pick<WorkflowRow, 'created_by' | 'status' | 'edition_code'>;

/**
 * Who may see and change which story, from the permission table (`can`, docs/decisions/005): roles that may
 * edit any story see all; the others see their own, and another's story is "not found" to them.
 */
export class StoryAccess {
  constructor(private readonly editions: EditionService) {}

  canSee(actor: Actor, row: Pick<WorkflowRow, 'created_by'>): boolean {
    if (this.seesAllStories(actor)) return true;
    return actor.kind === 'person' && !actor.user.isDisabled && row.created_by !== null && row.created_by === actor.user.id;
  }

  /** Whether the person sees every story in the newsroom, or only their own. */
  seesAllStories(actor: Actor): boolean {
    return actor.kind === 'command-line' || (!actor.user.isDisabled && hasGrant(actor.user.role, 'story.edit.any'));
  }

  /** Refuses with `STORY_FORBIDDEN` unless the person holds one of the permit's grants for this story as it stands. */
  require(actor: Actor, row: AccessRow, permit: StoryPermit): void {
    if (this.holdsAny(actor, row, permit.mayWith)) return;
    throw storyForbidden(storyProblems.forbiddenStep(permit.step, row.status));
  }

  /** What the person may do to the story now, as buttons: each one both allowed and valid from its status. */
  availableActions(story: EditableStory, actor: Actor): Set<WorkflowAction> {
    const row = { created_by: story.owner?.id ?? null, status: story.status, edition_code: story.editionCode };
    return availableActions(story.status, story.deletedAt !== null, (grants) => this.holdsAny(actor, row, grants));
  }

  private holdsAny(actor: Actor, row: AccessRow, grants: readonly Action[]): boolean {
    if (actor.kind === 'command-line') return true;
    const resource = this.resourceOf(row);
    return grants.some((action) => can(actor.user, action, resource));
  }

  private resourceOf(row: AccessRow): StoryResource {
    return { kind: 'story', ownerId: row.created_by, status: row.status, canAuthorsPublish: this.editions.find(row.edition_code)?.canAuthorsPublish ?? false };
  }
}

export function storyNotFound(): StoryWorkflowError {
  return new StoryWorkflowError('STORY_NOT_FOUND', storyProblems.notFound);
}

/** `STORY_FORBIDDEN`, saying (from `storyProblems`) what the person's role does not allow. */
export function storyForbidden(sentence: string): StoryWorkflowError {
  return new StoryWorkflowError('STORY_FORBIDDEN', sentence);
}
