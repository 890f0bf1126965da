// One case's full timeline (GET /api/supervision/cases/:caseId): the case
// (masked per role), its catalogue item, every step with actor and duration,
// the suspensions with the working days each added, the due / legal due
// dates with the human-readable explanation (etl/clock/explain.ts), elapsed
// working days, the card at as_of, the ratings, the anomalies with their
// evidence and the 督办 history. Out of scope = 404 (existence not revealed).
//
// The card and overdue days come from the same SQL as the case list
// (case-sql.ts), so the detail never disagrees with the list or the metrics.
import { beijingDate, daysBetween } from '../../etl/clock/beijing.ts';
import type { DeadlineFacts } from '../../etl/clock/deadline.ts';
import { explainDeadline } from '../../etl/clock/explain.ts';
import type { LimitUnit } from '../../etl/contract/records.ts';
import { CASE_ANOMALY_TYPES } from '../../etl/anomalies/types.ts';
import type { Action, BadStatus } from '../api/supervision-schemas.ts';
import { notFound } from '../errors.ts';
import { workdaySeqs } from '../metrics/engine/calendar-seq.ts';
import { beijingIsoOf, type Period } from '../metrics/engine/periods.ts';
import { SOURCES } from '../metrics/engine/sources.ts';
import type { Db } from '../sql/client.ts';
import { compileScope } from '../sql/filters.ts';
import { sql, str } from '../sql/literal.ts';
import { regionTree } from '../sql/regions.ts';
import { actionsOfCase } from './actions.ts';
import { findingsOfCases, type Finding } from './anomalies.ts';
import { caseSelect, type CaseSqlRow } from './case-sql.ts';
import type { Viewer } from './cases.ts';
import { workCalendar } from './calendar.ts';
import { applicantView, commentForRole, type ApplicantView } from './masking.ts';
import { namesFor } from './names.ts';

interface StoredCase {
  case_id: string; item_code: string; item_name: string; dept_code: string; dept_name: string; region_code: string;
  channel: string; window_type: string; applicant_type: string; applicant_id_hash: string; contact_phone_masked: string;
  submitted: number; accepted: number | null; finished: number | null; withdrawn: number | null; status: string;
  src_promised_limit: number | null; src_legal_limit: number | null; trips: number | null; fee: string | null;
  source_system: string; updated: number; item_known: number; promised_limit: number | null; legal_limit: number | null;
  limit_unit: LimitUnit; has_deadline: number; accept_date: string | null; due_date: string | null; due: number | null;
  legal_due_date: string | null; legal_due: number | null; ext_workdays: number; ext_natural: number;
  elapsed_workdays: number | null; starts: number[]; ends: number[]; open_start: number | null; calendar_fallback: number;
}

interface StepRow { seq: number; step_type: string; step_name: string; actor_id: string; started: number; ended: number | null }

interface RatingRow {
  rating_id: string; level: number; channel: string; rated: number; tags: string[]; comment: string; is_active: number;
  invalidated: number; verified: number | null; rectified: number | null; rectify_result: string; rectify_limit: number | null;
}

export interface CaseDetail {
  asOf: string;
  case: {
    caseId: string; status: string; channel: string; windowType: string;
    itemCode: string; itemName: string; deptCode: string; deptName: string; regionCode: string; regionName: string;
    submittedAt: string; acceptedAt: string | null; finishedAt: string | null; withdrawnAt: string | null;
    trips: number | null; fee: number | null; sourceSystem: string; updatedAt: string;
    applicant: ApplicantView | null;
  };
  item: {
    code: string; name: string; type: string; promisedLimit: number; legalLimit: number; limitUnit: string; isImmediate: boolean;
  } | null;
  deadline: {
    hasDeadline: boolean; promisedLimit: number | null; legalLimit: number | null; limitUnit: LimitUnit;
    /** Limits the source sent with the case (the catalogue's apply when null). */
    sourceLimits: { promised: number | null; legal: number | null };
    dueDate: string | null; dueAt: string | null; legalDueDate: string | null; legalDueAt: string | null;
    extWorkdays: number; extNatural: number; calendarFallback: boolean; explanation: string;
  };
  clock: {
    open: boolean; suspended: boolean; card: 'warning' | 'yellow' | 'red' | null;
    /** Finished: the stored elapsed_workdays. Open: working days (accept_day, date(as_of)] minus the suspensions' days. */
    elapsedWorkdays: number | null;
    overdueWorkdays: number | null;
    /** Working days past the legal due date (same rule as overdue, against legal_due_date). */
    legalOverdueWorkdays: number | null;
  };
  steps: Array<{
    seq: number; type: string; name: string; actorId: string; startedAt: string; endedAt: string | null;
    durationSeconds: number | null; durationBasis: 'ended_at' | 'next_step' | null;
  }>;
  suspensions: Array<{ start: string; end: string; workdays: number; naturalDays: number; label: string }>;
  openSuspensionStart: string | null;
  ratings: Array<{
    ratingId: string; level: number; channel: string; ratedAt: string; tags: string[]; comment: string | null; isActive: boolean;
    invalidated: boolean; verifiedAt: string | null; rectifiedAt: string | null; rectifyResult: string; rectifyLimitAt: string | null;
    badStatus: BadStatus | null;
  }>;
  anomalies: Finding[];
  actions: Action[];
}

