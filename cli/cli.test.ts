import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { projectRoot } from '../lib/paths';
import { FIXTURE_REPORTS, tempDir } from '../test/fixture-repository';
import { AuditLog } from '../store/audit-log';

// The CLI is tested as users run it: the built bin, in a child process.
const SCR = path.join(projectRoot(), 'bin', 'scr.js');

function scr(args: string[], input?: string, env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [SCR, ...args], { input, encoding: 'utf8', timeout: 120000, env: { ...process.env, ...env } });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

const fixtures = fs.readdirSync(FIXTURE_REPORTS);
const firstPdf = path.join(FIXTURE_REPORTS, fixtures.find((f) => f.endsWith('.pdf'))!);

describe('scr extract', () => {
  it('prints text, pages, sections and metadata as JSON', () => {
    const { code, stdout } = scr(['extract', firstPdf, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.text.length).toBeGreaterThan(500);
    expect(out.pages[0]).toMatchObject({ num: 1, text: expect.any(String) });
    expect(out.sections.length).toBeGreaterThan(2);
    expect(out.metadata.title).toEqual(expect.any(String));
  });

  it('exits 2 with one clear line for a file it cannot read', () => {
    const dir = tempDir('cli');
    const bad = path.join(dir, 'broken.pdf');
    fs.writeFileSync(bad, Buffer.from('%PDF-1.7\nthis is not really a pdf'));
    const { code, stdout, stderr } = scr(['extract', bad, '--json']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^scr: .*broken\.pdf: PDF/);
    expect(stderr).not.toMatch(/\s+at /);
    expect(scr(['extract', path.join(dir, 'missing.pdf')]).stderr.trim()).toMatch(/file not found$/);
  });
});

describe('a file that keeps the PDF parser busy', () => {
  const nested = path.join(projectRoot(), 'fixtures', 'bad', 'nested-saves.pdf');
  // The limit is lowered for the test; the file would keep pdf.js busy for minutes (poppler reads it at
  // once). Alone, it may be short; in a batch, the other file must be read within it on a busy machine.
  const limit = (seconds: number) => ({ SCR_READ_TIMEOUT_S: String(seconds), SCR_PDF_READER: 'pdfjs' });

  it('makes scr extract give up at the time limit with one clear line', () => {
    const { code, stdout, stderr } = scr(['extract', nested, '--json'], undefined, limit(2));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(`scr: ${nested}: took longer than 2 s to read; it may be damaged`);
  });

  it('fails alone in scr ingest: the other files of the batch are ingested', () => {
    const inputs = tempDir('cli-stall');
    fs.copyFileSync(nested, path.join(inputs, 'a-nested-saves.pdf'));
    fs.copyFileSync(firstPdf, path.join(inputs, 'b-report.pdf'));
    const { code, stdout } = scr(['ingest', inputs, '--data-dir', tempDir('cli-stall-data'), '--json'], undefined, limit(5));
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.ingested + summary.quarantined).toBe(1);
    expect(summary.failed).toEqual([{ file: path.join(inputs, 'a-nested-saves.pdf'), error: 'took longer than 5 s to read; it may be damaged' }]);
  });
});

describe('scr ingest', () => {
  it('ingests a folder, reports a bad file without stopping, and is a no-op the second time', () => {
    const dataDir = tempDir('cli-ingest');
    const inputs = tempDir('cli-inputs');
    const pdfs = fixtures.filter((f) => f.endsWith('.pdf')).slice(0, 3);
    for (const f of pdfs) fs.copyFileSync(path.join(FIXTURE_REPORTS, f), path.join(inputs, f));
    fs.writeFileSync(path.join(inputs, 'empty.pdf'), '');

    const first = scr(['ingest', inputs, '--data-dir', dataDir, '--json']);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary.ingested + summary.quarantined).toBe(pdfs.length);
    expect(summary.failed).toEqual([{ file: path.join(inputs, 'empty.pdf'), error: 'file is empty (0 bytes)' }]);

    const audited = () => new AuditLog(dataDir).entries().filter((e) => e.action === 'ingest');
    expect(audited()).toHaveLength(pdfs.length);
    expect(audited()[0]).toMatchObject({ actor: expect.stringMatching(/^cli:/), before: null, after: { file: expect.any(String) } });

    const second = JSON.parse(scr(['ingest', inputs, '--data-dir', dataDir, '--json']).stdout);
    expect(second).toMatchObject({ ingested: 0, quarantined: 0, unchanged: pdfs.length });
    expect(fs.readdirSync(path.join(dataDir, 'reviews'))).toHaveLength(pdfs.length);
    expect(audited()).toHaveLength(pdfs.length);
  });
});

describe('scr tag', () => {
  it('tags JSON lines and only lists themes it asserts', () => {
    const input = [
      { id: 'a', text: "The mother's new partner was never seen by professionals, who did not ask who lived in the household." },
      { id: 'b', text: 'The meeting was held in the afternoon.' },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    const { code, stdout } = scr(['tag'], input + '\n');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].id).toBe('a');
    expect(lines[0].themes.map((t: { id: string }) => t.id)).toContain('hidden-men');
    expect(lines[0].themes[0]).toMatchObject({ score: expect.any(Number), evidence: [expect.any(String)] });
    expect(lines[1]).toEqual({ id: 'b', themes: [] });
  });
});
