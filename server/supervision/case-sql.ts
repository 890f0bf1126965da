// The case list's SQL (supervision issue, item 1). Every state condition is
// built from the same fragments as the metrics (server/metrics/expr.ts and the
// bases of engine/sources.ts), so a list's total equals the metric it drills
// from — tested in test/supervision-cases.test.ts for every count metric.
//
//   SELECT <case columns>, <card>, <overdue> FROM (
//     SELECT … FROM (SELECT <columns>, <end date> FROM cases | <open copy>
//                    [PREWHERE <the 黄牌/红牌 deadline column>]
//                    WHERE <base> AND <period> AND <filters> AND <scope> [AND <anomaly set>])
//     ALL LEFT JOIN (calendar: workday_seq of due_date) USING due_date
//   ) ALL LEFT JOIN (calendar: workday_seq of the end date) USING _end_date
//   WHERE <states> [AND overdue ≥ minOverdue]
//   ORDER BY <sort key>, case_id LIMIT …
//
// ClickHouse 18.16 allows one JOIN per SELECT, hence the nesting. The
// working days in (a, b] are seq(b) − seq(a) (sql/README.md: calendar).
// A list page is read in two steps (pageIdsSql, then pageRowsSql); an export
// in one (pagedCaseSql). sql/README.md: "Case lists at scale" says why.
import { beijingDate } from '../../etl/clock/beijing.ts';
import { anomalyCaseIds } from '../../etl/anomalies/predicates.ts';
import type { AnomalyType } from '../../etl/anomalies/types.ts';
import type { Scope } from '../auth/types.ts';
import { compileFilters, compileScope, type Filter } from '../sql/filters.ts';
import { date, instant, int, join, list, raw, sql, str, type Sql } from '../sql/literal.ts';
import type { RegionTree } from '../sql/regions.ts';
import { METRIC_CONFIG } from '../metrics/config.ts';
import { cardable, JUDGED, LATE, suspendedAt, warnDays } from '../metrics/expr.ts';
import type { Period } from '../metrics/engine/periods.ts';
import { SOURCES } from '../metrics/engine/sources.ts';
import { openCopySource } from '../metrics/rollup/source.ts';
import { CLOSED_AT } from '../metrics/rollup/tables.ts';
import type { CaseState } from '../api/supervision-schemas.ts';

export type CaseBaseId = 'accepted' | 'finished' | 'open';

export interface RegionUnitFilter {
  /** 本级: only records whose (climbed) region is one of these codes. */
  selfCodes?: readonly string[];
  /** 未知区划: only records whose region code matches no known region. */
  unknown?: boolean;
}

export interface CaseQuery {
  /** null = no base condition (the case detail reads one case whatever its state). */
  base: CaseBaseId | null;
  states: readonly CaseState[];
  /** With late_finished: only 黄牌 (due < finished ≤ legal due) or 红牌 (finished > legal due). */
  card?: 'yellow' | 'red';
  /** With state anomaly: the types that count. */
  anomalyTypes: readonly AnomalyType[];
  period: Period;
  /** workday_seq of date(as_of) (engine/calendar-seq.ts). */
  asOfSeq: number;
  filters: readonly Filter[];
  regionUnit: RegionUnitFilter;
  scope: Scope | null;
  tree: RegionTree;
  minOverdue?: number;
  /** An extra condition on the cases table (the detail: case_id = …). */
  where?: Sql;
  /**
   * With base open: the copy of `cases` sorted by closing instant to read
   * instead (engine/read-path.ts openCasesCopy), so only cases still open at
   * as_of are read.
   */
  openCopy?: string | null;
  /** A page's rows by id (pageRowsSql): read by primary key from the partitions named. */
  page?: readonly PageKey[];
}

/** What the first step of a page returns per row (pageIdsSql). */
export interface PageKey {
  case_id: string;
  partition_month: number;
  /** For the names shown, looked up beside the rows (cases.ts). */
  dept_code: string;
  item_code: string;
}

const CASE_COLUMNS = SOURCES.accepted.columns;

