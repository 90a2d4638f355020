/**
 * A full disk stops a batch at once, with a summary of what was done and what was not, and leaves
 * nothing half-written. The data dir sits on a small tmpfs filled to the last block, so every
 * write fails with ENOSPC as a real full disk does; mounting it needs root (CI runs as root).
 */
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURE_REPORTS } from '../test/fixture-repository';
import { mountSmallDisk } from '../test/small-disk';
import { createTagger, loadTaxonomy } from '../taxonomy';
import { Store } from '../store/store';
import { createBackend } from '../search/create-backend';
import type { SearchBackend } from '../model';
import { ingestFiles } from './batch';
import { ExtractionPool } from './worker/pool';

// Room for the index's space reserve and one report, then filled to the byte.
const disk = mountSmallDisk(24);
const mounted = 'dir' in disk;
if (!mounted) process.stderr.write(`batch-disk-full.test: ${disk.unavailable}: the full-disk test does not run here\n`);

(mounted ? describe : describe.skip)('a batch on a full disk', () => {
  const taxonomy = loadTaxonomy();
  const tagger = createTagger(taxonomy);
  const reports = fs.readdirSync(FIXTURE_REPORTS).filter((f) => f.endsWith('.pdf')).slice(0, 5).map((f) => path.join(FIXTURE_REPORTS, f));
  let backend: SearchBackend;
  const pool = new ExtractionPool(2);

  afterAll(async () => {
    await pool.close();
    await backend?.close();
    if ('dir' in disk) disk.unmount();
  });

  it('stops at the first ENOSPC, says so, lists the files it did not start, and writes nothing torn', async () => {
    if (!('dir' in disk)) throw new Error(disk.unavailable);
    const dataDir = path.join(disk.dir, 'data');
    const store = new Store(dataDir);
    backend = await createBackend({ backend: 'embedded', dataDir });
    const first = await ingestFiles(reports.slice(0, 1), { store, backend, tagger, taxonomyVersion: taxonomy.version, pool });
    expect(first.ingested + first.quarantined).toBe(1);
    expect(first.stopped).toBeUndefined();

    disk.fill();
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
