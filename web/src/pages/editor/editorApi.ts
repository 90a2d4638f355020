/** Client for the editor API (/api/admin); every call but login sends the session's bearer token. */
import type { AgeBand, AuditEntry, DocumentKind, FilePart, FileType, IdentifierKind, Nation, Outcome, ReviewStatus, ReviewType } from '../../../../model';

export type { AuditEntry } from '../../../../model';
import { ApiError } from '../../api';
import { sessionToken, signOut, startSession, type EditorUser } from './session';

export interface EditorMetadata {
  title: string;
  area: string | null;
  nation: Nation | null;
  region: string | null;
  year: number | null;
  review_type: ReviewType;
  age_band: AgeBand;
  gender: 'female' | 'male' | null;
  outcome: Outcome;
  abuse_types: string[];
  agencies: string[];
  document_kind: DocumentKind;
  /** False when the area is a board the partnership list does not know. */
  area_matched: boolean | null;
  inferred: string[];
  /** For each inferred field (wire name), the line of the report it was read from. */
  evidence: Record<string, string>;
}

export interface ReviewSummary {
  id: string;
  title: string;
  status: ReviewStatus;
  status_reason: string | null;
  year: number | null;
  area: string | null;
  file: string;
  open_flags: number;
  flags: number;
  updated_at: string;
}

export interface ReviewList {
  total: number;
  counts: Record<ReviewStatus, number>;
  results: ReviewSummary[];
}

export interface EditorFlag {
  index: number;
  kind: IdentifierKind;
  text: string;
  page: number;
  status: 'open' | 'redacted' | 'dismissed';
  /** Where in the file: the body, or a part the public never sees in the text (header, comment, properties...). */
  part: FilePart;
  /** Which one of its part: a file name within the DOCX, a property, "page 3 Text" for a PDF note. */
  where: string | null;
  page_offset: number | null;
  length: number;
  context: { before: string; match: string; after: string };
}

export interface EditorReviewDetail extends Omit<ReviewSummary, 'flags'> {
  metadata: EditorMetadata;
  source: { sha256: string; name: string; type: FileType; size: number; pages: number };
  summary: string;
  recommendations: { id: string; text: string; page: number }[];
  /** Fields an editor has corrected by hand: kept through re-extraction and re-tagging. */
  corrected: string[];
  extractor_version: string;
  themes: string[];
  ingested_at: string;
  /** True where the public gets the checked text but no file (see fileWithheld on the server). */
  file_withheld: boolean;
  flags: EditorFlag[];
  /** The text of each page that carries a flag. */
  pages: { num: number; text: string }[];
  has_text: boolean;
  /** Whether the server would publish the review now; if not, why, one sentence per obstacle. */
  publishable: boolean;
  publish_blockers: string[];
  ocr: EditorOcr | null;
}

/** What OCR read (or why it could not run), for checking each page against its image. */
export interface EditorOcr {
  engine: string | null;
  /** Packages to install on the server before OCR can run. */
  missing_tools: string[];
  mean_confidence: number | null;
  /** True until an editor has checked what OCR read (or could not read). */
  needs_check: boolean;
  checked_by: string | null;
  checked_at: string | null;
  pages: { num: number; confidence: number | null; text: string }[];
  failed: { num: number; error: string }[];
}


