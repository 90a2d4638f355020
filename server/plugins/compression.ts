import type { FastifyInstance, onSendHookHandler } from 'fastify';
import compress from '@fastify/compress';

/** Below this a response gains less from compression than the work costs. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/**
 * Responses up to this size are compressed in one call on the event loop: a search answer (tens
 * of KB) costs several times more through a zlib stream, which sets up a context and a pipeline
 * per response. Larger ones (a theme table by area, an export) stream on zlib's own threads.
 */
const SYNC_COMPRESSION_MAX_BYTES = 128 * 1024;

/** Brotli for the browsers that offer it (all current ones), gzip for every other client. */
const RESPONSE_ENCODINGS = ['br', 'gzip'] as const;

/**
 * A 304 has no body, and a cache takes its headers as updates to the response it holds: an encoding
 * named on it could relabel a stored plain copy as compressed. The file server's own rule, kept for
 * every route.
 */
const noEncodingOnNotModified: onSendHookHandler = async (_request, reply, payload) => {
  if (reply.statusCode === 304) reply.removeHeader('content-encoding');
  return payload;
};

/**
 * Compresses responses as the client's Accept-Encoding allows: JSON, CSV, Atom, HTML, scripts and
 * styles (by content type; PDFs, Word files and images are already compressed and go as they
 * are). Registered before any route, since the plugin attaches itself to each route as it is
 * declared; the portal's files mostly go precompressed from the build and are left alone here.
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    global: true,
    threshold: COMPRESSION_THRESHOLD_BYTES,
    syncThreshold: SYNC_COMPRESSION_MAX_BYTES,
    encodings: [...RESPONSE_ENCODINGS],
    // The API takes plain request bodies only: inflating them would let a small upload expand
    // past every limit checked on what was received.
    globalDecompression: false,
  });
  // Added after the compression hook on each route, so it sees what that hook did.
  app.addHook('onRoute', (route) => {
    route.onSend = [...(route.onSend ? [route.onSend].flat() : []), noEncodingOnNotModified];
  });
}
