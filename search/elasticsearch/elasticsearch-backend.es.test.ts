import { randomBytes } from 'node:crypto';
import type { ReviewRecord } from '../../model';
import { backendContract } from '../testing/contract';
import { sampleRecords } from '../testing/sample-records';
import { elasticsearchConfig } from './config';
import { createClient } from './client';
import { ElasticsearchBackend } from './elasticsearch-backend';
import { searchVocabulary, type SearchVocabulary } from '../fields';
import { describeWithEs, esTestUrl } from './testing/describe-es';

const opened: ElasticsearchBackend[] = [];

/** A backend on its own aliases, so test files and tests never see each other's reviews. */
async function freshBackend(name: string, vocab: SearchVocabulary = searchVocabulary()): Promise<ElasticsearchBackend> {
  const config = elasticsearchConfig({ url: esTestUrl, indexPrefix: `test-${name}-${randomBytes(3).toString('hex')}` }, {});
  const backend = new ElasticsearchBackend(config, vocab);
  await backend.init();
  opened.push(backend);
  return backend;
}

// A client of its own: the contract closes the backends' clients before this runs.
afterAll(async () => {
  if (!opened.length) return;
  const admin = createClient(opened[0].config);
  for (const b of opened) {
    await admin.indices.delete({ index: `${b.aliases.reviews}-*,${b.aliases.passages}-*`, ignore_unavailable: true }).catch(() => undefined);
    await admin.indices.deleteIndexTemplate({ name: `${b.aliases.reviews},${b.aliases.passages}` }).catch(() => undefined);
  }
  await admin.close();
});

describeWithEs('elasticsearch backend', () => {
  backendContract('elasticsearch', (vocab) => freshBackend('contract', vocab));

  describe('versioned indices behind aliases', () => {
    let backend: ElasticsearchBackend;
    const records = sampleRecords();
    const currentIndex = async () => Object.keys(await backend.client.indices.getAlias({ name: backend.aliases.reviews }));

    beforeAll(async () => {
      backend = await freshBackend('alias');
      await backend.rebuild(records);
    });

    it('rebuilds into a new index while searches keep seeing the old one, then swaps', async () => {
      const before = await currentIndex();
      const seenDuringRebuild: number[] = [];
      async function* slowly(): AsyncIterable<ReviewRecord> {
        for (const r of records.slice(0, 3)) {
          seenDuringRebuild.push((await backend.search({})).total);
          yield r;
        }
      }
      expect(await backend.rebuild(slowly())).toBe(3);
      expect(seenDuringRebuild).toEqual([5, 5, 5]);
      const after = await currentIndex();
      expect(after).toHaveLength(1);
      expect(after).not.toEqual(before);
      expect(await backend.client.indices.exists({ index: before[0] })).toBe(false);
      expect(await backend.count()).toBe(3);
    });

    it('leaves the live index untouched when a rebuild fails half-way', async () => {
      await backend.rebuild(records);
      const live = await currentIndex();
      async function* failing(): AsyncIterable<ReviewRecord> {
        yield records[0];
        throw new Error('store read failed');
      }
      await expect(backend.rebuild(failing())).rejects.toThrow('store read failed');
      expect(await currentIndex()).toEqual(live);
      expect(await backend.count()).toBe(5);
      const leftovers = Object.keys(await backend.client.indices.get({ index: `${backend.aliases.reviews}-*` }));
      expect(leftovers).toEqual(live);
    });

    it('sets the indices up again when they vanish from the cluster', async () => {
      await backend.client.indices.delete({ index: `${backend.aliases.reviews}-*,${backend.aliases.passages}-*` });
      expect(await backend.count()).toBe(0);
      await backend.index(records[0]);
      expect((await backend.search({ q: 'hidden' })).results.map((h) => h.id)).toEqual(['aaa000000001']);
    });

    it('drops the passages a re-indexed review no longer has', async () => {
      await backend.rebuild(records);
      const shorter = { ...records[0], passages: records[0].passages.slice(0, 1) };
      await backend.index(shorter);
      expect(await backend.themePassages('hidden-men', {}, 10)).toEqual([]);
      expect((await backend.client.count({ index: backend.aliases.passages, query: { term: { review_id: shorter.id } } })).count).toBe(1);
    });
  });
});
