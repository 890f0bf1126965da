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
          { path: 'supervision', ...placeholder('电子监察', '预警、黄牌、红牌、超期和异常办件清单，办件全流程时间线与督办') },
          { path: 'supervision/cases', ...placeholder('办件清单', '按状态（预警/黄牌/红牌/超期办结/异常）查看办件及其时限') },
          { path: 'evaluation', ...placeholder('第三方评估', '指标体系、评估成绩单、外部指标导入与可验证的导出') },
          { path: 'data', component: () => import('./views/DataView.vue'), meta: { title: '数据管理' } },
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
