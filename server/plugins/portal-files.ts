import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** What the build writes beside each file it compresses (scripts/precompress-web.ts). */
export const PRECOMPRESSED_EXTENSIONS = ['.br', '.gz'] as const;

/** Vite names what it emits under assets/ name-<8 character hash>.ext: a new release is a new name. */
const HASHED_ASSET = /^assets\/(?:.+\/)?[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/**
 * How long a browser may keep one of the portal's files, by its path under the build. A hashed
 * file never changes under its name, so it is kept for a year without asking again; the page
 * shell and any unhashed file are checked on every use (a 304 when unchanged), so a release shows
 * at once.
 */
function portalCacheControl(relativePath: string): string {
  const logical = PRECOMPRESSED_EXTENSIONS.reduce((p, ext) => (p.endsWith(ext) ? p.slice(0, -ext.length) : p), relativePath.split(path.sep).join('/'));
  return HASHED_ASSET.test(logical) ? IMMUTABLE : REVALIDATE;
}

/**
 * The built portal: each file from the build, sent as its brotli or gzip copy when the client
 * accepts one and the build made it (the plain file otherwise), with the cache lifetime its name
 * allows. The compressed copies have no address of their own.
 */
export async function registerPortalFiles(app: FastifyInstance, webDir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: webDir,
    wildcard: false,
    preCompressed: true,
    globIgnore: PRECOMPRESSED_EXTENSIONS.map((ext) => `**/*${ext}`),
    cacheControl: false,
    setHeaders: (reply, file) => {
      reply.header('cache-control', portalCacheControl(path.relative(webDir, file)));
    },
  });
}
