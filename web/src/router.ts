import { nextTick } from 'vue';
import { createRouter, createWebHistory } from 'vue-router';
import SearchPage from './pages/SearchPage.vue';
import { editorRoutes } from './pages/editor/routes';

declare module 'vue-router' {
  interface RouteMeta {
    /** A skip link offered before "Skip to main content", to the element with this id. */
    skipTo?: { id: string; label: string };
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'search', component: SearchPage, meta: { skipTo: { id: 'results-heading', label: 'Skip to results' } } },
    { path: '/reviews/:id', name: 'review', component: () => import('./pages/ReviewPage.vue'), props: true },
    { path: '/themes', name: 'themes', component: () => import('./pages/ThemesPage.vue') },
    { path: '/themes/:id', name: 'theme', component: () => import('./pages/ThemePage.vue'), props: true },
    { path: '/stats', name: 'stats', component: () => import('./pages/StatsPage.vue') },
    { path: '/pack', name: 'pack', component: () => import('./pages/PackPage.vue') },
    { path: '/follow', name: 'follow', component: () => import('./pages/alerts/FollowPage.vue') },
    { path: '/alerts/confirm', name: 'alert-confirm', component: () => import('./pages/alerts/AlertConfirmPage.vue') },
    { path: '/alerts/manage', name: 'alert-manage', component: () => import('./pages/alerts/AlertManagePage.vue') },
    ...editorRoutes,
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
  ],
  scrollBehavior(to, from, savedPosition) {
    if (savedPosition) return savedPosition;
    if (to.hash) return { el: to.hash };
    // Ticking a filter should not jump the page; a new page of results or a new page should.
    if (to.path === from.path && to.query.page === from.query.page) return false;
    return { top: 0 };
  },
});

// On a move to another page, put focus at the start of the main content, as a full page load would.
router.afterEach((to, from) => {
  if (!from.matched.length || to.path === from.path) return;
  void nextTick(() => document.getElementById('main')?.focus());
});
