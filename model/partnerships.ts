import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../lib/paths';
import { NATIONS, type Nation } from './review';

/** A local safeguarding children partnership (or the board it replaced) and the places it covers. */
export interface Partnership {
  /** The canonical name: the one recorded as a review's area. */
  name: string;
  /** ONS region for England; "Wales" for Welsh boards. */
  region: string;
  nation: Nation;
  /** Local authority and place names the partnership goes by, most specific first. */
  places: string[];
}

export function partnershipsFile(): string {
  return path.join(projectRoot(), 'model', 'partnerships.csv');
}

let cached: Partnership[] | undefined;

/** A field of the list: quoted (a comma inside, a doubled quote for a quote) or bare, up to the next comma. */
const FIELD = /"((?:[^"]|"")*)"|([^,]*)/y;

/**
 * The list's rows by its header, its fields trimmed and blank lines skipped: the file is a plain
 * CSV with no line break inside a field, read by hand because every reader of a record pays for it
 * on first use and a general CSV parser costs more to start than the list takes to read.
 */
function readRows(csv: string): Record<string, string>[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim());
  const fields = (line: string) => {
    const out: string[] = [];
    for (let at = 0; ; at++) {
      FIELD.lastIndex = at;
      const m = FIELD.exec(line)!;
      out.push((m[1] === undefined ? m[2] : m[1].replace(/""/g, '"')).trim());
      at = FIELD.lastIndex;
      if (line[at] !== ',') return out;
    }
  };
  const [header = [], ...rows] = lines.map(fields);
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ''])));
}

/** Every partnership of England and Wales, read once from model/partnerships.csv. */
export function partnerships(): Partnership[] {
  if (cached) return cached;
  const rows = readRows(fs.readFileSync(partnershipsFile(), 'utf8'));
  cached = rows.map((row, i) => {
    if (!NATIONS.includes(row.nation as Nation)) throw new Error(`${partnershipsFile()} row ${i + 2}: unknown nation "${row.nation}"`);
    return { name: row.name, region: row.region, nation: row.nation as Nation, places: row.places.split('|').map((p) => p.trim()).filter(Boolean) };
  });
  return cached;
}

/** Words a board or council is named with after its place ("Camden LSCB", "Bristol City Council"). */
export const BOARD_WORDS =
  "(?:City |County |Borough |Metropolitan Borough |District )?(?:(?:Local |Regional )?Safeguarding (?:Children(?:['’]s)? )?(?:Board|Partnership|Partnership Board|Assurance Partnership)|Children(?:['’]s)? Safeguarding (?:Board|Partnership|Assurance Partnership)|Safeguarding Partnership|LSCB|SCB|LSCP|SCP|Council)";

const normal = (s: string) =>
  s
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[’']/g, "'")
    .replace(/[^a-z0-9ô' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The partnership a name refers to, in any of the wordings in use: the canonical name, a place
 * ("Camden"), a council ("London Borough of Camden", "Camden Council") or a board ("Camden LSCB").
 */
export function partnershipNamed(name: string): Partnership | undefined {
  const wanted = normal(
    name
      .replace(/^(?:the )?(?:London Borough of|Royal Borough of|Borough of|County of|City of)\s+/i, '')
      .replace(new RegExp(`\\s+${BOARD_WORDS}$`, 'i'), ''),
  );
  const all = partnerships();
  return (
    all.find((p) => normal(p.name) === normal(name)) ??
    all.find((p) => p.places.some((place) => normal(place) === wanted)) ??
    all.find((p) => p.places.some((place) => normal(place.replace(/^City of /, '')) === wanted))
  );
}
