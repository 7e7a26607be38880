import path from 'node:path';
import { DatelineError } from '../errors/dateline-error.ts';

export type DatabaseTarget =
  | { engine: 'sqlite'; file: string }
  | { engine: 'postgres'; connectionString: string; display: string };

export class DatabaseUrlError extends DatelineError {
  constructor(message: string, options?: ErrorOptions) {
    super('DATABASE_URL_INVALID', message, { cause: options?.cause });
  }
}

/**
 * Reads `DATABASE_URL`: `sqlite:relative/or/absolute.db`, `sqlite:///abs/path.db`, or `postgres://…`.
 * @example parseDatabaseUrl('sqlite:data/dateline.db') // { engine: 'sqlite', file: '<cwd>/data/dateline.db' }
 */
export function parseDatabaseUrl(url: string, cwd = process.cwd()): DatabaseTarget {
  const trimmed = url.trim();
  if (trimmed.startsWith('sqlite:')) {
    let file = trimmed.slice('sqlite:'.length);
    if (file.startsWith('//')) file = file.slice(2);
    if (file === '') throw new DatabaseUrlError(`DATABASE_URL "${url}" names no SQLite file (expected sqlite:path/to/file.db)`);
    return { engine: 'sqlite', file: file === ':memory:' ? file : path.resolve(cwd, file) };
  }
  if (trimmed.startsWith('postgres://') || trimmed.startsWith('postgresql://')) {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw new DatabaseUrlError(`DATABASE_URL "${redact(url)}" is not a valid URL`);
    }
    if (!parsed.hostname && !parsed.searchParams.get('host')) {
      throw new DatabaseUrlError(`DATABASE_URL "${redact(url)}" names no host`);
    }
    const database = parsed.pathname.replace(/^\//, '');
    if (!database) throw new DatabaseUrlError(`DATABASE_URL "${redact(url)}" names no database (expected postgres://user@host:port/name)`);
    return { engine: 'postgres', connectionString: trimmed, display: redact(trimmed) };
  }
  throw new DatabaseUrlError(
    `DATABASE_URL "${redact(url)}" is not understood: use sqlite:path/to/file.db or postgres://user@host:port/name`,
  );
}

/** Hides a password so that error lines and logs never show it. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
