// Per-case deadline facts on the working-day clock, implementing
// metrics.md: Time rules literally. The ETL stores these facts; card
// membership (预警/黄牌/红牌, suspended) is evaluated at query time from
// due_at, legal_due_at and the suspension intervals (errata.md).
//
// Everything below works on day indices (beijing.ts) and converts to
// 'YYYY-MM-DD' only for the output, because this runs for every imported case.
import type { LimitUnit } from '../contract/records.ts';
import { beijingDayIndex, dateOfIndex, endOfDayIndex } from './beijing.ts';
import type { WorkCalendar } from './work-calendar.ts';

export interface DeadlineStep {
  seq: number;
  step_type: string;
  started_at: number;
  ended_at: number | null;
}

export interface DeadlineInput {
  acceptedAt: number | null;
  /** Set only for a finished (or denied) case. */
  finishedAt: number | null;
  /** Effective promised limit N (case, else catalogue item); null = no deadline. */
  promisedLimit: number | null;
  /** Effective legal limit; null = the promised one. */
  legalLimit: number | null;
  unit: LimitUnit;
  /** All steps of the case, any type and order; only correction/special/resume matter here. */
  steps: readonly DeadlineStep[];
}

/** A closed suspension interval [start, end] in epoch ms. */
export interface Suspension {
  start: number;
  end: number;
}

export interface DeadlineFacts {
  hasDeadline: boolean;
  promisedLimit: number | null;
  legalLimit: number | null;
  dueDate: string | null;
  dueAt: number | null;
  legalDueDate: string | null;
  legalDueAt: number | null;
  extWorkdays: number;
  extNatural: number;
  /** Only for a finished, accepted case. */
  elapsedWorkdays: number | null;
  /** Closed suspension intervals after clipping and merging, sorted by start. */
  suspensions: Suspension[];
  /** Start of the open suspension of an unfinished case (suspended from then on), else null. */
  openSuspensionStart: number | null;
  /** The calendar was consulted on a date in a year without an announced national schedule. */
  fallbackCalendar: boolean;
}

const SUSPENDING = new Set(['correction', 'special']);

/**
 * Suspension intervals of a case (metrics.md: Time rules — Suspension).
 * Returns the merged closed intervals and the start of the open one, if any.
 */
export function suspensionIntervals(
  steps: readonly DeadlineStep[],
  acceptedAt: number,
  finishedAt: number | null,
): { closed: Suspension[]; openStart: number | null } {
  let resumes: number[] | undefined;
  let raw: Suspension[] | undefined;
  let openStart: number | null = null;

  for (const s of steps) {
    if (!SUSPENDING.has(s.step_type)) continue;
    let end = s.ended_at;
    if (end === null) {
      // "the started_at of the first `resume` step at or after its start
      // (ordered by started_at, then seq)": the first one in that order is the
      // one with the smallest started_at ≥ start, and resumes tied on started_at
      // give the same end, so no sort is needed.
      // TRICKY: "at or after" compares times only — a resume at the very same
      // instant closes the interval (it becomes empty and is dropped below).
      resumes ??= steps.filter((r) => r.step_type === 'resume').map((r) => r.started_at);
      let first = Infinity;
      for (const r of resumes) if (r >= s.started_at && r < first) first = r;
      if (first !== Infinity) end = first;
    }
    // "a finished case's open interval ends at finished_at".
    if (end === null && finishedAt !== null) end = finishedAt;
    // "Intervals are clipped to start no earlier than accepted_at" — only the
    // start is clipped; the spec clips no end (not even at finished_at).
    const start = Math.max(s.started_at, acceptedAt);
    if (end === null) {
      // Several open intervals together are suspended from the earliest start on.
      if (openStart === null || start < openStart) openStart = start;
      continue;
    }
    // An interval entirely before acceptance, a zero-length one, or (bad data,
    // normally quarantined) one ending before it starts, carries no time.
    if (end <= start) continue;
    (raw ??= []).push({ start, end });
  }

  return { closed: raw ? mergeIntervals(raw) : [], openStart };
}

/** Merge overlapping (or touching) intervals; sorted by start. */
function mergeIntervals(list: Suspension[]): Suspension[] {
  if (list.length === 1) return list;
  list.sort((a, b) => a.start - b.start);
  const out: Suspension[] = [{ ...list[0]! }];
  for (let k = 1; k < list.length; k++) {
    const cur = list[k]!;
    const last = out[out.length - 1]!;
    // Touching intervals are merged too: the day counts of (d(s1), d(t)] and
    // (d(t), d(e2)] add up to those of (d(s1), d(e2)], so nothing changes but the
    // stored list gets shorter.
    if (cur.start <= last.end) {
      if (cur.end > last.end) last.end = cur.end;
    } else {
      out.push({ ...cur });
    }
  }
  return out;
}

