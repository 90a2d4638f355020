/** The extraction pool: a file over its time or memory limit costs only its own worker, and the files after it are read. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../lib/paths';
import { FIXTURE_REPORTS } from '../../test/fixture-repository';
import { ExtractionPool, poolSizeFor } from './pool';
import { processFile } from '../pipeline';
import { createTagger, loadTaxonomy } from '../../taxonomy';

const BAD = path.join(projectRoot(), 'fixtures', 'bad');
const goodPdf = fs.readFileSync(path.join(FIXTURE_REPORTS, 'child-q-2013.pdf'));

describe('ExtractionPool', () => {
  it('stops a worker that is busy past the time limit, fails that file clearly and reads the next', async () => {
    // Several times what the good file needs on a busy machine; the nested graphics-state saves keep
    // pdf.js busy for minutes (poppler reads them at once, so pdf.js is asked for).
    process.env.SCR_PDF_READER = 'pdfjs';
    const pool = new ExtractionPool(1, { timeoutMs: 5000, memoryMb: 1024 });
    delete process.env.SCR_PDF_READER;
    try {
      const stalled = pool.extract(fs.readFileSync(path.join(BAD, 'nested-saves.pdf')));
      const next = pool.extract(goodPdf);
      await expect(stalled).rejects.toThrow(/^took longer than 5 s to read; it may be damaged$/);
      const doc = await next;
      expect(doc.type).toBe('pdf');
      expect(doc.pageCount).toBe(5);
      expect(doc.layout.text).toContain('Child Q');
    } finally {
      await pool.close();
    }
  });

  it('fails a file that needs more memory than the limit, and reads the next', async () => {
    // 96 MB of text: decoded, split and cleaned it needs several times that in the worker's heap.
    const huge = Buffer.alloc(96 * 1024 * 1024, 'Child A lived with Mother in Area X. ');
    const pool = new ExtractionPool(1, { timeoutMs: 600000, memoryMb: 96 });
    try {
      await expect(pool.extract(huge)).rejects.toThrow(/^needed more than 96 MB of memory to read; it may be damaged or too complex$/);
      expect((await pool.extract(goodPdf)).pageCount).toBe(5);
    } finally {
      await pool.close();
    }
  });

  it('gives the file its own error in the user words, and reads files side by side', async () => {
    const pool = new ExtractionPool(2, { timeoutMs: 600000, memoryMb: 1024 });
    try {
      const results = await Promise.allSettled([
        pool.extract(fs.readFileSync(path.join(BAD, 'encrypted.pdf'))),
        pool.extract(goodPdf),
        pool.extract(fs.readFileSync(path.join(FIXTURE_REPORTS, 'child-b-2014.docx'))),
      ]);
      expect(results[0]).toMatchObject({ status: 'rejected', reason: { name: 'IngestError', message: expect.stringMatching(/encrypted/) } });
      expect(results[1]).toMatchObject({ status: 'fulfilled', value: { type: 'pdf' } });
      expect(results[2]).toMatchObject({ status: 'fulfilled', value: { type: 'docx' } });
    } finally {
      await pool.close();
    }
  });

  it('tags in the worker with the service taxonomy: the same record as the pipeline makes in process', async () => {
    const taxonomy = loadTaxonomy();
    const options = { fileName: 'child-q-2013.pdf', now: new Date(Date.UTC(2026, 0, 2)) };
    const pool = new ExtractionPool(1, { timeoutMs: 600000, memoryMb: 1024 });
    try {
      const tagged = await pool.process(goodPdf, options, taxonomy.version);
      expect(tagged).toEqual(await processFile(goodPdf, { ...options, tagger: createTagger(taxonomy), taxonomyVersion: taxonomy.version }));
      expect(tagged.themes.length).toBeGreaterThan(0);
      // Asked for a taxonomy it does not have, it leaves the tagging to the caller.
      const untagged = await pool.process(goodPdf, options, `${taxonomy.version}-trial`);
      expect(untagged).toMatchObject({ taxonomyVersion: '', themes: [] });
      expect(untagged.passages.every((p) => p.themes.length === 0)).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('uses every core, but no more workers than files', () => {
    expect(poolSizeFor(1)).toBe(1);
    expect(poolSizeFor(1000)).toBe(os.availableParallelism());
  });

  it('refuses work once closed', async () => {
    const pool = new ExtractionPool(1);
    await pool.close();
    await expect(pool.extract(goodPdf)).rejects.toThrow(/shutting down/);
  });
});
