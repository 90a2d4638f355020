/**
 * The taxonomy's phrase language, compiled to regular expressions.
 *
 *   word        the word, case-insensitive; a hyphen also matches a space or nothing
 *   word~       every verb form (share -> shares, shared, sharing), via compromise
 *   word+       singular, plural and possessive noun forms (father -> fathers, father's)
 *   a|b         either word (each may carry ~ or +)
 *   (a b|c)     either phrase; phrases inside use this same language
 *   [word]      an optional word or (group)
 *   *           any one word
 *   ..  ..N     a gap of up to 3 (or N) words
 *   re:...      a raw regular expression, for what the phrases cannot say
 *
 * Written British spellings in -ise also match -ize. Words may be parted by a comma as well as
 * by spaces ("Father, who was not present"): report sentences put asides between the words of a
 * phrase; a semicolon, colon or full stop still ends it.
 */
import nlp from 'compromise';

/**
 * compromise's own inflection tables, used on the word itself: a document per word (tokenising and
 * tagging it first) costs about 3 ms a word, over a second for the taxonomy in every process that
 * builds a tagger, for the same forms.
 */
const { methods, model } = nlp.world() as unknown as {
  methods: { two: { transform: { verb: { conjugate(word: string, model: unknown): Record<string, string> | undefined }; noun: { toPlural(word: string, model: unknown): string } } } };
  model: unknown;
};
const { verb, noun } = methods.two.transform;

const SEP = ',?\\s+';
const WORD = "[\\w'’-]+";

const formCache = new Map<string, string[]>();

function withZ(forms: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const f of forms) {
    out.add(f);
    if (/is(e|ed|es|ing|ation|ations)$/.test(f)) out.add(f.replace(/is(e|ed|es|ing|ation|ations)$/, 'iz$1'));
  }
  return [...out];
}

function verbForms(word: string): string[] {
  const key = '~' + word;
  let forms = formCache.get(key);
  // Compounds inflect on their last part: co-sleep -> co-slept, co-sleeping.
  const hyphen = word.lastIndexOf('-');
  if (!forms && hyphen > 0) {
    const head = word.slice(0, hyphen + 1);
    forms = verbForms(word.slice(hyphen + 1)).map((f) => head + f);
    formCache.set(key, forms);
  }
  if (!forms) {
    const conj = verb.conjugate(word.toLowerCase(), model);
    const set = new Set([word]);
    if (conj) {
      for (const k of ['Infinitive', 'PastTense', 'PresentTense', 'Gerund', 'Participle']) {
        if (conj[k]) set.add(conj[k]);
      }
    }
    forms = withZ(set);
    formCache.set(key, forms);
  }
  return forms;
}

function nounForms(word: string): string[] {
  const key = '+' + word;
  let forms = formCache.get(key);
  if (!forms) {
    // compromise leaves some nouns unchanged: add the regular plural then.
    const found = noun.toPlural(word, model);
    const plural = found && found.toLowerCase() !== word.toLowerCase() ? found : word + 's';
    const set = new Set([word, plural, word + "'s"]);
    set.add(plural.endsWith('s') ? plural + "'" : plural + "'s");
    forms = withZ(set);
    formCache.set(key, forms);
  }
  return forms;
}

function escapeLiteral(s: string): string {
  return s
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/'/g, "['’]")
    .replace(/-/g, '[-‐– ]?');
}

function atomForms(text: string, source: string): string[] {
  return text.split('|').flatMap((a) => {
    if (!a) throw new Error(`empty alternative in pattern "${source}"`);
    if (a.endsWith('~')) return verbForms(a.slice(0, -1));
    if (a.endsWith('+')) return nounForms(a.slice(0, -1));
    return withZ([a]);
  });
}

function atom(text: string, source: string): string {
  const alts = atomForms(text, source);
  // Longest first, so "sharing" is not cut short as "share".
  const uniq = [...new Set(alts)].sort((x, y) => y.length - x.length).map(escapeLiteral);
  return uniq.length === 1 ? uniq[0] : `(?:${uniq.join('|')})`;
}

/** Make every group in a raw expression non-capturing, so the combined matcher can number its own. */
function nonCapturing(src: string): string {
  return src.replace(/(?<!\\)\((?!\?)/g, '(?:');
}

/** Split on spaces outside brackets and parentheses. */
function tokenize(pattern: string): string[] {
  const tokens: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of pattern) {
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (depth < 0) throw new Error(`unbalanced brackets in pattern "${pattern}"`);
    if (/\s/.test(ch) && depth === 0) {
      if (current) tokens.push(current);
      current = '';
    } else current += ch;
  }
  if (depth !== 0) throw new Error(`unbalanced brackets in pattern "${pattern}"`);
  if (current) tokens.push(current);
  return tokens;
}

