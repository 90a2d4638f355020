/** Editorial changes that wait on a worker keep what another editor saved meanwhile. */
import fs from 'node:fs';
import path from 'node:path';
import { openRepository, type Repository } from '../../ingest/repository';
import { ingestFiles } from '../../ingest/batch';
import { prepareRecord } from '../../ingest/pipeline';
import { tagRecord, type RecordTagger } from '../../ingest/tag-record';
import { AuditLog } from '../../store/audit-log';
import { FIXTURE_REPORTS, tempDir } from '../../test/fixture-repository';
import { Editorial } from './editorial';

let dataDir: string;
let repo: Repository;
let editorial: Editorial;
let id: string;

beforeAll(async () => {
  dataDir = tempDir('editorial');
  repo = await openRepository(dataDir, 'embedded');
  await ingestFiles([path.join(FIXTURE_REPORTS, 'child-q-2013.pdf')], { ...repo, taxonomyVersion: repo.taxonomy.version });
  id = [...repo.store.all()][0].id;
  editorial = new Editorial(repo.store, repo.backend, new AuditLog(dataDir));
});

afterAll(async () => {
  await repo.backend.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Tags in this thread, but lets another editor save a change while the first tagging is under way. */
function taggerWithEditMeanwhile(edit: () => Promise<unknown>): { tag: RecordTagger; calls: () => number } {
  let calls = 0;
  const tag: RecordTagger = async (record) => {
    if (calls++ === 0) await edit();
    return tagRecord(record, { tagger: repo.tagger, taxonomyVersion: repo.taxonomy.version });
  };
  return { tag, calls: () => calls };
}

it('a content correction tagged elsewhere keeps a metadata correction saved while it was tagged', async () => {
  const { tag, calls } = taggerWithEditMeanwhile(() => editorial.editMetadata(id, { region: 'Test Region' }, 'second editor'));
  const saved = await editorial.editContent(id, { summary: 'A summary corrected by the first editor.' }, 'first editor', tag);
  expect(calls()).toBe(2);
  expect(saved.summary).toBe('A summary corrected by the first editor.');
  expect(saved.metadata.region).toBe('Test Region');
  expect(repo.store.get(id)).toEqual(saved);
});

it('a re-extraction keeps a correction saved while it was tagged', async () => {
  const { tag, calls } = taggerWithEditMeanwhile(() => editorial.editMetadata(id, { region: 'Another Region' }, 'second editor'));
  const saved = await editorial.reextract(id, 'first editor', tag, prepareRecord);
  expect(calls()).toBe(2);
  expect(saved.metadata.region).toBe('Another Region');
  expect(saved.summary).toBe('A summary corrected by the first editor.');
  expect(repo.store.get(id)).toEqual(saved);
});
