/** One worker of the ingest benchmark: extracts (or runs the whole pipeline on) the files it is given. */
import fs from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { extractDocument, processFile } from '../ingest/pipeline';
import { createTagger, loadTaxonomy } from '../taxonomy';

interface Job {
  files: string[];
  mode: 'extract' | 'pipeline';
}

async function run({ files, mode }: Job) {
  const taxonomy = mode === 'pipeline' ? loadTaxonomy() : undefined;
  const tagger = taxonomy ? createTagger(taxonomy) : undefined;
  const started = performance.now();
  const pages: Record<string, number> = {};
  for (const file of files) {
    const data = fs.readFileSync(file);
    if (taxonomy && tagger) {
      const record = await processFile(data, { fileName: path.basename(file), tagger, taxonomyVersion: taxonomy.version });
      pages[file] = record.source.pages;
    } else {
      pages[file] = (await extractDocument(data)).pageCount;
    }
  }
  return { pages, ms: performance.now() - started };
}

run(workerData as Job).then((r) => parentPort?.postMessage(r));
