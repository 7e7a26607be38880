import { sql, type Kysely } from 'kysely';
import { autoIdColumn, type Engine } from '../engine.ts';

/**
 * The newsroom's accounts: people, their sessions, sign-in throttling, the audit log, the site's
 * secret key, and the per-edition rule that lets authors publish their own stories.
 * Secrets are stored only as hashes: session tokens as SHA-256, addresses and attempted emails as
 * keyed hashes (src/modules/accounts/site-keys.ts), passwords as argon2id.
 */
export function accountsSchema(engine: Engine) {
  const autoId = autoIdColumn(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // Written as 0/1, read back as 0/1 (SQLite) or true/false (PostgreSQL): see SqlBoolean in schema.ts.
      await db.schema
        .alterTable('editions')
        .addColumn('allow_author_publish', 'boolean', (c) => c.notNull().defaultTo(sql`false`))
        .execute();

      await db.schema
        .createTable('site_keys')
        .addColumn('name', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'integer', autoId)
        // Stored case-folded (trimmed, NFC, lower case), so a plain unique constraint is case-insensitive.
        .addColumn('email', 'varchar(320)', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'varchar(16)', (c) =>
          c.notNull().check(sql.raw("role in ('owner', 'admin', 'editor', 'author', 'contributor', 'moderator')")),
        )
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('must_change_password', 'boolean', (c) => c.notNull().defaultTo(sql`false`))
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('password_changed_at', 'varchar(30)', (c) => c.notNull())
        // Accounts are disabled, never deleted: the audit log keeps pointing at who did what.
        .addColumn('disabled_at', 'varchar(30)')
        .execute();

      await db.schema
        .createTable('sessions')
        // Only the SHA-256 of the random token: a copy of the database cannot be used to sign in.
        .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('last_seen_at', 'varchar(30)', (c) => c.notNull())
        // The absolute end; the idle end is last_seen_at plus the idle lifetime.
        .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
      await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();

      await db.schema
        .createTable('sign_in_attempts')
        .addColumn('id', 'integer', autoId)
        .addColumn('attempted_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('account_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('address_hash', 'varchar(64)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sign_in_attempts_account').on('sign_in_attempts').columns(['account_hash', 'attempted_at']).execute();
      await db.schema.createIndex('sign_in_attempts_address').on('sign_in_attempts').columns(['address_hash', 'attempted_at']).execute();
      await db.schema.createIndex('sign_in_attempts_at').on('sign_in_attempts').column('attempted_at').execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'integer', autoId)
        .addColumn('at', 'varchar(30)', (c) => c.notNull())
        .addColumn('actor_user_id', 'integer', (c) => c.references('users.id'))
        .addColumn('action', 'varchar(64)', (c) => c.notNull())
        .addColumn('subject_type', 'varchar(32)')
        .addColumn('subject_id', 'varchar(64)')
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('ip_hash', 'varchar(64)')
        .execute();
      await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'id']).execute();
      await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_user_id', 'at']).execute();
      await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'at']).execute();

      // Every change that can add or remove an owner (first-run setup, role changes, disabling)
      // takes this row's lock first, so two such changes racing cannot leave no owner, or two first owners.
      await sql`insert into counters (name, value) values ('owner_lock', 0)`.execute(db);
    },
  };
}
