/**
 * Robustness on real-world files nobody here wrote: ../shared/corpus/realworld (see its README),
 * read from the repository root's parent at run time. Every file is ingested, quarantined or
 * refused with a clear message; nothing crashes or stalls the batch; nothing empty, garbled or
 * raw markup is published.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../lib/paths';
import { tempDir } from '../test/fixture-repository';
import { createTagger, loadTaxonomy } from '../taxonomy';
import { Store } from '../store/store';
import { createBackend } from '../search/create-backend';
import type { ReviewRecord } from '../model';
import { ingestFiles, type IngestSummary } from './batch';
import { ExtractionPool } from './worker/pool';
import { checkReadable } from './readable-text';

const CORPUS = path.resolve(projectRoot(), '../shared/corpus/realworld');
const present = fs.existsSync(CORPUS);
if (!present) process.stderr.write(`realworld.test: ${CORPUS} is absent: the real-world robustness test does not run here\n`);

/** What a parser says to its programmer, never to an editor. */
const LIBRARY_INTERNALS = /sourceStart|xmldom|\bat \S+:\d+|TypeError|RangeError|ReferenceError|Cannot read propert|undefined|\bnull\b|ENOENT|Invalid (Root|XRef|PDF)|unexpected error|\.js:\d+|Corrupted zip|end of central directory/i;
const RAW_SYNTAX = /%PDF-|\bendobj\b|\bendstream\b|\{\\rtf|<w:|<\/?(html|body|p|div)[\s>]|PK\u0003\u0004/i;

(present ? describe : describe.skip)('the real-world corpus', () => {
  const files = present ? fs.readdirSync(CORPUS).sort().map((f) => path.join(CORPUS, f)) : [];
  let summary: IngestSummary;
  let records: ReviewRecord[];

  beforeAll(async () => {
    const dataDir = tempDir('realworld');
    const store = new Store(dataDir);
    const backend = await createBackend({ backend: 'embedded', dataDir });
    const taxonomy = loadTaxonomy();
    // Both cores; a limit per file well below the default so that a stalling file shows quickly.
    const pool = new ExtractionPool(2, { timeoutMs: 60000, memoryMb: 1536 });
    try {
      summary = await ingestFiles(files, { store, backend, tagger: createTagger(taxonomy), taxonomyVersion: taxonomy.version, pool });
    } finally {
      await pool.close();
      await backend.close();
    }
    records = [...store.all()];
  }, 15 * 60 * 1000);

  it('accounts for every file: stored, unchanged or refused, and the batch ran to the end', () => {
    expect(files.length).toBeGreaterThanOrEqual(200);
    expect(summary.ingested + summary.quarantined + summary.unchanged + summary.failed.length).toBe(files.length);
    expect(summary.stopped).toBeUndefined();
  });

  it('refuses each bad file with one clear line in the user words, never a parser internal', () => {
    for (const f of summary.failed) {
      expect({ file: path.basename(f.file), error: f.error }).toEqual({ file: path.basename(f.file), error: expect.not.stringMatching(LIBRARY_INTERNALS) });
      expect(f.error).not.toMatch(/\n/);
      expect(f.error.length).toBeLessThan(300);
    }
  });

  it('publishes nothing empty, garbled or raw markup, and no control characters', () => {
    const published = records.filter((r) => r.status === 'published');
    expect(published.length).toBeGreaterThan(0);
    for (const r of published) {
      expect(() => checkReadable(r.source.type, r.source.pages, r.text)).not.toThrow();
      expect(r.text).not.toMatch(RAW_SYNTAX);
      expect(r.text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F]/);
    }
  });

  it('quarantines with a reason, and keeps the text of quarantined reviews free of control characters', () => {
    for (const r of records.filter((x) => x.status !== 'published')) {
      expect(r.statusReason).toEqual(expect.any(String));
      expect(r.text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F]/);
    }
  });
});
