import type { AuditLog } from '../audit/audit-log.ts';
import { AccountError } from './account-errors.ts';
import type { User } from './account-types.ts';
import type { PasswordHasher } from './password-hasher.ts';
import type { NewSession, SessionService } from './session-service.ts';
import type { SignInThrottle } from './sign-in-throttle.ts';
import type { SiteKeys } from './site-keys.ts';
import { foldEmail, type UserService } from './user-service.ts';
import { accountProblems as problems } from './account-problems.ts';

export interface SignInAttempt {
  email: string;
  password: string;
  /** The caller's network address, hashed before it is stored or compared. */
  address: string;
}

/**
 * The three answers a sign-in can get. `refused` never says why (unknown email, wrong password,
 * disabled account): that is for the audit log, not for whoever is typing.
 */
export type SignInOutcome =
  | { kind: 'signed-in'; user: User; session: NewSession }
  | { kind: 'refused' }
  | { kind: 'throttled'; retryAfterSeconds: number };

/** Sign-in as one operation: throttle → verify (same cost for unknown emails) → session → audit. */
export class SignInService {
  constructor(
    private readonly users: UserService,
    private readonly sessions: SessionService,
    private readonly throttle: SignInThrottle,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditLog,
    private readonly keys: SiteKeys,
  ) {}

  /** @example const outcome = await signIn.attempt({ email, password, address: request.ip }) */
  async attempt(attempt: SignInAttempt, now = new Date()): Promise<SignInOutcome> {
    const accountHash = this.keys.hash('account', foldEmail(attempt.email));
    const addressHash = this.keys.hash('address', attempt.address);
    const verdict = await this.throttle.begin(accountHash, addressHash, now);
    // A paused account is not even checked: a right password must not tell itself apart now.
    if (!verdict.isAllowed) return { kind: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };

    const credentials = await this.users.findCredentials(attempt.email);
    const isPasswordRight = await this.passwords.verifyOrDummy(credentials?.passwordHash, attempt.password);
    // An account without a password yet is refused whatever is typed: the dummy hash never verifies as its.
    if (!credentials || credentials.passwordHash === undefined || !isPasswordRight || credentials.user.isDisabled) {
      // The attempt `begin` wrote down stays: it is the failure the throttle counts.
      const reason = !credentials ? 'unknown-account' : credentials.passwordHash === undefined ? 'no-password-yet' : !isPasswordRight ? 'wrong-password' : 'disabled';
      await this.audit.record(
        { action: 'auth.sign_in_failed', actorId: null, subject: credentials ? { type: 'user', id: credentials.user.id } : undefined, details: { reason }, addressHash },
        undefined,
        now,
      );
      return { kind: 'refused' };
    }

    const { user, passwordHash } = credentials;
    await this.throttle.succeeded(accountHash);
    await this.users.rehashIfNeeded(user.id, passwordHash, attempt.password);
    return { kind: 'signed-in', user, session: await this.startSession(user, attempt.address, now) };
  }

  /**
   * A signed-in person changes their password, proving they know the current one. Wrong current passwords
   * are throttled per account as sign-ins are (5 in 15 minutes, and they count against the address's 20),
   * so a borrowed, unlocked browser is not a password-guessing machine. A right current password wipes
   * the account's count, whether or not the new one passes the policy.
   * @example await signIn.changePassword(user, 'the old passphrase', 'a new long passphrase', request.ip)
   */
  async changePassword(user: User, currentPassword: string, newPassword: string, address: string, now = new Date()): Promise<User> {
    const accountHash = this.keys.hash('account', `password-change:${user.id}`);
    const addressHash = this.addressHash(address);
    const verdict = await this.throttle.begin(accountHash, addressHash, now);
    if (!verdict.isAllowed) {
      throw new AccountError('TOO_MANY_ATTEMPTS', problems.tooManyAttempts, 'currentPassword', verdict.retryAfterSeconds);
    }
    try {
      const changed = await this.users.changePassword(user, currentPassword, newPassword, addressHash, now);
      await this.throttle.succeeded(accountHash);
      return changed;
    } catch (error) {
      // The attempt `begin` wrote down stays only when it was a wrong guess.
      if (!(error instanceof AccountError && error.code === 'WRONG_PASSWORD')) await this.throttle.succeeded(accountHash);
      throw error;
    }
  }

  /** Opens a session for someone whose identity is already proven (a sign-in, first-run setup) and records it. */
  async startSession(user: User, address: string, now = new Date()): Promise<NewSession> {
    await this.sessions.purgeExpired(now);
    const session = await this.sessions.create(user.id, now);
    await this.audit.record({ action: 'auth.signed_in', actorId: user.id, subject: { type: 'user', id: user.id }, addressHash: this.addressHash(address) }, undefined, now);
    return session;
  }

  /** Ends this browser's session. */
  async signOut(user: User, token: string, address: string, now = new Date()): Promise<void> {
    await this.sessions.revoke(token);
    await this.audit.record({ action: 'auth.signed_out', actorId: user.id, subject: { type: 'user', id: user.id }, addressHash: this.addressHash(address) }, undefined, now);
  }

  /** Ends every session of the person, in every browser. */
  async signOutEverywhere(user: User, address: string, now = new Date()): Promise<void> {
    const ended = await this.sessions.revokeAllFor(user.id);
    await this.audit.record(
      { action: 'auth.signed_out_everywhere', actorId: user.id, subject: { type: 'user', id: user.id }, details: { sessions: ended }, addressHash: this.addressHash(address) },
      undefined,
      now,
    );
  }

  /** Hashes an address the way sign-in stores it, for audit entries written elsewhere. */
  addressHash(address: string): string {
    return this.keys.hash('address', address);
  }
}
