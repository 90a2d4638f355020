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
 * Written British spellings in -ise also match -ize.
 */
import nlp from 'compromise';

const SEP = '\\s+';
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
    const doc = nlp(word);
    doc.tag('Infinitive'); // tags in place: read the word as a verb even where it is also a noun
    const conj = doc.verbs().conjugate()[0] as Record<string, string> | undefined;
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
    const doc = nlp(word);
    doc.tag('Singular');
    // compromise leaves some nouns unchanged (it reads "mark" as a name): add the regular plural then.
    const found = doc.nouns().toPlural().text();
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

function atom(text: string, source: string): string {
  const alts = text.split('|').flatMap((a) => {
    if (!a) throw new Error(`empty alternative in pattern "${source}"`);
    if (a.endsWith('~')) return verbForms(a.slice(0, -1));
    if (a.endsWith('+')) return nounForms(a.slice(0, -1));
    return withZ([a]);
  });
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
    return src;
  }
  return `(?<![\\w])${phrase(trimmed, pattern)}(?![\\w])`;
}
