import { moduleError } from '../../errors/dateline-error.ts';
import type { ErrorCode } from '../../errors/error-codes.ts';

/**
 * Every way an account operation can be refused, each with a stable code that HTTP, the CLI and tests
 * match on (documented in docs/decisions/005-roles-and-permissions.md). Messages are for people and
 * never say whether an email address has an account, except to those allowed to manage people.
 */
export const accountErrorCodes = {
  /** An input is malformed; `field` says which. */
  ACCOUNT_INVALID: 'ACCOUNT_INVALID',
  /** Another account already uses the email address. */
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  /** No account has that id or email (only ever said to people managers and the command line). */
  ACCOUNT_NOT_FOUND: 'ACCOUNT_NOT_FOUND',
  /** The site already has an owner: first-run setup is closed. */
  SETUP_CLOSED: 'SETUP_CLOSED',
  /** The role does not allow the action, or not on this resource. */
  FORBIDDEN: 'FORBIDDEN',
  /** The change would leave the site without an active owner. */
  LAST_OWNER: 'LAST_OWNER',
  /** People may not disable or demote themselves by accident through the People page. */
  SELF_CHANGE: 'SELF_CHANGE',
  /** The current password given to change it was wrong. */
  WRONG_PASSWORD: 'WRONG_PASSWORD',
  /** Too many wrong current passwords given to change a password: paused for a while (`retryAfterSeconds`). */
  TOO_MANY_ATTEMPTS: 'TOO_MANY_ATTEMPTS',
} as const satisfies Record<string, ErrorCode>;

export type AccountErrorCode = keyof typeof accountErrorCodes;

export class AccountError extends moduleError<AccountErrorCode>() {}
