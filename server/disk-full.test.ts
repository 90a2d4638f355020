import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { authConfigFromEnv } from './auth/config';
import { DISK_FULL_MESSAGE } from './plugins/errors';
import type { Repository } from '../ingest/repository';
import { FIXTURE_REPORTS, fixtureRepository } from '../test/fixture-repository';
import { TEST_ADMIN_PASSWORD, TEST_ADMIN_TOKEN, bearer } from '../test/editor-app';
import { mountSmallDisk, type SmallDisk } from '../test/small-disk';
import { startServe } from '../test/serve-process';
import { fetchWhole } from '../test/http';
import { AuditLog } from '../store/audit-log';

/**
 * A full disk, for real: the data dir lives on a small tmpfs that the test fills to the byte.
 * Reads go on; every change is refused with 507 and leaves the store as it was; a withdrawal
 * still takes the review out of public view, and keeps it out across a restart.
 */
const disk = mountSmallDisk(24);
const unavailable = 'unavailable' in disk ? disk.unavailable : null;
if (unavailable) process.stderr.write(`server/disk-full.test.ts: ${unavailable}\n`);
const describeOnDisk = unavailable ? describe.skip : describe;

let repo: Repository;
let app: FastifyInstance;
let base: string;
const admin = bearer(TEST_ADMIN_TOKEN);

