import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { guardedLookup, RefusedAddressError, targetRefusalOf, type TargetPolicy } from './address-guard.ts';
import { storedFailure, type DeliveryFailure } from './delivery-failure.ts';

/** What one attempt came to: the receiver's status and the start of its answer, or why there was none. */
export interface AttemptOutcome {
  isSuccess: boolean;
  status: number | null;
  /** The first bytes of the answer, as text, for the newsroom's deliveries list. */
  excerpt: string | null;
  /** Why it failed, in its stored form (`storedFailure`); null when it succeeded. */
  error: string | null;
}

export interface SendOptions extends TargetPolicy {
  /** The whole attempt, connecting to the last byte read (default 10 s). */
  timeoutMs?: number;
  /** How much of the answer is read before the connection is dropped (default 4 KiB). */
  maxResponseBytes?: number;
}

const EXCERPT_CHARS = 1000;

/**
 * Posts one webhook. Never follows a redirect (a 3xx is a failure like any other non-2xx), never reaches an
 * address the policy refuses (checked on the address actually connected to), gives up after the timeout,
 * and reads no more than a few KiB of the answer.
 * @example await sendWebhook('https://hooks.example.org/in', headers, body, { allowPrivate: false, ownHosts: ['news.example.org'] })
 */
export function sendWebhook(target: string, headers: Record<string, string>, body: string, options: SendOptions): Promise<AttemptOutcome> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxResponseBytes ?? 4096;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return Promise.resolve(failure({ kind: 'not-a-url' }));
  }
  const refusal = targetRefusalOf(url, options);
  if (refusal) return Promise.resolve(failure({ kind: 'refused', reason: refusal }));
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<AttemptOutcome>((resolve) => {
    let isSettled = false;
    const settle = (outcome: AttemptOutcome) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(outcome);
    };
    const request = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Dateline-Webhooks/1' },
        lookup: guardedLookup(options),
        // A fresh connection per attempt: a kept-alive socket could outlive the address check.
        agent: false,
      },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          const status = response.statusCode ?? 0;
          const text = Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8').slice(0, EXCERPT_CHARS);
          const isSuccess = status >= 200 && status < 300;
          settle({ isSuccess, status, excerpt: text === '' ? null : text, error: isSuccess ? null : storedFailure({ kind: 'answered', status }) });
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= maxBytes) finish();
        });
        response.on('end', finish);
        response.on('error', finish);
      },
    );
    const timer = setTimeout(() => settle(failure({ kind: 'timeout', seconds: timeoutMs / 1000 })), timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) =>
      settle(failure(error instanceof RefusedAddressError ? { kind: 'resolves-private', address: error.address } : { kind: 'connect', code: error.code ?? 'EUNKNOWN' })),
    );
    request.end(body);
  });
}

function failure(why: DeliveryFailure): AttemptOutcome {
  return { isSuccess: false, status: null, excerpt: null, error: storedFailure(why) };
}
