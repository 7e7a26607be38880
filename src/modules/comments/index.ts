export { CommentError, commentErrorCodes, type CommentErrorCode, type CommentField } from './comment-errors.ts';
export {
  type CommentBan,
  type CommentOrder,
  type CommentPolicy,
  type CommentSettings,
  type CommentStatus,
  type CommentSubmission,
  type CommentThreadPage,
  type ModerationAction,
  type PostedComment,
  type PublicComment,
  type QueueComment,
  type QueueFilter,
  type QueueStory,
  type SectionCommentSettings,
  type StoryCommentSettings,
} from './comment-types.ts';
export { CommentService } from './comment-service.ts';
export { commentLimits, commentPolicies, isCommentPolicy } from './comment-limits.ts';
