import fs from 'node:fs';
import path from 'node:path';
import type { ReviewRecord } from '../../model';
import { buildApp } from '../app';
import { authConfigFromEnv } from '../auth/config';
import { AuditLog } from '../../store/audit-log';
import { USERS_FILE } from '../../store/users';
import { sha256 } from '../../store/store';
import { FIXTURE_REPORTS, tempDir } from '../../test/fixture-repository';
import { bearer, editorApp, TEST_ADMIN_PASSWORD, TEST_ADMIN_TOKEN, type EditorApp } from '../../test/editor-app';
import { openRepository } from '../../ingest/repository';
import { ingestFiles } from '../../ingest/batch';
import { projectRoot } from '../../lib/paths';

let env: EditorApp;
const admin = bearer(TEST_ADMIN_TOKEN);

beforeAll(async () => {
  env = await editorApp({ uploadLimitBytes: 2 * 1024 * 1024 });
});
afterAll(() => env.close());

async function call(method: string, url: string, init: { headers?: Record<string, string>; json?: unknown; body?: FormData } = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | FormData | undefined = init.body;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  const res = await fetch(env.base + url, { method, headers, body });
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, headers: res.headers, body: type.includes('json') ? await res.json() : await res.text() };
}

const flagged = (): ReviewRecord => [...env.repo.store.all()].find((r) => r.statusReason === 'identifier flags' && r.flags.length >= 4)!;
const searchIds = async (q: string) => ((await call('GET', `/api/search?q=${encodeURIComponent(q)}&size=100`)).body.results as { id: string }[]).map((h) => h.id);

describe('editor API: access', () => {
  it('is shut, with a clear message, when no admin secret is configured', async () => {
    const repo = await openRepository(tempDir('noauth'), 'embedded');
    const app = await buildApp({ ...repo, auth: authConfigFromEnv({}), security: { rateLimit: false } });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    for (const [method, url] of [['POST', '/api/admin/login'], ['GET', '/api/admin/reviews']] as const) {
      const body = method === 'POST' ? JSON.stringify({ username: 'admin', password: 'x' }) : undefined;
      const res = await fetch(base + url, { method, body, headers: body ? { 'content-type': 'application/json' } : {} });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { message: string }).message).toMatch(/SCR_ADMIN_PASSWORD/);
    }
    await app.close();
    await repo.backend.close();
  });

  it('refuses every editor route without a valid token', async () => {
    for (const headers of [{}, bearer('not-a-token'), bearer(TEST_ADMIN_TOKEN.slice(0, -1)), { authorization: `Basic ${TEST_ADMIN_TOKEN}` }]) {
      const res = await call('GET', '/api/admin/reviews', { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('signs the admin in with the password from the environment, and not with a wrong one', async () => {
    expect((await call('POST', '/api/admin/login', { json: { username: 'admin', password: 'wrong password!' } })).status).toBe(401);
    const login = await call('POST', '/api/admin/login', { json: { username: 'admin', password: TEST_ADMIN_PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.body.user).toEqual({ username: 'admin', role: 'admin' });
    expect((await call('GET', '/api/admin/me', { headers: bearer(login.body.token) })).body).toEqual({ username: 'admin', role: 'admin' });
    // A tampered token is refused.
    const [payload, sig] = login.body.token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'someone' })).toString('base64url');
    expect((await call('GET', '/api/admin/me', { headers: bearer(`${forged}.${sig}`) })).status).toBe(401);
  });

  it('lets an admin create an editor, who can sign in but not manage accounts; deleting the account ends its sessions', async () => {
    const create = await call('PUT', '/api/admin/users/editor.one', { headers: admin, json: { password: 'editor-password-1', role: 'editor' } });
    expect(create.status).toBe(200);
    const stored = fs.readFileSync(path.join(env.dataDir, USERS_FILE), 'utf8');
    expect(stored).not.toContain('editor-password-1');
    expect(stored).toMatch(/scrypt\$/);

    const login = await call('POST', '/api/admin/login', { json: { username: 'editor.one', password: 'editor-password-1' } });
    expect(login.status).toBe(200);
    const editor = bearer(login.body.token);
    expect((await call('GET', '/api/admin/reviews', { headers: editor })).status).toBe(200);
    expect((await call('GET', '/api/admin/users', { headers: editor })).status).toBe(403);
    expect((await call('PUT', '/api/admin/users/editor.two', { headers: editor, json: { password: 'editor-password-2', role: 'admin' } })).status).toBe(403);
    expect((await call('PUT', '/api/admin/users/admin', { headers: admin, json: { password: 'another-password', role: 'editor' } })).status).toBe(400);

    expect((await call('DELETE', '/api/admin/users/editor.one', { headers: admin })).status).toBe(204);
    expect((await call('GET', '/api/admin/reviews', { headers: editor })).status).toBe(401);
    const actions = new AuditLog(env.dataDir).entries().map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['create-user', 'delete-user']));
  });
});

