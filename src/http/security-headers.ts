import type { FastifyReply } from 'fastify';

const CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' https: data:; object-src 'none'; base-uri 'self'; frame-ancestors 'self'; form-action 'self'";

/** Headers every response carries; HTML gets a strict content security policy (no inline scripts). */
export function applySecurityHeaders(reply: FastifyReply): void {
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'strict-origin-when-cross-origin');
  if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-frame-options', 'SAMEORIGIN');
  }
}