/** The rows of `cases` a query reads: base, period, filters, scope, anomaly set. */
function innerWhere(q: CaseQuery): Sql {
  const T = instant(q.period.asOfMs);
  const parts: Sql[] = [];
  if (q.base !== null) {
    const src = SOURCES[q.base];
    parts.push(src.where, src.member!({ from: date(q.period.from), to: date(q.period.to), asOf: T }));
  }
  parts.push(compileFilters(q.filters, CASE_COLUMNS, q.tree), compileScope(q.scope, CASE_COLUMNS, q.tree));
  const region = CASE_COLUMNS.region!;
  if (q.regionUnit.selfCodes) {
    parts.push(q.regionUnit.selfCodes.length === 0 ? raw('0') : sql`${q.tree.resolveSql(region)} IN ${list(q.regionUnit.selfCodes, str)}`);
  }
  if (q.regionUnit.unknown) parts.push(sql`${q.tree.resolveSql(region)} = ''`);
  if (q.states.includes('anomaly')) parts.push(sql`case_id IN ${anomalyCaseIds({ types: q.anomalyTypes })}`);
  if (q.where) parts.push(q.where);
  return join(parts.map((p) => sql`(${p})`), '\n      AND ');
}

/** Open at as_of (metrics.md: Open cases at as_of), as a non-NULL 0/1. */
const openAt = (T: Sql): Sql => sql`ifNull(accept_date IS NOT NULL AND ${SOURCES.open.member!({ from: raw('NULL'), to: raw('NULL'), asOf: T })}, 0)`;

/** Finished (or denied) at or before as_of. */
const finishedBy = (T: Sql): Sql => sql`ifNull(status IN ('finished', 'denied') AND finished_at <= ${T}, 0)`;

/** The card conditions, exactly the numerators of warning / yellow_open / red_open (server/metrics/*.ts). */
function cardConditions(T: Sql, asOfSeq: Sql): Record<'warning' | 'yellow' | 'red', Sql> {
  const open = openAt(T);
  return {
    warning: sql`(${open} AND ${cardable(T)} AND ${T} <= due_at
      AND toInt64(_due_seq) - toInt64(${asOfSeq}) <= ${warnDays(METRIC_CONFIG)})`,
    yellow: sql`(${open} AND ${cardable(T)} AND due_at < ${T} AND ${T} <= legal_due_at)`,
    red: sql`(${open} AND ${cardable(T)} AND ${T} > legal_due_at)`,
  };
}

/** The late_finished condition (overdue_finished / yellow_finished / red_finished numerators). */
function lateFinished(card: 'yellow' | 'red' | undefined): Sql {
  if (card === 'yellow') return sql`(${JUDGED} AND finished_at > due_at AND finished_at <= legal_due_at)`;
  if (card === 'red') return sql`(${JUDGED} AND finished_at > legal_due_at)`;
  return sql`(${JUDGED} AND ${LATE})`;
}

/** The requested states, ORed (1 when none). */
function stateConditions(q: CaseQuery, T: Sql, asOfSeq: Sql): Sql {
  const cards = cardConditions(T, asOfSeq);
  const ors: Sql[] = [];
  for (const s of q.states) {
    if (s === 'warning' || s === 'yellow' || s === 'red') ors.push(cards[s]);
    else if (s === 'late_finished') ors.push(lateFinished(q.card));
  }
  return ors.length === 0 ? raw('1') : sql`(${join(ors, ' OR ')})`;
}

function stateWhere(q: CaseQuery, T: Sql, asOfSeq: Sql): Sql {
  const parts: Sql[] = [stateConditions(q, T, asOfSeq)];
  if (q.minOverdue !== undefined) parts.push(sql`ifNull(_overdue >= ${int(q.minOverdue)}, 0)`);
  return join(parts, ' AND ');
}

/** Every column the conditions, the sort keys and the computed columns read. */
const KEY_COLUMNS_TEXT = `case_id, partition_month, item_code, dept_code, region_code, status, accepted_at, finished_at, withdrawn_at, accept_date, finish_date,
      has_deadline, promised_limit, legal_limit, limit_unit, due_date, due_at, legal_due_date, legal_due_at,
      susp_starts, susp_ends, open_susp_start`;