describe('editor API: the editorial workflow', () => {
  it('lists reviews by status with counts', async () => {
    const all = [...env.repo.store.all()];
    const res = await call('GET', '/api/admin/reviews?status=quarantined', { headers: admin });
    expect(res.status).toBe(200);
    expect(res.body.counts.quarantined).toBe(all.filter((r) => r.status === 'quarantined').length);
    expect(res.body.results.map((r: { id: string }) => r.id).sort()).toEqual(all.filter((r) => r.status === 'quarantined').map((r) => r.id).sort());
  });

  it('shows each flag in its page text', async () => {
    const record = flagged();
    const { body } = await call('GET', `/api/admin/reviews/${record.id}`, { headers: admin });
    expect(body.flags).toHaveLength(record.flags.length);
    for (const flag of body.flags) {
      const page = body.pages.find((p: { num: number }) => p.num === flag.page);
      expect(page.text.slice(flag.page_offset, flag.page_offset + flag.length)).toBe(flag.text);
      expect(flag.context.match).toBe(flag.text);
    }
  });

  it('refuses to publish while a flag is open; redacts and dismisses; then publishes with the identifiers gone', async () => {
    const record = flagged();
    const url = `/api/admin/reviews/${record.id}`;
    const refused = await call('POST', `${url}/publish`, { headers: admin });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/open identifier flags/);

    const redactedTexts: string[] = [];
    for (let i = 0; i < record.flags.length; i++) {
      const current = (await call('GET', url, { headers: admin })).body;
      if (current.flags[i].status !== 'open') continue;
      const action = current.flags[i].kind === 'school' ? 'dismiss' : 'redact';
      if (action === 'redact') redactedTexts.push(current.flags[i].text);
      const res = await call('POST', `${url}/flags/${i}`, { headers: admin, json: { action } });
      expect(res.status).toBe(200);
      expect(res.body.flags[i].status).toBe(action === 'redact' ? 'redacted' : 'dismissed');
    }
    expect((await call('POST', `${url}/flags/0`, { headers: admin, json: { action: 'dismiss' } })).status).toBe(409);

    const published = await call('POST', `${url}/publish`, { headers: admin });
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');

    const stored = env.repo.store.get(record.id)!;
    const everything = JSON.stringify({ ...stored, flags: [] });
    for (const text of redactedTexts) expect(everything.toLowerCase()).not.toContain(text.toLowerCase());
    expect(stored.text).toContain('[redacted]');

    const pub = await call('GET', `/api/reviews/${record.id}`);
    expect(pub.status).toBe(200);
    expect(pub.body.file_available).toBe(false);
    for (const text of redactedTexts) expect(JSON.stringify(pub.body).toLowerCase()).not.toContain(text.toLowerCase());
    expect(await searchIds(stored.metadata.title)).toContain(record.id);
    for (const text of redactedTexts) expect(await searchIds(text)).not.toContain(record.id);

    // The original still holds the identifiers: the public cannot have it, an editor can.
    const file = await call('GET', `/api/reviews/${record.id}/file`);
    expect(file.status).toBe(410);
    expect(file.body.message).toMatch(/redacted/);
    const original = await fetch(`${env.base}${url}/file`, { headers: admin });
    expect(original.status).toBe(200);
    expect(Buffer.from(await original.arrayBuffer()).length).toBe(stored.source.size);

    const trail = (await call('GET', `${url}/audit`, { headers: admin })).body.entries;
    expect(trail.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['redact-flag', 'dismiss-flag', 'publish']));
    const publish = trail.find((e: { action: string }) => e.action === 'publish');
    expect(publish).toMatchObject({ actor: 'admin', review_id: record.id, before: { status: 'quarantined' }, after: { status: 'published' } });
    expect(Date.parse(publish.at)).not.toBeNaN();
  });

  it('redacts a phrase the scan missed, everywhere, on a published review', async () => {
    const record = [...env.repo.store.all()].find((r) => r.status === 'published' && r.text.includes('Child'))!;
    const res = await call('POST', `/api/admin/reviews/${record.id}/redactions`, { headers: admin, json: { phrase: 'Child', kind: 'name' } });
    expect(res.status).toBe(200);
    expect(env.repo.store.get(record.id)!.text).not.toMatch(/child/i);
    expect(await searchIds('child')).not.toContain(record.id);
    expect((await call('GET', `/api/reviews/${record.id}/file`)).status).toBe(410);
    expect((await call('POST', `/api/admin/reviews/${record.id}/redactions`, { headers: admin, json: { phrase: 'no such phrase here', kind: 'name' } })).status).toBe(404);
  });

  it('withdraws a review: gone from search, the review page and the file route at once', async () => {
    const record = [...env.repo.store.all()].find((r) => r.status === 'published' && !r.flags.length)!;
    expect(await searchIds(record.metadata.title)).toContain(record.id);
    expect((await call('POST', `/api/admin/reviews/${record.id}/withdraw`, { headers: admin, json: {} })).status).toBe(400);
    const res = await call('POST', `/api/admin/reviews/${record.id}/withdraw`, { headers: admin, json: { reason: 'Published in error' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'withdrawn', status_reason: 'Published in error' });
    expect(await searchIds(record.metadata.title)).not.toContain(record.id);
    expect((await call('GET', `/api/reviews/${record.id}`)).status).toBe(404);
    expect((await call('GET', `/api/reviews/${record.id}/file`)).status).toBe(404);
  });

  it('corrects metadata, audited with before and after, and the index follows', async () => {
    const record = [...env.repo.store.all()].find((r) => r.status === 'published' && r.metadata.inferred.length)!;
    const bad = await call('PATCH', `/api/admin/reviews/${record.id}/metadata`, { headers: admin, json: { year: 'soon', colour: 'red' } });
    expect(bad.status).toBe(400);
    const res = await call('PATCH', `/api/admin/reviews/${record.id}/metadata`, {
      headers: admin,
      json: { title: 'Corrected title Zephyrine', year: 2001, review_type: 'other', [record.metadata.inferred.includes('region') ? 'region' : 'area']: 'Test Region' },
    });
    expect(res.status).toBe(200);
    expect(res.body.metadata).toMatchObject({ title: 'Corrected title Zephyrine', year: 2001, review_type: 'other' });
    expect(res.body.metadata.inferred).not.toContain('year');
    const hits = (await call('GET', '/api/search?q=Zephyrine')).body.results;
    expect(hits).toEqual([expect.objectContaining({ id: record.id, year: 2001, review_type: 'other' })]);
    const entry = new AuditLog(env.dataDir).forReview(record.id).find((e) => e.action === 'edit-metadata')!;
    expect(entry.before).toMatchObject({ title: record.metadata.title, year: record.metadata.year });
    expect(entry.after).toMatchObject({ title: 'Corrected title Zephyrine', year: 2001 });
  });

  it('refuses to publish a review that has no text layer', async () => {
    const ocr = [...env.repo.store.all()].find((r) => r.statusReason === 'needs OCR')!;
    const res = await call('POST', `/api/admin/reviews/${ocr.id}/publish`, { headers: admin });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/OCR/);
  });
});

