import { describe, expect, it } from 'vitest';
import { AccountError } from '../../src/modules/accounts/account-errors.ts';
import { checkPasswordPolicy, type PasswordContext } from '../../src/modules/accounts/password-policy.ts';

function refusal(password: string, field = 'password', context: PasswordContext = {}): string | undefined {
  try {
    checkPasswordPolicy(password, field, context);
    return undefined;
  } catch (error) {
    if (!(error instanceof AccountError)) throw error;
    expect(error).toMatchObject({ code: 'ACCOUNT_INVALID', field });
    return error.message;
  }
}

const ED = { email: 'ed.owner@newsroom.example', displayName: 'Ed Owner' };

describe('the password policy (NIST SP 800-63B)', () => {
  it('accepts long passphrases, in any script', () => {
    for (const password of ['correct horse battery staple', 'a long owner passphrase', 'گربه روی دیوار نشسته است', 'Ed’s harbour bridge 1987']) {
      expect(refusal(password, 'password', ED), password).toBeUndefined();
    }
  });

  it('refuses common and breached passwords, also with digits and symbols around them', () => {
    for (const password of ['password1234', 'PASSWORD1234', 'qwerty123456', '1q2w3e4r5t6y', 'iloveyou2024!!', '!!sunshine123456', 'football12345678']) {
      expect(refusal(password), password).toBe('The password is one of the most common passwords: choose another.');
    }
  });

  it('refuses one character repeated, twelve spaces included', () => {
    expect(refusal(' '.repeat(12))).toBe('The password must not be one character repeated.');
    expect(refusal('zzzzzzzzzzzzzzzz', 'newPassword')).toBe('The new password must not be one character repeated.');
  });

  it('refuses the account’s own email address and name', () => {
    expect(refusal('Ed.Owner@Newsroom.Example', 'newPassword', ED)).toBe('The new password must not be your email address.');
    expect(refusal('ed owner at the harbour', 'password', ED)).toBeUndefined();
    expect(refusal('Eduardo Ownerson', 'password', { email: 'e@x.example', displayName: 'eduardo.ownerson' })).toBe('The password must not be your name.');
    expect(refusal('edwardownerson', 'password', { email: 'Edward.Ownerson@x.example' })).toBe('The password must not be your email address.');
  });

  it('names the field in every message, and keeps the length rules', () => {
    expect(refusal('short', 'newPassword')).toBe('The new password must be at least 12 characters long.');
    expect(refusal('x'.repeat(200) + 'y'.repeat(57))).toBe('The password must be at most 256 characters long.');
  });
});