const iso = (s: number | null | undefined): string | null => (s === null || s === undefined ? null : beijingIsoOf(Number(s) * 1000));
const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

const STEP_LABELS: Readonly<Record<string, string>> = { correction: '补正', special: '特别程序' };

/** metrics.md: Ratings — the 差评 status at as_of (same rules as rating-sql.ts badStatusAt). */
function badStatusOf(r: RatingRow, asOfMs: number): BadStatus | null {
  if (Number(r.level) > 2) return null;
  if (Number(r.invalidated) === 1) return 'invalidated';
  const t = Math.floor(asOfMs / 1000);
  if (r.rectify_result !== '' && r.rectified !== null && Number(r.rectified) <= t) return 'rectified';
  if (r.rectify_limit !== null && Number(r.rectify_limit) < t) return 'overdue';
  if (r.verified !== null && Number(r.verified) <= t) return 'visited';
  return 'pending_visit';
}

export async function caseDetail(db: Db, viewer: Viewer, caseId: string, period: Period): Promise<CaseDetail> {
  const tree = await regionTree(db);
  const asOfMs = period.asOfMs;
  const scope = compileScope(viewer.scope, SOURCES.accepted.columns, tree);
  const [c] = await db.query<StoredCase>(sql`SELECT case_id, item_code, item_name, dept_code, dept_name, region_code,
      toString(channel) AS channel, toString(window_type) AS window_type, toString(applicant_type) AS applicant_type,
      applicant_id_hash, contact_phone_masked, toUnixTimestamp(submitted_at) AS submitted, toUnixTimestamp(accepted_at) AS accepted,
      toUnixTimestamp(finished_at) AS finished, toUnixTimestamp(withdrawn_at) AS withdrawn, toString(status) AS status,
      src_promised_limit, src_legal_limit, trips, toString(fee) AS fee, source_system, toUnixTimestamp(updated_at) AS updated,
      item_known, promised_limit, legal_limit, toString(limit_unit) AS limit_unit, has_deadline, accept_date, due_date,
      toUnixTimestamp(due_at) AS due, legal_due_date, toUnixTimestamp(legal_due_at) AS legal_due, ext_workdays, ext_natural,
      elapsed_workdays, arrayMap(x -> toUnixTimestamp(x), susp_starts) AS starts, arrayMap(x -> toUnixTimestamp(x), susp_ends) AS ends,
      toUnixTimestamp(open_susp_start) AS open_start, calendar_fallback
    FROM cases WHERE case_id = ${str(caseId)} AND ${scope}
    ORDER BY version DESC LIMIT 1`);
  if (!c) throw notFound('办件');

  const [asOfSeq] = await workdaySeqs(db, [asOfMs]);
  const caseWhere = sql`case_id = ${str(caseId)} AND version = (SELECT max(version) FROM cases WHERE case_id = ${str(caseId)})`;
  const [facts, steps, ratings, findings, item, calendar, actions] = await Promise.all([
    db.query<CaseSqlRow>(caseSelect({
      base: null, states: [], anomalyTypes: [...CASE_ANOMALY_TYPES], period, asOfSeq: asOfSeq!, filters: [], regionUnit: {},
      scope: viewer.scope, tree, where: caseWhere,
    })),
    db.query<StepRow>(sql`SELECT seq, toString(step_type) AS step_type, step_name, actor_id, toUnixTimestamp(started_at) AS started,
        toUnixTimestamp(ended_at) AS ended
      FROM steps WHERE case_id = ${str(caseId)} ORDER BY seq ASC, version DESC LIMIT 1 BY seq`),
    db.query<RatingRow>(sql`SELECT rating_id, level, toString(channel) AS channel, toUnixTimestamp(rated_at) AS rated, tags, comment,
        is_active, invalidated, toUnixTimestamp(verified_at) AS verified, toUnixTimestamp(rectified_at) AS rectified,
        toString(rectify_result) AS rectify_result, toUnixTimestamp(rectify_limit_at) AS rectify_limit
      FROM ratings WHERE case_id = ${str(caseId)} ORDER BY rated_at ASC, rating_id ASC, version DESC LIMIT 1 BY rating_id`),
    findingsOfCases(db, [caseId]),
    db.query<{ item_code: string; item_name: string; item_type: string; promised_limit: number; legal_limit: number; limit_unit: string; is_immediate: number }>(
      sql`SELECT item_code, argMax(item_name, version) AS item_name, toString(argMax(item_type, version)) AS item_type,
          argMax(promised_limit, version) AS promised_limit, argMax(legal_limit, version) AS legal_limit,
          toString(argMax(limit_unit, version)) AS limit_unit, argMax(is_immediate, version) AS is_immediate
        FROM items WHERE item_code = ${str(c.item_code)} GROUP BY item_code`,
    ),
    workCalendar(db),
    actionsOfCase(db, viewer, caseId, asOfMs),
  ]);
  const f = facts[0];
  const names = await namesFor(db, tree, { depts: [c.dept_code], items: [c.item_code] });

  // Steps: duration = ended_at − started_at, else until the next step starts.
  const stepList = steps.map((s, i) => {
    const next = steps[i + 1];
    const ended = s.ended === null ? null : Number(s.ended);
    const basis: 'ended_at' | 'next_step' | null = ended !== null ? 'ended_at' : next ? 'next_step' : null;
    const until = ended ?? (next ? Number(next.started) : null);
    return {
      seq: Number(s.seq), type: s.step_type, name: s.step_name, actorId: s.actor_id,
      startedAt: iso(s.started)!, endedAt: iso(ended), durationSeconds: until === null ? null : Math.max(0, until - Number(s.started)), durationBasis: basis,
    };
  });

  // Suspensions (closed, merged intervals) with the days each added and which steps caused them.
  const starts = c.starts.map(Number);
  const ends = c.ends.map(Number);
  const suspensions = starts.map((s, i) => {
    const e = ends[i]!;
    const ds = beijingDate(s * 1000);
    const de = beijingDate(e * 1000);
    const causes = [...new Set(steps
      .filter((st) => STEP_LABELS[st.step_type] && Number(st.started) < e && (st.ended === null || Number(st.ended) > s))
      .map((st) => STEP_LABELS[st.step_type]!))];
    return {
      start: iso(s)!, end: iso(e)!, workdays: calendar.countWorkdays(ds, de), naturalDays: daysBetween(ds, de),
      label: causes.length > 0 ? causes.join('/') : '暂停计时',
    };
  });

  const deadlineFacts: DeadlineFacts = {
    hasDeadline: Number(c.has_deadline) === 1,
    promisedLimit: num(c.promised_limit),
    legalLimit: num(c.legal_limit),
    dueDate: c.due_date,
    dueAt: c.due === null ? null : Number(c.due) * 1000,
    legalDueDate: c.legal_due_date,
    legalDueAt: c.legal_due === null ? null : Number(c.legal_due) * 1000,
    extWorkdays: Number(c.ext_workdays),
    extNatural: Number(c.ext_natural),
    elapsedWorkdays: num(c.elapsed_workdays),
    suspensions: starts.map((s, i) => ({ start: s * 1000, end: ends[i]! * 1000 })),
    openSuspensionStart: c.open_start === null ? null : Number(c.open_start) * 1000,
    fallbackCalendar: Number(c.calendar_fallback) === 1,
  };
  const explanation = c.accepted === null
    ? '未受理，不计时'
    : explainDeadline({ acceptedAt: Number(c.accepted) * 1000, unit: c.limit_unit, facts: deadlineFacts, calendar, suspensionLabels: suspensions.map((s) => s.label) });

  // Elapsed working days at as_of (the clock stops while suspended).
  const asOfDate = beijingDate(asOfMs);
  const finishedBy = c.finished !== null && Number(c.finished) * 1000 <= asOfMs;
  let elapsed: number | null = null;
  if (finishedBy) elapsed = num(c.elapsed_workdays);
  else if (c.accept_date !== null && Number(c.accepted) * 1000 <= asOfMs) {
    const closedDays = suspensions.reduce((n, s) => n + (Date.parse(s.end) <= asOfMs ? s.workdays : 0), 0);
    const openDays = c.open_start !== null && Number(c.open_start) * 1000 <= asOfMs ? calendar.countWorkdays(beijingDate(Number(c.open_start) * 1000), asOfDate) : 0;
    elapsed = Math.max(0, calendar.countWorkdays(c.accept_date, asOfDate) - closedDays - openDays);
  }
  const endDate = finishedBy ? beijingDate(Number(c.finished) * 1000) : asOfDate;
  const legalOverdue = c.legal_due_date !== null && f?.has_deadline && f._overdue !== null ? calendar.countWorkdays(c.legal_due_date, endDate) : null;

  return {
    asOf: beijingIsoOf(asOfMs),
    case: {
      caseId: c.case_id, status: c.status, channel: c.channel, windowType: c.window_type,
      itemCode: c.item_code, itemName: names.item(c.item_code, c.item_name), deptCode: c.dept_code, deptName: names.dept(c.dept_code, c.dept_name),
      regionCode: c.region_code, regionName: names.region(c.region_code),
      submittedAt: iso(c.submitted)!, acceptedAt: iso(c.accepted), finishedAt: iso(c.finished), withdrawnAt: iso(c.withdrawn),
      trips: num(c.trips), fee: c.fee === null ? null : Number(c.fee), sourceSystem: c.source_system, updatedAt: iso(c.updated)!,
      applicant: applicantView(viewer.role, c),
    },
    item: item[0]
      ? {
        code: item[0].item_code, name: item[0].item_name, type: item[0].item_type, promisedLimit: Number(item[0].promised_limit),
        legalLimit: Number(item[0].legal_limit), limitUnit: item[0].limit_unit, isImmediate: Number(item[0].is_immediate) === 1,
      }
      : null,
    deadline: {
      hasDeadline: deadlineFacts.hasDeadline, promisedLimit: deadlineFacts.promisedLimit, legalLimit: deadlineFacts.legalLimit, limitUnit: c.limit_unit,
      sourceLimits: { promised: num(c.src_promised_limit), legal: num(c.src_legal_limit) },
      dueDate: c.due_date, dueAt: iso(c.due), legalDueDate: c.legal_due_date, legalDueAt: iso(c.legal_due),
      extWorkdays: deadlineFacts.extWorkdays, extNatural: deadlineFacts.extNatural, calendarFallback: deadlineFacts.fallbackCalendar, explanation,
    },
    clock: {
      open: f ? Number(f._open) === 1 : false,
      suspended: f ? Number(f._open) === 1 && Number(f._susp) === 1 : false,
      card: f && f._card !== '' ? f._card : null,
      elapsedWorkdays: elapsed,
      overdueWorkdays: f && f._overdue !== null ? Number(f._overdue) : null,
      legalOverdueWorkdays: legalOverdue,
    },
    steps: stepList,
    suspensions,
    openSuspensionStart: iso(c.open_start),
    ratings: ratings.map((r) => ({
      ratingId: r.rating_id, level: Number(r.level), channel: r.channel, ratedAt: iso(r.rated)!, tags: r.tags,
      comment: commentForRole(viewer.role, r.comment), isActive: Number(r.is_active) === 1, invalidated: Number(r.invalidated) === 1,
      verifiedAt: iso(r.verified), rectifiedAt: iso(r.rectified), rectifyResult: r.rectify_result, rectifyLimitAt: iso(r.rectify_limit),
      badStatus: badStatusOf(r, asOfMs),
    })),
    anomalies: findings.get(caseId) ?? [],
    actions,
  };
}
