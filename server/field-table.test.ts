/**
 * Adding a search field is one entry in the field table: given a copy of the product's table with
 * one more field, the engine indexes, filters and counts it, and the API validates, answers and
 * documents it, with no other change anywhere.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import { NATIONS, SEARCH_FIELDS, type SearchFieldRegistry, type SearchFieldSpec } from '../model';
import { EmbeddedBackend } from '../search/embedded/embedded-backend';
import { searchVocabulary, taxonomyVocabulary } from '../search/fields';
import { sampleRecords } from '../search/testing/sample-records';
import { Store } from '../store/store';
import { loadTaxonomy } from '../taxonomy';
import { buildApp } from './app';

const nation: SearchFieldSpec = {
  label: 'Nation',
  value: Type.Enum(NATIONS),
  of: (r) => (r.metadata.nation ? [r.metadata.nation] : []),
  combine: 'any',
  facet: true,
  stats: true,
  explain: 'Reviews from any nation ticked',
};
const fields: SearchFieldRegistry = { ...SEARCH_FIELDS, nation };

let dir: string;
let backend: EmbeddedBackend;
let app: FastifyInstance;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scr-fields-'));
  backend = new EmbeddedBackend(path.join(dir, 'index', 'search.sqlite'), searchVocabulary({ ...taxonomyVocabulary(), fields }));
  await backend.init();
  await backend.rebuild(sampleRecords());
  app = await buildApp({ store: new Store(dir), backend, taxonomy: loadTaxonomy(), fields });
});

afterAll(async () => {
  await app?.close();
  await backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = async (url: string) => {
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() };
};
const counts = (buckets: { key: string; count: number }[]) => Object.fromEntries(buckets.map((b) => [b.key, b.count]));

describe('a field added to the field table', () => {
  it('filters searches, any of the values ticked', async () => {
    const wales = await get('/api/search?nation=Wales');
    expect(wales.status).toBe(200);
    expect(wales.body.results.map((h: { id: string }) => h.id)).toEqual(['ccc000000003']);
    expect((await get('/api/search?nation=Wales&nation=England')).body.total).toBe(5);
  });

  it('is counted as a facet, without its own filter', async () => {
    expect(counts((await get('/api/search')).body.facets.nation)).toEqual({ England: 4, Wales: 1 });
    expect(counts((await get('/api/search?nation=Wales&q=neglect')).body.facets.nation)).toEqual({ England: 1, Wales: 1 });
  });

  it('is a statistics dimension', async () => {
    const { status, body } = await get('/api/stats/themes?by=nation&format=json');
    expect(status).toBe(200);
    // A coded field counts every one of its codes, those no review has as zeros.
    expect(body.buckets).toEqual([...NATIONS]);
    const neglect = body.rows.find((r: { theme: string }) => r.theme === 'neglect');
    expect(neglect.counts).toEqual({ ...Object.fromEntries(NATIONS.map((n) => [n, 0])), England: 1, Wales: 1 });
  });

  it('is validated by its own schema and documented', async () => {
    expect((await get('/api/search?nation=Narnia')).status).toBe(400);
    const doc = (await get('/api/docs/json')).body;
    const names = doc.paths['/api/search'].get.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['nation', 'theme', 'year_from', 'narrower']));
    expect(doc.paths['/api/stats/themes'].get.parameters.find((p: { name: string }) => p.name === 'by').schema.enum).toContain('nation');
  });
});
