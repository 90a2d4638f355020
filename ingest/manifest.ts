import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { IngestError } from './errors';

/** Manifest rows keyed by file name (the "file" column), so a row follows its file from any folder. */
export type Manifest = Map<string, Record<string, string>>;

export function readManifest(file: string): Manifest {
  let rows: Record<string, string>[];
  try {
    rows = parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (err) {
    throw new IngestError(`manifest ${file} could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const manifest: Manifest = new Map();
  for (const row of rows) {
    if (!row.file) throw new IngestError(`manifest ${file} needs a "file" column naming each report`);
    manifest.set(path.basename(row.file), row);
  }
  return manifest;
}
