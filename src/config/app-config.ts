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
    shutdownTimeoutMs,
    metricsToken: env.METRICS_TOKEN || undefined,
    metricsPort: metricsPortText ? Number(metricsPortText) : undefined,
    logRequests,
  };
}
