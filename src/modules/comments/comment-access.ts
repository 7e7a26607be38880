import type { Actor } from '../accounts/account-types.ts';
import { can } from '../accounts/permissions.ts';
import { CommentError } from './comment-errors.ts';
import { commentProblems as problems } from './comment-problems.ts';

export function assertMayModerate(actor: Actor): void {
  if (actor.kind === 'person' && !can(actor.user, 'comment.moderate')) {
    throw new CommentError('FORBIDDEN', problems.mayNotModerate);
  }
}

export function assertMayConfigure(actor: Actor): void {
  if (actor.kind === 'person' && !can(actor.user, 'comment.configure')) {
    throw new CommentError('FORBIDDEN', problems.mayNotConfigure);
  }
}

/** The network address an audit entry keeps for the person who acted (the command line has none). */
export function addressOf(actor: Actor): string | null {
  return actor.kind === 'person' ? actor.addressHash : null;
}
