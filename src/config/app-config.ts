import { parseDatabaseUrl, type DatabaseTarget } from '../db/database-url.ts';

export interface AppConfig {
  database: DatabaseTarget;
  host: string;
  port: number;
  /** The site's public address, for absolute URLs (canonical links, feeds). No trailing slash. */
  publicUrl: string;
  logLevel: string;
  /**
   * Take the client's address from `X-Forwarded-For` (env `TRUST_PROXY=1`). Only behind a proxy that sets
   * it: otherwise any client could pick the address that comment rate limits and bans key on.
   */
  trustProxy: boolean;
  /** The page cache's size limit in bytes, all encodings counted (env `PAGE_CACHE_MB`, default 256). */
  pageCacheBytes: number;
  /** The longest a kept page lives when nothing it shows changes (env `PAGE_CACHE_MAX_AGE_S`, default 3600). */
  pageCacheMaxAgeMs: number;
}

export interface ConfigOverrides {
  databaseUrl?: string;
  host?: string;
  port?: string | number;
  publicUrl?: string;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

/** Environment first, then command-line flags over it. */
export function readConfig(env: NodeJS.ProcessEnv, overrides: ConfigOverrides = {}): AppConfig {
  const database = parseDatabaseUrl(overrides.databaseUrl ?? env.DATABASE_URL ?? 'sqlite:data/dateline.db');
  const host = overrides.host ?? env.HOST ?? '127.0.0.1';
  const portText = String(overrides.port ?? env.PORT ?? '3000');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new ConfigError(`PORT "${portText}" is not a port number (0–65535)`);
  const publicUrl = (overrides.publicUrl ?? env.PUBLIC_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, '');
  try {
    const parsed = new URL(publicUrl);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error();
  } catch {
    throw new ConfigError(`PUBLIC_URL "${publicUrl}" is not an http(s) address`);
  }
  const trustProxy = ['1', 'true', 'yes'].includes((env.TRUST_PROXY ?? '').toLowerCase());
  const pageCacheMb = wholeNumber(env, 'PAGE_CACHE_MB', 256);
  const pageCacheMaxAgeS = wholeNumber(env, 'PAGE_CACHE_MAX_AGE_S', 3600);
  return {
    database,
    host,
    port,
    publicUrl,
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy,
    pageCacheBytes: pageCacheMb * 1024 * 1024,
    pageCacheMaxAgeMs: pageCacheMaxAgeS * 1000,
  };
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d{1,9}$/.test(text)) throw new ConfigError(`${name} "${text}" is not a whole number`);
  return Number(text);
}
