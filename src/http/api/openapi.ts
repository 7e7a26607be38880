import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { ApiReferencePage, type ApiOperationView } from '../../views/pages/api-reference-page.tsx';
import { renderPage } from '../../views/render-page.ts';

/** Paths the OpenAPI document describes: the content API and the newsroom's JSON API. */
const DOCUMENTED = /^\/api\/(?:v1|admin)\//;

const API_DESCRIPTION = [
  'Published stories, editions, sections, tags, bylines and corrections of this site, as JSON. Nothing unpublished, scheduled or under embargo is ever shown.',
  'Send a key as `Authorization: Bearer dtl_…` (the newsroom’s admins make them under Settings → API keys). Without a key the content API answers at a lower limit per address. Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset; past the limit, 429. Refusals are RFC 9457 problem details whose title is a stable code.',
  'Admin keys act as a person of the newsroom on /api/admin: the person’s role decides what the key may do, and the audit log names them.',
].join('\n\n');

/**
 * Collects every route's schemas into an OpenAPI 3.1 document. Register before any route: it learns the
 * routes as they are added.
 */
export async function registerOpenApi(app: FastifyInstance, publicUrl: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Dateline API', version: '1.0.0', description: API_DESCRIPTION },
      servers: [{ url: publicUrl }],
      tags: [
        { name: 'content', description: 'Published content, read-only' },
        { name: 'admin', description: 'The newsroom’s own API: a session with its CSRF token, or an admin key' },
      ],
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A key made under Settings → API keys' } } },
    },
    // Routes the document leaves out: the reader site's pages and the newsroom's HTML.
    transform: ({ schema, url, route }) => ({ schema: DOCUMENTED.test(url) && route.method !== 'OPTIONS' ? schema : { ...schema, hide: true }, url }),
  });
}

/** `/api/v1/openapi.json` and a readable page made from it, `/api/v1/reference`. */
export function registerApiReference(app: FastifyInstance, stylesheetHref: string): void {
  app.get('/openapi.json', { schema: { summary: 'This document', tags: ['content'] }, config: { rateLimit: false } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(app.swagger()),
  );
  app.get('/reference', { schema: { hide: true }, config: { rateLimit: false } }, async (_request, reply) => {
    const document = app.swagger() as unknown as OpenApiDocument;
    const view = {
      title: document.info.title,
      version: document.info.version,
      description: document.info.description ?? '',
      stylesheetHref,
      documentHref: '/api/v1/openapi.json',
      operations: operationsOf(document),
    };
    return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'public, max-age=300').send(renderPage(h(ApiReferencePage, { view })));
  });
}

interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
}

interface OpenApiOperation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: { type?: string; format?: string } }>;
  responses?: Record<string, { description?: string }>;
}

/** Every operation of the document, content first, in path order. */
export function operationsOf(document: OpenApiDocument): ApiOperationView[] {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      summary: op.summary ?? '',
      description: op.description ?? '',
      tag: op.tags?.[0] ?? 'admin',
      parameters: (op.parameters ?? []).map((p) => ({
        name: p.name,
        location: p.in,
        isRequired: p.required === true,
        type: [p.schema?.type, p.schema?.format].filter(Boolean).join(' ') || 'string',
        description: p.description ?? '',
      })),
      responses: Object.entries(op.responses ?? {}).map(([status, r]) => ({ status, description: r.description ?? '' })),
    })),
  );
  return operations.sort((a, b) => Number(a.tag !== 'content') - Number(b.tag !== 'content') || a.path.localeCompare(b.path));
}
