/**
 * User query text is parsed into plain words and quoted phrases before any engine sees it,
 * so no engine's query syntax (operators, field names, wildcards) can be injected. The words
 * are then grouped into clauses, each widened by the taxonomy's search terms: both engines
 * match every clause (any one of its alternatives), so a query means the same on either.
 */
import type { SearchTermRule } from '../taxonomy/search-terms';

export interface ParsedQuery {
  /** The words and quoted phrases as typed (lower-case), for marking matches. */
  terms: string[];
  phrases: string[];
  /** What must match: every clause, each by any one of its alternatives (a word or a phrase of words). */
  clauses: QueryClause[];
}

export interface QueryClause {
  any: string[];
}

/** Search-term rules, keyed by their first word, longest first. */
export interface SearchTerms {
  byFirstWord: Map<string, { words: string[]; to: string[] }[]>;
}

/** A word of a query: letters and digits, with an apostrophe's ending. */
export const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

function words(text: string): string[] {
  return (text.match(WORD) ?? []).map((w) => w.toLowerCase().replace(/’/g, "'"));
}

export function compileSearchTerms(rules: SearchTermRule[]): SearchTerms {
  const byFirstWord = new Map<string, { words: string[]; to: string[] }[]>();
  for (const rule of rules) {
    const ws = rule.from.split(' ');
    const list = byFirstWord.get(ws[0]) ?? [];
    list.push({ words: ws, to: rule.to });
    byFirstWord.set(ws[0], list);
  }
  for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
  return { byFirstWord };
}

const NO_TERMS: SearchTerms = { byFirstWord: new Map() };

/** Unquoted words that together are a search term become one clause: the term as a phrase, or what it also finds. */
function clausesOf(ws: string[], terms: SearchTerms): QueryClause[] {
  const clauses: QueryClause[] = [];
  for (let i = 0; i < ws.length; ) {
    const rule = terms.byFirstWord.get(ws[i])?.find((r) => r.words.every((w, k) => ws[i + k] === w));
    if (rule) {
      clauses.push({ any: [rule.words.join(' '), ...rule.to] });
      i += rule.words.length;
    } else {
      clauses.push({ any: [ws[i]] });
      i++;
    }
  }
  return clauses;
}

export function parseQuery(q: string | undefined, terms: SearchTerms = NO_TERMS): ParsedQuery {
  const typed: string[] = [];
  const phrases: string[] = [];
  const clauses: QueryClause[] = [];
  if (!q) return { terms: typed, phrases, clauses };
  const rest = q.replace(/"([^"]*)"/g, (_m, inner: string) => {
    const phraseWords = words(inner);
    if (phraseWords.length > 1) phrases.push(phraseWords.join(' '));
    else typed.push(...phraseWords);
    return ' ';
  });
  const unquoted = [...new Set([...typed, ...words(rest)])].slice(0, 32);
  const quoted = [...new Set(phrases)].slice(0, 8);
  // A quoted phrase means exactly what it says: it is never widened.
  clauses.push(...clausesOf(unquoted, terms), ...quoted.map((p) => ({ any: [p] })));
  return { terms: unquoted, phrases: quoted, clauses: dedupe(clauses) };
}

function dedupe(clauses: QueryClause[]): QueryClause[] {
  const seen = new Set<string>();
  return clauses.filter((c) => {
    const key = [...c.any].sort().join('|');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function isEmptyQuery(parsed: ParsedQuery): boolean {
  return parsed.clauses.length === 0;
}

/** Every word that can mark a match in a snippet: the typed words and phrases and their alternatives. */
export function matchAlternatives(parsed: ParsedQuery): string[] {
  return [...new Set(parsed.clauses.flatMap((c) => c.any))];
}