/** An upload's ingest job: queued, then running file by file, then done with its report. */
export interface UploadReport {
  id: string;
  state: 'queued' | 'running' | 'done';
  created_at: string;
  finished_at: string | null;
  done: number;
  total: number;
  files: {
    file: string;
    outcome: 'queued' | 'reading' | 'ingested' | 'unchanged' | 'failed';
    error: string | null;
    id: string | null;
    title: string | null;
    status: ReviewStatus | null;
    status_reason: string | null;
    flags: number;
    pages: number;
  }[];
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = sessionToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(`/api/admin${path}`, { method, headers, body: payload });
  } catch {
    throw new ApiError(0, 'The service could not be reached. Check your connection and try again.');
  }
  if (res.status === 401 && token) signOut();
  if (!res.ok) {
    const err = (await res.json().catch(() => null)) as { message?: unknown } | null;
    throw new ApiError(res.status, typeof err?.message === 'string' ? err.message : `The service answered ${res.status} ${res.statusText}.`);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export async function logIn(username: string, password: string): Promise<EditorUser> {
  const res = await request<{ token: string; user: EditorUser; expires_at: string }>('POST', '/login', { username, password });
  startSession({ token: res.token, user: res.user, expiresAt: res.expires_at });
  return res.user;
}

export function listReviews(params: URLSearchParams): Promise<ReviewList> {
  return request('GET', `/reviews?${params.toString()}`);
}

export function fetchEditorReview(id: string): Promise<EditorReviewDetail> {
  return request('GET', `/reviews/${encodeURIComponent(id)}`);
}

export function resolveFlag(id: string, index: number, action: 'redact' | 'dismiss'): Promise<EditorReviewDetail> {
  return request('POST', `/reviews/${encodeURIComponent(id)}/flags/${index}`, { action });
}

export function redactPhrase(id: string, phrase: string, kind: IdentifierKind): Promise<EditorReviewDetail> {
  return request('POST', `/reviews/${encodeURIComponent(id)}/redactions`, { phrase, kind });
}

export function publishReview(id: string): Promise<EditorReviewDetail> {
  return request('POST', `/reviews/${encodeURIComponent(id)}/publish`);
}

export function confirmOcr(id: string): Promise<EditorReviewDetail> {
  return request('POST', `/reviews/${encodeURIComponent(id)}/ocr-check`);
}

/** An image of one page of the original file, fetched with the token; the caller revokes the URL. */
export async function fetchPageImage(id: string, page: number): Promise<string> {
  const token = sessionToken();
  const res = await fetch(`/api/admin/reviews/${encodeURIComponent(id)}/pages/${page}/image`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    const err = (await res.json().catch(() => null)) as { message?: unknown } | null;
    throw new ApiError(res.status, typeof err?.message === 'string' ? err.message : `The page image could not be loaded (${res.status}).`);
  }
  return URL.createObjectURL(await res.blob());
}

export function withdrawReview(id: string, reason: string): Promise<EditorReviewDetail> {
  return request('POST', `/reviews/${encodeURIComponent(id)}/withdraw`, { reason });
}

export function updateMetadata(id: string, patch: Partial<EditableMetadata>): Promise<EditorReviewDetail> {
  return request('PATCH', `/reviews/${encodeURIComponent(id)}/metadata`, patch);
}

export type EditableMetadata = Omit<EditorMetadata, 'inferred' | 'evidence' | 'area_matched'>;

export function updateContent(id: string, patch: { summary?: string; recommendations?: string[] }): Promise<EditorReviewDetail> {
  return request('PATCH', `/reviews/${encodeURIComponent(id)}/content`, patch);
}

export function reextractReview(id: string): Promise<EditorReviewDetail> {
  return request('POST', `/reviews/${encodeURIComponent(id)}/reextract`);
}

export function fetchAudit(id: string): Promise<{ entries: AuditEntry[] }> {
  return request('GET', `/reviews/${encodeURIComponent(id)}/audit`);
}

export function uploadReports(form: FormData): Promise<UploadReport> {
  return request('POST', '/uploads', form);
}

export function fetchUploadJob(id: string): Promise<UploadReport> {
  return request('GET', `/uploads/${encodeURIComponent(id)}`);
}

/** The original file, fetched with the token and handed to the browser as a download. */
export async function downloadOriginal(id: string, name: string): Promise<void> {
  const token = sessionToken();
  const res = await fetch(`/api/admin/reviews/${encodeURIComponent(id)}/file`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new ApiError(res.status, 'The original file could not be downloaded.');
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}
