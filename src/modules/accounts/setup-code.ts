import { timingSafeEqual } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AccountError } from './account-errors.ts';
import { generateOneTimePassword } from './password-hasher.ts';
import { accountProblems as problems } from './account-problems.ts';

/** Kept beside the site key in `site_keys`, so that every app server and the command line see the same code. */
const ROW_NAME = 'setup_code';

/**
 * The one-time code that first-run setup asks for, so that the first visitor of a fresh site on a public
 * address does not become its owner. It is printed to the server's console at start while no account
 * exists (`dateline setup-code` prints it too), and dies with the owner's account it lets someone create.
 */
export class SetupCode {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * The code while setup is open, made on first ask (e.g. `k7pq-3xmt-9hrd-a2fw`); undefined once anyone has an account.
   * @example const code = await setupCode.find(); if (code) console.log(`set-up code: ${code}`);
   */
  async find(now = new Date()): Promise<string | undefined> {
    if (await this.db.selectFrom('users').select('id').limit(1).executeTakeFirst()) return undefined;
    // Two servers starting at once both try; the first one's code stands.
    await this.db
      .insertInto('site_keys')
      .values({ name: ROW_NAME, value: generateOneTimePassword(), created_at: now.toISOString() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await this.db.selectFrom('site_keys').select('value').where('name', '=', ROW_NAME).executeTakeFirst();
    return row?.value;
  }
}

/**
 * Uses up the set-up code inside the transaction that creates the first owner; throws (field `setupCode`)
 * when the code given is not the current one. Compared in constant time before the row is deleted.
 */
export async function consumeSetupCode(trx: Transaction<Database>, given: string): Promise<void> {
  const row = await trx.selectFrom('site_keys').select('value').where('name', '=', ROW_NAME).executeTakeFirst();
  const expected = Buffer.from(row?.value ?? '');
  const sent = Buffer.from(given.trim().toLowerCase());
  if (row === undefined || expected.length !== sent.length || !timingSafeEqual(expected, sent)) {
    throw new AccountError('ACCOUNT_INVALID', given.trim() === '' ? problems.setupCodeMissing : problems.setupCodeWrong, 'setupCode');
  }
  await trx.deleteFrom('site_keys').where('name', '=', ROW_NAME).execute();
}
