import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { projectRoot } from '../lib/paths';
import { openRepository } from '../ingest/repository';
import { ingestFiles } from '../ingest/batch';
import { readManifest } from '../ingest/manifest';
import { AuditLog } from './audit-log';
import { UserStore } from './users';
import { BACKUP_MANIFEST, backup, restore } from './backup';
import { Editorial } from '../core/editorial/editorial';
import { FIXTURE_MANIFEST, FIXTURE_REPORTS, tempDir } from '../test/fixture-repository';

const SCR = path.join(projectRoot(), 'bin', 'scr.js');
const scr = (args: string[]) => spawnSync(process.execPath, [SCR, ...args], { encoding: 'utf8', timeout: 120000 });

/** Every file under a dir with its bytes, by relative path. */
function snapshot(dir: string, skip: string[] = []): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = path.join(rel, e.name);
      if (skip.includes(child)) continue;
      if (e.isDirectory()) walk(child);
      else out.set(child, fs.readFileSync(path.join(dir, child)).toString('base64'));
    }
  };
  walk('');
  return out;
}

let dataDir: string;
let publishedIds: string[];

beforeAll(async () => {
  dataDir = tempDir('backup-src');
  const repo = await openRepository(dataDir, 'embedded');
  const files = ['child-a-2012.pdf', 'child-e-2020.docx', 'child-j-2023.txt', 'child-g-2019.docx'].map((f) => path.join(FIXTURE_REPORTS, f));
  await ingestFiles(files, { ...repo, taxonomyVersion: repo.taxonomy.version, manifest: readManifest(FIXTURE_MANIFEST) });
  const editorial = new Editorial(repo.store, repo.backend, new AuditLog(dataDir));
  const [first, second] = [...repo.store.all()].filter((r) => r.status === 'published');
  await editorial.editMetadata(first.id, { title: 'Edited before the backup' }, 'editor.one');
  await editorial.withdraw(second.id, 'editor.one', 'Published in error');
  new UserStore(dataDir).put({ username: 'editor.one', role: 'editor', passwordHash: 'scrypt$1$1$1$c2FsdA==$aGFzaA==', createdAt: 'now', createdBy: 'admin' });
  publishedIds = [...repo.store.all()].filter((r) => r.status === 'published').map((r) => r.id).sort();
  await repo.backend.close();
});

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('scr backup and scr restore', () => {
  it('round-trip the whole repository, and the index is rebuilt after the restore', async () => {
    const work = tempDir('backup');
    const backupDir = path.join(work, 'backup-1');
    const restored = path.join(work, 'restored');

    const b = scr(['backup', backupDir, '--data-dir', dataDir]);
    expect(b.stderr).toMatch(/backed up \d+ files/);
    expect(b.status).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, BACKUP_MANIFEST), 'utf8'));
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['audit.log', 'users.json']));
    expect(manifest.files.some((f: { path: string }) => f.path.startsWith('index'))).toBe(false);

    const r = scr(['restore', backupDir, '--data-dir', restored]);
    expect(r.stderr).toMatch(new RegExp(`indexed ${publishedIds.length} published reviews`));
    expect(r.status).toBe(0);

    // Store, files, users and audit log come back byte for byte; the index is rebuilt, not copied.
    expect(snapshot(restored, ['index'])).toEqual(snapshot(dataDir, ['index']));
    expect(new AuditLog(restored).entries().map((e) => e.action)).toEqual(['edit-metadata', 'withdraw']);
    const repo = await openRepository(restored, 'embedded');
    expect(await repo.backend.count()).toBe(publishedIds.length);
    const hits = await repo.backend.search({ size: 100 });
    expect(hits.results.map((h) => h.id).sort()).toEqual(publishedIds);
    expect((await repo.backend.search({ q: 'Edited before the backup' })).total).toBe(1);
    await repo.backend.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('refuses a damaged backup, and never restores over a data dir in use', () => {
    const work = tempDir('backup-bad');
    const backupDir = path.join(work, 'b');
    const manifest = backup(dataDir, backupDir);
    expect(() => backup(dataDir, backupDir)).toThrow(/already exists/);

    const notEmpty = path.join(work, 'in-use');
    fs.mkdirSync(notEmpty);
    fs.writeFileSync(path.join(notEmpty, 'keep.txt'), 'x');
    expect(() => restore(backupDir, notEmpty)).toThrow(/not empty/);
    expect(fs.readdirSync(notEmpty)).toEqual(['keep.txt']);

    const victim = manifest.files.find((f) => f.path.startsWith('reviews/'))!;
    fs.appendFileSync(path.join(backupDir, victim.path), ' ');
    const res = scr(['restore', backupDir, '--data-dir', path.join(work, 'target')]);
    expect(res.status).toBe(2);
    expect(res.stderr.trim()).toBe(`scr: backup file ${victim.path} does not match its checksum`);
    expect(fs.existsSync(path.join(work, 'target'))).toBe(false);

    // A manifest that points outside the backup is refused before anything is written.
    const evil = path.join(work, 'evil');
    fs.mkdirSync(evil);
    fs.writeFileSync(path.join(evil, BACKUP_MANIFEST), JSON.stringify({ format: 'scr-backup', version: 1, created_at: 'x', files: [{ path: '../../etc/passwd', sha256: 'x', size: 1 }] }));
    expect(() => restore(evil, path.join(work, 'target'))).toThrow(/unsafe path/);
    fs.rmSync(work, { recursive: true, force: true });
  });
});
