// The case list behind every figure (GET /api/supervision/cases and its
// export): request → base, states and filters → SQL (case-sql.ts /
// rating-sql.ts) → rows with names, anomaly types and role masking.
//
// Base and state (metrics.md):
// - state warning | yellow | red (comma-separated = any of them) → base open
//   at as_of; late_finished (optionally card=yellow|red) → base finished in
//   the period; anomaly (anomalyType, default the four case anomaly types
//   that anomaly_rate counts) → base accepted in the period unless given.
// - base without state = the cases (or ratings, `bad=1` = 差评) behind a plain metric.
// - asOf defaults to min(now, to 23:59:59) exactly as the metrics.
import type { AnomalyType } from '../../etl/anomalies/types.ts';
import { CASE_ANOMALY_TYPES } from '../../etl/anomalies/types.ts';
import type { CaseBase, CaseListQuery, CaseRow, CaseState } from '../api/supervision-schemas.ts';
import type { Role, Scope } from '../auth/types.ts';
import { badRequest } from '../errors.ts';
import { workdaySeqs } from '../metrics/engine/calendar-seq.ts';
import { beijingIsoOf, liveNowMs, type Period } from '../metrics/engine/periods.ts';
import { filtersOf, resolvePeriod } from '../metrics/request.ts';
import type { Db } from '../sql/client.ts';
import { join, list, sql, str, type Sql } from '../sql/literal.ts';
import { cachedResult } from '../sql/result-cache.ts';
import { SOURCES } from '../metrics/engine/sources.ts';
import { levelNumber, regionTree, type RegionTree } from '../sql/regions.ts';
import { findingsOfCases, type Finding } from './anomalies.ts';
import { openCasesCopy, readPathState } from '../metrics/engine/read-path.ts';
import { countCaseSql, pageIdsSql, pageRowsSql, pagedCaseSql, type CaseBaseId, type CaseQuery, type CaseSqlRow, type PageKey, type RegionUnitFilter, type SortSpec } from './case-sql.ts';
import { applicantView } from './masking.ts';
import { namesFor, type Names } from './names.ts';
import { countRatingSql, pagedRatingSql, type RatingQuery, type RatingSqlRow } from './rating-sql.ts';

export interface Viewer {
  username: string;
  role: Role;
  scope: Scope | null;
}

/** The list's filters without paging (the export takes the same). */
export type CaseFilters = Omit<CaseListQuery, 'page' | 'pageSize'>;

/** The data watermark the list's results may be cached under (null: never cached). */
type Watermark = { watermark: string | null };

export type ResolvedList =
  | ({ kind: 'cases'; base: CaseBaseId; states: CaseState[]; period: Period; sort: SortSpec; query: CaseQuery } & Watermark)
  | ({ kind: 'ratings'; base: 'ratings'; states: CaseState[]; period: Period; sort: SortSpec; query: RatingQuery } & Watermark);

const OPEN_STATES: readonly CaseState[] = ['warning', 'yellow', 'red'];
const CASE_SORTS = ['accepted_at', 'finished_at', 'due_date', 'legal_due_date', 'overdue', 'case_id', 'dept', 'region', 'item'];
const RATING_SORTS = ['rated_at', 'level', 'case_id', 'dept', 'region', 'item'];

const bad = (zh: string, en: string) => badRequest(zh, en);

function baseFor(requested: CaseBase | undefined, states: readonly CaseState[]): CaseBaseId | 'ratings' {
  if (requested === 'catalogue') {
    throw badRequest('事项目录类指标（承诺时限压缩率）没有对应的办件明细', 'A catalogue metric (compression_rate) has no cases behind it', 'no_cases_for_catalogue');
  }
  const open = states.filter((s) => OPEN_STATES.includes(s));
  const late = states.includes('late_finished');
  const anomaly = states.includes('anomaly');
  if (anomaly && states.length > 1) throw bad('参数 state 无效：anomaly 不能与其他状态组合', 'Invalid parameter state: anomaly cannot be combined with other states');
  if (open.length > 0 && late) throw bad('参数 state 无效：在办状态与超期办结不能组合', 'Invalid parameter state: open-case cards and late_finished cannot be combined');
  if (open.length > 0) {
    if (requested && requested !== 'open') throw bad('参数 base 无效：预警/黄牌/红牌只针对在办件 (base=open)', 'Invalid parameter base: warning/yellow/red apply to open cases (base=open)');
    return 'open';
  }
  if (late) {
    if (requested && requested !== 'finished') throw bad('参数 base 无效：超期办结只针对办结件 (base=finished)', 'Invalid parameter base: late_finished applies to finished cases (base=finished)');
    return 'finished';
  }
  if (anomaly && requested === 'ratings') throw bad('参数 base 无效：异常办件针对办件', 'Invalid parameter base: anomalies list cases');
  return requested ?? 'accepted';
}

