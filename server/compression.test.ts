import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { authConfigFromEnv } from './auth/config';
import { COMPRESSION_THRESHOLD_BYTES } from './plugins/compression';
import { IMMUTABLE, REVALIDATE } from './plugins/portal-files';
import { precompressDir } from '../scripts/precompress-web';
import type { Repository } from '../ingest/repository';
import { fixtureRepository, tempDir } from '../test/fixture-repository';
import { TEST_ADMIN_PASSWORD, TEST_ADMIN_TOKEN, bearer } from '../test/editor-app';

let repo: Repository;
let dataDir: string;
let webDir: string;
let app: FastifyInstance;
let base: string;

const SCRIPT = 'assets/index-Ab12Cd34.js';
const STYLE = 'assets/index-Qw56Er78.css';
/** A hashed file the build left without compressed copies. */
const PLAIN_SCRIPT = 'assets/late-Zx90Cv12.js';
const UNHASHED = 'robots.txt';
const TINY = 'assets/empty-Mn34Bv56.js';

/** A portal build in miniature, laid out as Vite lays it out, with code that compresses as real code does. */
function writePortal(dir: string): void {
  const code = Array.from({ length: 300 }, (_, i) => `export function step${i}(state) {\n  return { ...state, count: state.count + ${i % 9}, label: 'step ${i}' };\n}`).join('\n');
  const files: Record<string, string> = {
    'index.html': `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Case review repository</title>\n<script type="module" src="/${SCRIPT}"></script>\n<link rel="stylesheet" href="/${STYLE}">\n</head>\n<body><div id="app"></div></body>\n</html>\n`,
    [SCRIPT]: code,
    [STYLE]: Array.from({ length: 120 }, (_, i) => `.item-${i} { margin: ${i % 4}px; color: #333; }`).join('\n'),
    [PLAIN_SCRIPT]: code.replace(/step/g, 'later'),
    [UNHASHED]: Array.from({ length: 60 }, () => 'User-agent: *\nAllow: /\n').join(''),
    [TINY]: 'x',
  };
  fs.mkdirSync(path.join(dir, 'assets'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
}

beforeAll(async () => {
  ({ repo, dataDir } = await fixtureRepository('embedded', ['child-a-2012.pdf', 'child-c-2016.pdf', 'child-j-2023.txt', 'child-b-2014.docx']));
  webDir = tempDir('compression-web');
  writePortal(webDir);
  precompressDir(webDir);
  for (const ext of ['.br', '.gz']) fs.rmSync(path.join(webDir, PLAIN_SCRIPT + ext));
  app = await buildApp({
    ...repo,
    webDir,
    auth: authConfigFromEnv({ SCR_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, SCR_ADMIN_TOKEN: TEST_ADMIN_TOKEN }),
    security: { rateLimit: false },
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app.close();
  await repo.backend.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(webDir, { recursive: true, force: true });
});

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as they came over the wire, still encoded. */
  body: Buffer;
}

/** A request whose answer is left as sent: fetch would decode it and hide what the server did. */
function raw(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: url, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function decoded(res: Raw): Buffer {
  switch (res.headers['content-encoding']) {
    case 'br':
      return zlib.brotliDecompressSync(res.body);
    case 'gzip':
      return zlib.gunzipSync(res.body);
    case undefined:
      return res.body;
    default:
      throw new Error(`unexpected encoding ${res.headers['content-encoding']}`);
  }
}

const portalFile = (name: string) => fs.readFileSync(path.join(webDir, name));
const varies = (res: Raw) => String(res.headers.vary ?? '').toLowerCase().split(/\s*,\s*/);

describe("the portal's files", () => {
  it('are sent as the build compressed them: brotli or gzip as the client asks, as they are when it does not', async () => {
    for (const name of [SCRIPT, STYLE, 'index.html']) {
      const url = name === 'index.html' ? '/' : `/${name}`;
      const br = await raw(url, { 'accept-encoding': 'br' });
      expect([url, br.status, br.headers['content-encoding']]).toEqual([url, 200, 'br']);
      // The build's copy itself, not one made again as it was sent.
      expect(br.body.equals(portalFile(`${name}.br`))).toBe(true);
      expect(decoded(br).equals(portalFile(name))).toBe(true);

      const gzip = await raw(url, { 'accept-encoding': 'gzip' });
      expect([url, gzip.headers['content-encoding']]).toEqual([url, 'gzip']);
      expect(gzip.body.equals(portalFile(`${name}.gz`))).toBe(true);

      const plain = await raw(url);
      expect([url, plain.headers['content-encoding']]).toEqual([url, undefined]);
      expect(plain.body.equals(portalFile(name))).toBe(true);

      for (const res of [br, gzip, plain]) expect(varies(res)).toContain('accept-encoding');
      expect(br.headers['content-type']).toBe(plain.headers['content-type']);
    }
    // What a browser sends: brotli is preferred over gzip.
    expect((await raw(`/${SCRIPT}`, { 'accept-encoding': 'gzip, deflate, br, zstd' })).headers['content-encoding']).toBe('br');
    expect((await raw(`/${SCRIPT}`, { 'accept-encoding': 'identity' })).headers['content-encoding']).toBeUndefined();
  });

  it('come from a build that makes a smaller copy of every text file, and none that would not be smaller', () => {
    for (const name of [SCRIPT, STYLE, UNHASHED, 'index.html']) {
      expect(portalFile(`${name}.br`).length).toBeLessThan(portalFile(name).length);
      expect(portalFile(`${name}.gz`).length).toBeLessThan(portalFile(name).length);
      expect(zlib.brotliDecompressSync(portalFile(`${name}.br`)).equals(portalFile(name))).toBe(true);
      expect(zlib.gunzipSync(portalFile(`${name}.gz`)).equals(portalFile(name))).toBe(true);
    }
    // At the strongest settings, brotli beats gzip on code.
    expect(portalFile(`${SCRIPT}.br`).length).toBeLessThan(portalFile(`${SCRIPT}.gz`).length);
    expect(fs.existsSync(path.join(webDir, `${TINY}.br`))).toBe(false);
    expect(fs.existsSync(path.join(webDir, `${TINY}.gz`))).toBe(false);
  });

  it('are compressed as they are sent when the build left no copy', async () => {
    const res = await raw(`/${PLAIN_SCRIPT}`, { 'accept-encoding': 'br' });
    expect([res.status, res.headers['content-encoding']]).toEqual([200, 'br']);
    expect(decoded(res).equals(portalFile(PLAIN_SCRIPT))).toBe(true);
  });

  it('are kept a year when hashed, and checked again on every use otherwise (the page shell, unhashed files)', async () => {
    for (const encoding of ['br', 'gzip', 'identity']) {
      for (const name of [SCRIPT, STYLE, PLAIN_SCRIPT, TINY]) {
        const res = await raw(`/${name}`, { 'accept-encoding': encoding });
        expect([name, encoding, res.headers['cache-control']]).toEqual([name, encoding, IMMUTABLE]);
      }
      // The shell at its own address, and as the answer for any page of the portal.
      for (const url of ['/', '/index.html', `/${UNHASHED}`, '/themes/neglect', '/reviews/child-a?tab=themes']) {
        const res = await raw(url, { 'accept-encoding': encoding });
        expect([url, encoding, res.status, res.headers['cache-control']]).toEqual([url, encoding, 200, REVALIDATE]);
      }
    }
    const page = await raw('/themes/neglect', { 'accept-encoding': 'br' });
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(decoded(page).equals(portalFile('index.html'))).toBe(true);
  });

  it('answer a check of an unchanged file with 304: no body, no encoding', async () => {
    for (const [url, encoding] of [[`/${SCRIPT}`, 'br'], [`/${SCRIPT}`, 'gzip'], ['/', 'br'], [`/${PLAIN_SCRIPT}`, 'br'], [`/${SCRIPT}`, 'identity']]) {
      const first = await raw(url, { 'accept-encoding': encoding });
      expect(first.headers.etag).toBeTruthy();
      const again = await raw(url, { 'accept-encoding': encoding, 'if-none-match': first.headers.etag! });
      expect([url, encoding, again.status, again.body.length, again.headers['content-encoding']]).toEqual([url, encoding, 304, 0, undefined]);
      expect(again.headers['cache-control']).toBe(first.headers['cache-control']);
    }
  });

  it('give the compressed copies no address of their own', async () => {
    for (const ext of ['.br', '.gz']) {
      const res = await raw(`/${SCRIPT}${ext}`);
      // An unknown path is a page of the portal: it gets the shell, never the compressed bytes.
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body.equals(portalFile(`${SCRIPT}${ext}`))).toBe(false);
    }
  });
});

describe('API responses', () => {
  const themeId = () => repo.store.all().next().value!.themes[0].id;
  const publishedOf = (type: string) => [...repo.store.all()].find((r) => r.source.type === type && r.status === 'published')!;

  it('are compressed above the threshold as the client asks (JSON, CSV, Atom), and read the same', async () => {
    for (const url of ['/api/themes', '/api/export/matrix', '/api/search/feed.atom', `/api/reviews/${publishedOf('pdf').id}`]) {
      const plain = await raw(url);
      expect([url, plain.status, plain.headers['content-encoding']]).toEqual([url, 200, undefined]);
      expect(plain.body.length).toBeGreaterThan(COMPRESSION_THRESHOLD_BYTES);
      for (const encoding of ['br', 'gzip']) {
        const res = await raw(url, { 'accept-encoding': encoding });
        expect([url, res.status, res.headers['content-encoding']]).toEqual([url, 200, encoding]);
        expect(res.body.length).toBeLessThan(plain.body.length);
        expect(res.headers['content-type']).toBe(plain.headers['content-type']);
        expect(varies(res)).toContain('accept-encoding');
        // Generated at the moment of the request: compare all but the timestamps.
        const withoutTimes = (b: Buffer) => b.toString('utf8').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T');
        expect(withoutTimes(decoded(res))).toBe(withoutTimes(plain.body));
      }
    }
  });

  it('go as they are below the threshold', async () => {
    const res = await raw('/api/health', { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.length).toBeLessThan(COMPRESSION_THRESHOLD_BYTES);
    expect(JSON.parse(res.body.toString('utf8'))).toMatchObject({ status: 'ok' });
  });

  it('send report files and Word documents as they are, and a plain-text report compressed, whole', async () => {
    const pdf = publishedOf('pdf');
    const file = await raw(`/api/reviews/${pdf.id}/file`, { 'accept-encoding': 'br, gzip' });
    expect([file.status, file.headers['content-type'], file.headers['content-encoding']]).toEqual([200, 'application/pdf', undefined]);
    expect(file.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(file.body.length).toBe(Number(file.headers['content-length'] ?? file.body.length));
    expect((await raw(`/api/reviews/${pdf.id}/file`)).body.equals(file.body)).toBe(true);

    const docx = await raw(`/api/themes/${themeId()}/digest.docx`, { 'accept-encoding': 'br, gzip' });
    expect([docx.status, docx.headers['content-encoding']]).toEqual([200, undefined]);
    expect(docx.body.subarray(0, 2).toString('latin1')).toBe('PK');

    const txt = publishedOf('txt');
    const plain = await raw(`/api/reviews/${txt.id}/file`);
    const packed = await raw(`/api/reviews/${txt.id}/file`, { 'accept-encoding': 'br' });
    expect([packed.status, packed.headers['content-encoding'], packed.headers['content-disposition']]).toEqual([200, 'br', plain.headers['content-disposition']]);
    expect(plain.body.length).toBeGreaterThan(COMPRESSION_THRESHOLD_BYTES);
    expect(decoded(packed).equals(plain.body)).toBe(true);
  });

  it('keep errors and HEAD answers right', async () => {
    const missing = await raw('/api/reviews/no-such-review', { 'accept-encoding': 'br' });
    expect(missing.status).toBe(404);
    expect(JSON.parse(decoded(missing).toString('utf8'))).toMatchObject({ error: 'Not Found' });
    const bad = await raw('/api/search?page=0', { 'accept-encoding': 'gzip' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(decoded(bad).toString('utf8'))).toMatchObject({ error: 'Bad Request' });
    const unknownRoute = await raw('/api/nothing-here', { 'accept-encoding': 'br' });
    expect(unknownRoute.status).toBe(404);
    expect(JSON.parse(decoded(unknownRoute).toString('utf8'))).toMatchObject({ error: 'Not Found' });

    const head = await raw('/api/themes', { 'accept-encoding': 'br' }, 'HEAD');
    expect([head.status, head.body.length]).toEqual([200, 0]);
    // The next request on the same server is answered whole.
    expect(JSON.parse(decoded(await raw('/api/themes', { 'accept-encoding': 'br' })).toString('utf8')).themes.length).toBeGreaterThan(10);
  });

  it('keep the editor API uncacheable when compressed', async () => {
    const res = await raw(`/api/admin/reviews/${publishedOf('pdf').id}`, { 'accept-encoding': 'br', ...bearer(TEST_ADMIN_TOKEN) });
    expect([res.status, res.headers['content-encoding'], res.headers['cache-control']]).toEqual([200, 'br', 'no-store']);
    expect(JSON.parse(decoded(res).toString('utf8')).id).toBe(publishedOf('pdf').id);
    const denied = await raw('/api/admin/reviews', { 'accept-encoding': 'br' });
    expect([denied.status, denied.headers['cache-control']]).toEqual([401, 'no-store']);
  });
});
