import { expect, test } from 'vitest';
import { mayOpen, NAV } from './nav.ts';

test('navigation per role (issue: Dashboard shell)', () => {
  const labels = Object.fromEntries(Object.entries(NAV).map(([role, items]) => [role, items.map((i) => i.label)]));
  expect(labels).toEqual({
    admin: ['驾驶舱', '排行榜', '电子监察', '数据管理', '系统管理'],
    leader: ['驾驶舱', '排行榜', '大屏', '电子监察'],
    inspector: ['驾驶舱', '排行榜', '电子监察'],
    evaluator: ['驾驶舱', '排行榜', '第三方评估'],
    dept: ['驾驶舱', '排行榜', '电子监察'],
  });
});

test('sections are gated by role', () => {
  expect(mayOpen('admin', '/data')).toBe(true);
  expect(mayOpen('leader', '/data')).toBe(false);
  // Evaluators follow a score down to its (masked) cases, but have no 督办 or 好差评 pages.
  expect(mayOpen('evaluator', '/supervision/cases')).toBe(true);
  expect(mayOpen('evaluator', '/supervision/cases/C1')).toBe(true);
  expect(mayOpen('evaluator', '/supervision/actions')).toBe(false);
  expect(mayOpen('evaluator', '/supervision/bad-ratings')).toBe(false);
  expect(mayOpen('dept', '/supervision/cases')).toBe(true);
  expect(mayOpen('inspector', '/screen')).toBe(false);
  expect(mayOpen('evaluator', '/rankings')).toBe(true);
});
