// The sliding-window rules, per actor (metrics.md): offhours_bulk and
// repeat_bad. ClickHouse streams just the candidate rows — off-hours finishes,
// valid 差评 — sorted by actor and time; TypeScript holds one actor's rows at
// a time and finds the dense windows with two pointers (windows.ts).
// An actor is a non-empty actor_id: cases without one have no "same actor".
import type { Db } from '../../server/sql/client.ts';
import { list, raw, sql, date as dateLit, type Sql } from '../../server/sql/literal.ts';
import { beijingDate, dayIndex, weekdayOfIndex } from '../clock/beijing.ts';
import { WorkCalendar } from '../clock/work-calendar.ts';
import { thresholdsOf, type ResolvedAnomalyConfig } from './config.ts';
import { VALID_BAD_RATING } from './predicates.ts';
import { caseAttrsJoin } from './set-based.ts';
import { isoBeijing, type AnomalyRow } from './types.ts';
import { denseWindows } from './windows.ts';

export interface WindowRuleContext {
  db: Db;
  generation: number;
  now: number;
  config: ResolvedAnomalyConfig;
  calendar: WorkCalendar;
  /** Receives finished rows in batches. */
  write: (rows: AnomalyRow[]) => Promise<void>;
}

const WRITE_BATCH = 10_000;

/** Groups rows sorted by actor_id into one array per actor. */
async function* byActor<T extends { actor_id: string }>(rows: AsyncIterable<T>): AsyncGenerator<T[]> {
  let group: T[] = [];
  for await (const row of rows) {
    if (group.length > 0 && group[0]!.actor_id !== row.actor_id) {
      yield group;
      group = [];
    }
    group.push(row);
  }
  if (group.length > 0) yield group;
}

/** Collects rows and hands them to `write` in batches. */
function batcher(write: (rows: AnomalyRow[]) => Promise<void>) {
  let pending: AnomalyRow[] = [];
  let total = 0;
  return {
    async add(row: AnomalyRow) {
      pending.push(row);
      total++;
      if (pending.length >= WRITE_BATCH) await this.flush();
    },
    async flush() {
      if (pending.length === 0) return;
      const rows = pending;
      pending = [];
      await write(rows);
    },
    get total() {
      return total;
    },
  };
}

/** The actor of each case (finish step with the highest seq), for cases in `cases`; actorless cases dropped. */
const actorInnerJoin = (cases: Sql): Sql => sql`ALL INNER JOIN (
    SELECT case_id, argMax(actor_id, seq) AS actor_id, max(seq) AS finish_seq
    FROM steps WHERE step_type = 'finish' AND case_id IN (${cases})
    GROUP BY case_id HAVING actor_id != '') USING case_id`;

// ---- offhours_bulk -----------------------------------------------------------

type OffHoursReason = 'non_working_day' | 'before_day_start' | 'after_day_end';

/** Whether `date` is a working day; outside the calendar's range (2000–2100) Monday–Friday. */
function isWorkday(calendar: WorkCalendar, date: string): boolean {
  if (date < WorkCalendar.FIRST_DATE || date > WorkCalendar.LAST_DATE) return weekdayOfIndex(dayIndex(date)) <= 5;
  return calendar.isWorkday(date);
}

/** metrics.md: offhours_bulk — finished before 08:00, at/after 20:00, or on a non-working day (Beijing). */
export function offHoursReason(finishedSec: number, calendar: WorkCalendar, c: ResolvedAnomalyConfig): OffHoursReason | null {
  if (!isWorkday(calendar, beijingDate(finishedSec * 1000))) return 'non_working_day';
  const secondOfDay = (((finishedSec + 8 * 3600) % 86_400) + 86_400) % 86_400;
  if (secondOfDay < c.dayStartMinute * 60) return 'before_day_start';
  if (secondOfDay >= c.dayEndMinute * 60) return 'after_day_end';
  return null;
}

/**
 * A superset of the off-hours finishes that ClickHouse can test without the
 * calendar: outside the day hours, Saturdays and Sundays (调休 working days
 * are removed in TypeScript), and the non-working weekdays between the
 * earliest and latest finish date (holidays, overrides).
 */
async function offHoursPrefilter(ctx: WindowRuleContext): Promise<Sql | null> {
  const [range] = await ctx.db.query<{ lo: string; hi: string; n: string }>(raw(`SELECT toString(min(finish_date)) AS lo,
      toString(max(finish_date)) AS hi, count() AS n FROM cases WHERE finished_at IS NOT NULL AND finish_date IS NOT NULL`));
  if (!range || Number(range.n) === 0) return null;
  const lo = range.lo < WorkCalendar.FIRST_DATE ? WorkCalendar.FIRST_DATE : range.lo;
  const hi = range.hi > WorkCalendar.LAST_DATE ? WorkCalendar.LAST_DATE : range.hi;
  const holidays: string[] = [];
  if (lo <= hi) {
    for (const d of ctx.calendar.days(lo, hi)) if (!d.is_workday && weekdayOfIndex(dayIndex(d.date)) <= 5) holidays.push(d.date);
  }
  const minute = raw('(toHour(finished_at) * 60 + toMinute(finished_at))');
  const { dayStartMinute, dayEndMinute } = ctx.config;
  return sql`finished_at IS NOT NULL AND (${minute} < ${dayStartMinute} OR ${minute} >= ${dayEndMinute}
    OR toDayOfWeek(finished_at) >= 6${holidays.length > 0 ? sql` OR finish_date IN ${list(holidays, dateLit)}` : raw('')})`;
}

interface OffHoursCandidate {
  actor_id: string;
  case_id: string;
  t: number;
  finish_seq: number;
  dept_code: string;
  region_code: string;
  item_code: string;
}

