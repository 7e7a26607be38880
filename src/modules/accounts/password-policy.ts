import { dictionary } from '@zxcvbn-ts/language-common';
import { AccountError } from './account-errors.ts';
import { accountProblems as problems } from './account-problems.ts';

export const PASSWORD_MIN_LENGTH = 12;
/** Long enough for any passphrase; the cap keeps one request from hashing megabytes. */
export const PASSWORD_MAX_LENGTH = 256;

/**
 * The most used passwords, from breaches, ranked: the `passwords-common` list of zxcvbn-ts (49,233
 * entries in @zxcvbn-ts/language-common 4.1.3, a maintained package; no maintained package ships the
 * 100,000 we would have liked). Read once when this module loads, as a Set: a few MiB, constant-time lookups.
 */
const commonPasswords: ReadonlySet<string> = new Set(dictionary['passwords-common'].map((entry) => String(entry).toLowerCase()));

/** What else the password must not be: the account's own email address and name. */
export interface PasswordContext {
  email?: string;
  displayName?: string;
}

/**
 * The password rules, checked before hashing (NIST SP 800-63B): length is what matters, no composition
 * rules; but not one of the most common passwords (nor one with only digits and symbols around it, like
 * `password1234`), not the account's email or name, and not one character repeated. The refusal names the
 * field (`password` or `newPassword`) in the newsroom's language.
 * @example checkPasswordPolicy('a long passphrase', 'newPassword', { email: 'ed@example.org', displayName: 'Ed' })
 */
export function checkPasswordPolicy(password: string, field = 'password', context: PasswordContext = {}): void {
  const refuse = (message: string) => {
    throw new AccountError('ACCOUNT_INVALID', message, field);
  };
  const characters = [...password];
  if (characters.length < PASSWORD_MIN_LENGTH) refuse(problems.passwordTooShort(field, PASSWORD_MIN_LENGTH));
  if (characters.length > PASSWORD_MAX_LENGTH) refuse(problems.passwordTooLong(field, PASSWORD_MAX_LENGTH));
  if (characters.every((character) => character === characters[0])) refuse(problems.passwordRepeated(field));
  const folded = fold(password);
  if (isCommon(folded)) refuse(problems.passwordCommon(field));
  const email = context.email === undefined ? '' : fold(context.email);
  const localPart = email.split('@')[0] ?? '';
  if (email !== '' && (folded === email || folded === localPart || squeeze(folded) === squeeze(localPart))) refuse(problems.passwordIsEmail(field));
  const displayName = context.displayName === undefined ? '' : fold(context.displayName);
  if (displayName !== '' && squeeze(folded) === squeeze(displayName)) refuse(problems.passwordIsName(field));
}

function fold(text: string): string {
  return text.normalize('NFC').trim().toLowerCase();
}

/** Without spaces, dots, dashes and underscores: `ed.owner`, `Ed Owner` and `edowner` are one name. */
function squeeze(text: string): string {
  return text.replace(/[\s._-]+/gu, '');
}

/** On the list as it is, or a listed password with only digits and symbols around it (`password1234`, `!!qwerty2024`). */
function isCommon(folded: string): boolean {
  if (commonPasswords.has(folded)) return true;
  const core = folded.replace(/^[\d\p{P}\p{S}\s]+|[\d\p{P}\p{S}\s]+$/gu, '');
  return core.length >= 4 && commonPasswords.has(core);
}
