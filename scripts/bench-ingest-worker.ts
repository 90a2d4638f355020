/** One worker of the ingest benchmark: reads the files it is given in one of the benchmark's modes. */
import fs from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { PDFParse } from 'pdf-parse';
import { extractDocument, processFile } from '../ingest/pipeline';
import { createTagger, loadTaxonomy } from '../taxonomy';

export type BenchMode = 'pdf-parse' | 'extract' | 'pipeline';

interface Job {
  files: string[];
  mode: BenchMode;
}

async function run({ files, mode }: Job) {
  const taxonomy = mode === 'pipeline' ? loadTaxonomy() : undefined;
  const tagger = taxonomy ? createTagger(taxonomy) : undefined;
  // This thread's CPU alone: process.cpuUsage() would count the other workers too.
  const cpu = process.threadCpuUsage();
  const started = performance.now();
  const pages: Record<string, number> = {};
  for (const file of files) {
    const data = fs.readFileSync(file);
    if (mode === 'pdf-parse') {
      // Raw text as pdf-parse gives it: the reference the product's PDF path is measured against.
      const parser = new PDFParse({ data: new Uint8Array(data), verbosity: 0 });
      pages[file] = (await parser.getText()).total;
      await parser.destroy();
    } else if (taxonomy && tagger) {
      const record = await processFile(data, { fileName: path.basename(file), tagger, taxonomyVersion: taxonomy.version });
      pages[file] = record.source.pages;
    } else {
      pages[file] = (await extractDocument(data)).pageCount;
    }
  }
  const used = process.threadCpuUsage(cpu);
  return { pages, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

run(workerData as Job).then((r) => parentPort?.postMessage(r));
