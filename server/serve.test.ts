import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../test/fixture-repository';
import { startServe, type ServeProcess } from '../test/serve-process';

// `npm start` as a new user runs it: the built bin, an empty data dir, the bundled fixtures.
async function serve(dataDir: string): Promise<{ base: string; child: ServeProcess }> {
  const child = await startServe(['--bootstrap', 'fixtures/reports', '--manifest', 'fixtures/manifest.csv'], { SCR_DATA_DIR: dataDir });
  return { base: child.base, child };
}

const stop = (child: ServeProcess) => child.stop();

describe('scr serve (npm start)', () => {
  const dataDir = tempDir('serve');
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('ingests the bundled fixtures into an empty data dir, then serves them', async () => {
    const { base, child } = await serve(dataDir);
    try {
      const health = await (await fetch(`${base}/api/health`)).json();
      expect(health).toMatchObject({ status: 'ok', backend: 'embedded' });
      expect(health.reviews).toBeGreaterThanOrEqual(10);
      const search = await (await fetch(`${base}/api/search?q=neglect`)).json();
      expect(search.total).toBeGreaterThan(0);
      expect(search.facets.theme.length).toBeGreaterThan(0);
      const page = await fetch(`${base}/reviews/${search.results[0].id}`);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
    } finally {
      await stop(child);
    }
  });

  it('rebuilds a lost index from the store on the next start, without ingesting again', async () => {
    const records = fs.readdirSync(path.join(dataDir, 'reviews')).length;
    fs.rmSync(path.join(dataDir, 'index'), { recursive: true });
    const { base, child } = await serve(dataDir);
    try {
      const health = await (await fetch(`${base}/api/health`)).json();
      expect(health.reviews).toBeGreaterThanOrEqual(10);
      expect(fs.readdirSync(path.join(dataDir, 'reviews'))).toHaveLength(records);
    } finally {
      await stop(child);
    }
  });
});
