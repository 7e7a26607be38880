import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

const KEY_NAME = 'hmac';

/** What a keyed hash is for; the purpose is mixed in so that one value never hashes alike for two uses. */
export type KeyPurpose = 'address' | 'account' | 'csrf';

/**
 * The site's secret key, made on first boot and kept in the database (table `site_keys`) so that
 * every app server shares it. It salts the hashes of network addresses and attempted emails (the
 * raw values are never stored) and signs CSRF tokens. Deleting the row and restarting rotates it:
 * throttling counters and open forms start over, nothing else breaks.
 */
export class SiteKeys {
  private constructor(private readonly key: Buffer) {}

  static async load(db: Kysely<Database>, now = new Date()): Promise<SiteKeys> {
    // Two servers starting at once both try to insert; the first wins and both read its key.
    await db
      .insertInto('site_keys')
      .values({ name: KEY_NAME, value: randomBytes(32).toString('base64'), created_at: now.toISOString() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await db.selectFrom('site_keys').select('value').where('name', '=', KEY_NAME).executeTakeFirstOrThrow();
    return new SiteKeys(Buffer.from(row.value, 'base64'));
  }

  /**
   * A keyed hash as 64 hex characters, for storing and comparing values we must not keep raw.
   * @example keys.hash('address', '203.0.113.7') // 'c0ffee…'
   */
  hash(purpose: KeyPurpose, value: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\0${value}`).digest('hex');
  }

  /** The same keyed hash as base64url, shorter, for tokens that travel in forms and headers. */
  sign(purpose: KeyPurpose, value: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\0${value}`).digest('base64url');
  }
}
