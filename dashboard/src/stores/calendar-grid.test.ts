import { expect, test } from 'vitest';
import type { CalendarDay } from '../api/calendar.ts';
import { dayClasses, dayTitle, isoWeekday, monthGrids, uploadSummary, yearOptions } from './calendar-grid.ts';

function year(y: number, off: (date: string) => boolean = (d) => isoWeekday(d) >= 6): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (let t = Date.UTC(y, 0, 1); t < Date.UTC(y + 1, 0, 1); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    days.push({ date, isWorkday: !off(date), source: 'national', nationalIsWorkday: !off(date), note: '', fallback: false });
  }
  return days;
}

test('isoWeekday: Monday 1 … Sunday 7', () => {
  expect(isoWeekday('2025-03-03')).toBe(1);
  expect(isoWeekday('2025-03-09')).toBe(7);
  expect(isoWeekday('2024-02-29')).toBe(4);
});

test('monthGrids: 12 months, Monday-first weeks padded with null, counts', () => {
  const grids = monthGrids(year(2025));
  expect(grids).toHaveLength(12);
  const march = grids[2]!;
  // 2025-03-01 is a Saturday: five blanks before it.
  expect(march.weeks[0]!.slice(0, 5)).toEqual([null, null, null, null, null]);
  expect(march.weeks[0]![5]!.date).toBe('2025-03-01');
  expect(march.weeks.every((w) => w.length === 7)).toBe(true);
  expect(march.weeks.flat().filter(Boolean)).toHaveLength(31);
  expect(march.workdays).toBe(21);
  expect(march.holidays).toBe(10);
  expect(grids.reduce((a, g) => a + g.workdays, 0)).toBe(261);
});

test('dayClasses and dayTitle: override and shifted days stand out', () => {
  const base: CalendarDay = { date: '2025-03-05', isWorkday: false, source: 'override', nationalIsWorkday: true, note: '地方假日', fallback: false };
  expect(dayClasses(base)).toEqual({ work: false, off: true, shifted: true, override: true });
  expect(dayTitle(base)).toBe('2025-03-05 休息日 · 地方假日 · 本地调整（全国安排：工作日）');
  const sunday: CalendarDay = { date: '2025-01-26', isWorkday: true, source: 'national', nationalIsWorkday: true, note: '春节调休上班', fallback: false };
  expect(dayClasses(sunday)).toMatchObject({ work: true, shifted: true, override: false });
  const fallback: CalendarDay = { date: '2090-01-02', isWorkday: true, source: 'national', nationalIsWorkday: true, note: '', fallback: true };
  expect(dayTitle(fallback)).toContain('按周一至周五推算');
  expect(dayClasses(fallback).shifted).toBe(false);
});

test('uploadSummary and yearOptions', () => {
  expect(uploadSummary({
    runId: 'r', format: 'csv', bytes: 10, quarantined: [], recomputedCases: 3,
    summary: { read: 3, written: 2, duplicates: 0, stale: 0, quarantined: 1 },
  })).toBe('读取 3 行，写入 2 行，隔离 1 行，重算办件 3 件');
  expect(yearOptions(2026, [2019, 2025, 2026])).toEqual([2019, 2024, 2025, 2026, 2027, 2028]);
  expect(yearOptions(2000, [])).toEqual([2000, 2001, 2002]);
  expect(yearOptions(2026, [2026], 2090)).toEqual([2024, 2025, 2026, 2027, 2028, 2090]);
});