function sortOf(text: string | undefined, kind: 'cases' | 'ratings', states: readonly CaseState[]): SortSpec {
  const fallback = kind === 'ratings' ? 'rated_at'
    : states.includes('warning') && states.length === 1 ? 'due_date'
      : states.some((s) => s === 'yellow' || s === 'red' || s === 'late_finished') ? '-overdue' : 'accepted_at';
  const spec = text ?? fallback;
  const desc = spec.startsWith('-');
  const key = desc ? spec.slice(1) : spec;
  const allowed = kind === 'ratings' ? RATING_SORTS : CASE_SORTS;
  if (!allowed.includes(key)) {
    throw bad(`参数 sort 无效：${kind === 'ratings' ? '评价' : '办件'}列表可按 ${allowed.join('|')} 排序`, `Invalid parameter sort: this list sorts by ${allowed.join('|')}`);
  }
  return { key, desc };
}

/**
 * regionSelf / regionUnknown (server/metrics/drill.ts): a 本级 row holds the
 * records whose (climbed) region reports as that region itself at the
 * grouping level — the codes c of its subtree with unitAt(c, level) = {R, 本级}
 * (engine/units.ts). The level defaults to one below the region (the usual
 * grouping of a region filter); `level` names it when it was another.
 */
function regionUnitOf(q: CaseFilters, tree: RegionTree): RegionUnitFilter {
  if (q.regionSelf && q.regionUnknown) throw bad('参数 regionSelf 与 regionUnknown 不能同时使用', 'Parameters regionSelf and regionUnknown are exclusive');
  if (q.regionSelf) {
    const r = q.region?.length === 1 ? q.region[0]! : undefined;
    if (!r) throw bad('参数 regionSelf 无效：需要且仅需要一个 region', 'Invalid parameter regionSelf: needs exactly one region');
    const node = tree.nodes.get(r);
    if (!node) throw badRequest(`未知区划：${r}`, `Unknown region: ${r}`, 'unknown_region');
    const level = q.level ? levelNumber(q.level) : Math.min(4, node.level + 1);
    return { selfCodes: tree.subtree(r).filter((c) => { const u = tree.unitAt(c, level); return u?.code === r && u.self; }) };
  }
  return q.regionUnknown ? { unknown: true } : {};
}

export async function resolveCaseList(db: Db, q: CaseFilters, scope: Scope | null, nowMs = liveNowMs()): Promise<ResolvedList> {
  const states = q.state ?? [];
  const base = baseFor(q.base, states);
  if (q.card && !states.includes('late_finished')) throw bad('参数 card 仅用于 state=late_finished', 'Parameter card applies to state=late_finished only');
  if (q.bad && base !== 'ratings') throw bad('参数 bad 仅用于 base=ratings', 'Parameter bad applies to base=ratings only');
  if (q.anomalyType && !states.includes('anomaly')) throw bad('参数 anomalyType 仅用于 state=anomaly', 'Parameter anomalyType applies to state=anomaly only');
  if (q.minOverdue !== undefined && base === 'ratings') throw bad('参数 minOverdue 不适用于评价列表', 'Parameter minOverdue does not apply to ratings');
  // metrics.md: ratingChannel filters ratings only; the case bases declare it
  // null (ignored), exactly as the metrics do.
  const period = resolvePeriod(q, nowMs);
  const [tree, readPaths] = await Promise.all([regionTree(db), readPathState(db)]);
  const watermark = readPaths.cacheable ? readPaths.watermark : null;
  const regionUnit = regionUnitOf(q, tree);
  const filters = filtersOf(q);
  // An empty dept/item (a 未知部门/未知事项 unit): the records whose column is ''.
  const columns = base === 'ratings' ? SOURCES.ratings.columns : SOURCES.accepted.columns;
  const empty = (['dept', 'item'] as const).filter((k) => q[k]?.length === 0).map((k) => sql`${columns[k]!} = ''`);
  const where = empty.length > 0 ? join(empty, ' AND ') : undefined;
  if (base === 'ratings') {
    return {
      kind: 'ratings', base, states, period, sort: sortOf(q.sort, 'ratings', states), watermark,
      query: { population: 'valid', badOnly: q.bad ?? false, statuses: [], period, filters, regionUnit, scope, tree, where },
    };
  }
  const [asOfSeq] = await workdaySeqs(db, [period.asOfMs]);
  const anomalyTypes: AnomalyType[] = q.anomalyType ?? [...CASE_ANOMALY_TYPES];
  const openCopy = base === 'open' ? openCasesCopy(readPaths) : null;
  return {
    kind: 'cases', base, states, period, sort: sortOf(q.sort, 'cases', states), watermark,
    query: { base, states, card: q.card, anomalyTypes, period, asOfSeq: asOfSeq!, filters, regionUnit, scope, tree, minOverdue: q.minOverdue, where, openCopy },
  };
}