/** Split a group's body on the bars that are not inside a nested group. */
function splitAlternatives(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of body) {
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (ch === '|' && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

function token(tok: string, source: string): string {
  if (tok === '*') return WORD;
  const group = /^\((.+)\)$/.exec(tok);
  if (group) return `(?:${splitAlternatives(group[1]).map((alt) => phrase(alt, source)).join('|')})`;
  return atom(tok, source);
}

function phrase(pattern: string, source: string): string {
  const tokens = tokenize(pattern.trim());
  let out = '';
  let first = true;
  for (const tok of tokens) {
    const gap = /^\.\.(\d*)$/.exec(tok);
    if (gap) {
      if (first) throw new Error(`pattern "${source}" starts with a gap`);
      out += `(?:${SEP}${WORD}){0,${gap[1] || 3}}`;
      continue;
    }
    const optional = /^\[(.+)\]$/.exec(tok);
    const body = token(optional ? optional[1] : tok, source);
    if (optional) out += first ? `(?:${body}${SEP})?` : `(?:${SEP}${body})?`;
    else {
      out += (first ? '' : SEP) + body;
      first = false;
    }
  }
  if (first) throw new Error(`pattern "${source}" has no required word`);
  return out;
}

/** The regular expression source of one pattern (no flags, no capturing groups). */
export function compilePattern(pattern: string): string {
  const trimmed = pattern.trim();
  if (trimmed.startsWith('re:')) {
    const src = nonCapturing(trimmed.slice(3));
    new RegExp(src); // a malformed expression throws here; the caller names the pattern
    // "\\b" in single-quoted YAML stays two backslashes: a literal backslash that no report holds.
    if (/\\\\[bdswBDSW]/.test(src)) throw new Error(`pattern "${pattern}" matches a literal backslash (write \\b, not \\\\b, inside single quotes)`);
    return src;
  }
  return `(?<![\\w])${phrase(trimmed, pattern)}(?![\\w])`;
}

/** Length of the word prefixes that key patterns to the passages that can hold them (see leadKeys). */
export const KEY_LENGTH = 4;

/**
 * The key of a literal: its leading letters and digits, lower-cased, at most KEY_LENGTH; a
 * shorter whole word ("no", "the") is marked "=" so that it keys only that word, not every word
 * it begins. A hyphen may match nothing, so a run before one keys by prefix ("co-sleep" in
 * "cosleeping").
 */
function keyOf(literal: string): string {
  const [run = '', next = ''] = /^([a-z0-9]*)(.?)/.exec(literal.toLowerCase())?.slice(1) ?? [];
  if (!run) return '';
  return run.length < KEY_LENGTH && next !== '-' ? '=' + run : run.slice(0, KEY_LENGTH);
}

/** What every match of a phrase starts with, each literal it can start with read by `of` (a key, a word); null when unknown. */
function phraseLeads(pattern: string, source: string, of: (literal: string) => string): Set<string> | null {
  const keys = new Set<string>();
  for (const tok of tokenize(pattern.trim())) {
    const optional = /^\[(.+)\]$/.exec(tok);
    const body = optional ? optional[1] : tok;
    if (body === '*') return null;
    const group = /^\((.+)\)$/.exec(body);
    const found = group
      ? splitAlternatives(group[1]).map((alt) => phraseLeads(alt, source, of))
      : [new Set(atomForms(body, source).map(of))];
    for (const set of found) {
      if (!set || set.has('')) return null;
      for (const k of set) keys.add(k);
    }
    if (!optional) return keys;
  }
  return null;
}

/**
 * The whole first word of a literal, lower-cased, as a passage is split into words (runs of
 * letters, digits and underscores); '' when that cannot be said: no leading run, or a hyphen
 * after it, which may match nothing and so join the next run ("co-sleep" in "cosleeping").
 */
function firstWordOf(literal: string): string {
  const [run = '', next = ''] = /^([a-z0-9]*)(.?)/.exec(literal.toLowerCase())?.slice(1) ?? [];
  return next === '-' || next === '_' ? '' : run;
}

/**
 * The whole words, lower-cased, one of which every match of a phrase pattern starts with: a
 * narrower test than its lead keys, which only give a word's first letters ("fath" is also
 * "fathom"), so fewer expressions run, and fewer are compiled. Null where a lead key is all
 * that can be said (a raw expression, a wildcard, a hyphen that may join two words).
 */
export function firstWords(pattern: string): Set<string> | null {
  const trimmed = pattern.trim();
  return trimmed.startsWith('re:') ? null : phraseLeads(trimmed, pattern, firstWordOf);
}

/** True when a raw expression has a bar outside any group or class: its lead is then not one word. */
function topLevelBar(src: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) return true;
  }
  return false;
}

