// Routes. Every page but /login needs a session; sections are role-gated
// (lib/nav.ts). Pages whose backends are not built yet show 建设中.
import { createRouter, createWebHistory, type Router } from 'vue-router';
import { useSessionStore } from './stores/session.ts';
import AppShell from './components/AppShell.vue';
import LoginView from './views/LoginView.vue';

const placeholder = (title: string, detail: string) => ({
  component: () => import('./views/PlaceholderView.vue'),
  props: { title, detail },
});

export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHistory(),
    routes: [
      { path: '/login', component: LoginView, meta: { public: true } },
      { path: '/screen', component: () => import('./views/ScreenView.vue') },
      {
        path: '/',
        component: AppShell,
        children: [
          { path: '', redirect: '/overview' },
          { path: 'overview', component: () => import('./views/OverviewView.vue'), meta: { filters: true, title: '驾驶舱' } },
          { path: 'rankings', component: () => import('./views/RankingsView.vue'), meta: { filters: true, title: '排行榜' } },
          // 电子监察 (views/supervision/): the section opens on the open 红牌 cases.
          { path: 'supervision', redirect: (to) => ({ path: '/supervision/cases', query: { state: 'red', ...to.query } }) },
          { path: 'supervision/cases', component: () => import('./views/supervision/CaseListView.vue'), meta: { filters: true, title: '办件清单' } },
          { path: 'supervision/cases/:id', component: () => import('./views/supervision/CaseDetailView.vue'), meta: { title: '办件详情' } },
          { path: 'supervision/actions', component: () => import('./views/supervision/ActionsView.vue'), meta: { title: '督办' } },
          { path: 'supervision/bad-ratings', component: () => import('./views/supervision/BadRatingsView.vue'), meta: { filters: true, title: '好差评' } },
          { path: 'evaluation', component: () => import('./views/evaluation/EvaluationView.vue'), meta: { title: '第三方评估' } },
          { path: 'evaluation/scorecards/:id', component: () => import('./views/evaluation/ScorecardView.vue'), meta: { title: '评估成绩单' } },
          { path: 'data', component: () => import('./views/DataView.vue'), meta: { title: '数据管理' } },
          { path: 'data/calendar', component: () => import('./views/CalendarView.vue'), meta: { title: '节假日日历' } },
          { path: 'system', component: () => import('./views/SystemView.vue'), meta: { title: '系统管理' } },
          { path: ':rest(.*)*', component: () => import('./views/NotFoundView.vue') },
        ],
      },
    ],
  });

  router.beforeEach(async (to) => {
    const session = useSessionStore();
    if (!session.checked) {
      try {
        await session.restore();
      } catch {
        // Server unreachable: the login page shows the error when signing in.
      }
    }
    if (to.meta.public) return session.user && to.path === '/login' ? '/overview' : true;
    if (!session.user) return { path: '/login', query: to.fullPath === '/overview' || to.fullPath === '/' ? {} : { redirect: to.fullPath } };
    if (!session.canOpen(to.path)) return '/overview';
    return true;
  });

  return router;
}

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean;
    /** Shows the global filter bar. */
    filters?: boolean;
    title?: string;
  }
}
