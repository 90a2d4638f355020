import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { SPACE_RESERVE_FILE, sha256 } from './store';
import { AUDIT_LOG_FILE } from './audit-log';
import { BLOCKS_BACKUP, checkStore } from './check';
import { syncDir, writeFileAtomic } from '../lib/atomic-write';

export const BACKUP_MANIFEST = 'backup.json';
const FORMAT = 'scr-backup';

/** Derived or transient parts of a data dir: the index is rebuilt after a restore, uploads are staging only, the space reserve is zeros. */
const NOT_BACKED_UP = new Set(['index', 'uploads', SPACE_RESERVE_FILE]);

export interface BackupEntry {
  path: string;
  sha256: string;
  size: number;
}

export interface BackupManifest {
  format: typeof FORMAT;
  version: 1;
  created_at: string;
  files: BackupEntry[];
}

function isTemporary(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

/** Every file of record in a data dir, as paths relative to it. */
function filesOfRecord(dataDir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dataDir, rel), { withFileTypes: true })) {
      const child = rel ? path.join(rel, entry.name) : entry.name;
      if (!rel && NOT_BACKED_UP.has(entry.name)) continue;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && !isTemporary(entry.name)) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/** The audit log is append-only: a copy taken while it grows ends at its last complete line. */
function readForBackup(file: string, rel: string): Buffer {
  const data = fs.readFileSync(file);
  return rel === AUDIT_LOG_FILE ? data.subarray(0, data.lastIndexOf(0x0a) + 1) : data;
}

function writeDurably(file: string, data: Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'wx');
  try {
    fs.writeSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}


/** A sibling folder to build in, so the target appears whole or not at all. */
function stagingDir(target: string): string {
  const dir = path.join(path.dirname(target), `.${path.basename(target)}.${crypto.randomBytes(4).toString('hex')}.partial`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Copy the store of record (review records, original files, users, audit log) to a new folder,
 * with a manifest giving each file's sha256. Records are replaced atomically, so a backup of a
 * running repository holds a whole version of each.
 */
export function backup(dataDir: string, target: string): BackupManifest {
  if (!fs.existsSync(path.join(dataDir, 'reviews'))) throw new Error(`${dataDir} is not a data dir (no reviews folder)`);
  if (fs.existsSync(target)) throw new Error(`${target} already exists; a backup is written to a new folder`);
  // A copy of a damaged store would pass for a good one later: refuse, and say which file.
  const damage = checkStore(dataDir).problems.filter((p) => BLOCKS_BACKUP.has(p.kind));
  if (damage.length) {
    throw new Error(`not backing up a damaged store: ${damage.map((p) => p.message).join('; ')} (run scr check for the full report)`);
  }
  const staging = stagingDir(target);
  try {
    const files: BackupEntry[] = [];
    for (const rel of filesOfRecord(dataDir)) {
      const data = readForBackup(path.join(dataDir, rel), rel);
      writeDurably(path.join(staging, rel), data);
      files.push({ path: rel.split(path.sep).join('/'), sha256: sha256(data), size: data.length });
    }
    const manifest: BackupManifest = { format: FORMAT, version: 1, created_at: new Date().toISOString(), files };
    writeFileAtomic(path.join(staging, BACKUP_MANIFEST), JSON.stringify(manifest, null, 2));
    fs.renameSync(staging, target);
    syncDir(path.dirname(target));
    return manifest;
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

/** Check a backup against its manifest: every file present, of the right size and checksum, and nothing pointing outside it. */
export function verifyBackup(source: string): BackupManifest {
  const manifestFile = path.join(source, BACKUP_MANIFEST);
  if (!fs.existsSync(manifestFile)) throw new Error(`${source} is not a backup (no ${BACKUP_MANIFEST})`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest;
  if (manifest.format !== FORMAT || manifest.version !== 1 || !Array.isArray(manifest.files)) throw new Error(`${manifestFile} is not a backup manifest this version can read`);
  for (const entry of manifest.files) {
    const rel = path.normalize(entry.path);
    if (path.isAbsolute(rel) || rel.split(path.sep).includes('..') || rel === BACKUP_MANIFEST) throw new Error(`backup names an unsafe path: ${entry.path}`);
    const file = path.join(source, rel);
    if (!fs.existsSync(file)) throw new Error(`backup is missing ${entry.path}`);
    const data = fs.readFileSync(file);
    if (data.length !== entry.size || sha256(data) !== entry.sha256) throw new Error(`backup file ${entry.path} does not match its checksum`);
  }
  return manifest;
}

/**
 * Restore a verified backup into a data dir that is new or empty, never over a live one.
 * The search index is not in a backup: rebuild it after (`scr restore` does).
 */
export function restore(source: string, dataDir: string): BackupManifest {
  const manifest = verifyBackup(source);
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length) throw new Error(`${dataDir} is not empty; restore into a new or empty data dir`);
  const staging = stagingDir(dataDir);
  try {
    for (const entry of manifest.files) {
      const data = fs.readFileSync(path.join(source, path.normalize(entry.path)));
      if (sha256(data) !== entry.sha256) throw new Error(`backup file ${entry.path} changed while it was being restored`);
      writeDurably(path.join(staging, path.normalize(entry.path)), data);
    }
    for (const dir of ['reviews', 'files']) fs.mkdirSync(path.join(staging, dir), { recursive: true });
    if (fs.existsSync(dataDir)) fs.rmdirSync(dataDir);
    fs.renameSync(staging, dataDir);
    syncDir(path.dirname(dataDir));
    return manifest;
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}