const KEY_COLUMNS = raw(KEY_COLUMNS_TEXT);
/** …and the ones a list row shows besides. */
const INNER_COLUMNS = raw(`${KEY_COLUMNS_TEXT}, item_name, dept_name, channel, applicant_type, applicant_id_hash, contact_phone_masked`);

/** The sort keys of the case list → columns (the allow-list; server/api/supervision-schemas.ts). */
export const CASE_SORT_COLUMNS: Readonly<Record<string, Sql>> = {
  accepted_at: raw('accepted_at'),
  finished_at: raw('finished_at'),
  due_date: raw('due_date'),
  legal_due_date: raw('legal_due_date'),
  overdue: raw('_overdue'),
  case_id: raw('case_id'),
  dept: raw('dept_code'),
  region: raw('region_code'),
  item: raw('item_code'),
};

/**
 * A column-only condition implied by each early state (the tail of its card
 * condition), read as PREWHERE: only the few rows that can be on the list are
 * read further and have the suspension arrays evaluated (the list's cost at
 * 20 M cases). Redundant with the state conditions, so it changes no result.
 */
function statePrewhere(states: readonly CaseState[], T: Sql): Sql | null {
  const parts: Sql[] = [];
  for (const st of states) {
    if (st === 'red') parts.push(sql`${T} > legal_due_at`);
    else if (st === 'yellow') parts.push(sql`(due_at < ${T} AND ${T} <= legal_due_at)`);
    else return null;
  }
  return parts.length === 0 ? null : sql`(${join(parts, ' OR ')})`;
}

/** The states that need no calendar join (all but 预警): they filter the rows before the joins. */
const earlyStates = (q: CaseQuery): boolean =>
  q.states.length > 0 && q.states.every((st) => st === 'yellow' || st === 'red' || st === 'late_finished');

/** FROM … [PREWHERE …] WHERE … of the rows a list reads (before the calendar joins). */
function rowSource(q: CaseQuery): Sql {
  const T = instant(q.period.asOfMs);
  if (q.page) {
    const partitions = [...new Set(q.page.map((k) => Number(k.partition_month)))];
    return sql`cases PREWHERE case_id IN ${list(q.page.map((k) => k.case_id), str)}
      WHERE partition_month IN ${list(partitions, int)} AND ${innerWhere(q)}`;
  }
  const copy = q.base === 'open' && q.openCopy ? openCopySource(q.openCopy, T) : null;
  const early = earlyStates(q) ? stateConditions(q, T, int(q.asOfSeq)) : null;
  const inner = early ? sql`${innerWhere(q)} AND ${early}` : innerWhere(q);
  const prewhere = early ? statePrewhere(q.states, T) : null;
  // The copy's range condition repeats in PREWHERE so that its primary key still selects the granules.
  const pre = prewhere && copy ? sql`${CLOSED_AT} > ${T} AND ${prewhere}` : prewhere;
  return sql`${copy ? copy.table : raw('cases')}${pre ? sql` PREWHERE ${pre}` : raw('')}
      WHERE ${copy ? sql`(${copy.where}) AND ${inner}` : inner}`;
}

