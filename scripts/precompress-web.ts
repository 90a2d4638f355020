/**
 * Writes a brotli (.br) and a gzip (.gz) copy beside each text file of the built portal, at the
 * strongest settings: made once per build, sent by the server as they are (server/plugins/portal-files.ts)
 * instead of compressing the same bytes again on every request. Run by `npm run build:web`.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { projectRoot } from '../lib/paths';
import { PRECOMPRESSED_EXTENSIONS } from '../server/plugins/portal-files';

const TEXT_FILES = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.json', '.txt', '.xml', '.map', '.webmanifest']);

const compressors: Record<(typeof PRECOMPRESSED_EXTENSIONS)[number], (data: Buffer) => Buffer> = {
  '.br': (data) =>
    zlib.brotliCompressSync(data, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
  '.gz': (data) => zlib.gzipSync(data, { level: zlib.constants.Z_BEST_COMPRESSION }),
};

export interface PrecompressSummary {
  files: number;
  bytes: number;
  brotliBytes: number;
  gzipBytes: number;
}

function* filesUnder(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (entry.isFile()) yield full;
  }
}

/**
 * Compresses every text file under dir, however small: a file without copies would be compressed
 * again on each request. A copy no smaller than its file is not kept, so the plain file is sent.
 */
export function precompressDir(dir: string): PrecompressSummary {
  const summary: PrecompressSummary = { files: 0, bytes: 0, brotliBytes: 0, gzipBytes: 0 };
  for (const file of [...filesUnder(dir)]) {
    if (!TEXT_FILES.has(path.extname(file).toLowerCase())) continue;
    const data = fs.readFileSync(file);
    summary.files++;
    summary.bytes += data.length;
    for (const ext of PRECOMPRESSED_EXTENSIONS) {
      const packed = compressors[ext](data);
      const target = file + ext;
      if (packed.length >= data.length) {
        fs.rmSync(target, { force: true });
        continue;
      }
      fs.writeFileSync(target, packed);
      if (ext === '.br') summary.brotliBytes += packed.length;
      else summary.gzipBytes += packed.length;
    }
  }
  return summary;
}

if (require.main === module) {
  const dir = path.resolve(process.argv[2] ?? path.join(projectRoot(), 'dist', 'web'));
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    console.error(`${dir} holds no built portal (index.html): run the Vite build first.`);
    process.exit(1);
  }
  const s = precompressDir(dir);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  console.log(`precompressed ${s.files} files of the portal: ${kb(s.bytes)} -> ${kb(s.brotliBytes)} brotli, ${kb(s.gzipBytes)} gzip`);
}
