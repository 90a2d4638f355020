import type { Nation } from '../../model';
import { BOARD_WORDS, partnerships, type Partnership } from '../../model/partnerships';
import { escapeRegExp, evidenceLine, sentencesOf, type Found } from './lines';

export interface Area {
  /** The canonical partnership name when the list knows it, else the name as the report writes it. */
  name: string;
  matched: boolean;
  region: string | null;
  nation: Nation | null;
}

/** A place as a pattern: spaces and hyphens interchangeable, "&" for "and". */
const escape = (s: string) => escapeRegExp(s).replace(/(?:\\-|-| )/g, '[\\s-]+').replace(/&|\band\b/g, '(?:&|and)');

let placeIndex: { re: RegExp; byPlace: Map<string, Partnership> } | undefined;

/** One pattern for every place the list knows, longest first so that joint boards win over their members. */
function places() {
  if (placeIndex) return placeIndex;
  const byPlace = new Map<string, Partnership>();
  for (const p of partnerships()) for (const place of p.places) if (!byPlace.has(key(place))) byPlace.set(key(place), p);
  const names = [...new Set(partnerships().flatMap((p) => p.places))].sort((a, b) => b.length - a.length);
  const place = `(${names.map(escape).join('|')})`;
  const before = "(?:(?:the\\s+)?(?:London\\s+Borough|Royal\\s+Borough|Metropolitan\\s+Borough|Borough|County|City(?:\\s+and\\s+County)?)\\s+(?:Council\\s+)?of\\s+)";
  placeIndex = { re: new RegExp(`(?<![\\w-])(?:${before}${place}(?:\\s+${BOARD_WORDS})?|${place}\\s+${BOARD_WORDS})(?![\\w-])`, 'gi'), byPlace };
  return placeIndex;
}

function key(place: string): string {
  return place.toLowerCase().replace(/&/g, 'and').replace(/[\s-]+/g, ' ').trim();
}

/** A board the list does not know, kept as the report writes it ("Brackenridge Local Safeguarding Children Board"). */
const UNKNOWN_BOARD = new RegExp(`\\b((?:[A-Z][a-z]+(?:[ -](?:and|upon|on|with)[ -]|[ -])){1,4}${BOARD_WORDS.replace('|Council', '')})`);

function known(text: string): Found<Partnership> | null {
  const { re, byPlace } = places();
  re.lastIndex = 0;
  for (const m of text.matchAll(re)) {
    // A board written in lower case is prose about boards in general, not a name.
    if (!/^[A-Z]/.test(m[0])) continue;
    const place = m[1] ?? m[2];
    const p = byPlace.get(key(place)) ?? [...byPlace.entries()].find(([k]) => new RegExp(`^${escape(k)}$`, 'i').test(place))?.[1];
    if (p) return { value: p, evidence: m[0] };
  }
  return null;
}

/** A title line led by a known place and the review's name: "Norfolk SCR", "Kirklees Serious Case Review". */
function placeHeading(line: string): Partnership | undefined {
  const { byPlace } = places();
  const m = /^(.{3,40}?)\s+(?:SCR|Serious Case Review|L?CSPR|(?:Local )?Child Safeguarding Practice Review|Safeguarding Practice Review|(?:Concise |Extended )?Child Practice Review|Learning Review|Thematic Review)\b/i.exec(line);
  return m ? byPlace.get(key(m[1])) : undefined;
}

/**
 * The partnership behind the review: from the title page first (its lines joined, since a board's
 * name often wraps), then the introduction. A name the list knows gives the canonical partnership
 * with its region and nation; an unknown board is kept as written and marked unmatched.
 */
/** Capitals as a title page sets them ("BRACKENRIDGE LOCAL SAFEGUARDING CHILDREN BOARD") in the case names are written in. */
function unshout(text: string): string {
  return text.replace(/\b[A-Z][A-Z'’-]{2,}\b/g, (w) => (/^(?:LSCB|SCB|LSCP|SCP|SCR|CSPR|LCSPR|RSCB)$/.test(w) ? w : w.charAt(0) + w.slice(1).toLowerCase()));
}

/** A board the list does not know: on a line of its own, else wrapped over two lines from the start of one. */
function unknownBoard(titlePage: string[]): { name: string; line: string } | null {
  const lines = titlePage.map(unshout);
  for (const [i, line] of lines.entries()) {
    const m = UNKNOWN_BOARD.exec(line);
    const name = m && boardName(m[1]);
    if (name) return { name, line: titlePage[i] };
  }
  for (const [i, line] of lines.slice(0, -1).entries()) {
    const m = UNKNOWN_BOARD.exec(`${line} ${lines[i + 1]}`);
    const name = m && m.index === 0 && m[0].length > line.length ? boardName(m[1]) : null;
    if (name) return { name, line: `${titlePage[i]} ${titlePage[i + 1]}` };
  }
  return null;
}

function boardName(found: string): string | null {
  const name = found.replace(/^(?:(?:The|This|A|An|Then|Former|By|For|Of|Newly|Formed)\s+)+/, '').trim();
  return /^(?:Local|Regional|National|Safeguarding|Children|Child|Independent|Statutory)\b/.test(name) ? null : name;
}

export function areaOf(titlePage: string[], introduction: string): Found<Area> | null {
  const page = titlePage.join(' ');
  const headed = titlePage.map((line) => ({ line, hit: placeHeading(line) })).find((x) => x.hit);
  const headedArea = headed?.hit ? { value: { name: headed.hit.name, matched: true, region: headed.hit.region, nation: headed.hit.nation }, evidence: evidenceLine(headed.line) } : null;
  for (const text of [page, ...sentencesOf(introduction)]) {
    const hit = known(text);
    if (hit) {
      const line = text === page ? titlePage.find((l) => l.includes(hit.evidence.split(/\s+/)[0])) ?? page : text;
      const p = hit.value;
      return { value: { name: p.name, matched: true, region: p.region, nation: p.nation }, evidence: evidenceLine(line) };
    }
    if (text === page) {
      if (headedArea) return headedArea;
      const board = unknownBoard(titlePage);
      if (board) return { value: { name: board.name, matched: false, region: null, nation: null }, evidence: evidenceLine(board.line) };
      continue;
    }
    const unknown = UNKNOWN_BOARD.exec(text);
    const name = unknown && boardName(unknown[1]);
    if (name) return { value: { name, matched: false, region: null, nation: null }, evidence: evidenceLine(text) };
  }
  return null;
}
