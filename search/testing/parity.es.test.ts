import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { SearchBackend, SearchFilters, SearchRequest, SearchResponse, StatsDimension } from '../../model';
import { STATS_DIMENSIONS } from '../../model';
import { EmbeddedBackend } from '../embedded/embedded-backend';
import { ElasticsearchBackend } from '../elasticsearch/elasticsearch-backend';
import { elasticsearchConfig } from '../elasticsearch/config';
import { describeWithEs, esTestUrl } from '../elasticsearch/testing/describe-es';
import { taxonomyVocabulary } from '../fields';
import { Random } from '../../scripts/fixtures/random';
import { generatedReviews } from './generated-corpus';

/**
 * Both engines hold the same generated corpus and must answer every request alike: totals, every
 * facet, the hits in date and added order (exactly, ties broken the same way), the set of hits by
 * relevance, and the statistics, co-occurrence and theme passages. Relevance order itself is each
 * engine's own scoring and is not compared.
 */
const COUNT = 300;
const records = generatedReviews(COUNT, 7);

/** Words drawn from the corpus itself, so the sample is not only the words a test writer thought of. */
function corpusWords(n: number): string[] {
  const rnd = new Random(11);
  const vocabulary = [...new Set(records.flatMap((r) => r.text.toLowerCase().match(/[a-z][a-z'’-]{3,}/g) ?? []))].sort();
  return rnd.sample(vocabulary, n);
}

const FREE_TEXT = [
  'information sharing',
  'neglect home',
  'voice of the child',
  'domestic abuse police',
  'assessment',
  'health visitor',
  "mother's partner",
  "child's",
  'co-sleeping',
  'follow-up',
  'non-mobile',
  'DV',
  'DNA',
  'toxic trio',
  'trilogy of risk',
  'cosleeping',
  'CSE',
  'was not brought',
  '2019',
  'start again syndrome',
];

const PHRASES = [
  '"voice of the child"',
  '"information sharing"',
  '"health visitor"',
  '"the review"',
  '"child protection"',
  '"practitioners told the review"',
];

const FILTERS: SearchFilters[] = [
  {},
  { theme: ['neglect'] },
  { theme: ['professional-curiosity'] },
  { theme: ['professional-curiosity'], narrower: false },
  { theme: ['neglect', 'domestic-abuse'] },
  { theme: ['toxic-trio'] },
  { region: ['North West', 'Wales'] },
  { review_type: ['lcspr'], age_band: ['under-1', '1-4'] },
  { outcome: ['died'] },
  { agency: ['Police'] },
  { year_from: 2015, year_to: 2019 },
  { year_from: 2021 },
  { year_to: 2012 },
  { theme: ['hidden-men'], region: ['North East'], year_from: 2012 },
];

/** The last word of one passage and the first of the next, as a phrase: one engine must not find it where the other does not. */
function acrossPassages(): string {
  const [a, b] = records[0].passages.slice(3, 5).map((p) => p.text.match(/[A-Za-z]+/g)!);
  return `"${a.at(-1)} ${b[0]}"`;
}

function requests(): SearchRequest[] {
  const out: SearchRequest[] = [];
  const words = [...FREE_TEXT, ...PHRASES, acrossPassages(), ...corpusWords(12)];
  for (const q of words) out.push({ q });
  for (const filters of FILTERS) out.push(filters, { ...filters, q: 'assessment' });
  for (const filters of FILTERS.slice(1, 4)) out.push({ ...filters, q: '"information sharing"' });
  return out;
}

const sorted = (ids: string[]) => [...ids].sort();

async function all(backend: SearchBackend, req: SearchRequest, size = 100): Promise<SearchResponse> {
  return backend.search({ ...req, size });
}

describeWithEs('both engines give the same answers over a generated corpus', () => {
  let embedded: EmbeddedBackend;
  let es: ElasticsearchBackend;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scr-parity-'));

  beforeAll(async () => {
    const vocab = taxonomyVocabulary();
    embedded = new EmbeddedBackend(path.join(dir, 'search.sqlite'), vocab);
    es = new ElasticsearchBackend(elasticsearchConfig({ url: esTestUrl, indexPrefix: `test-parity-${randomBytes(3).toString('hex')}`, requestTimeoutMs: 60_000 }, {}), vocab);
    await Promise.all([embedded.init(), es.init()]);
    await Promise.all([embedded.rebuild(records), es.rebuild(records)]);
  }, 120_000);

  afterAll(async () => {
    await embedded?.close();
    if (es) {
      await es.client.indices.delete({ index: `${es.aliases.reviews}-*,${es.aliases.passages}-*`, ignore_unavailable: true }).catch(() => undefined);
      await es.client.indices.deleteIndexTemplate({ name: `${es.aliases.reviews},${es.aliases.passages}` }).catch(() => undefined);
      await es.close();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('holds the same reviews', async () => {
    expect(await es.count()).toBe(records.length);
    expect(await embedded.count()).toBe(records.length);
  });

  it.each(requests().map((r) => [JSON.stringify(r), r] as const))('search %s: same total, facets and hits', async (_, req) => {
    const [a, b] = await Promise.all([all(embedded, { ...req, sort: 'date' }), all(es, { ...req, sort: 'date' })]);
    expect({ total: b.total, facets: b.facets }).toEqual({ total: a.total, facets: a.facets });
    expect(b.results.map((h) => h.id)).toEqual(a.results.map((h) => h.id));
    expect(b.results.map(({ highlights: _h, ...hit }) => hit)).toEqual(a.results.map(({ highlights: _h, ...hit }) => hit));
    if (req.q && a.total <= 100) {
      const [ra, rb] = await Promise.all([all(embedded, req), all(es, req)]);
      expect(sorted(rb.results.map((h) => h.id))).toEqual(sorted(ra.results.map((h) => h.id)));
    }
  });

  it('pages alike in date and added order, ties broken the same way', async () => {
    for (const sort of ['date', 'added'] as const) {
      for (const req of [{}, { q: 'assessment' }, { theme: ['neglect'] }]) {
        for (const page of [1, 2, 5]) {
          const [a, b] = await Promise.all([embedded.search({ ...req, sort, page, size: 17 }), es.search({ ...req, sort, page, size: 17 })]);
          expect(b.results.map((h) => h.id)).toEqual(a.results.map((h) => h.id));
        }
      }
    }
  });

  it('skips facets alike', async () => {
    const [a, b] = await Promise.all([embedded.search({ q: 'neglect', facets: false }), es.search({ q: 'neglect', facets: false })]);
    expect(b.total).toBe(a.total);
    expect(b.facets).toEqual(a.facets);
  });

  it.each([...FILTERS, ...FILTERS.slice(0, 5).map((f) => ({ ...f, q: 'assessment' }))].map((f) => [JSON.stringify(f), f] as const))(
    'statistics %s: same theme counts, totals, co-occurrence and passages',
    async (_, filters) => {
      for (const by of STATS_DIMENSIONS as StatsDimension[]) {
        expect(await es.themeCounts(by, filters)).toEqual(await embedded.themeCounts(by, filters));
      }
      expect(await es.themeTotals(filters)).toEqual(await embedded.themeTotals(filters));
      expect(await es.coOccurrence(filters)).toEqual(await embedded.coOccurrence(filters));
      const some = ['neglect', 'domestic-abuse', 'hidden-men', 'information-sharing'];
      expect(await es.coOccurrence(filters, some)).toEqual(await embedded.coOccurrence(filters, some));
      for (const theme of ['neglect', 'information-sharing', 'hidden-men']) {
        expect(await es.themePassages(theme, filters, 25)).toEqual(await embedded.themePassages(theme, filters, 25));
      }
    },
  );
});
