import { sql, type Kysely, type Migration } from 'kysely';
import { DatelineError } from '../errors/dateline-error.ts';

/** The tables Kysely's Migrator created before this runner replaced it; existing databases keep them. */
const MIGRATION_TABLE = 'schema_migrations';
const LOCK_TABLE = 'schema_migrations_lock';
const LOCK_ID = 'migration_lock';

export class MigrationError extends DatelineError {
  constructor(message: string, options?: ErrorOptions) {
    super('MIGRATION_FAILED', message, { cause: options?.cause });
  }
}

export interface MigrationRunOptions {
  /** Called as each pending migration begins (the `migrate` command prints it: 002 can take minutes). */
  onStart?: (name: string) => void;
  /** Stop after this migration (tests build a database as an older release left it). */
  until?: string;
}

/**
 * Applies pending migrations in name order, each with its record in one transaction of its own, on both
 * engines. Kysely's Migrator runs SQLite migrations outside any transaction, so a process killed mid-way
 * left half a migration and a schema no later start could get past; here a kill loses at most the
 * migration in progress, which the next start runs again from the beginning.
 *
 * The first statement of each transaction writes the lock row: on SQLite that takes the database's write
 * lock, on PostgreSQL the row lock, so two servers starting together migrate one after the other and the
 * second finds the work done.
 * @example const applied = await runMigrations(db, allMigrations('sqlite'))
 */
export async function runMigrations(db: Kysely<unknown>, migrations: Record<string, Migration>, options: MigrationRunOptions = {}): Promise<string[]> {
  await ensureMigrationTables(db);
  const names = Object.keys(migrations).sort();
  const unknown = (await appliedMigrations(db)).filter((name) => !(name in migrations));
  if (unknown.length > 0) {
    throw new MigrationError(`the database has migrations this version of Dateline does not know (${unknown.join(', ')}): it was used by a newer version`);
  }
  const applied: string[] = [];
  for (const name of names) {
    const migration = migrations[name];
    if (!migration) continue;
    const ran = await db.transaction().execute(async (trx) => {
      await sql`update ${sql.table(LOCK_TABLE)} set is_locked = is_locked where id = ${LOCK_ID}`.execute(trx);
      const done = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} where name = ${name}`.execute(trx);
      if (done.rows.length > 0) return false;
      options.onStart?.(name);
      try {
        await migration.up(trx);
      } catch (error) {
        throw new MigrationError(`migration ${name} failed: ${(error as Error).message}`, { cause: error });
      }
      await sql`insert into ${sql.table(MIGRATION_TABLE)} (name, timestamp) values (${name}, ${new Date().toISOString()})`.execute(trx);
      return true;
    });
    if (ran) applied.push(name);
    if (name === options.until) break;
  }
  return applied;
}

/** Names of the migrations the database has recorded, in order. */
export async function appliedMigrations(db: Kysely<unknown>): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(db);
  return rows.rows.map((row) => row.name);
}

async function ensureMigrationTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable(MIGRATION_TABLE)
    .ifNotExists()
    .addColumn('name', 'varchar(255)', (c) => c.notNull().primaryKey())
    .addColumn('timestamp', 'varchar(255)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable(LOCK_TABLE)
    .ifNotExists()
    .addColumn('id', 'varchar(255)', (c) => c.notNull().primaryKey())
    .addColumn('is_locked', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Two servers may both try this on a new database; the loser's duplicate is ignored.
  await sql`insert into ${sql.table(LOCK_TABLE)} (id, is_locked) values (${LOCK_ID}, 0) on conflict (id) do nothing`.execute(db);
}
