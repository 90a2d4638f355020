import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { SearchResponse } from '../model';
import { buildApp } from './app';
import { fixtureRepository } from '../test/fixture-repository';
import { ENGINES, closeBackend } from '../test/engines';
import type { Repository } from '../ingest/repository';
import { detectType } from '../ingest/extractors';

describe.each(ENGINES)('%s engine', (engine) => {
  let app: FastifyInstance;
  let repo: Repository;
  let dataDir: string;
  let base: string;

  beforeAll(async () => {
    ({ repo, dataDir } = await fixtureRepository(engine));
    app = await buildApp(repo);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    if (repo) await closeBackend(repo.backend);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function get(path: string): Promise<{ status: number; type: string; body: any }> {
    const res = await fetch(base + path);
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, type, body: type.includes('json') ? await res.json() : await res.text() };
  }

  describe('API over HTTP on the fixture reports', () => {
    it('reports health with the backend and the number of published reviews', async () => {
      const published = [...repo.store.all()].filter((r) => r.status === 'published').length;
      const { status, body } = await get('/api/health');
      expect(status).toBe(200);
      expect(body).toEqual({ status: 'ok', backend: engine, reviews: published, problems: 0, read_only: false });
      expect(published).toBeGreaterThanOrEqual(10);
    });

    it('searches for neglect with hits, highlights and facets', async () => {
      const { status, body } = await get('/api/search?q=neglect');
      const res = body as SearchResponse;
      expect(status).toBe(200);
      expect(res.total).toBeGreaterThan(0);
      expect(res.results[0].highlights.join(' ')).toMatch(/<mark>neglect/i);
      expect(res.facets.theme.length).toBeGreaterThan(0);
      expect(res.facets.year.length).toBeGreaterThan(0);
    });

    it('filters by theme, and repeated theme parameters narrow the results', async () => {
      const one = (await get('/api/search?theme=neglect')).body as SearchResponse;
      const two = (await get('/api/search?theme=neglect&theme=domestic-abuse')).body as SearchResponse;
      expect(one.total).toBeGreaterThan(0);
      expect(two.total).toBeLessThanOrEqual(one.total);
      for (const hit of two.results) expect(hit.themes).toEqual(expect.arrayContaining(['neglect', 'domestic-abuse']));
    });

    it('rejects bad parameters with a JSON 400 and no stack trace', async () => {
      const { status, body } = await get('/api/search?page=0&sort=sideways');
      expect(status).toBe(400);
      expect(body).toMatchObject({ error: 'Bad Request' });
      expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|node_modules/);
    });

    it('serves a published review with themed evidence passages, and its original file', async () => {
      const hit = ((await get('/api/search?q=neglect')).body as SearchResponse).results[0];
      const { status, body } = await get(`/api/reviews/${hit.id}`);
      expect(status).toBe(200);
      expect(body.title).toBe(hit.title);
      expect(body.themes.length).toBeGreaterThan(0);
      const withPassages = body.themes.find((t: { passages: unknown[] }) => t.passages.length > 0);
      expect(withPassages.passages[0]).toMatchObject({ text: expect.any(String), page: expect.any(Number) });
      expect(body).not.toHaveProperty('flags');
      expect(body.file_available).toBe(true);
      expect(body).not.toHaveProperty('text');

      const file = await fetch(`${base}/api/reviews/${hit.id}/file`);
      expect(file.status).toBe(200);
      // The public copy, rebuilt from the original: a file of the same kind, never the uploaded name.
      const source = repo.store.get(hit.id)!.source;
      expect(file.headers.get('content-disposition')).toBe(`attachment; filename="review-${hit.id}.${source.type}"`);
      const bytes = Buffer.from(await file.arrayBuffer());
      expect(detectType(bytes)).toBe(source.type);
    });

    it('hides quarantined reviews and their files', async () => {
      const quarantined = [...repo.store.all()].find((r) => r.status === 'quarantined');
      expect(quarantined).toBeDefined();
      expect((await get(`/api/reviews/${quarantined!.id}`)).status).toBe(404);
      expect((await get(`/api/reviews/${quarantined!.id}/file`)).status).toBe(404);
    });

    it('answers 404 in JSON for an unknown review or API route', async () => {
      expect(await get('/api/reviews/doesnotexist')).toMatchObject({ status: 404, body: { error: 'Not Found' } });
      expect(await get('/api/nothing-here')).toMatchObject({ status: 404, body: { error: 'Not Found' } });
    });

    it('lists every theme with review counts', async () => {
      const { body } = await get('/api/themes');
      const ids = body.themes.map((t: { id: string }) => t.id);
      expect(ids).toEqual(expect.arrayContaining(['hidden-men', 'disguised-compliance', 'voice-of-the-child', 'good-practice']));
      expect(body.themes.find((t: { id: string }) => t.id === 'neglect').review_count).toBeGreaterThan(0);
      expect(body.version).toEqual(expect.any(String));
    });

    it('serves the OpenAPI document', async () => {
      const { status, body } = await get('/api/docs/json');
      expect(status).toBe(200);
      expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/search', '/api/reviews/{id}', '/api/themes']));
    });
  });
});
