import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { Store } from '../../store/store';
import { createTagger, loadTaxonomy } from '../../taxonomy';
import { ingestFiles } from '../../ingest/batch';
import { reindex } from '../reindex';
import { SearchUnavailableError } from '../errors';
import { elasticsearchConfig } from './config';
import { ElasticsearchBackend } from './elasticsearch-backend';
import { describeWithEs } from './testing/describe-es';
import { startTestNode, type TestNode } from './testing/test-node';

const REPORTS = path.join(__dirname, '..', '..', 'fixtures', 'reports');
const FILES = ['child-b-2014.docx', 'child-j-2023.txt'].map((f) => path.join(REPORTS, f));
const TIMEOUT_MS = 1500;

async function nodeOrFail(port?: number): Promise<TestNode> {
  const node = await startTestNode({ port });
  if ('unavailable' in node) throw new Error(node.unavailable);
  return node;
}

/** These tests stop, pause and restart a node, so they run their own rather than the shared one. */
describeWithEs('elasticsearch faults', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scr-es-faults-'));
  const store = new Store(dir);
  const taxonomy = loadTaxonomy();
  let node: TestNode;
  let backend: ElasticsearchBackend;
  /**
   * The same indices with the default timeouts, for the work around the faults (the first ingest,
   * the reindex once the node is back, reading the count): on a loaded machine a request may take
   * longer than the app's short timeout without any fault, and that must not fail the test.
   */
  let patient: ElasticsearchBackend;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    node = await nodeOrFail();
    backend = new ElasticsearchBackend(
      elasticsearchConfig({ url: node.url, indexPrefix: 'faults', requestTimeoutMs: TIMEOUT_MS, bulkRetries: 2, retryBackoffMs: 100 }, {}),
    );
    await backend.init();
    patient = new ElasticsearchBackend(elasticsearchConfig({ url: node.url, indexPrefix: 'faults' }, {}));
    // A node that has just started may not answer within the short timeout yet: wait on its health
    // and on the backend's first answer, so the faults below start from a node that is up.
    await fetch(`${node.url}/_cluster/health?wait_for_status=yellow&timeout=120s`);
    for (;;) {
      try {
        await backend.count();
        break;
      } catch (err) {
        if (!(err instanceof SearchUnavailableError)) throw err;
      }
    }
    const summary = await ingestFiles([FILES[0]], { store, backend: patient, tagger: createTagger(taxonomy), taxonomyVersion: taxonomy.version });
    expect(summary).toMatchObject({ ingested: 1, notIndexed: [] });
    app = await buildApp({ store, backend, taxonomy, security: { rateLimit: false } });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await backend?.close();
    await patient?.close();
    await node?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const search = async () => {
    const res = await fetch(`${base}/api/search?q=child`);
    return { statusCode: res.status, body: (await res.json()) as { total?: number; error?: string; message?: string } };
  };
  const UNAVAILABLE = { statusCode: 503, body: { error: 'Service Unavailable', message: 'The search service is unavailable; try again shortly.' } };

  /**
   * The first answer once the node is back. Waits on the cluster's own health, then on the API:
   * on a loaded machine the first requests after a restart or a pause may still time out, and
   * must then be the same clean 503, until the service answers by itself.
   */
  const searchOnceBack = async (): Promise<Awaited<ReturnType<typeof search>>> => {
    await fetch(`${node.url}/_cluster/health?wait_for_status=yellow&timeout=120s`);
    for (;;) {
      const res = await search();
      if (res.statusCode === 200) return res;
      expect(res).toEqual(UNAVAILABLE);
    }
  };

  it('answers 503 with a JSON error while the cluster is too slow, and recovers by itself', async () => {
    expect((await searchOnceBack()).body.total).toBe(1);
    process.kill(node.pid, 'SIGSTOP');
    try {
      // A paused node never answers: only the request timeout can produce this 503 (a hang would fail the test).
      expect(await search()).toEqual(UNAVAILABLE);
    } finally {
      process.kill(node.pid, 'SIGCONT');
    }
    const after = await searchOnceBack();
    expect(after.body.total).toBe(1);
  }, 180_000);

  it('with the cluster down: 503, ingest stores and reports, and reindex levels the index once it is back', async () => {
    const port = node.port;
    await node.stop();

    const down = await search();
    expect(down.statusCode).toBe(503);
    expect(down.body.error).toBe('Service Unavailable');
    await expect(backend.count()).rejects.toBeInstanceOf(SearchUnavailableError);

    const summary = await ingestFiles([FILES[1]], { store, backend, tagger: createTagger(taxonomy), taxonomyVersion: taxonomy.version });
    expect(summary.ingested).toBe(1);
    expect(summary.failed).toEqual([]);
    expect(summary.notIndexed).toEqual([{ file: FILES[1], id: expect.any(String), error: expect.stringMatching(/unavailable/) }]);
    expect(store.get(summary.notIndexed[0].id)?.status).toBe('published');

    // A new, empty node on the same address: the backend sets its indices up again unprompted.
    node = await nodeOrFail(port);
    const back = await searchOnceBack();
    expect(back.body.total).toBe(0);

    expect(await reindex(store, patient)).toBe(2);
    expect((await searchOnceBack()).body.total).toBe(2);
    expect(await patient.count()).toBe(2);
  }, 180_000);
});
