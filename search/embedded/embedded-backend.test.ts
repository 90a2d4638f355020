import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedBackend } from './embedded-backend';
import { backendContract } from '../testing/contract';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scr-embedded-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

backendContract('embedded', async () => {
  const backend = new EmbeddedBackend(path.join(dir, 'search.sqlite'));
  await backend.init();
  return backend;
});
