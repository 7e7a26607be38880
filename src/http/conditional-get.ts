import type { FastifyReply, FastifyRequest } from 'fastify';

/** What a client may hold a copy by: an entity tag and a last-modified instant. */
export interface Validators {
  /** A digest of the document's data (opaque, no quotes). */
  fingerprint: string;
  /** ISO instant; sent with second precision as HTTP dates are. */
  lastChangeAt: string;
}

/**
 * Sets `ETag` and `Last-Modified`, and tells whether the client's copy is current, so the caller answers
 * 304 without making the document. RFC 9110 §13.2.2: `If-None-Match` decides when present (weak comparison);
 * otherwise `If-Modified-Since`, for GET and HEAD only.
 * @example if (isClientCopyCurrent(request, reply, source)) return reply.code(304).send();
 */
export function isClientCopyCurrent(request: FastifyRequest, reply: FastifyReply, validators: Validators): boolean {
  const etag = `"${validators.fingerprint}"`;
  const lastModified = new Date(validators.lastChangeAt);
  reply.header('etag', etag);
  if (!Number.isNaN(lastModified.getTime())) reply.header('last-modified', lastModified.toUTCString());

  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    const candidates = ifNoneMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    return candidates.includes('*') || candidates.includes(etag);
  }
  const ifModifiedSince = request.headers['if-modified-since'];
  if (ifModifiedSince === undefined || (request.method !== 'GET' && request.method !== 'HEAD') || Number.isNaN(lastModified.getTime())) return false;
  const since = Date.parse(ifModifiedSince);
  // HTTP dates have whole seconds: a change within the second the client saw is the copy it has.
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}
