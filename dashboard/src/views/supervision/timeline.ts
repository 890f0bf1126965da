// The case detail's vertical timeline: steps, suspensions and the deadline
// markers (受理, 应办结, 法定办结, 办结, 统计时点) in time order.
import type { CaseDetail } from '../../api/supervision.ts';

export type TimelineKind = 'step' | 'suspension' | 'accepted' | 'due' | 'legal_due' | 'finished' | 'withdrawn' | 'as_of';

export interface TimelineEntry {
  kind: TimelineKind;
  /** Sort key: epoch ms (a date marker sorts at the end of its Beijing day). */
  at: number;
  /** Display time (ISO instant or YYYY-MM-DD). */
  when: string;
  title: string;
  detail?: string;
  actor?: string;
  durationSeconds?: number | null;
  /** Past the marker at as_of (a due marker the case overran). */
  overrun?: boolean;
}

const ms = (iso: string): number => Date.parse(iso);
/** 23:59:59 Beijing of a YYYY-MM-DD date (a due date is the end of that day). */
const endOfDay = (date: string): number => Date.parse(`${date}T23:59:59+08:00`);

export function buildTimeline(d: CaseDetail): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const c = d.case;
  const end = c.finishedAt ? ms(c.finishedAt) : ms(d.asOf);
  // The 受理 marker only when no 受理 step already shows it.
  if (c.acceptedAt && !d.steps.some((s) => s.type === 'accept')) out.push({ kind: 'accepted', at: ms(c.acceptedAt), when: c.acceptedAt, title: '受理' });
  for (const s of d.steps) {
    out.push({
      kind: 'step', at: ms(s.startedAt), when: s.startedAt, title: s.name || s.type, actor: s.actorId,
      durationSeconds: s.durationSeconds, detail: s.endedAt ? undefined : '进行中',
    });
  }
  for (const s of d.suspensions) {
    out.push({ kind: 'suspension', at: ms(s.start), when: s.start, title: `暂停计时：${s.label}`, detail: `至 ${s.end}，顺延 ${s.workdays} 个工作日（${s.naturalDays} 个自然日）` });
  }
  if (d.openSuspensionStart) {
    out.push({ kind: 'suspension', at: ms(d.openSuspensionStart), when: d.openSuspensionStart, title: '暂停计时（尚未结束）', detail: '暂停期间不计入办理时限' });
  }
  const dl = d.deadline;
  if (dl.dueDate) out.push({ kind: 'due', at: endOfDay(dl.dueDate), when: dl.dueDate, title: '承诺时限到期（应办结）', overrun: end > endOfDay(dl.dueDate) });
  if (dl.legalDueDate) out.push({ kind: 'legal_due', at: endOfDay(dl.legalDueDate), when: dl.legalDueDate, title: '法定时限到期', overrun: end > endOfDay(dl.legalDueDate) });
  if (c.finishedAt) out.push({ kind: 'finished', at: ms(c.finishedAt), when: c.finishedAt, title: '办结' });
  if (c.withdrawnAt) out.push({ kind: 'withdrawn', at: ms(c.withdrawnAt), when: c.withdrawnAt, title: '撤回' });
  if (!c.finishedAt && !c.withdrawnAt) out.push({ kind: 'as_of', at: ms(d.asOf), when: d.asOf, title: '统计时点（仍在办）' });
  // Stable: equal instants keep the insertion order (accepted before its first step).
  return out.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i).map((x) => x.e);
}
