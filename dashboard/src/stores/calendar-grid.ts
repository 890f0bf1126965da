// Pure layout of the 节假日日历 screen: a year's days as 12 month grids
// (weeks start on Monday), and the upload result as summary text.
import type { CalendarDay, CalendarUploadResult } from '../api/calendar.ts';

export interface MonthGrid {
  month: number;
  label: string;
  /** Weeks of 7 cells, Monday first; null = a day of the neighbouring month. */
  weeks: Array<Array<CalendarDay | null>>;
  workdays: number;
  holidays: number;
}

export const WEEKDAY_LABELS = ['一', '二', '三', '四', '五', '六', '日'] as const;

/** ISO weekday 1 (Mon) … 7 (Sun) of a YYYY-MM-DD date, independent of the browser's time zone. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const w = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return w === 0 ? 7 : w;
}

export function monthGrids(days: readonly CalendarDay[]): MonthGrid[] {
  const out: MonthGrid[] = [];
  for (let m = 1; m <= 12; m++) {
    const mm = String(m).padStart(2, '0');
    const inMonth = days.filter((d) => d.date.slice(5, 7) === mm);
    const weeks: Array<Array<CalendarDay | null>> = [];
    let week: Array<CalendarDay | null> = [];
    if (inMonth.length > 0) for (let i = 1; i < isoWeekday(inMonth[0]!.date); i++) week.push(null);
    for (const d of inMonth) {
      week.push(d);
      if (week.length === 7) {
        weeks.push(week);
        week = [];
      }
    }
    if (week.length > 0) {
      while (week.length < 7) week.push(null);
      weeks.push(week);
    }
    const workdays = inMonth.filter((d) => d.isWorkday).length;
    out.push({ month: m, label: `${m}月`, weeks, workdays, holidays: inMonth.length - workdays });
  }
  return out;
}

/** A day cell's classes: working day / day off, weekend, overridden, changed from the national rule. */
export function dayClasses(d: CalendarDay): Record<string, boolean> {
  const weekend = isoWeekday(d.date) >= 6;
  return {
    work: d.isWorkday,
    off: !d.isWorkday,
    // 调休上班 on a weekend, or a holiday on a weekday: worth a second look.
    shifted: d.isWorkday === weekend,
    override: d.source === 'override',
  };
}

export function dayTitle(d: CalendarDay): string {
  const state = d.isWorkday ? '工作日' : '休息日';
  const src = d.source === 'override'
    ? `本地调整（全国安排：${d.nationalIsWorkday ? '工作日' : '休息日'}）`
    : d.fallback ? '按周一至周五推算' : '全国节假日安排';
  return `${d.date} ${state}${d.note ? ` · ${d.note}` : ''} · ${src}`;
}

/** One line summing up an upload: 读取 / 写入 / 重复 / 隔离 and recomputed cases. */
export function uploadSummary(r: CalendarUploadResult): string {
  const s = r.summary;
  const parts = [`读取 ${s.read} 行`, `写入 ${s.written} 行`];
  if (s.duplicates > 0) parts.push(`重复 ${s.duplicates} 行`);
  if (s.stale > 0) parts.push(`过期 ${s.stale} 行`);
  parts.push(`隔离 ${s.quarantined} 行`);
  parts.push(`重算办件 ${r.recomputedCases} 件`);
  return parts.join('，');
}

/** The years of the year picker: the current one ± a few, every announced year, and the selected one. */
export function yearOptions(current: number, announced: readonly number[], selected = current): number[] {
  const set = new Set<number>([...announced, selected]);
  for (let y = current - 2; y <= current + 2; y++) set.add(y);
  return [...set].filter((y) => y >= 2000 && y <= 2100).sort((a, b) => a - b);
}
