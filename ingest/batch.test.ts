/** Where a batch asked to tag in its workers tags: there on the service's taxonomy, in the batch's own process on any other. */
import fs from 'node:fs';
import path from 'node:path';
import { defaultTaxonomyFile, createTagger, loadTaxonomy } from '../taxonomy';
import { openRepository } from './repository';
import { ingestFiles } from './batch';
import { FIXTURE_REPORTS, tempDir } from '../test/fixture-repository';
import { ExtractionPool } from './worker/pool';

it('tags with the taxonomy it is given, also when it is not the one the workers run on', async () => {
  const dir = tempDir('batch-taxonomy');
  // The service's taxonomy under another version: a trial of it, as a batch might be run on.
  const file = path.join(dir, 'themes.yaml');
  fs.writeFileSync(file, fs.readFileSync(defaultTaxonomyFile(), 'utf8').replace(/^version: .*$/m, 'version: 9.9.9'));
  const trial = loadTaxonomy(file);
  const repo = await openRepository(path.join(dir, 'data'), 'embedded');
  // One worker for both batches: it starts once.
  const pool = new ExtractionPool(1);
  try {
    const report = path.join(FIXTURE_REPORTS, 'child-j-2023.txt');
    const summary = await ingestFiles([report], { store: repo.store, backend: repo.backend, tagger: createTagger(trial), taxonomyVersion: trial.version, pool, tagInWorkers: true });
    expect(summary.failed).toEqual([]);
    const [record] = [...repo.store.all()];
    expect(record.taxonomyVersion).toBe('9.9.9');
    expect(record.themes.length).toBeGreaterThan(0);

    const service = loadTaxonomy();
    const other = await openRepository(path.join(dir, 'data-service'), 'embedded');
    try {
      await ingestFiles([report], { store: other.store, backend: other.backend, tagger: createTagger(service), taxonomyVersion: service.version, pool, tagInWorkers: true });
      const [tagged] = [...other.store.all()];
      expect(tagged.taxonomyVersion).toBe(service.version);
      // The same patterns under two versions: the same themes, wherever they were tagged.
      expect(tagged.themes).toEqual(record.themes);
    } finally {
      await other.backend.close();
    }
  } finally {
    await pool.close();
    await repo.backend.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
