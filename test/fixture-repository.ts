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

/**
 * The data dir of these reports ingested once in this test run (with the embedded index), made
 * on first use: most suites start from the same reports, and ingesting them is the costliest part
 * of their set-up. Two workers making it at once both succeed; the first kept is used.
 */
async function ingestedOnce(runDir: string, inputs: string[]): Promise<string> {
  const key = crypto.createHash('sha256').update(inputs.join('\n')).digest('hex').slice(0, 16);
  const kept = path.join(runDir, `fixtures-${key}`);
  if (fs.existsSync(kept)) return kept;
  const building = fs.mkdtempSync(path.join(runDir, 'building-'));
  const { repo, summary } = await ingestInto(path.join(building, 'data'), 'embedded', inputs);
  // Closed before copying: the index is whole on disk, with nothing left in its write-ahead log.
  await repo.backend.close();
  fs.writeFileSync(path.join(building, 'summary.json'), JSON.stringify(summary));
  try {
    fs.renameSync(building, kept);
  } catch {
    fs.rmSync(building, { recursive: true, force: true });
  }
  return kept;
}

/**
 * A real repository in a temporary data dir with the fixture reports (all of them, or the files
 * named) ingested through the real pipeline, indexed by the engine named. Within a test run each
 * set of reports is ingested once and copied for every suite that asks for it.
 */
export async function fixtureRepository(engine: BackendName = 'embedded', files?: string[]): Promise<{ repo: Repository; summary: IngestSummary; dataDir: string }> {
  const inputs = files ? files.map((f) => path.join(FIXTURE_REPORTS, f)) : listInputs([FIXTURE_REPORTS]);
  const dataDir = tempDir('repo');
  const runDir = process.env[RUN_DIR_VARIABLE];
  if (!runDir || !fs.existsSync(runDir)) return { ...(await ingestInto(dataDir, engine, inputs)), dataDir };
  const kept = await ingestedOnce(runDir, inputs);
  fs.cpSync(path.join(kept, 'data'), dataDir, { recursive: true });
  const repo = await openRepository(dataDir, engine, await engineSettings(engine, 'fixtures'));
  if (engine !== 'embedded') await reindex(repo.store, repo.backend);
  return { repo, summary: JSON.parse(fs.readFileSync(path.join(kept, 'summary.json'), 'utf8')) as IngestSummary, dataDir };
}
