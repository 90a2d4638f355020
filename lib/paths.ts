import fs from 'node:fs';
import path from 'node:path';

let root: string | undefined;

/** The repository root, found from this file whether it runs from source or from dist/. */
export function projectRoot(): string {
  if (root) return root;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  root = dir;
  return root;
}

export function defaultDataDir(): string {
  return path.resolve(process.env.SCR_DATA_DIR ?? 'data');
}
