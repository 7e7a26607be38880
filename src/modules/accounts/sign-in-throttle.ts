import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface ThrottleLimits {
  /** Failed sign-ins per account (known or not) within the window before it is paused. */
  perAccount: number;
  /** Failed sign-ins from one network address, over all accounts, within the window. */
  perAddress: number;
  windowMs: number;
}

/**
 * 5 per account stops guessing one person's password; 20 per address stops one machine spraying
 * many accounts while leaving room for a shared office connection's typos.
 */
export const defaultThrottleLimits: ThrottleLimits = { perAccount: 5, perAddress: 20, windowMs: 15 * 60 * 1000 };

export type ThrottleVerdict = { isAllowed: true } | { isAllowed: false; retryAfterSeconds: number };

/**
 * Counts failed sign-ins in a sliding window, per account and per address. Both keys are keyed
 * hashes (`SiteKeys.hash`): unknown emails are counted exactly like real ones, so the answer never
 * tells whether an account exists.
 *
 * An attempt is written down BEFORE its password is checked (`begin`) and stays as the record of a
 * failure; a success wipes the account's rows (`succeeded`). Counting first and recording after
 * would let a burst of parallel guesses all pass the count before any was recorded.
 */
export class SignInThrottle {
  constructor(
    private readonly db: Kysely<Database>,
    readonly limits: ThrottleLimits = defaultThrottleLimits,
  ) {}

  /**
   * Records an attempt about to be checked and says whether it may go ahead. A refused attempt is
   * taken back, so hammering a paused account does not keep it paused for longer.
   */
  async begin(accountHash: string, addressHash: string, now = new Date()): Promise<ThrottleVerdict> {
    // Attempts older than the window count for nothing: forget them as we go.
    await this.db.deleteFrom('sign_in_attempts').where('attempted_at', '<', new Date(now.getTime() - this.limits.windowMs).toISOString()).execute();
    const { id } = await this.db
      .insertInto('sign_in_attempts')
      .values({ attempted_at: now.toISOString(), account_hash: accountHash, address_hash: addressHash })
      .returning('id')
      .executeTakeFirstOrThrow();
    const verdict = await this.check(accountHash, addressHash, now, id);
    if (!verdict.isAllowed) await this.db.deleteFrom('sign_in_attempts').where('id', '=', id).execute();
    return verdict;
  }

  /** A successful sign-in wipes the account's failures and this attempt (not the address's: a sprayer may know one password). */
  async succeeded(accountHash: string): Promise<void> {
    await this.db.deleteFrom('sign_in_attempts').where('account_hash', '=', accountHash).execute();
  }

  /** Whether an attempt may go ahead, counting every other attempt in the window (`exceptId`: the attempt being decided). */
  async check(accountHash: string, addressHash: string, now = new Date(), exceptId = 0): Promise<ThrottleVerdict> {
    const since = new Date(now.getTime() - this.limits.windowMs).toISOString();
    const waits = await Promise.all([
      this.waitFor('account_hash', accountHash, this.limits.perAccount, since, exceptId),
      this.waitFor('address_hash', addressHash, this.limits.perAddress, since, exceptId),
    ]);
    const liftsAt = waits.reduce<string | undefined>((latest, at) => (at !== undefined && (latest === undefined || at > latest) ? at : latest), undefined);
    if (liftsAt === undefined) return { isAllowed: true };
    const seconds = Math.ceil((Date.parse(liftsAt) + this.limits.windowMs - now.getTime()) / 1000);
    return { isAllowed: false, retryAfterSeconds: Math.max(1, seconds) };
  }

  /**
   * When the key is over its limit, the time of the failure whose ageing out lifts the pause
   * (the limit-th newest in the window); otherwise undefined.
   */
  private async waitFor(column: 'account_hash' | 'address_hash', key: string, limit: number, since: string, exceptId: number): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('sign_in_attempts')
      .select('attempted_at')
      .where(column, '=', key)
      .where('attempted_at', '>', since)
      .where('id', '!=', exceptId)
      .orderBy('attempted_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .offset(limit - 1)
      .executeTakeFirst();
    return row?.attempted_at;
  }
}
