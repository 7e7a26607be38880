import { sql, type Kysely, type Migration } from 'kysely';
import type { Engine } from '../engine.ts';

/**
 * PostgreSQL: an index of each story's adjacent word pairs, so a quoted phrase is checked only against the
 * stories that hold its pairs instead of every story holding all its words ("markets have": 884 stories
 * instead of 15,000, each a whole tsvector to read). Pairs are stored as 32-bit hashes of
 * "lexeme lexeme" (md5-based: stable across PostgreSQL versions, unlike hashtext); a collision only lets a
 * story through to the exact `@@` check. A trigger keeps them in step with `document`, whoever writes it.
 * SQLite needs nothing: FTS5 checks phrases in its own index.
 */
export function phraseSearchIndex(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (engine !== 'postgres') return;
      await sql`create function dateline_word_pairs(document tsvector) returns int4[] language sql immutable parallel safe as $$
          select coalesce(array_agg(distinct ('x' || left(md5(a.lexeme || ' ' || b.lexeme), 8))::bit(32)::int4), '{}')
          from (select w.lexeme, p from unnest(document) w, unnest(w.positions) p) a
          join (select w.lexeme, p from unnest(document) w, unnest(w.positions) p) b on b.p = a.p + 1
        $$`.execute(db);
      await sql`create function dateline_search_documents_pairs() returns trigger language plpgsql as $$
          begin
            new.word_pairs := dateline_word_pairs(new.document);
            return new;
          end
        $$`.execute(db);
      await sql`alter table search_documents add column word_pairs int4[] not null default '{}'`.execute(db);
      await sql`update search_documents set word_pairs = dateline_word_pairs(document)`.execute(db);
      await sql`create trigger search_documents_pairs before insert or update of document on search_documents
        for each row execute function dateline_search_documents_pairs()`.execute(db);
      await sql`create index search_documents_word_pairs on search_documents using gin (word_pairs)`.execute(db);
    },
  };
}
