import fs from 'node:fs';
import path from 'node:path';
import type { AuditEntry } from '../model';

export type { AuditEntry } from '../model';

export const AUDIT_LOG_FILE = 'audit.log';

/** An audit line as an entry, or null when it is torn or not an entry. */
export function parseAuditLine(line: string): AuditEntry | null {
  try {
    const entry = JSON.parse(line) as AuditEntry;
    return entry && typeof entry === 'object' && typeof entry.at === 'string' && typeof entry.action === 'string' ? entry : null;
  } catch {
    return null;
  }
}

/**
 * The editorial audit trail: one JSON line per change, appended and flushed to disk before the
 * change is acknowledged. Lines are never rewritten; a line torn by a crash mid-append was never
 * acknowledged, so it is cut off before the next append rather than left to corrupt the file.
 */
export class AuditLog {
  readonly file: string;

  constructor(
    dataDir: string,
    private readonly warn: (message: string) => void = (message) => process.emitWarning(message, 'TornAuditLine'),
  ) {
    this.file = path.join(dataDir, AUDIT_LOG_FILE);
  }

  append(entry: Omit<AuditEntry, 'at'> & { at?: string }): AuditEntry {
    const full: AuditEntry = { at: entry.at ?? new Date().toISOString(), actor: entry.actor, action: entry.action, review_id: entry.review_id, before: entry.before, after: entry.after };
    this.cutTornTail();
    const fd = fs.openSync(this.file, 'a');
    try {
      fs.writeSync(fd, JSON.stringify(full) + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return full;
  }

  /** Every complete entry, oldest first; a line that is not an entry is skipped with a warning. */
  entries(): AuditEntry[] {
    if (!fs.existsSync(this.file)) return [];
    const text = fs.readFileSync(this.file, 'utf8');
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    const out: AuditEntry[] = [];
    complete.split('\n').forEach((line, i) => {
      if (!line) return;
      const entry = parseAuditLine(line);
      if (entry) out.push(entry);
      else this.warn(`${AUDIT_LOG_FILE} line ${i + 1} is not a readable entry; skipped`);
    });
    return out;
  }

  forReview(id: string): AuditEntry[] {
    return this.entries().filter((e) => e.review_id === id);
  }

  private cutTornTail(): void {
    const size = fs.statSync(this.file, { throwIfNoEntry: false })?.size ?? 0;
    if (size === 0) return;
    const fd = fs.openSync(this.file, 'r+');
    try {
      const last = Buffer.alloc(1);
      fs.readSync(fd, last, 0, 1, size - 1);
      if (last[0] === 0x0a) return;
      const text = fs.readFileSync(this.file);
      fs.ftruncateSync(fd, text.lastIndexOf(0x0a) + 1);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}
