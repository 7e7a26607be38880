import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpRequestDuration, httpRequests, metricsRegistry } from './metrics.ts';

export interface ObservabilityOptions {
  /** `/metrics` answers only with `Authorization: Bearer <token>`; without a token it answers 404. */
  metricsToken?: string;
}

/**
 * Request metrics for every route, the request id on every response (`X-Request-Id`, as in the logs), and
 * `/metrics` behind a bearer token. Metrics are not public: they tell an attacker what is slow.
 */
export function registerObservability(app: FastifyInstance, options: ObservabilityOptions): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    httpRequestDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    return payload;
  });

  app.get('/metrics', async (request, reply) => {
    if (!options.metricsToken) return reply.callNotFound();
    if (!hasBearer(request, options.metricsToken)) {
      return reply.code(401).header('www-authenticate', 'Bearer').header('cache-control', 'no-store').send({ status: 401, detail: 'metrics need the METRICS_TOKEN bearer token' });
    }
    return sendMetrics(reply);
  });
}

/** The registry in Prometheus's text format. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}

async function sendMetrics(reply: FastifyReply) {
  const { contentType, body } = await metricsText();
  return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
}

function hasBearer(request: FastifyRequest, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/u.exec(request.headers.authorization ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