function checkLimit(name: string, v: number): void {
  // data-contract.md: limits are whole numbers ≥ 0 (others are quarantined upstream).
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${v}`);
}

/** Due day index for limit `n` (metrics.md: Time rules — Due date). */
function dueIndex(
  cal: WorkCalendar,
  acceptDay: number,
  n: number,
  unit: LimitUnit,
  extWorkdays: number,
  extNatural: number,
): number {
  if (unit === 'natural_day') {
    // 期间届满日为节假日的顺延: the last day moves forward to the next working day.
    return cal.nextWorkdayOnOrAfterIndex(acceptDay + n + extNatural);
  }
  const k = n + extWorkdays;
  // TRICKY: 即办件 without suspension (k = 0) is due on the acceptance day when it
  // is a working day — the acceptance day is otherwise never counted
  // (期间开始的当日不计入) — else on the next working day, so that a due date is
  // always a working day.
  return k > 0 ? cal.nthWorkdayAfterIndex(acceptDay, k) : cal.nextWorkdayOnOrAfterIndex(acceptDay);
}

/**
 * The deadline facts of one case (metrics.md: Time rules).
 *
 * Decisions where the spec is silent:
 * - No acceptedAt: the clock never started (everything is anchored on
 *   accept_day), so no deadline, no suspensions, no elapsed.
 * - Accepted but no N: no deadline and no dates, but suspensions, extensions
 *   and elapsed_workdays are still computed (they do not depend on N).
 * - An open interval and closed ones that overlap it are kept apart: the closed
 *   ones still count in the deadline, the open one is reported by its start.
 *   Suspended-at-as_of (inside a closed interval, or at/after the open start)
 *   is the same as if they had been merged, and this keeps the deadline
 *   monotone: more suspension, or a suspension getting closed later, never
 *   makes a deadline earlier.
 * Throws RangeError for limits that are not whole numbers ≥ 0, and when a
 * date falls outside the calendar's range (the caller quarantines the case).
 */
export function computeDeadline(input: DeadlineInput, calendar: WorkCalendar): DeadlineFacts {
  const { acceptedAt, finishedAt, unit } = input;
  const promised = input.promisedLimit;
  // metrics.md: Time rules — "A missing legal limit = the promised one".
  const legal = input.legalLimit ?? promised;
  if (promised !== null) checkLimit('promisedLimit', promised);
  if (legal !== null) checkLimit('legalLimit', legal);

  if (acceptedAt === null) {
    return {
      hasDeadline: false,
      promisedLimit: promised,
      legalLimit: legal,
      dueDate: null,
      dueAt: null,
      legalDueDate: null,
      legalDueAt: null,
      extWorkdays: 0,
      extNatural: 0,
      elapsedWorkdays: null,
      suspensions: [],
      openSuspensionStart: null,
      fallbackCalendar: false,
    };
  }

  const acceptDay = beijingDayIndex(acceptedAt);
  const { closed, openStart } = suspensionIntervals(input.steps, acceptedAt, finishedAt);

  // metrics.md: Time rules — Extension, over the closed (merged) intervals only.
  let extWorkdays = 0;
  let extNatural = 0;
  // The last day the calendar is consulted on, for the fallback flag.
  let lastDay = -Infinity;
  for (const s of closed) {
    const ds = beijingDayIndex(s.start);
    const de = beijingDayIndex(s.end);
    extWorkdays += calendar.countWorkdaysIndex(ds, de);
    extNatural += de - ds;
    if (de > lastDay) lastDay = de;
  }

  let dueDay: number | null = null;
  let legalDueDay: number | null = null;
  if (promised !== null && legal !== null) {
    dueDay = dueIndex(calendar, acceptDay, promised, unit, extWorkdays, extNatural);
    legalDueDay = legal === promised ? dueDay : dueIndex(calendar, acceptDay, legal, unit, extWorkdays, extNatural);
    lastDay = Math.max(lastDay, dueDay, legalDueDay);
  }

  let elapsedWorkdays: number | null = null;
  if (finishedAt !== null) {
    const finishDay = beijingDayIndex(finishedAt);
    // Same-day finish: the set (accept_day, finish_day] is empty → 0.
    elapsedWorkdays = Math.max(0, calendar.countWorkdaysIndex(acceptDay, finishDay) - extWorkdays);
    lastDay = Math.max(lastDay, finishDay);
  }

  return {
    hasDeadline: dueDay !== null,
    promisedLimit: promised,
    legalLimit: legal,
    dueDate: dueDay === null ? null : dateOfIndex(dueDay),
    dueAt: dueDay === null ? null : endOfDayIndex(dueDay),
    legalDueDate: legalDueDay === null ? null : dateOfIndex(legalDueDay),
    legalDueAt: legalDueDay === null ? null : endOfDayIndex(legalDueDay),
    extWorkdays,
    extNatural,
    elapsedWorkdays,
    suspensions: closed,
    openSuspensionStart: openStart,
    // Every day from accept_day to the last day consulted fed some figure.
    fallbackCalendar: lastDay >= acceptDay && calendar.usesFallbackIndex(acceptDay, lastDay),
  };
}

/**
 * overdue_workdays = #{working days d : due_date < d ≤ date(x)}, x = finished_at
 * or as_of (metrics.md: Time rules). 0 when date(x) ≤ due_date.
 */
export function overdueWorkdays(dueDate: string, finishedOrAsOfMs: number, calendar: WorkCalendar): number {
  return calendar.countWorkdays(dueDate, dateOfIndex(beijingDayIndex(finishedOrAsOfMs)));
}

/**
 * warn_days = max(1, round(ratio × N)) with halves rounded up (metrics.md:
 * Case timeliness, 预警).
 * TRICKY: ratio × N is a binary float — 0.35 × 90 = 31.499999999999996 — so a
 * tolerance far below any meaningful fraction makes such a product a half.
 */
export function warnDays(n: number, ratio = 0.2): number {
  checkLimit('n', n);
  if (!Number.isFinite(ratio) || ratio < 0) throw new RangeError(`warn ratio must be a finite number ≥ 0, got ${ratio}`);
  return Math.max(1, Math.floor(ratio * n + 0.5 + 1e-9));
}