describe('editor API: what stands in the way of publishing', () => {
  it('gives the editor page the same reasons the publish route refuses with', async () => {
    for (const record of [flagged(), [...env.repo.store.all()].find((r) => r.statusReason === 'needs OCR')!]) {
      const view = (await call('GET', `/api/admin/reviews/${record.id}`, { headers: admin })).body;
      expect(view.publishable).toBe(false);
      expect(view.publish_blockers.length).toBeGreaterThan(0);
      const refused = await call('POST', `/api/admin/reviews/${record.id}/publish`, { headers: admin });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toBe(view.publish_blockers.join(' '));
    }
    const published = [...env.repo.store.all()].find((r) => r.status === 'published')!;
    expect((await call('GET', `/api/admin/reviews/${published.id}`, { headers: admin })).body).toMatchObject({ publishable: false, publish_blockers: [] });
  });

  describe('a review partly read by OCR', () => {
    let id: string;
    beforeAll(async () => {
      const { store, backend, tagger, taxonomy } = env.repo;
      await ingestFiles([path.join(projectRoot(), 'fixtures', 'ocr', 'child-f-2017-mixed.pdf')], { store, backend, tagger, taxonomyVersion: taxonomy.version });
      id = [...store.all()].find((r) => r.source.name === 'child-f-2017-mixed.pdf')!.id;
    }, 600_000);

    it('is held with its recognised pages for checking, and not published until an editor has checked them', async () => {
      const view = (await call('GET', `/api/admin/reviews/${id}`, { headers: admin })).body;
      expect(view).toMatchObject({ status: 'quarantined', status_reason: 'OCR text to check', publishable: false, has_text: true });
      expect(view.ocr).toMatchObject({ engine: expect.stringMatching(/^tesseract/), missing_tools: [], checked_by: null, failed: [] });
      expect(view.ocr.pages.map((p: { num: number }) => p.num)).toEqual([3, 5]);
      for (const p of view.ocr.pages) expect(p.text.split(/\s+/).length).toBeGreaterThan(50);
      expect(view.publish_blockers.join(' ')).toMatch(/pages 3, 5 was read by OCR \(mean confidence \d+%\)/);
      expect((await call('POST', `/api/admin/reviews/${id}/publish`, { headers: admin })).status).toBe(409);

      const checked = await call('POST', `/api/admin/reviews/${id}/ocr-check`, { headers: admin });
      expect(checked.status).toBe(200);
      expect(checked.body).toMatchObject({ status: 'quarantined', status_reason: null, publishable: true, publish_blockers: [] });
      expect(checked.body.ocr.checked_by).toEqual(expect.any(String));
      expect(new AuditLog(env.dataDir).forReview(id).map((e) => e.action)).toContain('check-ocr');
      expect((await call('POST', `/api/admin/reviews/${id}/publish`, { headers: admin })).body.status).toBe('published');
      // Public evidence passages say which came from OCR.
      const evidence = (await call('GET', `/api/reviews/${id}`)).body.themes.flatMap((t: { passages: unknown[] }) => t.passages);
      expect(evidence.length).toBeGreaterThan(0);
      for (const p of evidence) {
        expect(p.origin).toBe([3, 5].includes(p.page) ? 'ocr' : 'text-layer');
        expect(p.ocr_confidence === null).toBe(p.origin === 'text-layer');
      }
    });

    it('serves page images to editors only, rendered once and then from the cache', async () => {
      expect((await call('GET', `/api/admin/reviews/${id}/pages/3/image`)).status).toBe(401);
      const first = await fetch(`${env.base}/api/admin/reviews/${id}/pages/3/image`, { headers: admin });
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toBe('image/png');
      const png = Buffer.from(await first.arrayBuffer());
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      const cached = fs.readdirSync(path.join(env.dataDir, 'cache', 'page-images')).filter((f) => !f.startsWith('.'));
      expect(cached).toHaveLength(1);
      const again = Buffer.from(await (await fetch(`${env.base}/api/admin/reviews/${id}/pages/3/image`, { headers: admin })).arrayBuffer());
      expect(again.equals(png)).toBe(true);
      const missing = await call('GET', `/api/admin/reviews/${id}/pages/99/image`, { headers: admin });
      expect(missing.status).toBe(404);
      expect(missing.body.message).toMatch(/has 7 pages/);
      const docx = [...env.repo.store.all()].find((r) => r.source.type === 'docx')!;
      expect((await call('GET', `/api/admin/reviews/${docx.id}/pages/1/image`, { headers: admin })).status).toBe(404);
    });

    it('refuses an OCR check on a review no page of which was read by OCR', async () => {
      const res = await call('POST', `/api/admin/reviews/${flagged().id}/ocr-check`, { headers: admin });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/nothing to check/);
    });
  });
});

