import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

export interface Stylesheet {
  href: string;
  css: string;
}

/** The stylesheet's URL carries a hash of its content, so browsers may keep it for a year. */
export function loadStylesheet(): Stylesheet {
  const css = readFileSync(new URL('../views/site.css', import.meta.url), 'utf8');
  const hash = createHash('sha256').update(css).digest('hex').slice(0, 12);
  return { href: `/assets/site.${hash}.css`, css };
}

export function registerAssetRoutes(app: FastifyInstance, stylesheet: Stylesheet): void {
  app.get(stylesheet.href, async (_request, reply) =>
    reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(stylesheet.css),
  );
}
