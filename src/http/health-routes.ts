import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';

/** How long readiness waits for the database before it says "not ready". */
export const READINESS_DEADLINE_MS = 2000;

/**
 * Health for load balancers and orchestrators, as small JSON, never cached:
 * - `/livez`: the process answers (no database: a stalled database is no reason to restart the server);
 * - `/readyz`: the database takes writes within a deadline and its migrations are current, else 503;
 * - `/healthz`: the same as `/readyz`, the address earlier releases documented.
 */
export function registerHealthRoutes(app: FastifyInstance, services: Services): void {
  app.get('/livez', async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));

  const readiness = async (_request: unknown, reply: FastifyReply) => {
    const { engine } = services.database;
    const readiness = await services.database.checkReadiness(READINESS_DEADLINE_MS);
    reply.header('cache-control', 'no-store');
    if (readiness.isReady) return reply.send({ status: 'ok', engine });
    return reply.code(503).header('retry-after', '5').send({ status: 'unavailable', engine, problem: readiness.problem });
  };
  app.get('/readyz', readiness);
  app.get('/healthz', readiness);
}
