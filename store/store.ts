import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { FileType, ReviewRecord } from '../model';
import { removeStaleTemporaries, writeFileAtomic } from '../lib/atomic-write';
import { isDiskFull } from '../lib/disk-full';
import { SpaceReserve } from '../lib/space-reserve';
import { applyWithdrawal, readWithdrawals, withdrawalPath, writeWithdrawal, type Withdrawal } from './withdrawals';

export function sha256(data: Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** A review's id is derived from its file's content, so the same file always maps to the same review. */
export function reviewIdFor(sha: string): string {
  return sha.slice(0, 12);
}

/** A file of record that could not be read, moved out of the way so that the rest can be served. */
export interface SetAside {
  /** The file as it was named in the data dir, e.g. reviews/0123abcd.json. */
  file: string;
  /** Where it is now, relative to the data dir. */
  movedTo: string | null;
  reason: string;
}

export const CORRUPT_DIR = 'corrupt';
export const REVIEWS_DIR = 'reviews';
export const FILES_DIR = 'files';
/** Space held back in the data dir for withdrawals on a full disk (see withReserve); not a file of record. */
export const SPACE_RESERVE_FILE = 'space-reserve';
const SPACE_RESERVE_BYTES = 1024 * 1024;

/** Why a record file's text is not a record, or null when it is one. */
export function recordProblem(text: string, id: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return `not valid JSON (${(err as Error).message})`;
  }
  const record = parsed as Partial<ReviewRecord> | null;
  if (!record || typeof record !== 'object' || record.id !== id || !record.metadata || !record.source) return 'not a review record';
  return null;
}

/**
 * The store of record: original files by sha256 and one JSON record per review.
 * Every index is rebuilt from here, so every write is atomic. A record that cannot be read (a
 * truncated copy from a failing disk, say) is moved to data/corrupt/ with a note and reported,
 * and the store goes on without it: one bad file never takes the service down. A withdrawal
 * made while the disk was full is kept as a marker beside the record (store/withdrawals.ts) and
 * is in force over it from the moment it is written, in this process and in any started later.
 */
export class Store {
  readonly filesDir: string;
  readonly reviewsDir: string;
  readonly corruptDir: string;
  /** Changes in force for this process that could not be written (a full disk), until they are. */
  private readonly unsaved = new Map<string, ReviewRecord>();
  /** Withdrawals newer than their records, read from their markers when the store opens. */
  private readonly withdrawals: Map<string, Withdrawal>;
  private readonly reserve: SpaceReserve;

