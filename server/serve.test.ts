import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { projectRoot } from '../lib/paths';
import { tempDir } from '../test/fixture-repository';

// `npm start` as a new user runs it: the built bin, an empty data dir, the bundled fixtures.
const SCR = path.join(projectRoot(), 'bin', 'scr.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function serve(dataDir: string): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [SCR, 'serve', '--bootstrap', 'fixtures/reports', '--manifest', 'fixtures/manifest.csv'],
    { cwd: projectRoot(), env: { ...process.env, PORT: String(port), SCR_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, stdio: 'ignore' },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) return { base, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error('scr serve did not start');
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

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
