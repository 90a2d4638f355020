import {
  editorConfirmed,
  machineProposes,
  themeOrigin,
  type EditorThemeOrigin,
  type Passage,
  type ReviewRecord,
  type ReviewTheme,
  type ThemeDecision,
} from '../model';

/** An editor's theme shows its passages as evidence; a long passage is cut at a sentence near this length. */
const EVIDENCE_CHARS = 300;

/** Editors' evidence counts in full: the editor has read the passage and says it shows the theme. */
const EDITOR_SCORE = 1;

export interface DecidedThemes {
  themes: ReviewTheme[];
  removedThemes: ReviewTheme[];
  passages: Passage[];
}

function clip(text: string): string {
  if (text.length <= EVIDENCE_CHARS) return text;
  const stop = text.slice(0, EVIDENCE_CHARS).search(/[.!?]\s[^.!?]*$/);
  return stop > 0 ? text.slice(0, stop + 1) : `${text.slice(0, EVIDENCE_CHARS).trimEnd()}…`;
}

const decided = (theme: ReviewTheme, d: ThemeDecision, machine: boolean): ReviewTheme => ({
  ...theme,
  origin: d.origin,
  machine,
  decidedBy: d.by,
  decidedAt: d.at,
});

/**
 * The review's themes with editors' decisions laid over the tagger's: the one place a record's
 * public themes are computed, so search, digests, packs, statistics and the review page all follow
 * the editor where there is a decision. A removed theme leaves the public list (and the tagger
 * cannot bring it back); an added or confirmed one stays whatever the tagger now says, with the
 * passages the editor chose, which are tagged with it so that they serve as its key passages.
 */
export function applyThemeDecisions(machine: ReviewTheme[], passages: Passage[], decisions: Record<string, ThemeDecision> | undefined): DecidedThemes {
  if (!decisions || !Object.keys(decisions).length) return { themes: machine, removedThemes: [], passages };
  const byId = new Map(passages.map((p) => [p.id, p]));
  const chosen = (d: ThemeDecision) => (d.passages ?? []).filter((id) => byId.has(id));
  const themes: ReviewTheme[] = [];
  const removedThemes: ReviewTheme[] = [];
  const proposed = new Set(machine.map((t) => t.id));
  for (const t of machine) {
    const d = decisions[t.id];
    if (!d) themes.push(t);
    else if (d.origin === 'removed') removedThemes.push(decided(t, d, true));
    else {
      const own = chosen(d).filter((id) => !t.passages.includes(id));
      themes.push(decided({ ...t, passages: [...own, ...t.passages], evidence: [...own.map((id) => clip(byId.get(id)!.text)), ...t.evidence] }, d, true));
    }
  }
  for (const [id, d] of Object.entries(decisions)) {
    if (proposed.has(id)) continue;
    if (d.origin === 'removed') {
      removedThemes.push(decided({ id, score: 0, passages: [], evidence: [] }, d, false));
      continue;
    }
    const ids = chosen(d);
    // Every passage the editor chose has gone (the file was read again differently): the decision stands, shown without evidence.
    themes.push(decided({ id, score: EDITOR_SCORE, passages: ids, evidence: ids.map((p) => clip(byId.get(p)!.text)) }, d, false));
  }
  themes.sort((a, b) => b.score - a.score);
  const editorThemesOf = new Map<string, string[]>();
  for (const t of themes) if (editorConfirmed(t)) for (const p of t.passages) editorThemesOf.set(p, [...(editorThemesOf.get(p) ?? []), t.id]);
  const tagged = passages.map((p) => {
    const missing = (editorThemesOf.get(p.id) ?? []).filter((id) => !p.themes.some((t) => t.id === id));
    return missing.length ? { ...p, themes: [...p.themes, ...missing.map((id) => ({ id, score: EDITOR_SCORE, evidence: [clip(p.text)] }))] } : p;
  });
  return { themes, removedThemes, passages: tagged };
}

/** Where the tagger, as last run, disagrees with an editor's decision on a review. */
export interface ThemeDisagreement {
  review_id: string;
  title: string;
  theme: string;
  /** What the editor decided. */
  origin: EditorThemeOrigin;
  decided_by: string | null;
  decided_at: string | null;
  /** 'would-remove': the tagger no longer finds a theme an editor confirmed or added; 'proposes': it finds one an editor removed. */
  machine: 'would-remove' | 'proposes';
}

export function themeDisagreements(record: ReviewRecord): ThemeDisagreement[] {
  const out: ThemeDisagreement[] = [];
  const push = (t: ReviewTheme, machine: ThemeDisagreement['machine']) =>
    out.push({
      review_id: record.id,
      title: record.metadata.title,
      theme: t.id,
      origin: themeOrigin(t) as EditorThemeOrigin,
      decided_by: t.decidedBy ?? null,
      decided_at: t.decidedAt ?? null,
      machine,
    });
  for (const t of record.themes) if (editorConfirmed(t) && !machineProposes(t)) push(t, 'would-remove');
  for (const t of record.removedThemes ?? []) if (machineProposes(t)) push(t, 'proposes');
  return out;
}

/** One line per disagreement, for `scr retag` and the like. */
export function formatDisagreement(d: ThemeDisagreement): string {
  const who = d.decided_by ? ` by ${d.decided_by}${d.decided_at ? ` on ${d.decided_at.slice(0, 10)}` : ''}` : '';
  return d.machine === 'would-remove'
    ? `${d.review_id}\t${d.theme}\t${d.origin}${who}; the tagger no longer finds it (kept)`
    : `${d.review_id}\t${d.theme}\tremoved${who}; the tagger finds it again (kept removed)`;
}
