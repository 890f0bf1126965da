// A deadline explained so that a person can follow it (supervision issue,
// case detail): "受理 2025-01-24 (周五)；承诺 5 个工作日；春节 1/28–2/4 不计；
// 1/26 调休上班计入；暂停计时 2 个工作日 (2/5–2/7) → 应办结 2025-02-10".
// It narrates the facts computed by deadline.ts; it computes no deadline itself.
import type { LimitUnit } from '../contract/records.ts';
import { addDays, beijingDate, weekday } from './beijing.ts';
import type { DeadlineFacts } from './deadline.ts';
import { nationalDayNote, nationalIsWorkday } from './national-schedule.ts';
import type { WorkCalendar } from './work-calendar.ts';

const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const md = (date: string) => `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`;
const span = (a: string, b: string) => (a === b ? md(a) : `${md(a)}–${md(b)}`);

export interface ExplainInput {
  acceptedAt: number;
  unit: LimitUnit;
  facts: DeadlineFacts;
  calendar: WorkCalendar;
  /** Labels of the closed suspensions, e.g. '补正' / '特别程序'; default '暂停计时'. */
  suspensionLabels?: readonly string[];
}

/** Why the days between acceptance and `to` count or not: holidays, 调休, local overrides. */
function calendarNotes(from: string, to: string, calendar: WorkCalendar): string[] {
  const notes: string[] = [];
  let run: { name: string; first: string; last: string } | null = null;
  const flush = () => {
    if (run) notes.push(`${run.name} ${span(run.first, run.last)} 不计`);
    run = null;
  };
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
    const national = nationalDayNote(d);
    const working = calendar.isWorkday(d);
    if (working !== nationalIsWorkday(d)) {
      flush();
      notes.push(`${md(d)} 日历调整为${working ? '工作日计入' : '休息日不计'}`);
    } else if (national?.off && !working) {
      if (run && run.name === national.name && addDays(run.last, 1) === d) run.last = d;
      else {
        flush();
        run = { name: national.name, first: d, last: d };
      }
    } else if (national && !national.off && working) {
      flush();
      notes.push(`${md(d)} 调休上班计入`);
    }
  }
  flush();
  return notes;
}

export function explainDeadline({ acceptedAt, unit, facts, calendar, suspensionLabels }: ExplainInput): string {
  const accept = beijingDate(acceptedAt);
  const parts = [`受理 ${accept} (${WEEKDAYS[weekday(accept)]})`];
  if (!facts.hasDeadline || facts.dueDate === null) {
    parts.push('无承诺时限 (无时限办件)');
    return parts.join('；');
  }
  const n = facts.promisedLimit ?? 0;
  const unitText = unit === 'workday' ? '个工作日' : '个自然日';
  parts.push(n === 0 ? '即办件 (承诺 0 个工作日)' : `承诺 ${n} ${unitText}`);
  parts.push(...calendarNotes(accept, facts.dueDate, calendar));
  facts.suspensions.forEach((s, i) => {
    const days = unit === 'workday'
      ? `${calendar.countWorkdays(beijingDate(s.start), beijingDate(s.end))} 个工作日`
      : `${Math.round((Date.parse(beijingDate(s.end)) - Date.parse(beijingDate(s.start))) / 86_400_000)} 天`;
    parts.push(`${suspensionLabels?.[i] ?? '暂停计时'} ${days} (${span(beijingDate(s.start), beijingDate(s.end))})`);
  });
  if (facts.openSuspensionStart !== null) parts.push(`自 ${beijingDate(facts.openSuspensionStart)} 起暂停计时中`);
  if (unit === 'natural_day' && n > 0) {
    const lapse = addDays(accept, n + facts.extNatural);
    if (lapse !== facts.dueDate) parts.push(`期满日 ${lapse} 非工作日，顺延`);
  }
  let text = `${parts.join('；')} → 应办结 ${facts.dueDate}`;
  if (facts.legalDueDate !== null && facts.legalLimit !== null) {
    text += `；法定 ${facts.legalLimit} ${unitText} → 法定期限 ${facts.legalDueDate}`;
  }
  if (facts.fallbackCalendar) text += '（含未公布节假日安排的年份，按周一至周五推算）';
  return text;
}
