import fs from 'node:fs';
import path from 'node:path';
import { runScr } from '../test/run-scr';
import { FIXTURE_REPORTS, tempDir } from '../test/fixture-repository';
import { openRepository } from '../ingest/repository';
import { Editorial } from '../core/editorial/editorial';
import { AuditLog } from '../store/audit-log';
import { Store } from '../store/store';

/** `scr retag` and `scr eval agreement` over a data dir where editors have decided themes, run as users run them. */

const dataDir = tempDir('cli-themes');
let id: string;
let kept: string;
let removed: string;
let added: string;

beforeAll(async () => {
  const ingest = runScr(['ingest', path.join(FIXTURE_REPORTS, 'child-c-2016.pdf'), '--data-dir', dataDir, '--json']);
  expect(JSON.parse(ingest.stdout)).toMatchObject({ ingested: 1 });
  const repo = await openRepository(dataDir, 'embedded');
  try {
    const record = [...repo.store.all()][0];
    id = record.id;
    [kept, removed] = record.themes.map((t) => t.id);
    added = repo.taxonomy.themes.find((t) => !record.themes.some((r) => r.id === t.id))!.id;
    const editorial = new Editorial(repo.store, repo.backend, new AuditLog(dataDir));
    const tagging = { tagger: repo.tagger, taxonomyVersion: repo.taxonomy.version };
    await editorial.decideTheme(id, { theme: kept, action: 'confirm' }, 'ed1', tagging);
    await editorial.decideTheme(id, { theme: removed, action: 'remove' }, 'ed1', tagging);
    await editorial.decideTheme(id, { theme: added, action: 'add', passages: [record.passages[record.passages.length - 1].id] }, 'ed2', tagging);
  } finally {
    await repo.backend.close();
  }
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('scr retag', () => {
  it("keeps editors' decisions and lists where the tagger disagrees with them", () => {
    const { code, stdout, stderr } = runScr(['retag', '--data-dir', dataDir]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/re-tagged 1 reviews/);
    expect(stderr).toMatch(/disagrees with 2 editor decisions/);
    const lines = stdout.trim().split('\n').sort();
    expect(lines).toHaveLength(2);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${id}\\t${added}\\tadded by ed2 on \\d{4}-\\d\\d-\\d\\d; the tagger no longer finds it \\(kept\\)$`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${id}\\t${removed}\\tremoved by ed1 .*finds it again \\(kept removed\\)$`)));
    const record = new Store(dataDir).get(id)!;
    expect(record.themes.find((t) => t.id === kept)!.origin).toBe('confirmed');
    expect(record.themes.some((t) => t.id === removed)).toBe(false);
    expect(record.removedThemes!.map((t) => t.id)).toEqual([removed]);
  });
});

describe('scr eval agreement', () => {
  it("prints the tagger's precision and recall per theme against editors' decisions", () => {
    const { code, stdout } = runScr(['eval', 'agreement', '--data-dir', dataDir]);
    expect(code).toBe(0);
    const rows = Object.fromEntries(
      stdout
        .trim()
        .split('\n')
        .slice(3)
        .map((l) => l.split(/\s+/))
        .map(([name, ...figures]) => [name, figures]),
    );
    expect(stdout).toMatch(/3 decisions on 1 review,/);
    expect(rows[kept]).toEqual(['1', '0', '0', '1.00', '1.00', '1.00']);
    expect(rows[removed]).toEqual(['0', '1', '0', '0.00', '-', '0.00']);
    expect(rows[added]).toEqual(['0', '0', '1', '-', '0.00', '0.00']);
    expect(rows.micro).toEqual(['1', '1', '1', '0.50', '0.50', '0.50']);
    const json = JSON.parse(runScr(['eval', 'agreement', '--data-dir', dataDir, '--json']).stdout);
    expect(json.micro).toEqual({ tp: 1, fp: 1, fn: 1, precision: 0.5, recall: 0.5, f1: 0.5 });
  });

  it('says so in one line when the data dir does not exist', () => {
    const missing = path.join(dataDir, 'no-such-dir');
    const { code, stderr } = runScr(['eval', 'agreement', '--data-dir', missing]);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(`scr: no data directory at ${missing}`);
    expect(fs.existsSync(missing)).toBe(false);
  });
});
