import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, defaultRequestTimeouts, readConfig } from '../../src/config/app-config.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * A client that sends its headers and then trickles the body one byte every few hundred milliseconds,
 * or never finishes its headers, must be cut off within the configured limits (here shortened to 1 s
 * for headers and 4 s for a whole request), not kept open for ever.
 */

const LIMITS = { headersMs: 1000, requestMs: 4000, connectionMs: 8000 };
/** Node checks the limits once a second: allow that, and a busy machine, on top. */
const SLACK_MS = 2500;

interface Outcome {
  /** Milliseconds from the first byte sent until the server closed the connection. */
  closedAfterMs: number;
  /** What the server said before closing, if anything. */
  answer: string;
}

/** Sends `head` at once, then one byte of `drip` every `everyMs`, until the server closes or `giveUpMs` passes. */
function trickle(url: string, head: string, drip: string, everyMs: number, giveUpMs: number): Promise<Outcome> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), hostname);
    const started = Date.now();
    let answer = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => {
      clearInterval(timer);
      socket.destroy();
      reject(new Error(`the server still held the connection after ${giveUpMs} ms (${sent} bytes trickled)`));
    }, giveUpMs);
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (!socket.writable) return;
        socket.write(drip[sent % drip.length] ?? 'a');
        sent++;
      }, everyMs);
    });
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ closedAfterMs: Date.now() - started, answer });
    });
  });
}

describe('slow clients', () => {
  let site: TestSite;

  beforeAll(async () => {
    site = await startTestSite('sqlite', { timeouts: LIMITS });
  });

  afterAll(async () => {
    await site?.close();
  });

  it('cuts a request whose body trickles in one byte at a time', async () => {
    const head = ['POST /admin/sign-in HTTP/1.1', 'Host: dateline.test', 'Content-Type: application/x-www-form-urlencoded', 'Content-Length: 10000', '', ''].join('\r\n');
    const outcome = await trickle(site.url, head, 'email=a', 300, LIMITS.requestMs + 8000);
    expect(outcome.closedAfterMs).toBeLessThan(LIMITS.requestMs + SLACK_MS);
    expect(outcome.closedAfterMs).toBeGreaterThanOrEqual(LIMITS.requestMs - 100);
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('cuts a client whose headers never end', async () => {
    const outcome = await trickle(site.url, 'GET /en/ HTTP/1.1\r\nHost: dateline.test\r\nX-Slow: ', 'abcdefgh', 300, LIMITS.requestMs + 8000);
    expect(outcome.closedAfterMs).toBeLessThan(LIMITS.headersMs + SLACK_MS);
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('still serves a client that sends its request at a normal pace', async () => {
    const response = await site.get('/admin/sign-in', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a&password=b' });
    // Refused for want of a CSRF token: the request itself arrived whole.
    expect(response.status).toBe(403);
  });
});

describe('request time limits in the configuration', () => {
  it('default to 10 s for headers, 30 s for a request and 90 s for an idle connection', () => {
    expect(readConfig({}).timeouts).toEqual(defaultRequestTimeouts);
    expect(defaultRequestTimeouts).toEqual({ headersMs: 10_000, requestMs: 30_000, connectionMs: 90_000 });
  });

  it('are read from the environment, and nonsense is refused with the variable named', () => {
    expect(readConfig({ HEADERS_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '120000', CONNECTION_TIMEOUT_MS: '180000' }).timeouts).toEqual({ headersMs: 5000, requestMs: 120_000, connectionMs: 180_000 });
    expect(() => readConfig({ REQUEST_TIMEOUT_MS: '0' })).toThrow(new ConfigError('REQUEST_TIMEOUT_MS "0" is not a number of milliseconds of at least 1000'));
    expect(() => readConfig({ HEADERS_TIMEOUT_MS: '60000', REQUEST_TIMEOUT_MS: '30000' })).toThrow(/HEADERS_TIMEOUT_MS \(60000\) must not be longer than REQUEST_TIMEOUT_MS \(30000\)/);
  });
});
