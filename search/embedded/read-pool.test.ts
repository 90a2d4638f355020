import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedBackend } from './embedded-backend';
import { ReadPool } from './read-pool';
import { SearchUnavailableError } from '../errors';
import { taxonomyVocabulary } from '../fields';
import { sampleRecords } from '../testing/sample-records';
import type { ReviewRecord } from '../../model';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scr-read-pool-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The sample reviews again and again under new ids, so a rebuild spans several batches. */
function manyRecords(n: number): ReviewRecord[] {
  const base = sampleRecords();
  return Array.from({ length: n }, (_, i) => {
    const r = base[i % base.length];
    return { ...r, id: `${r.id.slice(0, 3)}${String(i).padStart(9, '0')}` };
  });
}

it('answers on reader threads the same as on the writing thread, and sees every write', async () => {
  const vocab = await taxonomyVocabulary();
  const file = path.join(dir, 'same.sqlite');
  const threads = new EmbeddedBackend(file, vocab, 2);
  const inThread = new EmbeddedBackend(':memory:', vocab);
  await Promise.all([threads.init(), inThread.init()]);
  try {
    const records = manyRecords(450);
    expect(await threads.rebuild(records)).toBe(450);
    expect(await inThread.rebuild(records)).toBe(450);
    const requests = [{ q: 'neglect' }, { theme: ['professional-curiosity'], sort: 'date' as const }, { region: ['Wales'], q: 'information' }, { sort: 'added' as const, page: 3 }];
    // Side by side, so both readers serve.
    const [a, b] = await Promise.all([Promise.all(requests.map((r) => threads.search(r))), Promise.all(requests.map((r) => inThread.search(r)))]);
    expect(a).toEqual(b);
    expect(a[0].total).toBe(180);
    expect(await threads.themeTotals({ q: 'bruising' })).toEqual(await inThread.themeTotals({ q: 'bruising' }));

    await threads.remove(records[0].id);
    expect((await threads.search({})).total).toBe(449);
    await threads.index({ ...records[0], metadata: { ...records[0].metadata, title: 'Serious Case Review: Child A (addendum)' } });
    expect((await threads.search({ q: 'addendum' })).results.map((h) => h.id)).toEqual([records[0].id]);
  } finally {
    await Promise.all([threads.close(), inThread.close()]);
  }
});

it('fails a request cleanly when its reader dies, and replaces the reader for the next one', async () => {
  const vocab = await taxonomyVocabulary();
  const file = path.join(dir, 'later.sqlite');
  const pool = new ReadPool(file, vocab, 1);
  try {
    // No index file yet: the reader cannot open it and stops.
    await expect(pool.run('search', {})).rejects.toBeInstanceOf(SearchUnavailableError);
    const writer = new EmbeddedBackend(file, vocab, 0);
    await writer.init();
    await writer.rebuild(sampleRecords());
    await writer.close();
    expect((await pool.run('search', { q: 'neglected' })).total).toBe(2);
  } finally {
    await pool.close();
  }
  await expect(pool.run('search', {})).rejects.toBeInstanceOf(SearchUnavailableError);
});

it('lets the process exit once its searches are answered, closed or not', () => {
  const script = path.join(dir, 'exit.ts');
  fs.writeFileSync(
    script,
    `import { EmbeddedBackend } from ${JSON.stringify(path.join(__dirname, 'embedded-backend'))};
     import { sampleRecords } from ${JSON.stringify(path.join(__dirname, '../testing/sample-records'))};
     (async () => {
       const backend = new EmbeddedBackend(${JSON.stringify(path.join(dir, 'exit.sqlite'))}, undefined, 2);
       await backend.init();
       await backend.rebuild(sampleRecords());
       const res = await backend.search({ q: 'neglected' });
       process.stdout.write(String(res.total));
     })();`,
  );
  // Bounded by the test's time limit: a process kept alive by an idle reader would never exit.
  const out = execFileSync(process.execPath, ['--require', require.resolve('tsx/cjs'), script], { encoding: 'utf8' });
  expect(out).toBe('2');
});
