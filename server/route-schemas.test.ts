import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { buildApp } from './app';
import { authConfigFromEnv } from './auth/config';
import { editorReviewView, reviewSummaryView } from './routes/admin-schemas';
import { openRepository, type Repository } from '../ingest/repository';
import { ingestFiles } from '../ingest/batch';
import { readManifest } from '../ingest/manifest';
import { projectRoot } from '../lib/paths';
import { FIXTURE_MANIFEST, FIXTURE_REPORTS, tempDir } from '../test/fixture-repository';
import { TEST_ADMIN_PASSWORD, TEST_ADMIN_TOKEN, bearer } from '../test/editor-app';

let repo: Repository;
let dataDir: string;
let webDir: string;
let app: FastifyInstance;
let base: string;
const routes: RouteOptions[] = [];

beforeAll(async () => {
  dataDir = tempDir('route-schemas');
  repo = await openRepository(dataDir, 'embedded');
  // Published, quarantined with identifier flags in the body and outside it, and partly read by OCR:
  // every shape of the editor's view of a review.
  const files = [
    path.join(FIXTURE_REPORTS, 'child-a-2012.pdf'),
    path.join(FIXTURE_REPORTS, 'child-e-2020.docx'),
    path.join(projectRoot(), 'fixtures', 'hidden', 'hidden-parts.docx'),
    path.join(projectRoot(), 'fixtures', 'ocr', 'child-f-2017-mixed.pdf'),
  ];
  await ingestFiles(files, { ...repo, taxonomyVersion: repo.taxonomy.version, manifest: readManifest(FIXTURE_MANIFEST) });
  webDir = tempDir('route-schemas-web');
  fs.mkdirSync(path.join(webDir, 'assets'));
  fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Portal</title><script type="module" src="/assets/index-Ab12Cd34.js"></script>');
  fs.writeFileSync(path.join(webDir, 'assets', 'index-Ab12Cd34.js'), 'export {};');
  app = await buildApp({
    ...repo,
    webDir,
    auth: authConfigFromEnv({ SCR_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, SCR_ADMIN_TOKEN: TEST_ADMIN_TOKEN }),
    security: { rateLimit: false },
    onRoute: (route) => {
      routes.push(route);
    },
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app.close();
  await repo.backend.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(webDir, { recursive: true, force: true });
});

const methods = (route: RouteOptions) => [route.method].flat().join(',');
const label = (route: RouteOptions) => `${methods(route)} ${route.url}`;

/**
 * Routes that answer with something no response schema describes, and why:
 * - the portal's own files (every path outside /api/): files from the build, sent as they are;
 * - the API documentation (/api/docs and under it): Swagger UI's page and files, and the OpenAPI
 *   document itself, which is the description of every other route.
 */
function exemption(route: RouteOptions): string | null {
  if (!route.url.startsWith('/api/')) return 'portal file';
  if (route.url === '/api/docs' || route.url.startsWith('/api/docs/')) return 'API documentation';
  return null;
}

const successStatuses = (route: RouteOptions) => Object.keys((route.schema?.response as Record<string, unknown> | undefined) ?? {}).filter((status) => /^2(\d\d|xx)$/.test(status));

describe('response schemas', () => {
  it('are declared for the success status of every route, the editor API included', () => {
    const api = routes.filter((r) => !exemption(r));
    // The audit saw the whole app: the public API, the editor API, the documentation and the portal.
    for (const expected of ['GET /api/search', 'GET /api/admin/reviews', 'POST /api/admin/uploads', 'GET /api/admin/uploads/:id', 'GET /api/health'])
      expect(api.map(label)).toContain(expected);
    expect(routes.filter((r) => exemption(r) === 'API documentation').length).toBeGreaterThan(0);
    expect(routes.filter((r) => exemption(r) === 'portal file').map((r) => r.url)).toEqual(expect.arrayContaining(['/', '/index.html', '/assets/index-Ab12Cd34.js']));

    const missing = api.filter((r) => successStatuses(r).length === 0).map(label);
    expect(missing).toEqual([]);
  });

  it('describe each error the editor routes answer with as the shared error shape', () => {
    for (const route of routes.filter((r) => r.url.startsWith('/api/admin/') && methods(r) !== 'HEAD')) {
      const response = (route.schema?.response ?? {}) as Record<string, unknown>;
      for (const [status, schema] of Object.entries(response)) {
        if (Number(status) >= 400) expect([label(route), status, schema]).toEqual([label(route), status, { $ref: 'Error#' }]);
      }
    }
  });
});

async function admin(method: string, url: string, body?: unknown): Promise<any> {
  const res = await fetch(base + url, {
    method,
    headers: { ...bearer(TEST_ADMIN_TOKEN), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  expect([url, res.status]).toEqual([url, 200]);
  return res.json();
}

/** What a view builds, as JSON would carry it with nothing left out. */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('the editor API through its response schemas', () => {
  it('sends every field of the editor view of each review: published, flagged and read by OCR', async () => {
    const records = [...repo.store.all()];
    expect(records.some((r) => r.status === 'published')).toBe(true);
    expect(records.some((r) => r.flags.some((f) => (f.part ?? 'body') === 'body'))).toBe(true);
    expect(records.some((r) => r.flags.some((f) => f.part && f.part !== 'body'))).toBe(true);
    expect(records.some((r) => r.ocr)).toBe(true);
    for (const record of records) {
      expect(await admin('GET', `/api/admin/reviews/${record.id}`)).toEqual(asJson(editorReviewView(repo.store.get(record.id)!)));
    }
  });

  it('sends every field of the review list, and of a review after a change', async () => {
    const list = await admin('GET', '/api/admin/reviews?size=200');
    const records = [...repo.store.all()];
    expect(list.total).toBe(records.length);
    expect(list.results).toEqual(expect.arrayContaining(records.map((r) => asJson(reviewSummaryView(r)))));

    const flagged = records.find((r) => r.flags.some((f) => f.status === 'open'))!;
    const index = flagged.flags.findIndex((f) => f.status === 'open');
    const changed = await admin('POST', `/api/admin/reviews/${flagged.id}/flags/${index}`, { action: 'dismiss' });
    expect(changed.flags[index].status).toBe('dismissed');
    expect(changed).toEqual(asJson(editorReviewView(repo.store.get(flagged.id)!)));
  });
});