const iso = (seconds: number | null | undefined): string | null =>
  seconds === null || seconds === undefined ? null : beijingIsoOf(Number(seconds) * 1000);

/** The names and anomaly findings a page of cases shows, looked up from the cases' keys. */
type CaseLookups = [Names, Map<string, Finding[]>];

function caseLookups(db: Db, tree: RegionTree, keys: ReadonlyArray<{ case_id: string; dept_code: string; item_code: string }>): Promise<CaseLookups> {
  return Promise.all([
    namesFor(db, tree, { depts: keys.map((r) => r.dept_code), items: keys.map((r) => r.item_code) }),
    findingsOfCases(db, keys.map((r) => r.case_id)),
  ]);
}

/** Case rows → API rows: names, anomaly types (with evidence for anomaly lists), masking. */
function caseRows([names, findings]: CaseLookups, rows: CaseSqlRow[], viewer: Viewer, states: readonly CaseState[], types: readonly AnomalyType[]): CaseRow[] {
  const withEvidence = states.includes('anomaly');
  return rows.map((r): CaseRow => {
    const found = findings.get(r.case_id) ?? [];
    const row: CaseRow = {
      caseId: r.case_id,
      itemCode: r.item_code,
      itemName: names.item(r.item_code, r.item_name),
      deptCode: r.dept_code,
      deptName: names.dept(r.dept_code, r.dept_name),
      regionCode: r.region_code,
      regionName: names.region(r.region_code),
      channel: r.channel,
      status: r.status,
      acceptedAt: iso(r.accepted),
      finishedAt: iso(r.finished),
      dueDate: r.due_date,
      legalDueDate: r.legal_due_date,
      overdueWorkdays: r._overdue === null ? null : Number(r._overdue),
      card: r._card === '' ? null : r._card,
      openAtAsOf: Number(r._open) === 1,
      suspendedAtAsOf: Number(r._open) === 1 && Number(r._susp) === 1,
      hasDeadline: Number(r.has_deadline) === 1,
      anomalyTypes: [...new Set(found.map((f) => f.type))],
      applicant: applicantView(viewer.role, r),
    };
    if (withEvidence) {
      row.anomalies = found.filter((f) => (types as readonly string[]).includes(f.type)).map((f) => ({ type: f.type, ratingId: f.ratingId, evidence: f.evidence }));
    }
    return row;
  });
}

interface CaseBrief {
  case_id: string; item_name: string; dept_name: string; channel: string; status: string;
  applicant_type: string; applicant_id_hash: string; contact_phone_masked: string;
  accepted: number | null; finished: number | null; has_deadline: number; due_date: string | null; legal_due_date: string | null;
}

/** Rating rows → API rows (base=ratings): the rating plus its case's fields where it has one. */
async function ratingRows(db: Db, tree: RegionTree, rows: RatingSqlRow[], viewer: Viewer): Promise<CaseRow[]> {
  const caseIds = [...new Set(rows.map((r) => r.case_id).filter((c) => c !== ''))];
  const briefs = new Map<string, CaseBrief>();
  if (caseIds.length > 0) {
    for (let i = 0; i < caseIds.length; i += 20_000) {
      const found = await db.query<CaseBrief>(sql`SELECT case_id, argMax(item_name, version) AS item_name, argMax(dept_name, version) AS dept_name,
          toString(argMax(channel, version)) AS channel, toString(argMax(status, version)) AS status,
          toString(argMax(applicant_type, version)) AS applicant_type, argMax(applicant_id_hash, version) AS applicant_id_hash,
          argMax(contact_phone_masked, version) AS contact_phone_masked,
          toUnixTimestamp(argMax(accepted_at, version)) AS accepted, toUnixTimestamp(argMax(finished_at, version)) AS finished,
          argMax(has_deadline, version) AS has_deadline, argMax(due_date, version) AS due_date, argMax(legal_due_date, version) AS legal_due_date
        FROM cases WHERE case_id IN ${list(caseIds.slice(i, i + 20_000), str)} GROUP BY case_id`);
      for (const b of found) briefs.set(b.case_id, b);
    }
  }
  const names = await namesFor(db, tree, { depts: rows.map((r) => r._dept), items: rows.map((r) => r._item) });
  return rows.map((r): CaseRow => {
    const c = briefs.get(r.case_id);
    return {
      caseId: r.case_id,
      itemCode: r._item,
      itemName: names.item(r._item, c?.item_name),
      deptCode: r._dept,
      deptName: names.dept(r._dept, c?.dept_name),
      regionCode: r._region,
      regionName: names.region(r._region),
      channel: c?.channel ?? '',
      status: c?.status ?? '',
      acceptedAt: iso(c?.accepted),
      finishedAt: iso(c?.finished),
      dueDate: c?.due_date ?? null,
      legalDueDate: c?.legal_due_date ?? null,
      overdueWorkdays: null,
      card: null,
      openAtAsOf: false,
      suspendedAtAsOf: false,
      hasDeadline: Number(c?.has_deadline ?? 0) === 1,
      anomalyTypes: [],
      applicant: c ? applicantView(viewer.role, c) : null,
      rating: { ratingId: r.rating_id, level: Number(r.level), channel: r.channel, ratedAt: iso(r.rated)! },
    };
  });
}

