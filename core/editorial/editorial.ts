import fs from 'node:fs';
import {
  machineProposes,
  ocrNeedsCheck,
  themeOrigin,
  type Corrections,
  type EditorThemeOrigin,
  type IdentifierKind,
  type ReviewMetadata,
  type ReviewRecord,
  type SearchBackend,
  type ThemeDecision,
} from '../../model';
import { applyCorrections, mergeCorrections } from '../../ingest/corrections';
import type { PrepareOptions } from '../../ingest/pipeline';
import { tagRecord, type RecordTagger, type TaggingContext } from '../../ingest/tag-record';
import type { Store } from '../../store/store';
import type { AuditLog } from '../../store/audit-log';
import { phrasePattern, redactPhrase } from './redact';
import { isDiskFull } from '../../lib/disk-full';

/** An editorial refusal, carrying the HTTP status the API answers with. */
export class EditorialError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'EditorialError';
  }
}

export type MetadataPatch = Partial<Omit<ReviewMetadata, 'inferred' | 'evidence' | 'areaMatched'>>;

/** What an editor can correct besides the metadata. */
export interface ContentPatch {
  summary?: string;
  recommendations?: string[];
}

/** What an editor does to one review theme. */
export type ThemeChange =
  | { theme: string; action: 'confirm' }
  | { theme: string; action: 'remove' }
  | { theme: string; action: 'add'; passages: string[] };

const DECISION_ORIGIN = { confirm: 'confirmed', remove: 'removed', add: 'added' } as const satisfies Record<ThemeChange['action'], EditorThemeOrigin>;

export interface Publishability {
  publishable: boolean;
  /** Why not, in the editor's words, one sentence per obstacle; empty when it can be published. */
  reasons: string[];
}

const pageList = (nums: number[]) => `${nums.length === 1 ? 'page' : 'pages'} ${nums.join(', ')}`;

/** Whether a review can be published and, if not, every reason why: the one rule the publish route and the editor page share. */
export function publishability(record: ReviewRecord): Publishability {
  const reasons: string[] = [];
  const ocr = record.ocr;
  if (record.status === 'published') return { publishable: false, reasons: ['This review is already published.'] };
  if (!record.text) {
    if (ocr?.missingTools.length) {
      reasons.push(`This review has no text layer and OCR is not installed on the server: install ${ocr.missingTools.join(', ')} to read scanned reports.`);
    } else if (ocr?.failed.length) {
      reasons.push(`This review has no text layer and OCR could not read ${pageList(ocr.failed.map((f) => f.num))} (${ocr.failed[0].error}).`);
    } else if (ocr?.engine) {
      reasons.push('This review has no text layer and OCR found no readable text on its pages.');
    } else {
      reasons.push('This review has no text layer: it needs OCR before it can be checked and published.');
    }
  } else if (ocr && ocrNeedsCheck(ocr)) {
    const read = ocr.pages.map((p) => p.num);
    const unread = ocr.failed.map((f) => f.num);
    if (read.length) {
      const confidence = ocr.meanConfidence === null ? '' : ` (mean confidence ${Math.round(ocr.meanConfidence)}%)`;
      reasons.push(`The text of ${pageList(read)} was read by OCR${confidence}: check it against the page images and mark it checked.`);
    }
    if (unread.length) reasons.push(`OCR could not read ${pageList(unread)}: check those page images and mark the text checked to publish without them.`);
    if (ocr.missingTools.length) {
      reasons.push(`Some pages have no text layer and OCR is not installed on the server (install ${ocr.missingTools.join(', ')}): check the original file and mark the text checked to publish without them.`);
    }
  }
  const open = record.flags.filter((f) => f.status === 'open').length;
  if (open) reasons.push(`This review has ${open} open identifier ${open === 1 ? 'flag' : 'flags'}: redact or dismiss each before publishing.`);
  return { publishable: reasons.length === 0, reasons };
}

/** The reason a quarantined review is held, once the editor has dealt with the one before it. */
function holdReason(record: ReviewRecord): string | undefined {
  if (!record.text) return 'needs OCR';
  if (ocrNeedsCheck(record.ocr)) return 'OCR text to check';
  if (record.flags.some((f) => f.status === 'open')) return 'identifier flags';
  return undefined;
}