/** The full SELECT (no ORDER/LIMIT) with the computed columns _card, _open, _susp, _overdue. */
export function caseSelect(q: CaseQuery, columns: 'all' | 'keys' = 'all'): Sql {
  const T = instant(q.period.asOfMs);
  const asOfDate = date(beijingDate(q.period.asOfMs));
  const asOfSeq = int(q.asOfSeq);
  const cards = cardConditions(T, asOfSeq);
  // The end of the overdue count: date(finished_at) when finished by as_of, else date(as_of)
  // (metrics.md: Time rules — overdue_workdays).
  const endDate = sql`if(${finishedBy(T)}, finish_date, ${asOfDate})`;
  const calendar = (key: string, seq: string) =>
    raw(`(SELECT date AS ${key}, argMax(workday_seq, version) AS ${seq} FROM calendar GROUP BY date)`);
  const overdue = sql`if(has_deadline = 1 AND NOT ifNull(withdrawn_at <= ${T}, 0),
      greatest(toInt64(0), toInt64(_end_seq) - toInt64(_due_seq)), NULL)`;
  const card = sql`multiIf(${cards.red}, 'red', ${cards.yellow}, 'yellow', ${cards.warning}, 'warning',
      ${finishedBy(T)} AND ${JUDGED} AND ifNull(finished_at > legal_due_at, 0), 'red',
      ${finishedBy(T)} AND ${JUDGED} AND ifNull(${LATE}, 0), 'yellow', '')`;
  const shown = columns === 'all'
    ? raw(`case_id, item_code, item_name, dept_code, dept_name, region_code, channel, status,
    applicant_type, applicant_id_hash, contact_phone_masked,`)
    : raw('case_id, partition_month, item_code, dept_code, region_code, status,');
  const inner = columns === 'all' ? INNER_COLUMNS : KEY_COLUMNS;
  return sql`SELECT ${shown}
    toUnixTimestamp(accepted_at) AS accepted, toUnixTimestamp(finished_at) AS finished, accepted_at, finished_at,
    has_deadline, due_date, legal_due_date,
    ${overdue} AS _overdue, ${card} AS _card, ${openAt(T)} AS _open, ${suspendedAt(T)} AS _susp
  FROM (
    SELECT ${inner}, _end_date, _due_seq
    FROM (
      SELECT ${inner}, ${endDate} AS _end_date
      FROM ${rowSource(q)}
    ) ALL LEFT JOIN ${calendar('due_date', '_due_seq')} USING due_date
  ) ALL LEFT JOIN ${calendar('_end_date', '_end_seq')} USING _end_date
  WHERE ${stateWhere(q, T, asOfSeq)}`;
}

export interface CaseSqlRow {
  case_id: string;
  item_code: string;
  item_name: string;
  dept_code: string;
  dept_name: string;
  region_code: string;
  channel: string;
  status: string;
  applicant_type: string;
  applicant_id_hash: string;
  contact_phone_masked: string;
  accepted: number | null;
  finished: number | null;
  has_deadline: number;
  due_date: string | null;
  legal_due_date: string | null;
  _overdue: number | string | null;
  _card: '' | 'warning' | 'yellow' | 'red';
  _open: number;
  _susp: number;
}

export interface SortSpec {
  key: string;
  desc: boolean;
}

const orderBy = (sort: SortSpec): Sql => {
  const column = CASE_SORT_COLUMNS[sort.key];
  if (!column) throw new Error(`unknown sort key ${sort.key}`);
  return sql`ORDER BY ${column} ${raw(sort.desc ? 'DESC' : 'ASC')}, case_id ASC`;
};

export function pagedCaseSql(q: CaseQuery, sort: SortSpec, offset: number, limit: number): Sql {
  return sql`${caseSelect(q)}
  ${orderBy(sort)}
  LIMIT ${int(offset)}, ${int(limit)}`;
}

/**
 * A page in two steps (the list's cost at scale is reading wide rows of every
 * candidate): first the page's case_ids and partitions, ordered, from the key
 * columns only (pageIdsSql); then those rows in full (pageRowsSql), read from
 * \`cases\` by its primary key in those partitions only. Both apply every
 * condition, so the page is the same as pagedCaseSql's.
 */
export function pageIdsSql(q: CaseQuery, sort: SortSpec, offset: number, limit: number): Sql {
  return sql`SELECT case_id, partition_month, dept_code, item_code FROM (${caseSelect(q, 'keys')})
  ${orderBy(sort)}
  LIMIT ${int(offset)}, ${int(limit)}`;
}

export function pageRowsSql(q: CaseQuery, sort: SortSpec, page: readonly PageKey[]): Sql {
  return sql`${caseSelect({ ...q, page })}
  ${orderBy(sort)}`;
}

/** The list's total; without the calendar joins when the states filter before them (they add no rows). */
export const countCaseSql = (q: CaseQuery): Sql => earlyStates(q) && q.minOverdue === undefined
  ? sql`SELECT count() AS n FROM ${rowSource(q)}`
  : sql`SELECT count() AS n FROM (${caseSelect(q)})`;
