import type { FastifyReply } from 'fastify';

/**
 * A year, without `includeSubDomains` or `preload`: the site may share its domain with older
 * plain-http hosts, and the `__Host-` cookies already keep sibling subdomains out of the newsroom.
 */
const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

/** Powerful browser features no page of ours uses: nothing embedded in a story may ask for them either. */
const PERMISSIONS_POLICY = 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()';

/** Documents and JSON are ours alone; feeds, sitemaps, images and assets are made for other sites to load. */
const PRIVATE_TYPES = /^(text\/html|application\/json|application\/problem\+json)\b/u;

/** What the headers depend on: whether the site's public address is https, and which other origins may serve images. */
export interface SecurityHeaderPolicy {
  isHttps: boolean;
  /** `https://` origins whose images story pages may show (IMAGE_ORIGINS); none by default. */
  imageOrigins: readonly string[];
}

export function securityHeaderPolicy(publicUrl: string, imageOrigins: readonly string[] = []): SecurityHeaderPolicy {
  return { isHttps: publicUrl.startsWith('https:'), imageOrigins };
}

/**
 * The content security policy of every HTML page: no inline scripts, and DOM sinks that take strings
 * (`innerHTML`, …) accept only Trusted Types, so a string can never become script in a page of ours.
 * Images come from the site itself, `data:` URLs, and the origins the operator lists
 * (docs/decisions/010-security-headers-and-embeds.md).
 */
export function contentSecurityPolicy(policy: SecurityHeaderPolicy): string {
  const images = ["'self'", 'data:', ...policy.imageOrigins].join(' ');
  return `default-src 'self'; img-src ${images}; object-src 'none'; base-uri 'self'; frame-ancestors 'self'; form-action 'self'; require-trusted-types-for 'script'`;
}

/**
 * Headers every response carries (HSTS too when the site is https); HTML gets the content security
 * policy, and documents are isolated from the windows that open them.
 */
export function applySecurityHeaders(reply: FastifyReply, policy: SecurityHeaderPolicy): void {
  const contentType = String(reply.getHeader('content-type') ?? '');
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'strict-origin-when-cross-origin');
  reply.header('permissions-policy', PERMISSIONS_POLICY);
  reply.header('cross-origin-resource-policy', PRIVATE_TYPES.test(contentType) ? 'same-origin' : 'cross-origin');
  if (policy.isHttps) reply.header('strict-transport-security', STRICT_TRANSPORT_SECURITY);
  if (contentType.startsWith('text/html')) {
    reply.header('content-security-policy', contentSecurityPolicy(policy));
    reply.header('x-frame-options', 'SAMEORIGIN');
    reply.header('cross-origin-opener-policy', 'same-origin');
  }
}