/**
 * The keys (word prefixes of up to KEY_LENGTH letters, or "="-marked short whole words) one of
 * which every match of the pattern starts with, or null when that cannot be said (a leading wildcard, a raw expression
 * that does not start at a word boundary with a literal). A match starts at the start of a word,
 * so a passage none of whose words begins with a key cannot match, and the pattern need not run.
 */
export function leadKeys(pattern: string): Set<string> | null {
  const trimmed = pattern.trim();
  if (!trimmed.startsWith('re:')) return phraseLeads(trimmed, pattern, keyOf);
  const src = trimmed.slice(3);
  if (!src.startsWith('\\b') || topLevelBar(src)) return null;
  // A leading word, or a leading group of alternatives that each start with one.
  const group = /^\\b\(\?:([^()]*)\)/.exec(src);
  const alts = group ? group[1].split('|') : [src.slice(2)];
  const keys = new Set<string>();
  for (const alt of alts) {
    const lead = /^([A-Za-z0-9]+)(.?)/.exec(alt);
    if (!lead) return null;
    // A quantifier after the run makes its last character optional.
    const run = /[?*{]/.test(lead[2]) ? lead[1].slice(0, -1) : lead[1];
    if (!run) return null;
    keys.add(run.slice(0, KEY_LENGTH).toLowerCase());
  }
  return keys;
}

/** The forms of a token that is one word or a group of one-word alternatives; null otherwise. */
function plainForms(tok: string | undefined, source: string): string[] | null {
  if (!tok || /^\[|^\*$|^\.\./.test(tok)) return null;
  const group = /^\((.+)\)$/.exec(tok);
  const alts = group ? splitAlternatives(group[1]) : [tok];
  if (alts.some((a) => /[\s()[\]]/.test(a.trim()))) return null;
  return alts.flatMap((a) => atomForms(a.trim(), source));
}

/**
 * The keys the word after the first must carry, when the pattern says so plainly: the second word
 * of a first form that has one ("did not", "parent's"), or else the keys of a required plain second
 * token. Null when it cannot be said (a hyphen may join two words, a gap or optional word follows).
 * A cheap check on the next word before the expression runs.
 */
export function secondKeys(pattern: string): Set<string> | null {
  const trimmed = pattern.trim();
  if (trimmed.startsWith('re:')) return null;
  const [first, second] = tokenize(trimmed);
  const forms = plainForms(first, pattern);
  if (!forms) return null;
  const keys = new Set<string>();
  let next: string[] | null | undefined;
  for (const form of forms) {
    if (form.includes('-')) return null;
    const rest = /^[a-z0-9]+[^a-z0-9]+(.+)$/i.exec(form);
    if (rest) keys.add(keyOf(rest[1]));
    else if (/^[a-z0-9]+$/i.test(form)) {
      next ??= plainForms(second, pattern)?.map(keyOf) ?? null;
      if (!next) return null;
      for (const k of next) keys.add(k);
    } else return null;
  }
  return keys.has('') ? null : keys;
}

/**
 * The keys of the pattern's last required word, when it is a plain word or group of one-word
 * alternatives and not the first: every match holds a word that starts with one of them, so a
 * passage with no such word need not run the pattern at all, wherever its first word occurs.
 * Null when that cannot be said (a raw expression, a wildcard or phrase group last, one word only).
 */
export function laterKeys(pattern: string): Set<string> | null {
  const trimmed = pattern.trim();
  if (trimmed.startsWith('re:')) return null;
  const tokens = tokenize(trimmed);
  let last = tokens.length - 1;
  while (last > 0 && /^\[|^\.\.\d*$/.test(tokens[last])) last--;
  if (last <= 0) return null;
  const forms = plainForms(tokens[last], pattern);
  if (!forms) return null;
  const keys = new Set(forms.map(keyOf));
  return keys.has('') ? null : keys;
}
