export { CommentError, commentErrorStatus, type CommentErrorCode, type CommentField } from './comment-errors.ts';
export {
  CommentService,
  commentLimits,
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
} from './comment-service.ts';
