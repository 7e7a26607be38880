import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

/** The one place that knows how an auto-numbered key is spelled on each engine. */
export function autoIdColumn(engine: Engine) {
  return (column: ColumnDefinitionBuilder) =>
    engine === 'sqlite'
      ? column.primaryKey().autoIncrement()
      : column.primaryKey().generatedByDefaultAsIdentity();
}

/** Case-insensitive text comparison that both engines index the same way. */
export function lower(expression: string) {
  return sql`lower(${sql.ref(expression)})`;
}

export async function engineOf(db: Kysely<unknown>): Promise<Engine> {
  const adapter = db.getExecutor().adapter;
  return adapter.constructor.name.toLowerCase().includes('sqlite') ? 'sqlite' : 'postgres';
}
