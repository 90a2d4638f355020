/**
 * A large upload is read and tagged in an extraction worker, never on the server's event loop, and
 * so is a stored review re-tagged after an editor's correction or a re-extraction: the server
 * answers while the worker is in the middle of tagging. The worker is held there (stopped
 * with SIGSTOP once it says it is tagging), so the test waits on states, never on how long
 * tagging takes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { authConfigFromEnv } from './auth/config';
import { openRepository, type Repository } from '../ingest/repository';
import type { WorkerActivity } from '../ingest/worker/pool';
import { FIXTURE_REPORTS, tempDir } from '../test/fixture-repository';
import { TEST_ADMIN_PASSWORD, TEST_ADMIN_TOKEN, bearer } from '../test/editor-app';
import { fetchWhole } from '../test/http';
import { mergeCorrections } from '../ingest/corrections';
import { tagRecord } from '../ingest/tag-record';
import { createTagger } from '../taxonomy';
import type { ReviewRecord } from '../model';

const admin = bearer(TEST_ADMIN_TOKEN);
let dataDir: string;
let repo: Repository;
let app: FastifyInstance;
let base: string;
/** The long review the upload stored, re-tagged by the editor routes after it. */
let largeId: string;

beforeAll(async () => {
  dataDir = tempDir('upload-tagging');
  repo = await openRepository(dataDir, 'embedded');
  app = await buildApp({
    ...repo,
    auth: authConfigFromEnv({ SCR_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, SCR_ADMIN_TOKEN: TEST_ADMIN_TOKEN }),
    security: { rateLimit: false },
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  await repo?.backend.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Resolves once `found` returns something, looking again each turn of a short timer. */
async function until<T>(found: () => T | undefined): Promise<T> {
  for (;;) {
    const value = found();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function job(id: string) {
  return (await (await fetchWhole(`${base}/api/admin/uploads/${id}`, { headers: admin })).json()) as { state: string; files: { outcome: string; id: string | null }[] };
}

it('answers /api/health while a large upload is being tagged, and stores the tagged record', async () => {
  // A long report: a fixture's text forty times over, over half a megabyte (2,400 passages) for the tagger to work through.
  const text = fs.readFileSync(path.join(FIXTURE_REPORTS, 'child-j-2023.txt'), 'utf8');
  const large = Buffer.from(Array.from({ length: 40 }, (_, i) => `${text}\n\nPart ${i + 1}\n\n`).join(''));
  const form = new FormData();
  form.append('publish_clean', 'true');
  form.append('file', new Blob([new Uint8Array(large)], { type: 'text/plain' }), 'long-report.txt');
  const res = await fetchWhole(`${base}/api/admin/uploads`, { method: 'POST', headers: admin, body: form });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };

  const tagging = await until<WorkerActivity>(() => app.readers.activity().find((a) => a.task === 'process' && a.stage === 'tagging'));
  process.kill(tagging.pid, 'SIGSTOP');
  try {
    const health = await fetchWhole(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect((await job(id)).files[0].outcome).toBe('reading');
    expect(app.readers.activity()).toContainEqual(tagging);
  } finally {
    process.kill(tagging.pid, 'SIGCONT');
  }

  let report = await job(id);
  while (report.state !== 'done') {
    await new Promise((resolve) => setTimeout(resolve, 25));
    report = await job(id);
  }
  expect(report.files[0].outcome).toBe('ingested');
  largeId = report.files[0].id!;
  const record = repo.store.get(largeId)!;
  expect(record.taxonomyVersion).toBe(repo.taxonomy.version);
  expect(record.themes.length).toBeGreaterThan(0);
  expect(record.passages.some((p) => p.themes.length > 0)).toBe(true);
});

/** Sends an editor request, holds the worker once it says it is tagging, and checks a public route answers meanwhile. */
async function answersWhileTagging(url: string, init: RequestInit): Promise<ReviewRecord> {
  const pending = fetchWhole(url, { ...init, headers: { ...admin, ...init.headers } });
  const tagging = await until<WorkerActivity>(() => app.readers.activity().find((a) => a.task === 'tag' && a.stage === 'tagging'));
  process.kill(tagging.pid, 'SIGSTOP');
  try {
    const health = await fetchWhole(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(app.readers.activity()).toContainEqual(tagging);
  } finally {
    process.kill(tagging.pid, 'SIGCONT');
  }
  const res = await pending;
  expect(res.status).toBe(200);
  return repo.store.get(largeId)!;
}

it('re-tags a long review in a worker after a content correction and after a re-extraction, as the server thread would have', async () => {
  expect(largeId).toBeDefined();
  const before = repo.store.get(largeId)!;
  const recommendations = ['The partnership should review how neglect is recognised when a family moves between areas.'];
  const edited = await answersWhileTagging(`${base}/api/admin/reviews/${largeId}/content`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ recommendations }),
  });
  const inThread = tagRecord({ ...before, corrections: mergeCorrections(before.corrections, { recommendations }) }, {
    tagger: createTagger(app.taxonomy),
    taxonomyVersion: app.taxonomy.version,
  });
  expect(edited).toEqual({ ...inThread, updatedAt: edited.updatedAt });
  expect(edited.recommendations[0].themes).toContain('neglect');

  // Read again from the same file with the same extractor, keeping the correction: the same record.
  const reread = await answersWhileTagging(`${base}/api/admin/reviews/${largeId}/reextract`, { method: 'POST' });
  expect(reread).toEqual({ ...edited, updatedAt: reread.updatedAt });
});
