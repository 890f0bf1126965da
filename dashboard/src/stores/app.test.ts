import { createPinia, setActivePinia } from 'pinia';
import { expect, test } from 'vitest';
import { useAppStore } from './app.ts';

test('outage banner state', () => {
  setActivePinia(createPinia());
  const s = useAppStore();
  s.reportOutage('数据库暂时不可用，请稍后重试');
  expect(s.outage).toBe('数据库暂时不可用，请稍后重试');
  s.clearOutage();
  expect(s.outage).toBeNull();
});