  constructor(
    readonly dataDir: string,
    private readonly onSetAside: (problem: SetAside) => void = warnSetAside,
  ) {
    this.filesDir = path.join(dataDir, FILES_DIR);
    this.reviewsDir = path.join(dataDir, REVIEWS_DIR);
    this.corruptDir = path.join(dataDir, CORRUPT_DIR);
    fs.mkdirSync(this.filesDir, { recursive: true });
    fs.mkdirSync(this.reviewsDir, { recursive: true });
    removeStaleTemporaries(this.reviewsDir);
    removeStaleTemporaries(this.filesDir);
    this.withdrawals = readWithdrawals(dataDir);
    this.reserve = new SpaceReserve(path.join(dataDir, SPACE_RESERVE_FILE), SPACE_RESERVE_BYTES);
    try {
      this.reserve.fill();
    } catch (err) {
      // A data dir mounted read-only is only read, and needs no space held back.
      if (!['EROFS', 'EACCES', 'EPERM'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
    }
  }

  filePath(sha: string, type: FileType): string {
    return path.join(this.filesDir, `${sha}.${type}`);
  }

  /** Keep the original file; content-addressed, so a second copy of the same file is free. */
  putFile(sha: string, type: FileType, data: Buffer): string {
    const target = this.filePath(sha, type);
    if (!fs.existsSync(target)) writeFileAtomic(target, data);
    return target;
  }

  private recordPath(id: string): string {
    if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`invalid review id: ${id}`);
    return path.join(this.reviewsDir, `${id}.json`);
  }

  has(id: string): boolean {
    return /^[a-z0-9-]+$/.test(id) && fs.existsSync(this.recordPath(id));
  }

  get(id: string): ReviewRecord | undefined {
    if (!/^[a-z0-9-]+$/.test(id)) return undefined;
    const held = this.unsaved.get(id);
    if (held) return held;
    const file = this.recordPath(id);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const problem = recordProblem(text, id);
    if (!problem) {
      const record = JSON.parse(text) as ReviewRecord;
      const withdrawal = this.withdrawals.get(id);
      return withdrawal ? applyWithdrawal(record, withdrawal) : record;
    }
    this.setAside(file, problem);
    return undefined;
  }

  /** Move an unreadable file to data/corrupt/, with a note saying what was wrong and when. */
  setAside(file: string, reason: string): SetAside {
    const rel = path.relative(this.dataDir, file);
    let movedTo: string | null = null;
    try {
      fs.mkdirSync(this.corruptDir, { recursive: true });
      const target = path.join(this.corruptDir, `${rel.split(path.sep).join('--')}.${Date.now()}`);
      fs.renameSync(file, target);
      movedTo = path.relative(this.dataDir, target);
      // The note is a courtesy: on a full disk the move (a rename) still succeeds without it.
      fs.writeFileSync(`${target}.note.txt`, `${rel} was set aside on ${new Date().toISOString()}: ${reason}\n`, { flag: 'wx' });
    } catch {
      // Not moved (or no note): it is still named in the report, and read as absent.
    }
    const problem = { file: rel, movedTo, reason };
    this.onSetAside(problem);
    return problem;
  }

  /** The files set aside so far, as paths relative to the data dir. */
  setAsideFiles(): string[] {
    if (!fs.existsSync(this.corruptDir)) return [];
    return fs
      .readdirSync(this.corruptDir)
      .filter((n) => !n.endsWith('.note.txt'))
      .sort()
      .map((n) => path.join(CORRUPT_DIR, n));
  }

  put(record: ReviewRecord): void {
    writeFileAtomic(this.recordPath(record.id), JSON.stringify(record));
    this.unsaved.delete(record.id);
    // The record now says what the marker said, or something newer (published again).
    if (this.withdrawals.delete(record.id)) fs.rmSync(withdrawalPath(this.dataDir, record.id), { force: true });
  }

  /**
   * Keep a withdrawal without rewriting its record: a marker of a few hundred bytes, for a disk
   * too full to take the record again. Written with withReserve, it needs no free space at all.
   */
  putWithdrawal(record: ReviewRecord): void {
    const withdrawal = { id: record.id, reason: record.statusReason ?? 'withdrawn', at: record.updatedAt };
    writeWithdrawal(this.dataDir, withdrawal);
    this.withdrawals.set(record.id, withdrawal);
  }

  /** Reviews withdrawn by a marker that their records do not say yet. */
  pendingWithdrawals(): string[] {
    return [...this.withdrawals.keys()].sort();
  }

  /** Write each pending withdrawal into its record, so that the markers can go; stops where the disk is full. */
  settleWithdrawals(): number {
    let settled = 0;
    for (const id of this.pendingWithdrawals()) {
      const record = this.get(id);
      // A record that cannot be read keeps its marker, for the day it is restored.
      if (!record) continue;
      try {
        this.put(record);
      } catch (err) {
        if (isDiskFull(err)) break;
        throw err;
      }
      settled++;
    }
    return settled;
  }

  /**
   * Run writes that must go through on a full disk: if the disk refuses them, the space held back
   * for them is given up and they are made again, and the space is taken back as far as it can be.
   */
  withReserve<T>(write: () => T): T {
    try {
      return write();
    } catch (err) {
      if (!isDiskFull(err)) throw err;
    }
    this.reserve.release();
    try {
      return write();
    } finally {
      this.reserve.fill();
    }
  }

  /**
   * Serve a version of a record that could not be written, for as long as this process runs or
   * until it is written: for a withdrawal that not even the space reserve could keep.
   */
  holdUnsaved(record: ReviewRecord): void {
    this.unsaved.set(record.id, record);
  }

  ids(): string[] {
    return fs
      .readdirSync(this.reviewsDir)
      .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
      .map((n) => n.slice(0, -5))
      .sort();
  }

  *all(): Generator<ReviewRecord> {
    for (const id of this.ids()) {
      const record = this.get(id);
      if (record) yield record;
    }
  }
}

function warnSetAside(problem: SetAside): void {
  const where = problem.movedTo ? `moved to ${problem.movedTo}` : 'could not be moved';
  process.emitWarning(`${problem.file} is ${problem.reason}; set aside (${where}) and skipped`, 'CorruptRecord');
}
