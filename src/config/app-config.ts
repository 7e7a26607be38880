import { parseDatabaseUrl, type DatabaseTarget } from '../db/database-url.ts';
import { DatelineError } from '../errors/dateline-error.ts';

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
  /**
   * Other origins whose images story pages may show (env `IMAGE_ORIGINS`, space-separated `https://host`
   * origins); none by default: see docs/decisions/010-security-headers-and-embeds.md.
   */
  imageOrigins: string[];
  /** How long a client may take to send a request; see `RequestTimeouts`. */
  timeouts: RequestTimeouts;
  /**
   * On SIGTERM, how long requests that arrived may take to finish before the connections left are destroyed
   * (`SHUTDOWN_TIMEOUT_MS`, default 10 s: well inside an orchestrator's usual 30 s before SIGKILL).
   */
  shutdownTimeoutMs: number;
  /** `/metrics` answers with this bearer token (`METRICS_TOKEN`); unset, it answers 404. */
  metricsToken?: string;
  /** Serve `/metrics`, without a token, on this port of HOST instead (`METRICS_PORT`): for a scraper inside the network. */
  metricsPort?: number;
  /** A log line per request (`LOG_REQUESTS=1`; on by default only with NODE_ENV=production). */
  logRequests: boolean;
}

/**
 * Limits on slow clients, so that a few thousand connections trickling a byte every few seconds cannot
 * hold the server's sockets and file descriptors. No route takes large bodies today (forms are capped at
 * 64 KiB, JSON at 1 MiB), so one limit serves them all; an upload route would need a longer one of its own.
 */
export interface RequestTimeouts {
  /** The request line and headers must arrive within this (env `HEADERS_TIMEOUT_MS`). */
  headersMs: number;
  /** The whole request, headers and body, must arrive within this (env `REQUEST_TIMEOUT_MS`). */
  requestMs: number;
  /**
   * A connection with no traffic at all for this long is closed (env `CONNECTION_TIMEOUT_MS`). Longer than
   * the 72 s keep-alive, so that an idle keep-alive connection is ended by the keep-alive rule, not by this.
   */
  connectionMs: number;
}

export const defaultRequestTimeouts: RequestTimeouts = { headersMs: 10_000, requestMs: 30_000, connectionMs: 90_000 };

export interface ConfigOverrides {
  databaseUrl?: string;
  host?: string;
  port?: string | number;
  publicUrl?: string;
}

export class ConfigError extends DatelineError {
  constructor(message: string, options?: ErrorOptions) {
    super('CONFIG_INVALID', message, { cause: options?.cause });
  }
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
  const timeouts: RequestTimeouts = {
    headersMs: readMilliseconds(env, 'HEADERS_TIMEOUT_MS', defaultRequestTimeouts.headersMs),
    requestMs: readMilliseconds(env, 'REQUEST_TIMEOUT_MS', defaultRequestTimeouts.requestMs),
    connectionMs: readMilliseconds(env, 'CONNECTION_TIMEOUT_MS', defaultRequestTimeouts.connectionMs),
  };
  if (timeouts.headersMs > timeouts.requestMs) {
    throw new ConfigError(`HEADERS_TIMEOUT_MS (${timeouts.headersMs}) must not be longer than REQUEST_TIMEOUT_MS (${timeouts.requestMs})`);
  }
  const imageOrigins = readImageOrigins(env.IMAGE_ORIGINS ?? '');
  const pageCacheMb = wholeNumber(env, 'PAGE_CACHE_MB', 256);
  const pageCacheMaxAgeS = wholeNumber(env, 'PAGE_CACHE_MAX_AGE_S', 3600);
  const shutdownText = env.SHUTDOWN_TIMEOUT_MS ?? '10000';
  const shutdownTimeoutMs = Number(shutdownText);
  if (!/^\d+$/.test(shutdownText)) throw new ConfigError(`SHUTDOWN_TIMEOUT_MS "${shutdownText}" is not a number of milliseconds`);
  const metricsPortText = env.METRICS_PORT;
  if (metricsPortText !== undefined && metricsPortText !== '' && (!/^\d+$/.test(metricsPortText) || Number(metricsPortText) > 65535)) {
    throw new ConfigError(`METRICS_PORT "${metricsPortText}" is not a port number (0–65535)`);
  }
  const logRequests = env.LOG_REQUESTS !== undefined && env.LOG_REQUESTS !== '' ? ['1', 'true', 'yes'].includes(env.LOG_REQUESTS.toLowerCase()) : env.NODE_ENV === 'production';
  return {
    database,
    host,
    port,
    publicUrl,
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy,
    imageOrigins,
    timeouts,
    pageCacheBytes: pageCacheMb * 1024 * 1024,
    pageCacheMaxAgeMs: pageCacheMaxAgeS * 1000,
    shutdownTimeoutMs,
    metricsToken: env.METRICS_TOKEN || undefined,
    metricsPort: metricsPortText ? Number(metricsPortText) : undefined,
    logRequests,
  };
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d{1,9}$/.test(text)) throw new ConfigError(`${name} "${text}" is not a whole number`);
  return Number(text);
}

function readImageOrigins(text: string): string[] {
  return text
    .split(/[\s,]+/u)
    .filter((entry) => entry !== '')
    .map((entry) => {
      let origin = '';
      try {
        origin = new URL(entry).origin;
      } catch {
        // Reported below.
      }
      if (!origin.startsWith('https://') || origin !== entry.replace(/\/+$/u, '')) {
        throw new ConfigError(`IMAGE_ORIGINS: "${entry}" is not an https origin like https://images.example.org`);
      }
      return origin;
    });
}

function readMilliseconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1000) throw new ConfigError(`${name} "${text}" is not a number of milliseconds of at least 1000`);
  return Number(text);
}
