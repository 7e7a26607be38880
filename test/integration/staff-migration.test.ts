import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { runMigrations } from '../../src/db/migration-runner.ts';
import { allMigrations } from '../../src/db/migrations/index.ts';
import { maintenanceTimeouts, openDatabase } from '../../src/db/open-database.ts';
import type { Database } from '../../src/db/schema.ts';
import { createServices, migrationSteps } from '../../src/services.ts';
import { createTestDatabase, testEngines, type Engine, type TestDatabase } from '../support/engines.ts';

const MIGRATION = '028-staff-without-passwords';
const AT = '2026-11-30T10:00:00.000Z';

function previousMigration(engine: Engine): string {
  const names = Object.keys(allMigrations(engine)).sort();
  const previous = names[names.indexOf(MIGRATION) - 1];
  if (previous === undefined) throw new Error(`no migration before ${MIGRATION}`);
  return previous;
}

/** Two people, one signed in, with the rows that point at accounts: audit entries, an API key, a webhook. */
async function accountsAsBefore(db: Kysely<Database>): Promise<void> {
  const person = { role: 'owner' as const, password_hash: '$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHQ$aGFzaA', must_change_password: 0 as const, created_at: AT, updated_at: AT, password_changed_at: AT, disabled_at: null };
  await db.insertInto('users').values([
    { ...person, email: 'ada@dateline.test', display_name: 'Ada' },
    { ...person, email: 'bo@dateline.test', display_name: 'Bo', role: 'editor' },
  ]).execute();
  await db.insertInto('sessions').values({ token_hash: 'a'.repeat(64), user_id: 1, created_at: AT, last_seen_at: AT, expires_at: '2026-12-30T10:00:00.000Z' }).execute();
  await db.insertInto('audit_log').values({ at: AT, actor_user_id: 2, action: 'user.created', subject_type: 'user', subject_id: '2', details: '{}', ip_hash: null }).execute();
  await db
    .insertInto('api_keys')
    .values({ name: 'desk', token_hash: 'b'.repeat(64), token_prefix: 'dl_desk', scope: 'admin', acts_as_user_id: 2, allowed_origins: '[]', requests_per_minute: 60, created_at: AT, created_by: 1, revoked_at: null, revoked_by: null, last_used_at: null })
    .execute();
  await db
    .insertInto('webhook_endpoints')
    .values({ url: 'https://hooks.example/in', description: '', events: '[]', is_enabled: 1, secret: 's', previous_secret: null, previous_secret_until: null, after_event_id: 0, failing_since: null, disabled_at: null, disabled_reason: null, created_by: 1, created_at: AT, updated_at: AT })
    .execute();
}

describe.each(testEngines())('migration 028 on %s', (engine) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('lets an account have no password, keeping every account, session, reference and constraint', async () => {
    database = await createTestDatabase(engine);
    const handle = await openDatabase(parseDatabaseUrl(database.url), { migrate: false, timeouts: maintenanceTimeouts });
    try {
      await runMigrations(handle.db as Kysely<unknown>, allMigrations(engine, migrationSteps), { until: previousMigration(engine) });
      await accountsAsBefore(handle.db);
      const before = await handle.db.selectFrom('users').selectAll().orderBy('id').execute();

      expect(await runMigrations(handle.db as Kysely<unknown>, allMigrations(engine, migrationSteps))).toContain(MIGRATION);

      expect(await handle.db.selectFrom('users').selectAll().orderBy('id').execute()).toEqual(before);
      expect(await handle.db.selectFrom('sessions').select(['user_id']).execute()).toEqual([{ user_id: 1 }]);
      expect(await handle.db.selectFrom('api_keys').select(['acts_as_user_id', 'created_by']).execute()).toEqual([{ acts_as_user_id: 2, created_by: 1 }]);
      expect(await handle.db.selectFrom('webhook_endpoints').select('created_by').execute()).toEqual([{ created_by: 1 }]);
      expect(await handle.db.selectFrom('audit_log').select('actor_user_id').execute()).toEqual([{ actor_user_id: 2 }]);

      const services = await createServices(handle, { passwordCost: 'test-only' });
      const { user } = await services.users.addWithoutPassword({ kind: 'command-line' }, { email: 'cy@dateline.test', displayName: 'Cy', role: 'author' }, 'import');
      expect(user).toMatchObject({ id: 3, hasPassword: false });
      // What the rebuilt table still refuses: a second account with an email, an unknown role, a session of nobody.
      await expect(services.users.addUser({ kind: 'command-line' }, { email: 'ADA@dateline.test', role: 'author', password: 'a long enough phrase 9' })).rejects.toThrow(/already has an account/u);
      await expect(sql`update users set role = 'pope' where id = 3`.execute(handle.db)).rejects.toThrow();
      await expect(handle.db.insertInto('sessions').values({ token_hash: 'c'.repeat(64), user_id: 99, created_at: AT, last_seen_at: AT, expires_at: AT }).execute()).rejects.toThrow();
      // Sessions still go with their account's row.
      if (engine === 'sqlite') {
        const references = await sql<{ table: string; on_delete: string }>`select "table", on_delete from pragma_foreign_key_list('sessions')`.execute(handle.db);
        expect(references.rows).toEqual([{ table: 'users', on_delete: 'CASCADE' }]);
      }
    } finally {
      await handle.close();
    }
  }, 120_000);
});
