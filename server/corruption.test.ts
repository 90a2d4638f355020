import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ReviewRecord } from '../model';
import { buildApp } from './app';
import { authConfigFromEnv } from './auth/config';
import type { Repository } from '../ingest/repository';
import { Store, sha256, type SetAside } from '../store/store';
import { BACKUP_MANIFEST } from '../store/backup';
import { AUDIT_LOG_FILE, AuditLog } from '../store/audit-log';
import { USERS_FILE, UserStore } from '../store/users';
import { hashPassword } from './auth/passwords';
import { fixtureRepository, tempDir } from '../test/fixture-repository';
import { TEST_ADMIN_PASSWORD, TEST_ADMIN_TOKEN, bearer } from '../test/editor-app';
import { runScr } from '../test/run-scr';
import { startServe } from '../test/serve-process';
import { fetchWhole } from '../test/http';

/**
 * Damaged files of record: a truncated review record, a corrupt users.json, a torn audit line,
 * an original file that no longer matches its checksum, an index out of step. None takes the
 * service down; each is named, set aside or skipped, and reported by `scr check` and health.
 */

let dataDir: string;
let repo: Repository;
let ids: string[];

async function freshRepository(): Promise<void> {
  ({ repo, dataDir } = await fixtureRepository('embedded', ['child-a-2012.pdf', 'child-c-2016.pdf', 'child-j-2023.txt', 'child-b-2014.docx']));
  ids = repo.store.ids();
  new AuditLog(dataDir).append({ actor: 'test', action: 'note', review_id: ids[0], before: null, after: null });
}

const recordFile = (id: string) => path.join(dataDir, 'reviews', `${id}.json`);
function truncate(id: string): void {
  const text = fs.readFileSync(recordFile(id), 'utf8');
  fs.writeFileSync(recordFile(id), text.slice(0, Math.floor(text.length / 2)));
}
const published = (r: ReviewRecord | undefined) => r?.status === 'published';

beforeAll(freshRepository);
afterAll(async () => {
  await repo.backend.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('scr check', () => {
  it('passes a sound repository', () => {
    const res = runScr(['check', '--data-dir', dataDir, '--json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report).toMatchObject({ records: ids.length, files: ids.length, problems: [] });
    expect(report.indexed).toBe([...repo.store.all()].filter((r) => r.status === 'published').length);
  });

  it('names a truncated record, a file that fails its checksum, a corrupt users file, a torn audit line and every index fault, and exits 1', async () => {
    const [broken, tampered, stale, extra] = [...repo.store.all()].filter((r) => r.status === 'published').map((r) => r.id);
    const missing = ids.find((id) => !published(repo.store.get(id)));
    truncate(broken);
    const record = JSON.parse(fs.readFileSync(recordFile(tampered), 'utf8')) as ReviewRecord;
    fs.appendFileSync(repo.store.filePath(record.source.sha256, record.source.type), 'tampered');
    // Changed in the store behind the index's back.
    const staleRecord = JSON.parse(fs.readFileSync(recordFile(stale), 'utf8')) as ReviewRecord;
    fs.writeFileSync(recordFile(stale), JSON.stringify({ ...staleRecord, metadata: { ...staleRecord.metadata, title: 'A title the index has not seen' } }));
    const extraRecord = JSON.parse(fs.readFileSync(recordFile(extra), 'utf8')) as ReviewRecord;
    fs.writeFileSync(recordFile(extra), JSON.stringify({ ...extraRecord, status: 'withdrawn' }));
    if (missing) {
      const m = JSON.parse(fs.readFileSync(recordFile(missing), 'utf8')) as ReviewRecord;
      fs.writeFileSync(recordFile(missing), JSON.stringify({ ...m, status: 'published', flags: [] }));
    }
    fs.writeFileSync(path.join(dataDir, USERS_FILE), '{"users": [{"username": "editor.one", "ro');
    const audit = fs.readFileSync(path.join(dataDir, AUDIT_LOG_FILE), 'utf8');
    fs.writeFileSync(path.join(dataDir, AUDIT_LOG_FILE), `{"at":"2024-01-01T00:00:00Z","act\n${audit}`);

    const res = runScr(['check', '--data-dir', dataDir, '--json']);
    expect(res.code).toBe(1);
    const messages = (JSON.parse(res.stdout).problems as { kind: string; message: string }[]).map((p) => `${p.kind}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^record: reviews/${broken}\\.json is not valid JSON`)),
        `file: files/${record.source.sha256}.${record.source.type} does not match its sha256 checksum`,
        expect.stringMatching(/^users: users\.json is not valid JSON/),
        'audit: audit.log line 1 is not a readable entry',
        `index: review ${stale} is indexed from an older version of its record`,
        `index: review ${extra} is in the search index but is not a published review in the store`,
        // The truncated record is not a published review any more, as far as anyone can read it.
        `index: review ${broken} is in the search index but is not a published review in the store`,
      ]),
    );
    if (missing) expect(messages).toContain(`index: published review ${missing} is missing from the search index`);
    // Checking moves nothing: the damaged record is still where it was, for the operator to see.
    expect(fs.existsSync(recordFile(broken))).toBe(true);

    const text = runScr(['check', '--data-dir', dataDir]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(new RegExp(`record: reviews/${broken}\\.json is not valid JSON`));
  });

  it('makes scr backup refuse the damaged store, naming the files, and write nothing', () => {
    const target = path.join(tempDir('corrupt-backup'), 'copy');
    const res = runScr(['backup', target, '--data-dir', dataDir]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^scr: not backing up a damaged store: /);
    expect(res.stderr).toMatch(/reviews\/[a-z0-9]+\.json is not valid JSON/);
    expect(res.stderr).toMatch(/users\.json is not valid JSON/);
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.readdirSync(path.dirname(target))).toEqual([]);
  });
});

