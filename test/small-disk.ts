import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { tempDir } from './fixture-repository';

/**
 * A real file system that can be filled: a small tmpfs mounted for the test. Mounting needs root
 * (or CAP_SYS_ADMIN); where it is not allowed, `mountSmallDisk` returns null and says why.
 */
export interface SmallDisk {
  dir: string;
  /** Write a filler file until the file system refuses with ENOSPC. */
  fill(): void;
  /** Remove the filler, so writes succeed again. */
  free(): void;
  unmount(): void;
}

export function mountSmallDisk(sizeMiB: number): SmallDisk | { unavailable: string } {
  const dir = tempDir('small-disk');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    return { unavailable: `cannot mount a tmpfs here (${String((err as { stderr?: Buffer }).stderr ?? err).trim()}); the full-disk tests need root` };
  }
  const filler = path.join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = fs.openSync(filler, 'a');
      const block = Buffer.alloc(64 * 1024);
      try {
        for (;;) fs.writeSync(fd, block);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      }
      // The last partial block: the file system is full to the byte.
      try {
        for (;;) fs.writeSync(fd, block, 0, 1);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      } finally {
        fs.closeSync(fd);
      }
    },
    free() {
      fs.rmSync(filler, { force: true });
    },
    unmount() {
      execFileSync('umount', [dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
