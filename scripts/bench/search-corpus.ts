/**
 * The search benchmark's corpus: N generated reports (scripts/fixtures/corpus.ts, as plain-text
 * exports so that 10,000 can be made in minutes; the wording and metadata are those of the PDF
 * and DOCX corpus) ingested through the real pipeline into a store under a cache dir, kept for
 * later runs.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../../lib/paths';
import { Store } from '../../store/store';
import { openRepository } from '../../ingest/repository';
import { ingestFiles, listInputs } from '../../ingest/batch';

export const defaultCacheDir = () => path.join(os.tmpdir(), 'scr-bench-cache');

export interface BenchCorpus {
  /** The data dir holding the store (and, once built, each engine's index). */
  dataDir: string;
  /** Seconds the ingest took, when this run ingested; null when the cache already held it. */
  ingestSeconds: number | null;
}

const log = (line: string) => process.stderr.write(line + '\n');

export async function prepareCorpus(reviews: number, cacheDir = defaultCacheDir()): Promise<BenchCorpus> {
  const work = path.join(cacheDir, `search-${reviews}`);
  const dataDir = path.join(work, 'data');
  if (new Store(dataDir).ids().length >= reviews) return { dataDir, ingestSeconds: null };
  const corpus = path.join(work, 'corpus');
  const made = fs.existsSync(corpus) ? fs.readdirSync(corpus).filter((f) => f.endsWith('.txt')).length : 0;
  if (made < reviews) {
    log(`generating ${reviews} reports in ${corpus}`);
    execFileSync('npx', ['tsx', 'scripts/fixtures/corpus.ts', '--count', String(reviews), '--out', corpus, '--format', 'txt'], {
      cwd: projectRoot(),
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }
  log(`ingesting ${corpus} into ${dataDir}`);
  const t0 = performance.now();
  const repo = await openRepository(dataDir, 'embedded');
  try {
    let last = 0;
    const summary = await ingestFiles(listInputs([corpus]), {
      ...repo,
      taxonomyVersion: repo.taxonomy.version,
      onProgress: (p) => {
        if (p.done - last >= 500) (last = p.done), log(`  ${p.done}/${p.total} files`);
      },
    });
    log(`ingested ${summary.ingested}, failed ${summary.failed.length}`);
  } finally {
    await repo.backend.close();
  }
  return { dataDir, ingestSeconds: (performance.now() - t0) / 1000 };
}
