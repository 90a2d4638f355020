import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { projectRoot } from '../lib/paths';
import { fixtureRepository } from '../test/fixture-repository';
import { openRepository } from './repository';
import { AuditLog } from '../store/audit-log';

const SCR = path.join(projectRoot(), 'bin', 'scr.js');

describe('scr retag', () => {
  it('re-tags every stored review from its stored text, without the original files, and updates the index', async () => {
    const { repo, dataDir } = await fixtureRepository();
    const published = [...repo.store.all()].filter((r) => r.status === 'published');
    const before = new Map(published.map((r) => [r.id, r.themes.map((t) => t.id)]));
    const neglectBefore = (await repo.backend.search({ theme: ['neglect'] })).total;
    expect(neglectBefore).toBeGreaterThan(0);
    // As if tagged by an older taxonomy that knew no themes; the originals are gone, so a
    // re-extraction could not succeed.
    for (const r of repo.store.all()) {
      const stale = { ...r, taxonomyVersion: '0.0.1', theme: [], passages: r.passages.map((p) => ({ ...p, theme: [] })) };
      repo.store.put(stale);
      if (stale.status === 'published') await repo.backend.index(stale);
    }
    await repo.backend.close();
    fs.rmSync(path.join(dataDir, 'files'), { recursive: true });
    fs.mkdirSync(path.join(dataDir, 'files'));

    const res = spawnSync(process.execPath, [SCR, 'retag', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(res.status).toBe(0);
    expect(res.stderr).toMatch(/re-tagged \d+ reviews/);

    const after = await openRepository(dataDir, 'embedded');
    for (const r of after.store.all()) {
      expect(r.taxonomyVersion).toBe(after.taxonomy.version);
      if (r.status === 'published') expect(r.themes.map((t) => t.id)).toEqual(before.get(r.id));
    }
    expect((await after.backend.search({ theme: ['neglect'] })).total).toBe(neglectBefore);
    expect(new AuditLog(dataDir).entries().filter((e) => e.action === 'retag')).toHaveLength(1);
    await after.backend.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
