/**
 * A full disk stops a batch at once, with a summary of what was done and what was not, and leaves
 * nothing half-written. The data dir sits on a small tmpfs filled to the last block, so every
 * write fails with ENOSPC as a real full disk does; mounting it needs root (CI runs as root).
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { FIXTURE_REPORTS, tempDir } from '../test/fixture-repository';
import { createTagger, loadTaxonomy } from '../taxonomy';
import { Store } from '../store/store';
import { createBackend } from '../search/create-backend';
import type { SearchBackend } from '../model';
import { ingestFiles } from './batch';
import { ExtractionPool } from './worker/pool';

const mountPoint = tempDir('disk-full');
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint]).status === 0;
if (!mounted) process.stderr.write(`batch-disk-full.test: cannot mount a tmpfs at ${mountPoint} (needs root): the full-disk test does not run here\n`);

/** Write until the file system refuses: from then on it is full. */
function fill(dir: string): void {
  const fd = fs.openSync(path.join(dir, 'filler'), 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    fs.closeSync(fd);
  }
}

(mounted ? describe : describe.skip)('a batch on a full disk', () => {
  const taxonomy = loadTaxonomy();
  const tagger = createTagger(taxonomy);
  const reports = fs.readdirSync(FIXTURE_REPORTS).filter((f) => f.endsWith('.pdf')).slice(0, 5).map((f) => path.join(FIXTURE_REPORTS, f));
  let backend: SearchBackend;
  const pool = new ExtractionPool(2);

  afterAll(async () => {
    await pool.close();
    await backend?.close();
    spawnSync('umount', [mountPoint]);
  });

  it('stops at the first ENOSPC, says so, lists the files it did not start, and writes nothing torn', async () => {
    const dataDir = path.join(mountPoint, 'data');
    const store = new Store(dataDir);
    backend = await createBackend({ backend: 'embedded', dataDir });
    const first = await ingestFiles(reports.slice(0, 1), { store, backend, tagger, taxonomyVersion: taxonomy.version, pool });
    expect(first.ingested + first.quarantined).toBe(1);
    expect(first.stopped).toBeUndefined();

    fill(mountPoint);
    const rest = reports.slice(1);
    const summary = await ingestFiles(rest, { store, backend, tagger, taxonomyVersion: taxonomy.version, pool });
    expect(summary.stopped?.reason).toMatch(/^the disk is full \(ENOSPC\): nothing more can be stored/);
    expect(summary.ingested + summary.quarantined).toBe(0);
    // Files already being read when the disk filled fail; the rest are never started.
    expect(summary.failed.length).toBeGreaterThanOrEqual(1);
    expect(summary.failed.length).toBeLessThanOrEqual(pool.size);
    for (const f of summary.failed) expect(f.error).toBe('the disk is full: the file could not be stored');
    expect(summary.stopped?.notProcessed).toEqual(rest.slice(summary.failed.length));
    expect([...summary.failed.map((f) => f.file), ...summary.stopped!.notProcessed]).toEqual(rest);

    expect(store.ids()).toHaveLength(1);
    for (const dir of [store.reviewsDir, store.filesDir]) expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    for (const id of store.ids()) expect(store.get(id)?.text.length).toBeGreaterThan(1000);
  });
});
