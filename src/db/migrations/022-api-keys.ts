import type { Kysely } from 'kysely';
import { autoIdColumn, type Engine } from '../engine.ts';

/**
 * `api_keys`: one key per integration of the content API and per piece of staff automation
 * (docs/decisions/019-content-api-and-keys.md). Only the SHA-256 of the token is stored; the token is shown
 * once, when the key is made. A key is revoked, never deleted, so the audit log's entries keep a name.
 */
export function apiKeysSchema(engine: Engine) {
  const autoId = autoIdColumn(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'integer', autoId)
        .addColumn('name', 'varchar(80)', (c) => c.notNull())
        .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
        // The token's first characters, so that admins can tell keys apart without the token itself.
        .addColumn('token_prefix', 'varchar(16)', (c) => c.notNull())
        .addColumn('scope', 'varchar(16)', (c) => c.notNull())
        // An admin key acts as this person: their role decides what it may do, the audit log names them.
        .addColumn('acts_as_user_id', 'integer', (c) => c.references('users.id'))
        // JSON array of origins (`https://app.example`) a browser may call the API from with this key.
        .addColumn('allowed_origins', 'text', (c) => c.notNull())
        .addColumn('requests_per_minute', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .addColumn('revoked_at', 'varchar(30)')
        .addColumn('revoked_by', 'integer', (c) => c.references('users.id'))
        .addColumn('last_used_at', 'varchar(30)')
        .execute();
    },
  };
}
