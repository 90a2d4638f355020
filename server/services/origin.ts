import type { FastifyRequest } from 'fastify';

/** The scheme and host the client used, for absolute links in feeds and documents. */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** A Content-Disposition value for a download with a safe file name. */
export function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\w.-]+/g, '-')}"`;
}
