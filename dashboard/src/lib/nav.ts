// Role-aware navigation and route access (issue: Dashboard shell).
import type { Role } from '../api/auth.ts';

export interface NavItem {
  label: string;
  path: string;
}

const OVERVIEW: NavItem = { label: '驾驶舱', path: '/overview' };
const RANKINGS: NavItem = { label: '排行榜', path: '/rankings' };
const SUPERVISION: NavItem = { label: '电子监察', path: '/supervision' };
const SCREEN: NavItem = { label: '大屏', path: '/screen' };
const EVALUATION: NavItem = { label: '第三方评估', path: '/evaluation' };
const DATA: NavItem = { label: '数据管理', path: '/data' };
const SYSTEM: NavItem = { label: '系统管理', path: '/system' };

export const NAV: Record<Role, NavItem[]> = {
  admin: [OVERVIEW, RANKINGS, SUPERVISION, DATA, SYSTEM],
  leader: [OVERVIEW, RANKINGS, SCREEN, SUPERVISION],
  inspector: [OVERVIEW, RANKINGS, SUPERVISION],
  evaluator: [OVERVIEW, RANKINGS, EVALUATION],
  dept: [OVERVIEW, RANKINGS, SUPERVISION],
};

/** Who may open a top-level section (first path segment); unlisted sections are open to every role. */
export const SECTION_ROLES: Record<string, readonly Role[]> = {
  supervision: ['admin', 'leader', 'inspector', 'dept'],
  screen: ['admin', 'leader'],
  evaluation: ['admin', 'evaluator', 'leader'],
  data: ['admin'],
  system: ['admin'],
};

/**
 * Pages open to more roles than their section: evaluators read case lists and
 * details (masked by the server, api.md: Roles) — the drill-down of a score.
 */
export const PAGE_ROLES: Record<string, readonly Role[]> = {
  '/supervision/cases': ['admin', 'leader', 'inspector', 'dept', 'evaluator'],
};

export function mayOpen(role: Role, path: string): boolean {
  const page = Object.keys(PAGE_ROLES).find((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  if (page) return PAGE_ROLES[page]!.includes(role);
  const section = path.split('/')[1] ?? '';
  const allowed = SECTION_ROLES[section];
  return !allowed || allowed.includes(role);
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理员',
  leader: '领导',
  inspector: '纪检监察',
  evaluator: '第三方评估',
  dept: '部门',
};
