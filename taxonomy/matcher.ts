/** Many patterns run as one regular expression per case-sensitivity, reporting which pattern hit. */
import { compilePattern } from './patterns';

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

interface Part<M> {
  re: RegExp;
  meta: M[];
}

export class MultiMatcher<M> {
  private readonly parts: Part<M>[] = [];

  /** Throws naming the first pattern that does not compile. */
  constructor(entries: PatternEntry<M>[]) {
    for (const sensitive of [false, true]) {
      const chosen = entries.filter((e) => !!e.case === sensitive);
      if (!chosen.length) continue;
      const sources = chosen.map((e) => {
        try {
          return `(${compilePattern(e.p)})`;
        } catch (err) {
          throw new Error(`pattern "${e.p}": ${(err as Error).message}`);
        }
      });
      this.parts.push({ re: new RegExp(sources.join('|'), sensitive ? 'g' : 'gi'), meta: chosen.map((e) => e.meta) });
    }
  }

  get empty(): boolean {
    return this.parts.length === 0;
  }

  test(text: string): boolean {
    return this.parts.some((part) => {
      part.re.lastIndex = 0;
      return part.re.test(text);
    });
  }

  matchAll(text: string): Hit<M>[] {
    const hits: Hit<M>[] = [];
    for (const { re, meta } of this.parts) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        let i = 1;
        while (m[i] === undefined) i++;
        hits.push({ start: m.index, end: m.index + m[0].length, meta: meta[i - 1] });
        // Resume just after the start, not the end, so a shorter pattern inside a longer hit still counts.
        re.lastIndex = m.index + 1;
      }
    }
    return hits;
  }
}

/** A cue that must sit within `window` words of the end (before) or start (after) of a text. */
export function cueRegex(patterns: string[], window: number, where: 'before' | 'after'): RegExp | null {
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
  return where === 'before'
    ? new RegExp(`(?:${alt})${words}[\\s,]*$`, 'i')
    : new RegExp(`^[\\s,]*(?:[\\w'’-]+\\s+){0,${window}}(?:${alt})`, 'i');
}
