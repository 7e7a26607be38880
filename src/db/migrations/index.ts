import type { Migration } from 'kysely';
import type { Engine } from '../engine.ts';
import { initialSchema } from './001-initial.ts';

/** Every migration, in order. Names never change once released. */
export function allMigrations(engine: Engine): Record<string, Migration> {
  return {
    '001-initial': initialSchema(engine),
  };
}
