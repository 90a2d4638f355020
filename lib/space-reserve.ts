import fs from 'node:fs';
import { isDiskFull } from './disk-full';

/**
 * Disk space held back for the writes that must succeed on a full disk: a withdrawal, taken out of
 * the index (SQLite needs room in its write-ahead log even to delete) and kept in the store. A file
 * of zeros (written, not sparse) is kept beside what needs it, given up when a write reports the
 * disk full, and taken back afterwards as far as the space allows.
 */
export class SpaceReserve {
  constructor(
    private readonly file: string,
    private readonly bytes: number,
  ) {}

  /** Grow the reserve towards its size; on a full disk it keeps what it got. */
  fill(): void {
    const have = fs.statSync(this.file, { throwIfNoEntry: false })?.size ?? 0;
    if (have >= this.bytes) return;
    const block = Buffer.alloc(64 * 1024);
    let fd: number | undefined;
    try {
      fd = fs.openSync(this.file, 'a');
      for (let size = have; size < this.bytes; ) size += fs.writeSync(fd, block, 0, Math.min(block.length, this.bytes - size));
    } catch (err) {
      if (!isDiskFull(err)) throw err;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  release(): void {
    fs.rmSync(this.file, { force: true });
  }
}
