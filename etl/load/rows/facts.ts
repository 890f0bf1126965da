// ClickHouse rows of the fact kinds. Case rows carry the deadline facts the
// ETL computes on the working-day clock (metrics.md: Time rules).
import type { CaseRecord, LimitUnit, RatingRecord, StepRecord } from '../../contract/records.ts';
import { beijingDate, endOfBeijingDay } from '../../clock/beijing.ts';
import { computeDeadline, type DeadlineFacts } from '../../clock/deadline.ts';
import type { WorkCalendar } from '../../clock/work-calendar.ts';
import { toDateOrNull, toSeconds, toSecondsOrNull } from '../clickhouse-values.ts';
import type { RowMeta } from './dimensions.ts';

export interface FactMeta extends RowMeta {
  partition_month: number;
}

export interface ItemLimits {
  promised_limit: number;
  legal_limit: number;
  limit_unit: LimitUnit;
}

export interface SuspensionStep {
  seq: number;
  step_type: string;
  started_at: number;
  ended_at: number | null;
}

export interface CaseContext {
  items: ReadonlyMap<string, ItemLimits>;
  calendar: WorkCalendar;
}

/** metrics.md: effective limits come from the case, else its catalogue item; missing legal = promised. */
export function effectiveLimits(c: CaseRecord, item: ItemLimits | undefined) {
  const promised = c.promised_limit ?? item?.promised_limit ?? null;
  const legal = c.legal_limit ?? item?.legal_limit ?? promised;
  const unit: LimitUnit = c.limit_unit ?? item?.limit_unit ?? 'workday';
  return { promised, legal, unit };
}

const isFinishedStatus = (c: CaseRecord) => c.status === 'finished' || c.status === 'denied';

export function caseDeadline(c: CaseRecord, steps: readonly SuspensionStep[], ctx: CaseContext): DeadlineFacts {
  const limits = effectiveLimits(c, ctx.items.get(c.item_code));
  return computeDeadline(
    {
      acceptedAt: c.status === 'not_accepted' ? null : c.accepted_at,
      finishedAt: isFinishedStatus(c) ? c.finished_at : null,
      promisedLimit: limits.promised,
      legalLimit: limits.legal,
      unit: limits.unit,
      steps,
    },
    ctx.calendar,
  );
}

/** The columns computed from the record and the clock (compared on recompute). */
export function caseComputedColumns(c: CaseRecord, steps: readonly SuspensionStep[], ctx: CaseContext) {
  const f = caseDeadline(c, steps, ctx);
  const limits = effectiveLimits(c, ctx.items.get(c.item_code));
  return {
    item_known: ctx.items.has(c.item_code) ? 1 : 0,
    promised_limit: limits.promised,
    legal_limit: limits.legal,
    limit_unit: limits.unit,
    has_deadline: f.hasDeadline ? 1 : 0,
    accept_date: c.status === 'not_accepted' ? null : toDateOrNull(c.accepted_at),
    finish_date: toDateOrNull(c.finished_at),
    due_date: f.dueDate,
    due_at: toSecondsOrNull(f.dueAt),
    legal_due_date: f.legalDueDate,
    legal_due_at: toSecondsOrNull(f.legalDueAt),
    ext_workdays: f.extWorkdays,
    ext_natural: f.extNatural,
    elapsed_workdays: f.elapsedWorkdays,
    susp_starts: f.suspensions.map((s) => toSeconds(s.start)),
    susp_ends: f.suspensions.map((s) => toSeconds(s.end)),
    open_susp_start: toSecondsOrNull(f.openSuspensionStart),
    calendar_fallback: f.fallbackCalendar ? 1 : 0,
  };
}

export function caseRow(c: CaseRecord, steps: readonly SuspensionStep[], ctx: CaseContext, m: FactMeta) {
  // data-contract.md: a withdrawn case without withdrawn_at was withdrawn at updated_at.
  const withdrawnAt = c.status === 'withdrawn' ? (c.withdrawn_at ?? c.updated_at) : c.withdrawn_at;
  return {
    case_id: c.case_id,
    item_code: c.item_code,
    item_name: c.item_name ?? '',
    dept_code: c.dept_code,
    dept_name: c.dept_name ?? '',
    region_code: c.region_code,
    channel: c.channel,
    window_type: c.window_type,
    applicant_type: c.applicant_type,
    applicant_id_hash: c.applicant_id_hash ?? '',
    contact_phone_masked: c.contact_phone_masked ?? '',
    submitted_at: toSeconds(c.submitted_at),
    accepted_at: toSecondsOrNull(c.accepted_at),
    finished_at: toSecondsOrNull(c.finished_at),
    withdrawn_at: toSecondsOrNull(withdrawnAt),
    status: c.status,
    src_promised_limit: c.promised_limit,
    src_legal_limit: c.legal_limit,
    src_limit_unit: c.limit_unit,
    trips: c.trips,
    fee: c.fee,
    updated_at: toSeconds(c.updated_at),
    ...caseComputedColumns(c, steps, ctx),
    ...m,
  };
}

export const stepRow = (s: StepRecord, m: FactMeta) => ({
  case_id: s.case_id,
  seq: s.seq,
  step_type: s.step_type,
  step_name: s.step_name ?? '',
  actor_id: s.actor_id ?? '',
  started_at: toSeconds(s.started_at),
  ended_at: toSecondsOrNull(s.ended_at),
  ...m,
});

export const DEFAULT_RECTIFY_WORKDAYS = 15;

/** metrics.md: the rectification limit of a 差评 = 23:59:59 of the 15th working day after date(rated_at). */
export function rectifyLimitAt(r: RatingRecord, calendar: WorkCalendar, workdays = DEFAULT_RECTIFY_WORKDAYS): number | null {
  if (r.level > 2) return null;
  return endOfBeijingDay(calendar.nthWorkdayAfter(beijingDate(r.rated_at), workdays));
}

export const ratingRow = (r: RatingRecord, calendar: WorkCalendar, m: FactMeta) => ({
  rating_id: r.rating_id,
  case_id: r.case_id ?? '',
  item_code: r.item_code ?? '',
  dept_code: r.dept_code ?? '',
  region_code: r.region_code ?? '',
  channel: r.channel,
  level: r.level,
  rated_at: toSeconds(r.rated_at),
  tags: r.tags,
  comment: r.comment ?? '',
  is_active: r.is_active ? 1 : 0,
  invalidated: r.invalidated ? 1 : 0,
  verified_at: toSecondsOrNull(r.verified_at),
  rectified_at: toSecondsOrNull(r.rectified_at),
  rectify_result: r.rectify_result ?? '',
  rectify_limit_at: toSecondsOrNull(rectifyLimitAt(r, calendar)),
  ...m,
});
