import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  /** The parsed body. */
  json: { type: string; timestamp: string; data: Record<string, unknown> };
}

/** How the receiver answers one request: a status code, or never (to test timeouts). */
export type Answer = number | 'hang';

export interface WebhookReceiver {
  /** `http://127.0.0.1:PORT/hooks`. */
  url: string;
  /** Every request that arrived, answered or not, in order of arrival. */
  received: ReceivedWebhook[];
  /** Requests that were answered 2xx, in order: what the receiver accepted. */
  accepted: ReceivedWebhook[];
  /** The answers for the next requests, in order; after them, the usual answer. */
  answerNext(...answers: Answer[]): void;
  /** The usual answer from now on (204 at first). */
  answerAlways(answer: Answer): void;
  close(): Promise<void>;
}

/** A real HTTP server on a loopback port that takes webhooks and answers as the test tells it. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const accepted: ReceivedWebhook[] = [];
  const answers: Answer[] = [];
  let usual: Answer = 204;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const webhook = { headers: request.headers, body, json: JSON.parse(body) as ReceivedWebhook['json'] };
      received.push(webhook);
      const answer = answers.shift() ?? usual;
      if (answer === 'hang') return;
      if (answer >= 200 && answer < 300) accepted.push(webhook);
      response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer >= 400 ? `refused with ${answer}` : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    accepted,
    answerNext: (...next) => answers.push(...next),
    answerAlways: (answer) => {
      usual = answer;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