beforeAll(async () => {
  if (unavailable) return;
  const dataDir = path.join((disk as SmallDisk).dir, 'data');
  ({ repo } = await fixtureRepository('embedded', ['child-a-2012.pdf', 'child-c-2016.pdf', 'child-j-2023.txt', 'child-b-2014.docx'], dataDir));
  app = await buildApp({
    ...repo,
    auth: authConfigFromEnv({ SCR_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, SCR_ADMIN_TOKEN: TEST_ADMIN_TOKEN }),
    security: { rateLimit: false },
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  (disk as SmallDisk).fill();
});

afterAll(async () => {
  if (unavailable) return;
  await app?.close();
  await repo?.backend.close();
  (disk as SmallDisk).unmount();
});

async function call(method: string, url: string, json?: unknown) {
  const res = await fetchWhole(base + url, {
    method,
    headers: { ...admin, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const published = () => [...repo.store.all()].filter((r) => r.status === 'published');
let withdrawn: string;

describeOnDisk('a full disk', () => {
  it('is really full: a small write fails with ENOSPC', () => {
    expect(() => fs.writeFileSync(path.join((disk as SmallDisk).dir, 'probe'), 'x')).toThrow(expect.objectContaining({ code: 'ENOSPC' }));
  });

  it('keeps serving reads', async () => {
    const [review] = published();
    expect((await fetchWhole(`${base}/api/search?q=neglect`)).status).toBe(200);
    expect((await fetchWhole(`${base}/api/reviews/${review.id}`)).status).toBe(200);
    expect((await fetchWhole(`${base}/api/themes`)).status).toBe(200);
    expect((await call('GET', '/api/admin/reviews')).status).toBe(200);
  });

  it('still gives the redacted PDF, though there is no room to keep it', async () => {
    const [review] = published();
    const res = await fetchWhole(`${base}/api/reviews/${review.id}/redacted.pdf`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const kept = path.join(repo.store.dataDir, 'public');
    expect(fs.existsSync(kept) ? fs.readdirSync(kept).filter((n) => n.includes('.redacted.')) : []).toEqual([]);
  });

  it('refuses a metadata edit with 507 in the editor\'s words, and the record is unchanged', async () => {
    const [review] = published();
    const before = fs.readFileSync(path.join(repo.store.reviewsDir, `${review.id}.json`), 'utf8');
    const res = await call('PATCH', `/api/admin/reviews/${review.id}/metadata`, { title: 'A corrected title' });
    expect(res.status).toBe(507);
    expect(res.body).toEqual({ error: 'Insufficient Storage', message: DISK_FULL_MESSAGE });
    expect(fs.readFileSync(path.join(repo.store.reviewsDir, `${review.id}.json`), 'utf8')).toBe(before);
    expect(fs.readdirSync(repo.store.reviewsDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses an upload with 507', async () => {
    const form = new FormData();
    form.append('file', new Blob([fs.readFileSync(path.join(FIXTURE_REPORTS, 'child-k-2018.pdf'))], { type: 'application/pdf' }), 'child-k-2018.pdf');
    const res = await fetchWhole(`${base}/api/admin/uploads`, { method: 'POST', headers: admin, body: form });
    expect(res.status).toBe(507);
    expect(((await res.json()) as { message: string }).message).toMatch(/disk is full/);
  });

  const notPublic = async (base: string, id: string) => {
    expect((await fetchWhole(`${base}/api/reviews/${id}`)).status).toBe(404);
    const search = (await (await fetchWhole(`${base}/api/search?size=100`)).json()) as { results: { id: string }[] };
    expect(search.results.map((h) => h.id)).not.toContain(id);
    const feed = await (await fetchWhole(`${base}/api/search/feed.atom`)).text();
    expect(feed).not.toContain(id);
  };
  const recordFile = (id: string) => JSON.parse(fs.readFileSync(path.join(repo.store.reviewsDir, `${id}.json`), 'utf8')) as { status: string };
  const marker = (id: string) => path.join(repo.store.dataDir, 'withdrawals', `${id}.json`);

  it('withdraws a review all the same: out of public view at once, and kept on disk with its audit line', async () => {
    const [review] = published();
    withdrawn = review.id;
    const res = await call('POST', `/api/admin/reviews/${review.id}/withdraw`, { reason: 'withdrawn by the partnership' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('withdrawn');
    await notPublic(base, review.id);
    // The record could not be rewritten; a marker beside it holds the withdrawal, written in the space held back for it.
    expect(recordFile(review.id).status).toBe('published');
    expect(JSON.parse(fs.readFileSync(marker(review.id), 'utf8'))).toMatchObject({ id: review.id, reason: 'withdrawn by the partnership' });
    expect(new AuditLog(repo.store.dataDir).forReview(review.id).at(-1)).toMatchObject({ action: 'withdraw', actor: 'admin', after: { status: 'withdrawn' } });
    expect(() => fs.writeFileSync(path.join((disk as SmallDisk).dir, 'probe'), 'x')).toThrow(expect.objectContaining({ code: 'ENOSPC' }));
  });

  it('keeps it withdrawn when the server is restarted on the full disk', async () => {
    const server = await startServe(['--data-dir', repo.store.dataDir]);
    try {
      expect(server.stderr()).toMatch(/serving read-only/);
      await notPublic(server.base, withdrawn);
      expect((await (await fetchWhole(`${server.base}/api/health`)).json()).reviews).toBe(published().length);
    } finally {
      await server.stop();
    }
  });

  it('writes the withdrawal into its record at the first start with space again', async () => {
    (disk as SmallDisk).free();
    const server = await startServe(['--data-dir', repo.store.dataDir]);
    try {
      expect(recordFile(withdrawn).status).toBe('withdrawn');
      expect(fs.existsSync(marker(withdrawn))).toBe(false);
      await notPublic(server.base, withdrawn);
    } finally {
      await server.stop();
    }
  });

  it('lets scr serve start read-only when the disk is full, instead of refusing to start', async () => {
    (disk as SmallDisk).fill();
    const server = await startServe(['--data-dir', repo.store.dataDir]);
    try {
      expect(server.stderr()).toMatch(/scr: the disk of .* is full: serving read-only/);
      const health = await (await fetchWhole(`${server.base}/api/health`)).json();
      expect(health).toMatchObject({ status: 'degraded', read_only: true, problems: 1 });
      expect(health.reviews).toBe(published().length);
      expect((await fetchWhole(`${server.base}/api/search?q=child`)).status).toBe(200);
    } finally {
      await server.stop();
      (disk as SmallDisk).free();
    }
  });
});
