/** A batch killed part-way and run again ends complete: every file once, no torn or temporary files, index in step. */
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { projectRoot } from '../lib/paths';
import { FIXTURE_MANIFEST, FIXTURE_REPORTS, tempDir } from '../test/fixture-repository';
import { createBackend } from '../search/create-backend';
import type { ReviewRecord } from '../model';

const SCR = path.join(projectRoot(), 'bin', 'scr.js');

function killAfterFirstRecord(args: string[], reviewsDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCR, ...args], { stdio: 'ignore' });
    const timer = setInterval(() => {
      if (fs.existsSync(reviewsDir) && fs.readdirSync(reviewsDir).some((f) => f.endsWith('.json') && !f.startsWith('.'))) {
        child.kill('SIGKILL');
      }
    }, 5);
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`ingest finished (code ${code}) before it could be killed`));
    });
  });
}

it('finishes a killed batch on the second run with no duplicates and nothing lost', async () => {
  const inputs = tempDir('kill-inputs');
  const dataDir = tempDir('kill-data');
  const reports = fs.readdirSync(FIXTURE_REPORTS).filter((f) => !f.endsWith('.expected.json'));
  for (const f of reports) fs.copyFileSync(path.join(FIXTURE_REPORTS, f), path.join(inputs, f));
  const args = ['ingest', inputs, '--manifest', FIXTURE_MANIFEST, '--data-dir', dataDir, '--json'];

  await killAfterFirstRecord(args, path.join(dataDir, 'reviews'));
  const done = fs.readdirSync(path.join(dataDir, 'reviews')).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
  expect(done.length).toBeLessThan(reports.length);

  const rerun = spawnSync(process.execPath, [SCR, ...args], { encoding: 'utf8', timeout: 120000 });
  expect(rerun.status).toBe(0);
  const summary = JSON.parse(rerun.stdout);
  expect(summary.failed).toEqual([]);
  expect(summary.ingested + summary.quarantined + summary.unchanged).toBe(reports.length);
  expect(summary.unchanged).toBe(done.length);

  const names = fs.readdirSync(path.join(dataDir, 'reviews'));
  expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
  expect(fs.readdirSync(path.join(dataDir, 'files')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  const records: ReviewRecord[] = names.map((n) => JSON.parse(fs.readFileSync(path.join(dataDir, 'reviews', n), 'utf8')));
  expect(records.map((r) => r.source.name).sort()).toEqual([...reports].sort());

  const backend = await createBackend({ backend: 'embedded', dataDir });
  try {
    expect(await backend.count()).toBe(records.filter((r) => r.status === 'published').length);
  } finally {
    await backend.close();
  }
});