describe('editor API: uploads', () => {
  const form = (files: [Buffer, string, string][], fields: Record<string, string> = {}) => {
    const data = new FormData();
    for (const [key, value] of Object.entries(fields)) data.append(key, value);
    for (const [bytes, name, type] of files) data.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
    return data;
  };
  const report = (name: string) => fs.readFileSync(path.join(FIXTURE_REPORTS, name));
  const txt = (words: string) => Buffer.from(`Serious Case Review: Child Z\n\nExecutive summary\n\n${words}\n`.repeat(3));
  /** Upload, then follow the job the route answers with until it is done: its ingest report. */
  const upload = async (body: FormData) => {
    const res = await call('POST', '/api/admin/uploads', { headers: admin, body });
    if (res.status !== 202) return res;
    let job = res.body;
    while (job.state !== 'done') {
      await new Promise((resolve) => setTimeout(resolve, 25));
      job = (await call('GET', `/api/admin/uploads/${res.body.id}`, { headers: admin })).body;
    }
    return { status: res.status, headers: res.headers, body: job, accepted: res.body };
  };

  it('answers at once with a job, whose route shows its progress and then the ingest report', async () => {
    const res = await call('POST', '/api/admin/uploads', { headers: admin, body: form([[report('child-c-2016.pdf'), 'child-c-2016.pdf', 'application/pdf']]) });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: expect.stringMatching(/^[a-f0-9]{16}$/), state: expect.stringMatching(/^(queued|running)$/), done: 0, total: 1 });
    expect(res.body.files[0]).toMatchObject({ file: 'child-c-2016.pdf', outcome: expect.stringMatching(/^(queued|reading)$/), id: null });
    expect(res.headers.get('location')).toBe(`/api/admin/uploads/${res.body.id}`);
    // The public site answers while the file is read.
    expect((await call('GET', '/api/search?q=review')).status).toBe(200);
    let job = res.body;
    while (job.state !== 'done') {
      await new Promise((resolve) => setTimeout(resolve, 25));
      job = (await call('GET', `/api/admin/uploads/${res.body.id}`, { headers: admin })).body;
    }
    expect(job).toMatchObject({ state: 'done', done: 1, total: 1, finished_at: expect.any(String) });
    expect(job.files[0]).toMatchObject({ outcome: expect.stringMatching(/^(ingested|unchanged)$/), id: expect.any(String), pages: expect.any(Number) });
    expect((await call('GET', '/api/admin/uploads/0000000000000000', { headers: admin })).status).toBe(404);
    expect((await call('GET', `/api/admin/uploads/${res.body.id}`)).status).toBe(401);
  });

  it('refuses RTF or HTML named as a Word file, saying what the file is', async () => {
    for (const [file, what] of [['rtf-named.doc', /RTF/], ['html-named.doc', /HTML/]] as const) {
      const bytes = fs.readFileSync(path.join(FIXTURE_REPORTS, '..', 'bad', file));
      const res = await call('POST', '/api/admin/uploads', { headers: admin, body: form([[bytes, file, 'application/msword']]) });
      expect(res.status).toBe(415);
      expect(res.body.message).toMatch(what);
    }
  });

  it('ingests an upload with its metadata, holds it for an editor, and reports the outcome', async () => {
    const body = form([[txt('The professionals did not share information about neglect at home and missed the signs.'), 'upload-one.txt', 'text/plain']], {
      title: 'Uploaded Review Quillon',
      year: '2019',
      review_type: 'lcspr',
    });
    const res = await upload(body);
    expect(res.status).toBe(202);
    const [file] = res.body.files;
    expect(file).toMatchObject({ file: 'upload-one.txt', outcome: 'ingested', status: 'quarantined', status_reason: 'awaiting editor review', title: 'Uploaded Review Quillon' });
    const stored = env.repo.store.get(file.id)!;
    expect(stored.metadata).toMatchObject({ title: 'Uploaded Review Quillon', year: 2019, reviewType: 'lcspr' });
    expect(await searchIds('Quillon')).toEqual([]);
    expect(new AuditLog(env.dataDir).forReview(file.id)[0]).toMatchObject({ action: 'ingest', actor: 'admin', after: { status: 'quarantined' } });

    expect((await call('POST', `/api/admin/reviews/${file.id}/publish`, { headers: admin })).status).toBe(200);
    expect(await searchIds('Quillon')).toEqual([file.id]);

    const again = await upload(form([[report('child-g-2019.docx'), 'child-g-2019.docx', 'application/octet-stream']], { publish_clean: 'true' }));
    expect(again.body.files[0]).toMatchObject({ outcome: 'unchanged' });
  });

  it('keeps a file the pipeline cannot read, and says why', async () => {
    const truncated = fs.readFileSync(path.join(FIXTURE_REPORTS, '..', 'bad', 'truncated.pdf'));
    const res = await upload(form([[truncated, 'truncated.pdf', 'application/pdf']]));
    expect(res.status).toBe(202);
    expect(res.body.files[0]).toMatchObject({ outcome: 'failed', id: null, error: expect.any(String) });
    expect(fs.readFileSync(env.repo.store.filePath(sha256(truncated), 'pdf'))).toEqual(truncated);
    expect(new AuditLog(env.dataDir).entries().at(-1)).toMatchObject({ action: 'ingest-failed', after: { sha256: sha256(truncated) } });
  });

  it('checks uploads by content: a name or declared type that does not match the bytes is refused with 415', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2000, 0)]);
    const cases: [Buffer, string, string][] = [
      [exe, 'report.pdf', 'application/pdf'],
      [report('child-g-2019.docx'), 'report.pdf', 'application/pdf'],
      [txt('plain words'), 'report.txt', 'text/html'],
      [txt('plain words'), 'report.html', 'text/plain'],
    ];
    for (const file of cases) {
      const res = await call('POST', '/api/admin/uploads', { headers: admin, body: form([file]) });
      expect(res.status).toBe(415);
      expect(res.body.error).toBe('Unsupported Media Type');
    }
    const json = await call('POST', '/api/admin/uploads', { headers: admin, json: { file: 'x' } });
    expect(json.status).toBe(415);
  });

  it('refuses an upload over the size limit with 413, and bad metadata with 400', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 'a');
    const res = await call('POST', '/api/admin/uploads', { headers: admin, body: form([[big, 'big.txt', 'text/plain']]) });
    expect(res.status).toBe(413);
    const bad = await call('POST', '/api/admin/uploads', { headers: admin, body: form([[txt('words about neglect'), 'meta.txt', 'text/plain']], { review_type: 'novel' }) });
    expect(bad.status).toBe(400);
  });

  it('never lets an uploaded file name reach outside the data dir', async () => {
    const outside = path.join(path.dirname(env.dataDir), 'escaped.txt');
    const res = await upload(form([[txt('A review about drift and delay in assessment.'), '../../escaped.txt', 'text/plain']]));
    expect(res.status).toBe(202);
    expect(res.body.files[0].file).toBe('escaped.txt');
    expect(fs.existsSync(outside)).toBe(false);
    expect(fs.existsSync(path.join(env.dataDir, 'uploads'))).toBe(true);
    expect(fs.readdirSync(path.join(env.dataDir, 'uploads'))).toEqual([]);
  });
});
