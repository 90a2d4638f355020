import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../lib/paths';
import { openRepository, type Repository } from '../ingest/repository';
import { ingestFiles, listInputs, type IngestSummary } from '../ingest/batch';
import { readManifest } from '../ingest/manifest';
import { reindex } from '../search/reindex';
import type { BackendName } from '../search/create-backend';
import { engineSettings } from './engines';
import { RUN_DIR_VARIABLE } from './run-dir';

export const FIXTURE_REPORTS = path.join(projectRoot(), 'fixtures', 'reports');
export const FIXTURE_MANIFEST = path.join(projectRoot(), 'fixtures', 'manifest.csv');

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `scr-${prefix}-`));
}

async function ingestInto(dataDir: string, engine: BackendName, inputs: string[]): Promise<{ repo: Repository; summary: IngestSummary }> {
  const repo = await openRepository(dataDir, engine, await engineSettings(engine, 'fixtures'));
  const summary = await ingestFiles(inputs, { ...repo, taxonomyVersion: repo.taxonomy.version, manifest: readManifest(FIXTURE_MANIFEST) });
  return { repo, summary };
}

/** True while the process that holds the lock (its pid is the lock's content) is alive. */
function lockHeld(lock: string): boolean {
  try {
    // An empty lock is one being written: pid 0 (this process group) counts as alive.
    process.kill(Number(fs.readFileSync(lock, 'utf8')), 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The data dir of these reports ingested once in this test run (with the embedded index), made
 * on first use: most suites start from the same reports, and ingesting them is the costliest part
 * of their set-up. The first suite to ask makes it under a lock; one that asks meanwhile waits for
 * it rather than ingesting the same reports again on the other core.
 */
async function ingestedOnce(runDir: string, inputs: string[]): Promise<string> {
  const key = crypto.createHash('sha256').update(inputs.join('\n')).digest('hex').slice(0, 16);
  const kept = path.join(runDir, `fixtures-${key}`);
  const lock = `${kept}.lock`;
  for (;;) {
    if (fs.existsSync(kept)) return kept;
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // Another suite is making it; a lock whose process has died is taken over.
      if (!lockHeld(lock)) fs.rmSync(lock, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    const building = fs.mkdtempSync(path.join(runDir, 'building-'));
    const { repo, summary } = await ingestInto(path.join(building, 'data'), 'embedded', inputs);
    // Closed before copying: the index is whole on disk, with nothing left in its write-ahead log.
    await repo.backend.close();
    fs.writeFileSync(path.join(building, 'summary.json'), JSON.stringify(summary));
    fs.renameSync(building, kept);
    return kept;
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/**
 * A real repository in a data dir (a new temporary one unless `dataDir` is given) with the fixture
 * reports (all of them, or the files named) ingested through the real pipeline with the fixtures'
 * manifest, indexed by the engine named. Within a test run each set of reports is ingested once and
 * copied for every suite that asks for it.
 */
export async function fixtureRepository(
  engine: BackendName = 'embedded',
  files?: string[],
  dataDir: string = tempDir('repo'),
): Promise<{ repo: Repository; summary: IngestSummary; dataDir: string }> {
  const inputs = files ? files.map((f) => path.join(FIXTURE_REPORTS, f)) : listInputs([FIXTURE_REPORTS]);
  const runDir = process.env[RUN_DIR_VARIABLE];
  if (!runDir || !fs.existsSync(runDir)) return { ...(await ingestInto(dataDir, engine, inputs)), dataDir };
  const kept = await ingestedOnce(runDir, inputs);
  fs.cpSync(path.join(kept, 'data'), dataDir, { recursive: true });
  const repo = await openRepository(dataDir, engine, await engineSettings(engine, 'fixtures'));
  if (engine !== 'embedded') await reindex(repo.store, repo.backend);
  return { repo, summary: JSON.parse(fs.readFileSync(path.join(kept, 'summary.json'), 'utf8')) as IngestSummary, dataDir };
}