export interface CaseListResult {
  resolved: ResolvedList;
  total: number;
  rows: CaseRow[];
}

/**
 * One page (offset/limit) of a resolved list, with its total. A page is cached
 * whole (server/sql/result-cache.ts) under the data watermark, keyed by its
 * SQL — which holds the viewer's compiled scope — and the viewer's role (the
 * masking of applicant data depends on it, nothing else of the viewer does).
 */
export async function readCaseList(db: Db, resolved: ResolvedList, viewer: Viewer, offset: number, limit: number): Promise<CaseListResult> {
  // The page's SQL: the rating rows, or the case keys (case-sql.ts pageIdsSql).
  const pageSql = resolved.kind === 'ratings'
    ? pagedRatingSql(resolved.query, resolved.sort, offset, limit)
    : pageIdsSql(resolved.query, resolved.sort, offset, limit);
  const page = await cachedResult(db, resolved.watermark, `list page\u0000${viewer.role}\u0000${pageSql.text}`,
    () => readPage(db, resolved, viewer, pageSql));
  return { resolved, ...page };
}

async function readPage(db: Db, resolved: ResolvedList, viewer: Viewer, pageSql: Sql): Promise<{ total: number; rows: CaseRow[] }> {
  const tree = resolved.query.tree;
  if (resolved.kind === 'ratings') {
    const [count, rows] = await Promise.all([
      db.query<{ n: string }>(countRatingSql(resolved.query)),
      db.query<RatingSqlRow>(pageSql),
    ]);
    return { total: Number(count[0]?.n ?? 0), rows: await ratingRows(db, tree, rows, viewer) };
  }
  // The page in two steps (case-sql.ts pageIdsSql): its keys, then its rows
  // and what they show (names, anomaly findings) side by side.
  const count = db.query<{ n: string }>(countCaseSql(resolved.query));
  const keys = await db.query<PageKey>(pageSql);
  const [rows, lookups, [counted]] = await Promise.all([
    keys.length === 0 ? [] : db.query<CaseSqlRow>(pageRowsSql(resolved.query, resolved.sort, keys)),
    caseLookups(db, tree, keys),
    count,
  ]);
  return { total: Number(counted?.n ?? 0), rows: caseRows(lookups, rows, viewer, resolved.states, resolved.query.anomalyTypes) };
}

/**
 * The whole list (up to `limit` rows) in enriched chunks, read by ONE streamed
 * query (the export): names and anomaly lookups run per chunk, so memory
 * stays bounded whatever the row count.
 */
export async function* streamCaseList(db: Db, resolved: ResolvedList, viewer: Viewer, limit: number, chunkRows = 5_000): AsyncGenerator<CaseRow[]> {
  const tree = resolved.query.tree;
  let chunk: Array<CaseSqlRow | RatingSqlRow> = [];
  const enrich = async (rows: Array<CaseSqlRow | RatingSqlRow>) => resolved.kind === 'ratings'
    ? ratingRows(db, tree, rows as RatingSqlRow[], viewer)
    : caseRows(await caseLookups(db, tree, rows as CaseSqlRow[]), rows as CaseSqlRow[], viewer, resolved.states, resolved.query.anomalyTypes);
  const q = resolved.kind === 'ratings'
    ? pagedRatingSql(resolved.query, resolved.sort, 0, limit)
    : pagedCaseSql(resolved.query, resolved.sort, 0, limit);
  for await (const row of db.stream<CaseSqlRow | RatingSqlRow>(q)) {
    chunk.push(row);
    if (chunk.length >= chunkRows) {
      yield await enrich(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) yield await enrich(chunk);
}

/** The total of a resolved list (the export checks it against its cap first). */
export async function countCaseList(db: Db, resolved: ResolvedList): Promise<number> {
  const [row] = await db.query<{ n: string }>(resolved.kind === 'ratings' ? countRatingSql(resolved.query) : countCaseSql(resolved.query));
  return Number(row?.n ?? 0);
}

export const sortText = (s: SortSpec): string => `${s.desc ? '-' : ''}${s.key}`;
