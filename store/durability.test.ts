import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { projectRoot } from '../lib/paths';
import { Store } from './store';
import { AuditLog } from './audit-log';
import { createBackend } from '../search/create-backend';
import { reindex } from '../search/reindex';
import { sampleRecords } from '../search/testing/sample-records';
import { tempDir } from '../test/fixture-repository';

const WRITER = path.join(projectRoot(), 'test', 'crash-writer.ts');

interface Acked {
  id: string;
  n: number;
}

/** Run the writer until it has acknowledged `kills` writes, then SIGKILL it mid-stream. */
function runAndKill(dataDir: string, start: number, killAfter: number): Promise<Acked[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, String(start)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: Acked[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const [, id, n] = line.split(' ');
        acked.push({ id, n: Number(n) });
      }
      if (acked.length >= killAfter) child.kill('SIGKILL');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && acked.length >= killAfter) resolve(acked);
      else reject(new Error(`writer ended early (code ${code}, signal ${signal}) after ${acked.length} acks: ${stderr}`));
    });
  });
}

describe('durability: a writer killed mid-write', () => {
  it('leaves every record whole and every acknowledged write in the store and the audit log', async () => {
    const dataDir = tempDir('crash');
    const store = new Store(dataDir);
    for (const record of sampleRecords()) store.put(record);
    let next = 1;
    const lastAcked = new Map<string, number>();
    const allAcked: Acked[] = [];

    for (const killAfter of [40, 117, 263]) {
      const acked = await runAndKill(dataDir, next, killAfter);
      for (const a of acked) lastAcked.set(a.id, a.n);
      allAcked.push(...acked);
      next = acked.at(-1)!.n + 1000;

      // Reading as a restarted server would: stale temporaries are cleared, every record parses.
      const reopened = new Store(dataDir);
      expect(fs.readdirSync(reopened.reviewsDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      const records = reopened.ids().map((id) => JSON.parse(fs.readFileSync(path.join(reopened.reviewsDir, `${id}.json`), 'utf8')));
      expect(records).toHaveLength(sampleRecords().length);
      for (const [id, n] of lastAcked) {
        const title = reopened.get(id)!.metadata.title;
        expect(Number(title.replace('Edit ', ''))).toBeGreaterThanOrEqual(n);
      }
      const audited = new Set(
        new AuditLog(dataDir)
          .entries()
          .filter((e) => e.action === 'edit-metadata')
          .map((e) => `${e.review_id} ${(e.after as { title: string }).title}`),
      );
      for (const a of allAcked) expect(audited).toContain(`${a.id} Edit ${a.n}`);
    }

    // The log takes appends again after a torn tail, and the index can always be rebuilt from the store.
    const audit = new AuditLog(dataDir);
    const before = audit.entries().length;
    audit.append({ actor: 'test', action: 'check', review_id: null, before: null, after: null });
    expect(audit.entries()).toHaveLength(before + 1);
    const backend = await createBackend({ backend: 'embedded', dataDir });
    expect(await reindex(new Store(dataDir), backend)).toBe(sampleRecords().filter((r) => r.status === 'published').length);
    await backend.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('cuts a torn last audit line before the next append', () => {
    const dataDir = tempDir('audit');
    const audit = new AuditLog(dataDir);
    audit.append({ actor: 'a', action: 'one', review_id: 'x', before: null, after: { n: 1 } });
    fs.appendFileSync(audit.file, '{"at":"2024-01-01","actor":"a","act');
    expect(audit.entries()).toHaveLength(1);
    audit.append({ actor: 'a', action: 'two', review_id: 'x', before: { n: 1 }, after: { n: 2 } });
    expect(audit.entries().map((e) => e.action)).toEqual(['one', 'two']);
    expect(fs.readFileSync(audit.file, 'utf8').trim().split('\n')).toHaveLength(2);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
