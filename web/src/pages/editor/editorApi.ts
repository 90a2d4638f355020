/**
 * Client for the editor API (/api/admin), typed by the generated client; every call but login
 * sends the session's bearer token, and a refused token ends the session.
 */
import type { AgeBand, DocumentKind, FilePart, FileType, IdentifierKind, Nation, Outcome, ReviewStatus, ReviewType } from '../../../../model';
import { apiClient, unwrap, type ResponseOf } from '../../api/client';
import { sessionToken, signOut, startSession, type EditorUser } from './session';

export type AuditEntry = ResponseOf<'/api/admin/reviews/{id}/audit', 'get'>['entries'][number];
export type UploadReport = ResponseOf<'/api/admin/uploads/{id}', 'get'>;

const editor = apiClient({
  onRequest({ request }) {
    const token = sessionToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && request.headers.has('Authorization')) signOut();
    return response;
  },
});

const review = (id: string) => ({ params: { path: { id } } });

/**
 * A route's generated response type once the OpenAPI document declares it; until then the shape
 * declared below. Declaring the response on the server (and `npm run openapi`) switches each
 * page over to the generated type, and the declarations here can go.
 */
type Generated<G, Declared> = [G] extends [never] ? Declared : G;

export type EditorReviewDetail = Generated<ResponseOf<'/api/admin/reviews/{id}', 'get'>, DeclaredReviewDetail>;
export type ReviewList = Generated<ResponseOf<'/api/admin/reviews', 'get'>, DeclaredReviewList>;
export type EditorMetadata = EditorReviewDetail['metadata'];
export type EditorFlag = EditorReviewDetail['flags'][number];

interface DeclaredMetadata {
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

interface DeclaredReviewSummary {
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

interface DeclaredReviewList {
  total: number;
  counts: Record<ReviewStatus, number>;
  results: DeclaredReviewSummary[];
}

interface DeclaredFlag {
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

interface DeclaredReviewDetail extends Omit<DeclaredReviewSummary, 'flags'> {
  metadata: DeclaredMetadata;
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
  flags: DeclaredFlag[];
  /** The text of each page that carries a flag. */
  pages: { num: number; text: string }[];
  has_text: boolean;
  /** Whether the server would publish the review now; if not, why, one sentence per obstacle. */
  publishable: boolean;
  publish_blockers: string[];
  ocr: DeclaredOcr | null;
}

/** What OCR read (or why it could not run), for checking each page against its image. */
interface DeclaredOcr {
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

export async function logIn(username: string, password: string) {
  const res = await unwrap(editor.POST('/api/admin/login', { body: { username, password } }));
  // The route's schema gives the role as a string; the server only ever issues these two.
  const user = res.user as EditorUser;
  startSession({ token: res.token, user, expiresAt: res.expires_at });
  return user;
}

export function listReviews(query: { size?: number; status?: ReviewStatus; q?: string }, signal?: AbortSignal): Promise<ReviewList> {
  return unwrap<ReviewList>(editor.GET('/api/admin/reviews', { params: { query }, signal }));
}

export function fetchEditorReview(id: string, signal?: AbortSignal): Promise<EditorReviewDetail> {
  return unwrap<EditorReviewDetail>(editor.GET('/api/admin/reviews/{id}', { ...review(id), signal }));
}

export function resolveFlag(id: string, index: number, action: 'redact' | 'dismiss'): Promise<EditorReviewDetail> {
  return unwrap<EditorReviewDetail>(editor.POST('/api/admin/reviews/{id}/flags/{index}', { params: { path: { id, index } }, body: { action } }));
}

export function redactPhrase(id: string, phrase: string, kind: IdentifierKind): Promise<EditorReviewDetail> {
  return unwrap<EditorReviewDetail>(editor.POST('/api/admin/reviews/{id}/redactions', { ...review(id), body: { phrase, kind } }));
}

export function publishReview(id: string): Promise<EditorReviewDetail> {
  return unwrap<EditorReviewDetail>(editor.POST('/api/admin/reviews/{id}/publish', review(id)));
}

export function confirmOcr(id: string): Promise<EditorReviewDetail> {
  return unwrap<EditorReviewDetail>(editor.POST('/api/admin/reviews/{id}/ocr-check', review(id)));
}

/** An image of one page of the original file, fetched with the token; the caller revokes the URL. */
export async function fetchPageImage(id: string, page: number, signal?: AbortSignal): Promise<string> {
  const call = editor.GET('/api/admin/reviews/{id}/pages/{n}/image', { params: { path: { id, n: page } }, parseAs: 'blob', signal });
  return URL.createObjectURL(await unwrap(call, 'The page image could not be loaded.'));
}

export function withdrawReview(id: string, reason: string): Promise<EditorReviewDetail> {
  return unwrap<EditorReviewDetail>(editor.POST('/api/admin/reviews/{id}/withdraw', { ...review(id), body: { reason } }));
}

export function updateMetadata(id: string, patch: Partial<EditableMetadata>): Promise<EditorReviewDetail> {
  return unwrap<EditorReviewDetail>(editor.PATCH('/api/admin/reviews/{id}/metadata', { ...review(id), body: patch }));
}

export type EditableMetadata = Omit<EditorMetadata, 'inferred' | 'evidence' | 'area_matched'>;

export function updateContent(id: string, patch: { summary?: string; recommendations?: string[] }): Promise<EditorReviewDetail> {
  return unwrap<EditorReviewDetail>(editor.PATCH('/api/admin/reviews/{id}/content', { ...review(id), body: patch }));
}

export function reextractReview(id: string): Promise<EditorReviewDetail> {
  return unwrap<EditorReviewDetail>(editor.POST('/api/admin/reviews/{id}/reextract', review(id)));
}

export function fetchAudit(id: string, signal?: AbortSignal) {
  return unwrap(editor.GET('/api/admin/reviews/{id}/audit', { ...review(id), signal }));
}

export function uploadReports(form: FormData): Promise<UploadReport> {
  // The route reads multipart parts itself, so the document describes no body for it.
  return unwrap(editor.POST('/api/admin/uploads', { body: form as never }));
}

export function fetchUploadJob(id: string, signal?: AbortSignal): Promise<UploadReport> {
  return unwrap(editor.GET('/api/admin/uploads/{id}', { ...review(id), signal }));
}

/** The original file, fetched with the token and handed to the browser as a download. */
export async function downloadOriginal(id: string, name: string): Promise<void> {
  const file = await unwrap<Blob>(editor.GET('/api/admin/reviews/{id}/file', { ...review(id), parseAs: 'blob' }), 'The original file could not be downloaded.');
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}
