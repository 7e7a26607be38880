/** The newsroom's story workflow: its public face. */
export { StoryWorkflow } from './story-workflow.ts';
export type { ImportStoryOptions } from './story-importer.ts';
export { findReturnNotes } from './find-return-notes.ts';
export { NEWSROOM_PAGE_SIZE } from './newsroom-story-list.ts';
export { REVISIONS_PAGE_SIZE } from './story-revisions.ts';
export { STORY_FIELD_LIMITS, STORY_RETURN_NOTE_MAX_LENGTH } from './check-story-changes.ts';
export { StoryWorkflowError, StoryConflictError, storyWorkflowErrorCodes, type StoryWorkflowErrorCode } from './story-workflow-errors.ts';
export { diffRevisions, type RevisionDiff, type BlockDiff, type FieldDiff, type DiffSegment, type DiffedField } from './revision-diff.ts';
export type * from './newsroom-types.ts';
/** A story's place in the workflow; the newsroom's views and presenters name it through this module. */
export type { StoryStatus } from '../../db/schema.ts';
export { NewsroomDashboard, DASHBOARD_LIST_SIZE, type NewsroomDashboardData, type DashboardStory, type DashboardComment, type DashboardList } from './newsroom-dashboard.ts';