export async function detectOffhoursBulk(ctx: WindowRuleContext): Promise<number> {
  const prefilter = await offHoursPrefilter(ctx);
  if (prefilter === null) return 0;
  const c = ctx.config;
  const thresholds = thresholdsOf(c).offhours_bulk;
  const out = batcher(ctx.write);
  const detectedAt = Math.floor(ctx.now / 1000);
  const rows = ctx.db.stream<OffHoursCandidate>(sql`SELECT actor_id, case_id, t, finish_seq, dept_code, region_code, item_code
    FROM (
      SELECT case_id, toUnixTimestamp(assumeNotNull(finished_at)) AS t, dept_code, region_code, item_code
      FROM cases WHERE ${prefilter}
    ) ${actorInnerJoin(sql`SELECT case_id FROM cases WHERE ${prefilter}`)}
    ORDER BY actor_id, t, case_id`);
  for await (const group of byActor(rows)) {
    const members = group
      .map((r) => ({ ...r, t: Number(r.t), finish_seq: Number(r.finish_seq), reason: offHoursReason(Number(r.t), ctx.calendar, c) }))
      .filter((r) => r.reason !== null);
    if (members.length < c.bulkMinCases) continue;
    const spans = denseWindows(members.map((m) => m.t), c.bulkWindowSeconds, c.bulkMinCases);
    for (let k = 0; k < members.length; k++) {
      const span = spans[k];
      if (!span) continue;
      const m = members[k]!;
      const inWindow = members.slice(span.from, span.to + 1);
      const start = members[span.from]!.t;
      await out.add({
        generation: ctx.generation, anomaly_type: 'offhours_bulk', case_id: m.case_id, rating_id: '', actor_id: m.actor_id,
        dept_code: m.dept_code, region_code: m.region_code, item_code: m.item_code, event_at: m.t, detected_at: detectedAt,
        evidence: JSON.stringify({
          actor_id: m.actor_id,
          finish_seq: m.finish_seq,
          finished_at: isoBeijing(m.t),
          off_hours_reason: m.reason,
          window_start: isoBeijing(start),
          window_end: isoBeijing(start + c.bulkWindowSeconds),
          window_case_count: inWindow.length,
          other_case_ids: inWindow.filter((o) => o !== m).map((o) => o.case_id),
          thresholds,
        }),
      });
    }
  }
  await out.flush();
  return out.total;
}

// ---- repeat_bad --------------------------------------------------------------

interface BadRatingCandidate {
  actor_id: string;
  finish_seq: number;
  rating_id: string;
  case_id: string;
  t: number;
  level: number;
  dept: string;
  region: string;
  item: string;
}

/**
 * repeat_bad (同一经办人重复差评): ≥ 3 valid 差评 by rated_at within a window
 * [t, t + 30 days] on cases with the same actor. Each rating in a qualifying
 * window is flagged (its case_id is stored with it).
 */
export async function detectRepeatBad(ctx: WindowRuleContext): Promise<number> {
  const c = ctx.config;
  const thresholds = thresholdsOf(c).repeat_bad;
  const out = batcher(ctx.write);
  const detectedAt = Math.floor(ctx.now / 1000);
  const bad = sql`${VALID_BAD_RATING} AND case_id != ''`;
  const rows = ctx.db.stream<BadRatingCandidate>(sql`SELECT actor_id, finish_seq, rating_id, case_id, t, level, dept, region, item
    FROM (
      SELECT rating_id, case_id, t, level, if(dept_code != '', dept_code, c_dept) AS dept,
        if(region_code != '', region_code, c_region) AS region, if(item_code != '', item_code, c_item) AS item
      FROM (
        SELECT rating_id, case_id, toUnixTimestamp(rated_at) AS t, level, dept_code, region_code, item_code
        FROM ratings WHERE ${bad}
      ) ${caseAttrsJoin(bad)}
    ) ${actorInnerJoin(sql`SELECT case_id FROM ratings WHERE ${bad}`)}
    ORDER BY actor_id, t, rating_id`);
  for await (const group of byActor(rows)) {
    if (group.length < c.repeatBadMinRatings) continue;
    const members = group.map((r) => ({ ...r, t: Number(r.t), level: Number(r.level), finish_seq: Number(r.finish_seq) }));
    const spans = denseWindows(members.map((m) => m.t), c.repeatBadWindowSeconds, c.repeatBadMinRatings);
    for (let k = 0; k < members.length; k++) {
      const span = spans[k];
      if (!span) continue;
      const m = members[k]!;
      const inWindow = members.slice(span.from, span.to + 1);
      const start = members[span.from]!.t;
      await out.add({
        generation: ctx.generation, anomaly_type: 'repeat_bad', case_id: m.case_id, rating_id: m.rating_id, actor_id: m.actor_id,
        dept_code: m.dept, region_code: m.region, item_code: m.item, event_at: m.t, detected_at: detectedAt,
        evidence: JSON.stringify({
          actor_id: m.actor_id,
          rating_id: m.rating_id,
          case_id: m.case_id,
          finish_seq: m.finish_seq,
          level: m.level,
          rated_at: isoBeijing(m.t),
          window_start: isoBeijing(start),
          window_end: isoBeijing(start + c.repeatBadWindowSeconds),
          window_rating_count: inWindow.length,
          other_rating_ids: inWindow.filter((o) => o !== m).map((o) => o.rating_id),
          window_case_ids: [...new Set(inWindow.map((o) => o.case_id))],
          thresholds,
        }),
      });
    }
  }
  await out.flush();
  return out.total;
}