/**
 * Every editorial change to a review: each is written to the store of record, then to the audit
 * log, and only then acknowledged. The search index follows the store: a review enters it only
 * when published and leaves it before it is marked withdrawn, so a crash between the two steps
 * errs on the side of hiding (and `scr serve` re-levels the index on start).
 */
export class Editorial {
  constructor(
    readonly store: Store,
    readonly backend: SearchBackend,
    readonly audit: AuditLog,
  ) {}

  get(id: string): ReviewRecord {
    const record = this.store.get(id);
    if (!record) throw new EditorialError(404, `No review with id ${id}`);
    return record;
  }

  async publish(id: string, actor: string): Promise<ReviewRecord> {
    const record = this.get(id);
    if (record.status === 'published') return record;
    const { publishable, reasons } = publishability(record);
    if (!publishable) throw new EditorialError(409, reasons.join(' '));
    // A review published again after withdrawal counts as a new addition: it reappears in the feeds.
    const now = new Date().toISOString();
    const next: ReviewRecord = { ...record, status: 'published', publishedAt: now, updatedAt: now };
    delete next.statusReason;
    this.save(next, actor, 'publish', statusOf(record), statusOf(next));
    await this.backend.index(next);
    return next;
  }

  async withdraw(id: string, actor: string, reason: string): Promise<ReviewRecord> {
    const record = this.get(id);
    const next: ReviewRecord = { ...record, status: 'withdrawn', statusReason: reason, updatedAt: new Date().toISOString() };
    await this.backend.remove(id);
    try {
      this.save(next, actor, 'withdraw', statusOf(record), statusOf(next));
    } catch (err) {
      if (!isDiskFull(err)) throw err;
      try {
        // No room to rewrite the record: a marker a few bytes long keeps the withdrawal, written with
        // its audit line in the space the store holds back for it, so that a restart cannot republish.
        this.store.withReserve(() => {
          this.store.putWithdrawal(next);
          this.audit.append({ actor, action: 'withdraw', review_id: id, before: statusOf(record), after: statusOf(next) });
        });
      } catch (reserveErr) {
        if (!isDiskFull(reserveErr)) throw reserveErr;
        // Out of the index already; held in memory too, so no public route serves it meanwhile.
        this.store.holdUnsaved(next);
        throw new EditorialError(
          507,
          "The review is withdrawn from public view, but the server's disk is full so the withdrawal is not saved yet: ask the service administrator to free space, then withdraw it again.",
        );
      }
    }
    return next;
  }

  /** An editor has read the recognised text against the page images (and corrected what needed it). */
  confirmOcr(id: string, actor: string): ReviewRecord {
    const record = this.get(id);
    if (!record.ocr) throw new EditorialError(409, 'No page of this review was read by OCR: there is nothing to check.');
    if (!record.text) throw new EditorialError(409, 'This review has no text yet: there is nothing to check.');
    if (record.ocr.checked) return record;
    const next: ReviewRecord = { ...record, ocr: { ...record.ocr, checked: { by: actor, at: new Date().toISOString() } }, updatedAt: new Date().toISOString() };
    if (next.status === 'quarantined') {
      const reason = holdReason(next);
      if (reason) next.statusReason = reason;
      else delete next.statusReason;
    }
    this.save(next, actor, 'check-ocr', statusOf(record), { ...statusOf(next), checked: next.ocr!.checked });
    return next;
  }

  async resolveFlag(id: string, index: number, action: 'redact' | 'dismiss', actor: string): Promise<ReviewRecord> {
    const record = this.get(id);
    const flag = record.flags[index];
    if (!flag) throw new EditorialError(404, `Review ${id} has no flag ${index}`);
    if (flag.status !== 'open') throw new EditorialError(409, `Flag ${index} is already ${flag.status}.`);
    if (action === 'dismiss') {
      const flags = record.flags.map((f, i) => (i === index ? { ...f, status: 'dismissed' as const } : f));
      const next = { ...record, flags, updatedAt: new Date().toISOString() };
      this.save(next, actor, 'dismiss-flag', { flag: { index, ...flag } }, { flag: { index, ...flags[index] } });
      return next;
    }
    const { record: redacted, replaced } = redactPhrase(record, flag.text);
    const flags = redacted.flags.map((f, i) => (i === index ? { ...f, status: 'redacted' as const } : f));
    const next = { ...redacted, flags, updatedAt: new Date().toISOString() };
    this.save(next, actor, 'redact-flag', { flag: { index, ...flag } }, { flag: { index, ...flags[index] }, replaced });
    if (next.status === 'published') await this.backend.index(next);
    return next;
  }

