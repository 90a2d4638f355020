/**
 * Many patterns matched against one text, reporting which pattern hit. Each pattern runs only
 * at the words its first word can start with (see leadKeys), so a passage costs a few anchored
 * tries per theme rather than a scan of every pattern; the hits are those one combined
 * alternation would give (at each start, the first pattern in list order that matches there).
 */
import { compilePattern, firstWords, KEY_LENGTH, laterKeys, leadKeys, secondKeys } from './patterns';

export interface PatternEntry<M> {
  p: string;
  case?: boolean;
  meta: M;
}

export interface Hit<M> {
  start: number;
  end: number;
  meta: M;
}

interface Compiled<M> {
  /** Sticky, tried at given offsets, when the pattern has lead keys; scanning otherwise. */
  re: RegExp;
  /** The whole words a match can start with (see firstWords), or null: only its lead keys are known. */
  first: Set<string> | null;
  /** The pool's number for the keys one of which the next word must carry (see secondKeys), or -1. */
  second: number;
  /** The pool's number for the keys one of which some word of the passage must carry (see laterKeys), or -1. */
  later: number;
  /** Case-insensitive patterns report before case-sensitive ones, as two alternations would. */
  part: number;
  order: number;
  meta: M;
}

const WORD_START = '(?<![\\w])';

/** Distinct words whose keys are remembered; past this the memory starts again. */
const MAX_WORDS = 50_000;

interface Word {
  entries: Array<{ owner: number; c: Compiled<unknown> }>;
  seconds: Set<number>;
}

interface Try<M> {
  c: Compiled<M>;
  at: number;
}

/**
 * The lead keys of every matcher that shares it, in one index, so a passage is split into words
 * and looked up once for all of a taxonomy's matchers rather than once per matcher.
 */
export class PatternPool {
  private readonly byKey = new Map<string, Array<{ owner: number; c: Compiled<unknown> }>>();
  private owners = 0;
  private last: { text: string; tries: Try<unknown>[][] } | undefined;
  private readonly words = new Map<string, Word>();
  private readonly secondIds = new Map<string, number>();
  private readonly secondByKey = new Map<string, number[]>();

  /** A new owner's number: the matcher's slot in each passage's tries. */
  register(): number {
    return this.owners++;
  }

  add<M>(owner: number, key: string, c: Compiled<M>): void {
    this.last = undefined;
    this.words.clear();
    const list = this.byKey.get(key);
    const entry = { owner, c: c as Compiled<unknown> };
    if (list) list.push(entry);
    else this.byKey.set(key, [entry]);
  }

  /** Where in text each of owner's keyed patterns should be tried. */
  tries<M>(owner: number, text: string): Try<M>[] {
    if (this.last?.text !== text) {
      const starts: number[] = [];
      const found: Word[] = [];
      for (let i = 0; i < text.length; ) {
        if (!isWordChar(text.charCodeAt(i))) {
          i++;
          continue;
        }
        let j = i + 1;
        while (j < text.length && isWordChar(text.charCodeAt(j))) j++;
        starts.push(i);
        found.push(this.word(text.slice(i, j).toLowerCase()));
        i = j;
      }
      const present = new Set<number>();
      for (const w of found) for (const n of w.seconds) present.add(n);
      const tries: Try<unknown>[][] = [];
      for (let i = 0; i < found.length; i++) {
        for (const { owner: o, c } of found[i].entries) {
          if (c.second >= 0 && !found[i + 1]?.seconds.has(c.second)) continue;
          if (c.later >= 0 && !present.has(c.later)) continue;
          (tries[o] ??= []).push({ c, at: starts[i] });
        }
      }
      this.last = { text, tries };
    }
    return (this.last.tries[owner] ?? []) as Try<M>[];
  }

  /** The number of a key set (a next word's, or a later word's), shared by the patterns that require the same one. */
  second(keys: Set<string> | null): number {
    if (!keys) return -1;
    this.words.clear();
    const id = [...keys].sort().join(' ');
    let n = this.secondIds.get(id);
    if (n === undefined) {
      this.secondIds.set(id, (n = this.secondIds.size));
      for (const k of keys) {
        const list = this.secondByKey.get(k);
        if (list) list.push(n);
        else this.secondByKey.set(k, [n]);
      }
    }
    return n;
  }

  /** A word's keys, the patterns they lead that can start with it and the next-word sets it satisfies, remembered: a report repeats its vocabulary. */
  private word(word: string): Word {
    let w = this.words.get(word);
    if (!w) {
      const keys: string[] = [];
      for (let k = 1; k <= Math.min(KEY_LENGTH, word.length); k++) keys.push(word.slice(0, k));
      if (word.length < KEY_LENGTH) keys.push('=' + word);
      w = {
        entries: keys.flatMap((k) => this.byKey.get(k) ?? []).filter(({ c }) => !c.first || c.first.has(word)),
        seconds: new Set(keys.flatMap((k) => this.secondByKey.get(k) ?? [])),
      };
      if (this.words.size >= MAX_WORDS) this.words.clear();
      this.words.set(word, w);
    }
    return w;
  }
}

/**
 * What \w matches: the characters of the words that keys index. A word with an underscore has
 * no key that starts it, so its patterns are not tried, as a pattern's (?<![\w]) would have it.
 */
function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

export class MultiMatcher<M> {
  private readonly patterns: Compiled<M>[] = [];
  private readonly unkeyed: Compiled<M>[] = [];
  private readonly pool: PatternPool;
  private readonly owner: number;

