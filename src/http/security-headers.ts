import type { FastifyReply } from 'fastify';

const CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' https: data:; object-src 'none'; base-uri 'self'; frame-ancestors 'self'; form-action 'self'";

/**
 * A year, without `includeSubDomains` or `preload`: the site may share its domain with older
 * plain-http hosts, and the `__Host-` cookies already keep sibling subdomains out of the newsroom.
 */
const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

/** What the headers depend on: whether the site's public address is https. */
export interface SecurityHeaderPolicy {
  isHttps: boolean;
}

export function securityHeaderPolicy(publicUrl: string): SecurityHeaderPolicy {
  return { isHttps: publicUrl.startsWith('https:') };
}

/**
 * Headers every response carries (HSTS too when the site is https); HTML gets a strict content
 * security policy (no inline scripts).
 */
export function applySecurityHeaders(reply: FastifyReply, policy: SecurityHeaderPolicy): void {
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'strict-origin-when-cross-origin');
  if (policy.isHttps) reply.header('strict-transport-security', STRICT_TRANSPORT_SECURITY);
  if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-frame-options', 'SAMEORIGIN');
  }
}