  /** Redact a phrase the scan missed; it is kept as a redacted flag so the trail shows what was removed. */
  async redact(id: string, phrase: string, kind: IdentifierKind, actor: string): Promise<ReviewRecord> {
    const record = this.get(id);
    const first = record.text.search(phrasePattern(phrase));
    if (first < 0) throw new EditorialError(404, 'The phrase does not occur in the review text.');
    const page = record.pages.find((p) => p.start <= first && first <= p.end)?.num ?? 1;
    const { record: redacted, replaced } = redactPhrase(record, phrase);
    const flag = { kind, text: phrase.trim(), page, offset: first, status: 'redacted' as const };
    const next = { ...redacted, flags: [...redacted.flags, flag], updatedAt: new Date().toISOString() };
    this.save(next, actor, 'redact-phrase', null, { flag: { index: next.flags.length - 1, ...flag }, replaced });
    if (next.status === 'published') await this.backend.index(next);
    return next;
  }

  async editMetadata(id: string, patch: MetadataPatch, actor: string): Promise<ReviewRecord> {
    const record = this.get(id);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const current = record.metadata as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || JSON.stringify(current[key]) === JSON.stringify(value)) continue;
      before[key] = current[key];
      after[key] = value;
    }
    if (!Object.keys(after).length) return record;
    // A field an editor has set is no longer a guess; kept as a correction, it outlives re-extraction.
    const corrections = mergeCorrections(record.corrections, { metadata: after as MetadataPatch });
    const next = { ...applyCorrections({ ...record, corrections }), updatedAt: new Date().toISOString() };
    this.save(next, actor, 'edit-metadata', before, after);
    if (next.status === 'published') await this.backend.index(next);
    return next;
  }

  /** Correct the summary or the recommendations; kept as corrections, they outlive re-extraction and re-tagging. */
  async editContent(id: string, patch: ContentPatch, actor: string, tagging: TaggingContext | RecordTagger): Promise<ReviewRecord> {
    const record = this.get(id);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const current = { summary: record.summary, recommendations: record.recommendations.map((r) => r.text) };
    for (const [key, value] of Object.entries(patch) as [keyof ContentPatch, unknown][]) {
      if (value === undefined || JSON.stringify(current[key]) === JSON.stringify(value)) continue;
      before[key] = current[key];
      after[key] = value;
    }
    if (!Object.keys(after).length) return record;
    const corrections = mergeCorrections(record.corrections, after as Corrections);
    // Re-tagged so that corrected recommendations carry their own themes.
    const next = { ...(await tagWith(tagging)({ ...record, corrections })), updatedAt: new Date().toISOString() };
    // Tagged away from this thread: a change saved meanwhile is kept by starting again from it.
    if (this.get(id).updatedAt !== record.updatedAt) return this.editContent(id, patch, actor, tagging);
    this.save(next, actor, 'edit-content', before, after);
    if (next.status === 'published') await this.backend.index(next);
    return next;
  }

  /**
   * An editor's decision on a review theme: confirm the tagger's theme (or restore one removed),
   * remove it, or add one it missed with the passages that show it. Kept with the corrections, so
   * re-tagging, re-extraction and a new taxonomy apply it again; the record is re-tagged so that
   * its themes, and the passages that carry them, follow the decision at once.
   */
  async decideTheme(id: string, change: ThemeChange, actor: string, tagging: TaggingContext): Promise<ReviewRecord> {
    const record = this.get(id);
    const current = record.themes.find((t) => t.id === change.theme);
    const removed = record.removedThemes?.find((t) => t.id === change.theme);
    const was = current ? themeOrigin(current) : removed ? 'removed' : null;
    let passages: string[] = [];
    if (change.action === 'confirm') {
      if (was === 'confirmed' || was === 'added') return record;
      const machine = current ?? (removed && machineProposes(removed) ? removed : undefined);
      if (!machine) throw new EditorialError(409, `${change.theme} is not a theme of this review: add it with the passage that shows it.`);
      passages = machine.passages;
    } else if (change.action === 'remove') {
      if (was === 'removed') return record;
      if (!current) throw new EditorialError(409, `${change.theme} is not a theme of this review, so there is nothing to remove.`);
    } else {
      if (current) throw new EditorialError(409, `${change.theme} is already a theme of this review: confirm it instead.`);
      const known = new Set(record.passages.map((p) => p.id));
      const unknown = change.passages.filter((p) => !known.has(p));
      if (unknown.length) throw new EditorialError(404, `This review has no passage ${unknown.join(', ')}: choose the passage that shows the theme from the review's own text.`);
      passages = [...new Set(change.passages)];
    }
    const origin = DECISION_ORIGIN[change.action];
    const decision: ThemeDecision = { origin, by: actor, at: new Date().toISOString(), ...(passages.length ? { passages } : {}) };
    const corrections = mergeCorrections(record.corrections, { themes: { ...record.corrections?.themes, [change.theme]: decision } });
    const next = { ...tagRecord({ ...record, corrections }, tagging), updatedAt: decision.at };
    this.save(next, actor, `${change.action}-theme`, { theme: change.theme, origin: was }, { theme: change.theme, origin, ...(passages.length ? { passages } : {}) });
    if (next.status === 'published') await this.backend.index(next);
    return next;
  }

  /**
   * Read the stored file again with the current extractor, keeping what editors decided: their
   * corrections, the redactions (applied again to the new text), dismissed flags, status and dates.
   */
  async reextract(
    id: string,
    actor: string,
    tagging: TaggingContext | RecordTagger,
    // Where the file is read: the server passes its extraction workers, so no document is parsed on
    // its event loop; the CLI reads in process (prepareRecord).
    prepare: (data: Buffer, options: PrepareOptions) => Promise<ReviewRecord>,
  ): Promise<ReviewRecord> {
    const record = this.get(id);
    const file = this.store.filePath(record.source.sha256, record.source.type);
    if (!fs.existsSync(file)) throw new EditorialError(409, 'The original file of this review is not in the store, so it cannot be read again.');
    const fresh = await prepare(fs.readFileSync(file), { fileName: record.source.name, manifest: record.source.manifest });
    let next: ReviewRecord = await tagWith(tagging)({ ...fresh, ...(record.corrections ? { corrections: record.corrections } : {}) });
    if (this.get(id).updatedAt !== record.updatedAt) return this.reextract(id, actor, tagging, prepare);
    for (const flag of record.flags.filter((f) => f.status === 'redacted')) next = redactPhrase(next, flag.text).record;
    const decided = new Map(record.flags.filter((f) => f.status !== 'open').map((f) => [`${f.kind}\u0000${f.text}`, f.status]));
    const flags = next.flags.map((f) => ({ ...f, status: decided.get(`${f.kind}\u0000${f.text}`) ?? f.status }));
    const extra = record.flags.filter((f) => f.status === 'redacted' && !flags.some((g) => g.kind === f.kind && g.text === f.text));
    next = {
      ...next,
      flags: [...flags, ...extra],
      status: record.status,
      ...(record.statusReason ? { statusReason: record.statusReason } : {}),
      ...(record.publishedAt ? { publishedAt: record.publishedAt } : {}),
      ingestedAt: record.ingestedAt,
      updatedAt: new Date().toISOString(),
    };
    if (!record.statusReason) delete next.statusReason;
    this.save(next, actor, 'reextract', { extractorVersion: record.extractorVersion }, { extractorVersion: next.extractorVersion });
    if (next.status === 'published') await this.backend.index(next);
    return next;
  }

  /** Record that a review entered the store through the editor area. */
  recordIngest(record: ReviewRecord, actor: string, file: string): void {
    this.audit.append({ actor, action: 'ingest', review_id: record.id, before: null, after: { file, ...statusOf(record), title: record.metadata.title } });
  }

  private save(next: ReviewRecord, actor: string, action: string, before: unknown, after: unknown): void {
    this.store.put(next);
    this.audit.append({ actor, action, review_id: next.id, before, after });
  }
}

const tagWith = (tagging: TaggingContext | RecordTagger): RecordTagger =>
  typeof tagging === 'function' ? tagging : async (record) => tagRecord(record, tagging);

function statusOf(record: ReviewRecord): { status: string; statusReason?: string } {
  return record.statusReason ? { status: record.status, statusReason: record.statusReason } : { status: record.status };
}
