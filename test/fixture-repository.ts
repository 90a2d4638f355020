import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../lib/paths';
import { openRepository, type Repository } from '../ingest/repository';
import { ingestFiles, listInputs, type IngestSummary } from '../ingest/batch';
import { readManifest } from '../ingest/manifest';
import type { BackendName } from '../search/create-backend';
import { engineSettings } from './engines';

export const FIXTURE_REPORTS = path.join(projectRoot(), 'fixtures', 'reports');
export const FIXTURE_MANIFEST = path.join(projectRoot(), 'fixtures', 'manifest.csv');

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `scr-${prefix}-`));
}

/**
 * A real repository in a temporary data dir with the fixture reports ingested through the real
 * pipeline (every one, or those named), indexed by the engine named.
 */
export async function fixtureRepository(engine: BackendName = 'embedded', reports?: string[]): Promise<{ repo: Repository; summary: IngestSummary; dataDir: string }> {
  const dataDir = tempDir('repo');
  const repo = await openRepository(dataDir, engine, await engineSettings(engine, 'fixtures'));
  const summary = await ingestFiles(reports ? reports.map((r) => path.join(FIXTURE_REPORTS, r)) : listInputs([FIXTURE_REPORTS]), {
    ...repo,
    taxonomyVersion: repo.taxonomy.version,
    manifest: readManifest(FIXTURE_MANIFEST),
  });
  return { repo, summary, dataDir };
}
