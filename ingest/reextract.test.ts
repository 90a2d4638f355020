import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { projectRoot } from '../lib/paths';
import { fixtureRepository } from '../test/fixture-repository';
import { openRepository } from './repository';
import { EXTRACTOR_VERSION } from './pipeline';
import { AuditLog } from '../store/audit-log';
import { Editorial } from '../core/editorial/editorial';

const SCR = path.join(projectRoot(), 'bin', 'scr.js');

describe('scr reextract', () => {
  it('reads again the reviews an older extractor read, keeping the corrections editors made', async () => {
    const { repo, dataDir } = await fixtureRepository();
    const editorial = new Editorial(repo.store, repo.backend, new AuditLog(dataDir));
    const tagging = { tagger: repo.tagger, taxonomyVersion: repo.taxonomy.version };
    const [old, current] = [...repo.store.all()].filter((r) => r.status === 'published' && r.recommendations.length);
    await editorial.editMetadata(old.id, { title: 'Serious Case Review: Child Corrected', region: 'Test Region' }, 'editor');
    await editorial.editContent(old.id, { summary: 'An editor wrote this summary.' }, 'editor', tagging);
    // As if read by an older extractor, with what it got wrong.
    repo.store.put({ ...repo.store.get(old.id)!, extractorVersion: '1', text: 'stale text', passages: [] });
    await repo.backend.close();

    const res = spawnSync(process.execPath, [SCR, 'reextract', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(res.stderr).toMatch(new RegExp(`read 1 reviews again with extractor ${EXTRACTOR_VERSION}`));
    expect(res.status).toBe(0);

    const after = await openRepository(dataDir, 'embedded');
    const record = after.store.get(old.id)!;
    expect(record).toMatchObject({ extractorVersion: EXTRACTOR_VERSION, summary: 'An editor wrote this summary.', status: 'published' });
    expect(record.metadata).toMatchObject({ title: 'Serious Case Review: Child Corrected', region: 'Test Region' });
    expect(record.text).not.toBe('stale text');
    expect(record.passages.length).toBeGreaterThan(3);
    expect(after.store.get(current.id)!.updatedAt).toBe(current.updatedAt);
    expect((await after.backend.search({ q: 'Corrected' })).results.map((h) => h.id)).toContain(old.id);
    expect(new AuditLog(dataDir).forReview(old.id).map((e) => e.action)).toEqual(['edit-metadata', 'edit-content', 'reextract']);
    await after.backend.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
