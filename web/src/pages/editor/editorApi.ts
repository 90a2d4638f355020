/**
 * Client for the editor API (/api/admin), typed by the generated client; every call but login
 * sends the session's bearer token, and a refused token ends the session.
 */
import type { IdentifierKind, ReviewStatus } from '../../../../model';
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

export type EditorReviewDetail = ResponseOf<'/api/admin/reviews/{id}', 'get'>;
export type ReviewList = ResponseOf<'/api/admin/reviews', 'get'>;
export type EditorMetadata = EditorReviewDetail['metadata'];
export type EditorFlag = EditorReviewDetail['flags'][number];

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

export type ThemeDecision = EditorReviewDetail['theme_decisions'][number];
export type ThemeAction = 'confirm' | 'remove' | 'add';
export type ReviewPassage = ResponseOf<'/api/admin/reviews/{id}/passages', 'get'>['passages'][number];
export type Agreement = ResponseOf<'/api/admin/agreement', 'get'>;

/** Confirm or remove a review theme, or add one with the passages that show it. */
export function decideTheme(id: string, theme: string, action: ThemeAction, passages?: string[]): Promise<EditorReviewDetail> {
  return unwrap<EditorReviewDetail>(editor.POST('/api/admin/reviews/{id}/themes', { ...review(id), body: { theme, action, ...(passages ? { passages } : {}) } }));
}

export function findPassages(id: string, q: string, signal?: AbortSignal) {
  return unwrap(editor.GET('/api/admin/reviews/{id}/passages', { params: { path: { id }, query: { q } }, signal }));
}

export function fetchAgreement(signal?: AbortSignal): Promise<Agreement> {
  return unwrap<Agreement>(editor.GET('/api/admin/agreement', { signal }));
}