describe('a truncated record', () => {
  it('is set aside by the store with a note, named, and the rest is read', () => {
    const dir = tempDir('corrupt-store');
    const seen: SetAside[] = [];
    const source = new Store(dataDir);
    const store = new Store(dir, (p) => seen.push(p));
    for (const id of ids.slice(1)) {
      const r = source.get(id);
      if (r) store.put(r);
    }
    fs.copyFileSync(recordFile(ids[0]), path.join(store.reviewsDir, `${ids[0]}.json`));
    fs.writeFileSync(path.join(store.reviewsDir, `${ids[0]}.json`), '{"id": "trunc');
    const all = [...store.all()];
    expect(all.map((r) => r.id)).toEqual(store.ids());
    expect(store.ids()).not.toContain(ids[0]);
    expect(seen).toEqual([{ file: `reviews/${ids[0]}.json`, movedTo: expect.stringMatching(new RegExp(`^corrupt/reviews--${ids[0]}\\.json\\.\\d+$`)), reason: expect.stringMatching(/^not valid JSON/) }]);
    expect(fs.readFileSync(path.join(dir, seen[0].movedTo!), 'utf8')).toBe('{"id": "trunc');
    expect(fs.readFileSync(path.join(dir, `${seen[0].movedTo}.note.txt`), 'utf8')).toMatch(new RegExp(`^reviews/${ids[0]}\\.json was set aside on .*: not valid JSON`));
    expect(store.setAsideFiles()).toEqual([seen[0].movedTo]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('does not stop scr reindex, which names the file and indexes the rest', () => {
    const res = runScr(['reindex', '--data-dir', dataDir]);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/reviews\/[a-z0-9]+\.json is not valid JSON .*set aside \(moved to corrupt\/reviews--[a-z0-9]+\.json\.\d+\)/);
    expect(res.stderr).toMatch(/scr: indexed \d+ published reviews/);
    expect(fs.readdirSync(path.join(dataDir, 'corrupt')).some((n) => n.endsWith('.note.txt'))).toBe(true);
  });
});

describe('the server over a damaged data dir', () => {
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    await repo.backend.close();
    await freshRepository();
    const editorHash = await hashPassword('editor-password-1');
    new UserStore(dataDir).put({ username: 'editor.one', role: 'editor', passwordHash: editorHash, createdAt: 'now', createdBy: 'admin' });
    app = await buildApp({
      ...repo,
      auth: authConfigFromEnv({ SCR_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, SCR_ADMIN_TOKEN: TEST_ADMIN_TOKEN }),
      security: { rateLimit: false },
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  const login = (username: string, password: string) =>
    fetchWhole(`${base}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

  it('answers 404 for a truncated record, sets it aside, and reports it in health', async () => {
    const health0 = await (await fetchWhole(`${base}/api/health`)).json();
    expect(health0).toMatchObject({ status: 'ok', problems: 0 });
    const victim = [...repo.store.all()].find((r) => r.status === 'published')!.id;
    truncate(victim);
    expect((await fetchWhole(`${base}/api/reviews/${victim}`)).status).toBe(404);
    expect((await fetchWhole(`${base}/api/search?q=child`)).status).toBe(200);
    expect((await fetchWhole(`${base}/api/admin/reviews`, { headers: bearer(TEST_ADMIN_TOKEN) })).status).toBe(200);
    expect(fs.existsSync(recordFile(victim))).toBe(false);
    const health = await (await fetchWhole(`${base}/api/health`)).json();
    expect(health).toMatchObject({ status: 'degraded', problems: 1 });
  });

  it('skips a torn audit line with a warning and still answers the audit trail', async () => {
    fs.appendFileSync(path.join(dataDir, AUDIT_LOG_FILE), '{"at":"2024-01-01T00:00:00Z","actor":"x","act\n');
    new AuditLog(dataDir).append({ actor: 'test', action: 'after-the-tear', review_id: null, before: null, after: null });
    const res = await fetchWhole(`${base}/api/admin/audit`, { headers: bearer(TEST_ADMIN_TOKEN) });
    expect(res.status).toBe(200);
    const entries = ((await res.json()) as { entries: { action: string }[] }).entries.map((e) => e.action);
    expect(entries[0]).toBe('after-the-tear');
    expect(entries).toContain('note');
    const warnings: string[] = [];
    expect(new AuditLog(dataDir, (w) => warnings.push(w)).entries().map((e) => e.action)).toEqual([...entries].reverse());
    expect(warnings).toEqual([expect.stringMatching(/^audit\.log line \d+ is not a readable entry; skipped$/)]);
  });

  it('with a corrupt users.json: serves the public, refuses editor sign-in in words, lets the admin in', async () => {
    const editor = await login('editor.one', 'editor-password-1');
    expect(editor.status).toBe(200);
    const { token } = (await editor.json()) as { token: string };
    fs.writeFileSync(path.join(dataDir, USERS_FILE), '{"users": [{"username": "edi');

    expect((await fetchWhole(`${base}/api/search?q=child`)).status).toBe(200);
    expect((await fetchWhole(`${base}/api/themes`)).status).toBe(200);
    const refused = await login('editor.one', 'editor-password-1');
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { message: string }).message).toMatch(/^Editor accounts cannot be read just now/);
    const session = await fetchWhole(`${base}/api/admin/me`, { headers: bearer(token) });
    expect(session.status).toBe(503);
    const admin = await login('admin', TEST_ADMIN_PASSWORD);
    expect(admin.status).toBe(200);
    expect((await fetchWhole(`${base}/api/admin/reviews`, { headers: bearer(TEST_ADMIN_TOKEN) })).status).toBe(200);
    // Refused, not overwritten: the damaged file is left for repair.
    const create = await fetchWhole(`${base}/api/admin/users/editor.two`, {
      method: 'PUT',
      headers: { ...bearer(TEST_ADMIN_TOKEN), 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'editor-password-2', role: 'editor' }),
    });
    expect(create.status).toBe(503);
    expect(fs.readFileSync(path.join(dataDir, USERS_FILE), 'utf8')).toBe('{"users": [{"username": "edi');
    const health = await (await fetchWhole(`${base}/api/health`)).json();
    expect(health).toMatchObject({ status: 'degraded', problems: 2 });
  });
});

describe('scr serve over a truncated record', () => {
  it('starts, names the file it set aside, and serves the rest', async () => {
    const victim = [...repo.store.all()].find((r) => r.status === 'published')!.id;
    truncate(victim);
    const server = await startServe(['--data-dir', dataDir]);
    try {
      expect(server.stderr()).toContain(`reviews/${victim}.json is not valid JSON`);
      expect((await fetchWhole(`${server.base}/api/search?q=child`)).status).toBe(200);
      expect((await fetchWhole(`${server.base}/api/reviews/${victim}`)).status).toBe(404);
      const health = await (await fetchWhole(`${server.base}/api/health`)).json();
      expect(health.status).toBe('degraded');
    } finally {
      await server.stop();
    }
  });
});

describe('scr restore of a backup holding a truncated record', () => {
  it('restores, names the record it set aside, and indexes the rest', () => {
    fs.writeFileSync(path.join(dataDir, USERS_FILE), JSON.stringify({ users: [] }));
    const work = tempDir('corrupt-restore');
    const copy = path.join(work, 'backup');
    const made = runScr(['backup', copy, '--data-dir', dataDir]);
    expect(made.stderr).toMatch(/^scr: backed up/);
    // A backup taken before backups were checked: its manifest agrees with the damaged record.
    const manifestFile = path.join(copy, BACKUP_MANIFEST);
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { files: { path: string; sha256: string; size: number }[] };
    const entry = manifest.files.find((f) => f.path.startsWith('reviews/'))!;
    const damaged = fs.readFileSync(path.join(copy, entry.path)).subarray(0, 40);
    fs.writeFileSync(path.join(copy, entry.path), damaged);
    Object.assign(entry, { sha256: sha256(damaged), size: damaged.length });
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));

    const target = path.join(work, 'restored');
    const res = runScr(['restore', copy, '--data-dir', target]);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(`${entry.path} is not valid JSON`);
    expect(res.stderr).toMatch(/scr: restored \d+ files to .*; indexed \d+ published reviews/);
    expect(fs.existsSync(path.join(target, entry.path))).toBe(false);
    fs.rmSync(work, { recursive: true, force: true });
  });
});
