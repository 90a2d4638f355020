import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { ReviewRecord } from '../../model';
import { Editorial, EditorialError } from './editorial';
import { AuditLog } from '../../store/audit-log';
import type { Repository } from '../../ingest/repository';
import { retagAll } from '../../ingest/retag';
import { prepareRecord } from '../../ingest/pipeline';
import { tagRecord } from '../../ingest/tag-record';
import { createTagger, defaultTaxonomyFile, loadTaxonomy } from '../../taxonomy';
import { themeDisagreements } from '../../ingest/theme-decisions';
import { fixtureRepository } from '../../test/fixture-repository';

/** Editors' theme decisions on a real fixture report, through the real pipeline, store, audit log and index. */

let dataDir: string;
let repo: Repository;
let editorial: Editorial;
let record: ReviewRecord;
let confirmed: string;
let removed: string;
let added: string;
let passage: string;
const tagging = () => ({ tagger: repo.tagger, taxonomyVersion: repo.taxonomy.version });
const ids = async (filters: object) => (await repo.backend.search({ ...filters, size: 100 })).results.map((h) => h.id);

beforeAll(async () => {
  ({ repo, dataDir } = await fixtureRepository('embedded', ['child-c-2016.pdf']));
  record = [...repo.store.all()][0];
  editorial = new Editorial(repo.store, repo.backend, new AuditLog(dataDir));
  expect(record.status).toBe('published');
  expect(record.themes.length).toBeGreaterThanOrEqual(2);
  [confirmed, removed] = record.themes.map((t) => t.id);
  added = repo.taxonomy.themes.find((t) => !record.themes.some((r) => r.id === t.id) && t.id !== 'good-practice')!.id;
  passage = record.passages.find((p) => p.section === 'analysis')!.id;
});
afterAll(async () => {
  await repo.backend.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const origins = (r: ReviewRecord) => ({
  public: Object.fromEntries(r.themes.map((t) => [t.id, t.origin ?? 'machine'])),
  removed: (r.removedThemes ?? []).map((t) => t.id),
});

describe('theme decisions', () => {
  it('confirms, removes and adds, each audited, and the public themes and the index follow at once', async () => {
    expect(await ids({ theme: [removed] })).toContain(record.id);
    expect(await ids({ theme: [added] })).not.toContain(record.id);
    await editorial.decideTheme(record.id, { theme: confirmed, action: 'confirm' }, 'ed1', tagging());
    await editorial.decideTheme(record.id, { theme: removed, action: 'remove' }, 'ed2', tagging());
    const next = await editorial.decideTheme(record.id, { theme: added, action: 'add', passages: [passage] }, 'ed1', tagging());

    expect(origins(next).public).toMatchObject({ [confirmed]: 'confirmed', [added]: 'added' });
    expect(origins(next).public[removed]).toBeUndefined();
    expect(origins(next).removed).toEqual([removed]);
    const add = next.themes.find((t) => t.id === added)!;
    expect(add).toMatchObject({ passages: [passage], machine: false, decidedBy: 'ed1' });
    expect(add.evidence[0].length).toBeGreaterThan(20);
    expect(next.passages.find((p) => p.id === passage)!.themes.map((t) => t.id)).toContain(added);
    expect(next.removedThemes![0]).toMatchObject({ machine: true, decidedBy: 'ed2' });

    const entries = new AuditLog(dataDir).forReview(record.id);
    expect(entries.map((e) => [e.action, e.actor, e.after])).toEqual([
      ['confirm-theme', 'ed1', { theme: confirmed, origin: 'confirmed', passages: expect.any(Array) }],
      ['remove-theme', 'ed2', { theme: removed, origin: 'removed' }],
      ['add-theme', 'ed1', { theme: added, origin: 'added', passages: [passage] }],
    ]);
    expect(entries[1].before).toEqual({ theme: removed, origin: 'machine' });

    expect(await ids({ theme: [removed], narrower: false })).not.toContain(record.id);
    expect(await ids({ theme: [added] })).toContain(record.id);
    expect(await ids({ theme: [confirmed], theme_origin: 'confirmed' })).toContain(record.id);
    const totals = await repo.backend.themeTotals({ theme_origin: 'confirmed' });
    expect(totals.map((b) => b.key).sort()).toEqual([added, confirmed].sort());
    const keyPassages = await repo.backend.themePassages(added, {}, 10);
    expect(keyPassages.map((p) => p.passage_id)).toContain(passage);
  });

  it('refuses what makes no sense, in the editor’s words', async () => {
    const refusal = (p: Promise<unknown>) => p.then(() => null, (e: EditorialError) => [e.statusCode, e.message]);
    expect(await refusal(editorial.decideTheme(record.id, { theme: added, action: 'add', passages: [passage] }, 'ed1', tagging()))).toEqual([409, expect.stringMatching(/already a theme/)]);
    expect(await refusal(editorial.decideTheme(record.id, { theme: 'neglect', action: 'add', passages: ['p99999'] }, 'ed1', tagging()))).toEqual([404, expect.stringMatching(/no passage p99999/)]);
    const absent = repo.taxonomy.themes.find((t) => !repo.store.get(record.id)!.themes.some((r) => r.id === t.id) && t.id !== removed)!.id;
    expect(await refusal(editorial.decideTheme(record.id, { theme: absent, action: 'remove' }, 'ed1', tagging()))).toEqual([409, expect.stringMatching(/nothing to remove/)]);
    expect(await refusal(editorial.decideTheme(record.id, { theme: absent, action: 'confirm' }, 'ed1', tagging()))).toEqual([409, expect.stringMatching(/add it with the passage/)]);
  });

  it('keeps every decision through a re-tag, and lists where the tagger disagrees', async () => {
    const { disagreements } = await retagAll(repo);
    const after = repo.store.get(record.id)!;
    expect(origins(after).public).toMatchObject({ [confirmed]: 'confirmed', [added]: 'added' });
    expect(origins(after).removed).toEqual([removed]);
    expect(disagreements.map((d) => [d.theme, d.origin, d.machine]).sort()).toEqual(
      [
        [added, 'added', 'would-remove'],
        [removed, 'removed', 'proposes'],
      ].sort(),
    );
  });

  it('keeps every decision under a new taxonomy that no longer finds a confirmed theme, and says so', async () => {
    const spec = YAML.parse(fs.readFileSync(defaultTaxonomyFile(), 'utf8'));
    spec.version = spec.version.replace(/\d+$/, (n: string) => String(Number(n) + 1));
    const theme = spec.themes.find((t: { id: string }) => t.id === confirmed);
    theme.signals = ['zqxjv wvkpt'];
    delete theme.entails;
    for (const t of spec.themes) if (Array.isArray(t.entails)) t.entails = t.entails.filter((e: string) => e !== confirmed);
    const file = path.join(dataDir, 'themes.yaml');
    fs.writeFileSync(file, YAML.stringify(spec));
    const taxonomy = loadTaxonomy(file);
    const retagged = tagRecord(repo.store.get(record.id)!, { tagger: createTagger(taxonomy), taxonomyVersion: taxonomy.version });
    expect(retagged.themes.find((t) => t.id === confirmed)).toMatchObject({ origin: 'confirmed', machine: false });
    expect(retagged.themes.find((t) => t.id === confirmed)!.passages.length).toBeGreaterThan(0);
    expect(themeDisagreements(retagged).find((d) => d.theme === confirmed)).toMatchObject({ origin: 'confirmed', machine: 'would-remove', decided_by: 'ed1' });
  });

  it('keeps every decision when the file is read again', async () => {
    const after = await editorial.reextract(record.id, 'ed1', tagging(), prepareRecord);
    expect(origins(after).public).toMatchObject({ [confirmed]: 'confirmed', [added]: 'added' });
    expect(origins(after).removed).toEqual([removed]);
    expect(after.themes.find((t) => t.id === added)!.passages).toEqual([passage]);
  });

  it('restores a removed theme the tagger still proposes by confirming it', async () => {
    const next = await editorial.decideTheme(record.id, { theme: removed, action: 'confirm' }, 'ed3', tagging());
    expect(next.themes.find((t) => t.id === removed)).toMatchObject({ origin: 'confirmed', decidedBy: 'ed3', machine: true });
    expect(next.removedThemes).toBeUndefined();
    expect(await ids({ theme: [removed] })).toContain(record.id);
  });
});
