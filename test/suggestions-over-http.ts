import type { FastifyInstance } from 'fastify';
import type { SearchBackend, SearchResponse } from '../model';
import type { FieldTable } from '../model/field-descriptions';
import { buildApp } from '../server/app';
import type { Repository } from '../ingest/repository';

/**
 * Suggestions and the field table over HTTP on the fixture reports, for one engine: `open` gives
 * the fixture repository with its reviews indexed by that engine.
 */
export function suggestionsOverHttp(name: string, open: () => Promise<{ repo: Repository; backend: SearchBackend; done: () => Promise<void> }>): void {
  describe(`suggestions over HTTP on the fixture reports (${name})`, () => {
    let app: FastifyInstance;
    let done: () => Promise<void>;

    beforeAll(async () => {
      const opened = await open();
      done = opened.done;
      app = await buildApp({ ...opened.repo, backend: opened.backend });
    }, 600_000);

    afterAll(async () => {
      await app?.close();
      await done?.();
    });

    const search = async (q: string) => {
      const res = await app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent(q)}` });
      expect(res.statusCode).toBe(200);
      return res.json() as SearchResponse;
    };

    it('finds something or suggests something for each query new users tried', async () => {
      for (const q of ['disgised complience', 'DV', 'DNA', 'cosleeping', 'trilogy of risk']) {
        const res = await search(q);
        const suggested = (res.suggestions?.themes.length ?? 0) > 0 || Boolean(res.suggestions?.did_you_mean);
        expect({ q, found: res.total > 0 || suggested }).toEqual({ q, found: true });
      }
    });

    it('offers "did you mean" for misspelt words, and the corrected query finds reviews', async () => {
      const res = await search('disgised complience');
      expect(res.total).toBe(0);
      expect(res.suggestions?.did_you_mean).toBe('disguised compliance');
      expect(res.suggestions?.themes).toContain('disguised-compliance');
      const followed = await search(res.suggestions!.did_you_mean!);
      expect(followed.total).toBeGreaterThan(0);
      expect(followed.results.flatMap((h) => h.themes)).toContain('disguised-compliance');
    });

    it('offers the theme a query names, and the theme filter finds reviews carrying it', async () => {
      for (const [q, theme] of [['trilogy of risk', 'toxic-trio'], ['DV', 'domestic-abuse'], ['DNA', 'was-not-brought']]) {
        expect((await search(q)).suggestions?.themes).toContain(theme);
        const filtered = (await app.inject({ method: 'GET', url: `/api/search?theme=${theme}` })).json() as SearchResponse;
        expect(filtered.total).toBeGreaterThan(0);
      }
    });

    it('serves the field table with how each facet combines, documented', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/search/fields' });
      expect(res.statusCode).toBe(200);
      const table = res.json() as FieldTable;
      const byName = Object.fromEntries(table.fields.map((f) => [f.name, f]));
      expect(Object.keys(byName)).toEqual(Object.keys(app.fields));
      expect(byName.theme).toMatchObject({ combine: 'all', hierarchy: true, parameters: ['theme'], explain: app.fields.theme.explain });
      expect(byName.theme.labels['toxic-trio']).toBe('Toxic trio');
      expect(byName.agency).toMatchObject({ combine: 'any', multi: true });
      expect(byName.year).toMatchObject({ range: true, parameters: ['year_from', 'year_to'], order: 'value-desc' });
      expect(byName.review_type.labels.scr).toBe('Serious case review');
      for (const f of table.fields) expect(f.explain.length).toBeGreaterThan(0);
      const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json();
      expect(doc.paths['/api/search/fields'].get.responses['200']).toBeDefined();
      expect(doc.paths['/api/search'].get.responses['200'].content['application/json'].schema.properties.suggestions).toBeDefined();
    });
  });
}
