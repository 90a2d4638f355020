import type { RouteLocationNormalized, RouteRecordRaw } from 'vue-router';
import { sessionToken } from './session';
import './editor.css';

/** Editor pages need a session; without one they send the editor to sign in and come back. */
function requireSession(to: RouteLocationNormalized) {
  return sessionToken() ? true : { name: 'editor-login', query: { next: to.fullPath } };
}

export const editorRoutes: RouteRecordRaw[] = [
  { path: '/editor/login', name: 'editor-login', component: () => import('./EditorLoginPage.vue') },
  { path: '/editor', name: 'editor', component: () => import('./EditorReviewsPage.vue'), beforeEnter: requireSession },
  { path: '/editor/upload', name: 'editor-upload', component: () => import('./EditorUploadPage.vue'), beforeEnter: requireSession },
  { path: '/editor/reviews/:id', name: 'editor-review', component: () => import('./EditorReviewPage.vue'), props: true, beforeEnter: requireSession },
  { path: '/editor/agreement', name: 'editor-agreement', component: () => import('./AgreementPage.vue'), beforeEnter: requireSession },
];