  /** Throws naming the first pattern that does not compile. Matchers run over the same texts share a pool. */
  constructor(entries: PatternEntry<M>[], pool = new PatternPool()) {
    this.pool = pool;
    this.owner = pool.register();
    for (const [order, e] of entries.entries()) {
      let source: string;
      let keys: Set<string> | null;
      let second: Set<string> | null;
      let later: Set<string> | null;
      let first: Set<string> | null;
      try {
        source = compilePattern(e.p);
        keys = leadKeys(e.p);
        second = keys && secondKeys(e.p);
        later = keys && laterKeys(e.p);
        first = keys && firstWords(e.p);
      } catch (err) {
        throw new Error(`pattern "${e.p}": ${(err as Error).message}`);
      }
      const flags = (keys ? 'y' : 'g') + (e.case ? '' : 'i');
      // Tried only where a word starts, a keyed phrase needs no look-behind for one.
      if (keys && source.startsWith(WORD_START)) source = source.slice(WORD_START.length);
      const compiled = { re: new RegExp(source, flags), first, second: pool.second(second), later: pool.second(later), part: e.case ? 1 : 0, order, meta: e.meta };
      this.patterns.push(compiled);
      if (!keys) this.unkeyed.push(compiled);
      // One try per word and pattern: a prefix key covers the longer keys it begins ("co" covers
      // "cosl" and "=cot"); a whole-word key ("=no") covers nothing.
      const covers = (o: string, k: string) => o !== k && !o.startsWith('=') && k.replace(/^=/, '').startsWith(o);
      const lead = [...(keys ?? [])].filter((k, _, all) => !all.some((o) => covers(o, k)));
      for (const key of lead) pool.add(this.owner, key, compiled);
    }
  }

  get empty(): boolean {
    return this.patterns.length === 0;
  }

  test(text: string): boolean {
    return this.run(text, true).length > 0;
  }

  matchAll(text: string): Hit<M>[] {
    return this.run(text, false);
  }

  private run(text: string, firstOnly: boolean): Hit<M>[] {
    const found: Array<{ start: number; end: number; c: Compiled<M> }> = [];
    const tries = this.pool.tries<M>(this.owner, text);
    for (let i = 0; i < tries.length; i++) {
      const { c, at } = tries[i];
      c.re.lastIndex = at;
      // test, not exec: no match array to build, and a sticky expression's lastIndex is the end.
      if (!c.re.test(text)) continue;
      found.push({ start: at, end: c.re.lastIndex, c });
      if (firstOnly) return toHits(found);
    }
    for (const c of this.unkeyed) {
      c.re.lastIndex = 0;
      for (let m = c.re.exec(text); m; m = c.re.exec(text)) {
        found.push({ start: m.index, end: m.index + m[0].length, c });
        if (firstOnly) return toHits(found);
        // Resume just after the start, not the end, so a shorter pattern inside a longer hit still counts.
        c.re.lastIndex = m.index + 1;
      }
    }
    return toHits(found);
  }
}

/** One hit per part and start, the first pattern in list order, in text order. */
function toHits<M>(found: Array<{ start: number; end: number; c: Compiled<M> }>): Hit<M>[] {
  found.sort((a, b) => a.c.part - b.c.part || a.start - b.start || a.c.order - b.c.order);
  const hits: Hit<M>[] = [];
  let last: (typeof found)[number] | undefined;
  for (const f of found) {
    if (last && last.c.part === f.c.part && last.start === f.start) continue;
    hits.push({ start: f.start, end: f.end, meta: f.c.meta });
    last = f;
  }
  return hits;
}

/** What \s matches, without a regular expression per character. */
function isSpace(code: number): boolean {
  return (
    (code >= 9 && code <= 13) || code === 32 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** The tail of text holding its last `words` whitespace-separated words (all of it if fewer). */
function lastWords(text: string, words: number): string {
  let seen = 0;
  let inWord = false;
  for (let i = text.length - 1; i >= 0; i--) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord && ++seen > words) return text.slice(i + 1);
    inWord = !space;
  }
  return text;
}

/** Words a cue can span: an over-estimate (every word of every alternative, gaps at their widest). */
function cueWords(pattern: string): number {
  if (pattern.trim().startsWith('re:')) return Infinity;
  return pattern
    .trim()
    .split(/\s+/)
    .reduce((n, tok) => n + (/^\.\.\d*$/.test(tok) ? Number(tok.slice(2) || 3) : 1), 0);
}

export interface Cue {
  test(text: string): boolean;
}

/**
 * A cue that must sit within `window` words of the end (before) or start (after) of a text.
 * A "before" cue is looked for only in the words it could span, so a long clause is not scanned
 * from every position.
 */
export function cueRegex(patterns: string[], window: number, where: 'before' | 'after'): Cue | null {
  if (!patterns.length) return null;
  const alt = patterns
    .map((p) => {
      try {
        return compilePattern(p);
      } catch (err) {
        throw new Error(`pattern "${p}": ${(err as Error).message}`);
      }
    })
    .join('|');
  const words = `(?:\\s+[\\w'’-]+){0,${window}}`;
  if (where === 'after') {
    const re = new RegExp(`^[\\s,]*(?:[\\w'’-]+\\s+){0,${window}}(?:${alt})`, 'i');
    return { test: (text) => re.test(text) };
  }
  const re = new RegExp(`(?:${alt})${words}[\\s,]*$`, 'i');
  const reach = window + Math.max(...patterns.map(cueWords));
  return { test: (text) => re.test(Number.isFinite(reach) ? lastWords(text, reach) : text) };
}
