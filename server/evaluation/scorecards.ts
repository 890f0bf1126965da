// Scorecards (评估结果): computed once, then FROZEN — the content (system
// version, period, as_of, data watermark, leaf values with numerators and
// denominators, scores, subtotals, composite, rank, missing leaves) is stored
// as canonical JSON with its SHA-256. Reading a scorecard returns the stored
// numbers, whatever has been imported since; /recompute makes a new one.
import { createHash, randomBytes } from 'node:crypto';
import type {
  DataWatermark, IndexSystem, LeafResult, Scorecard, ScorecardContent, ScorecardLine, ScorecardRequest, ScorecardSummary,
} from '../api/evaluation-schemas.ts';
import type { Scope } from '../auth/types.ts';
import { beijingIso, nextVersion, toSeconds } from '../auth/version.ts';
import { notFound } from '../errors.ts';
import { metricDrill, rowDrill } from '../metrics/drill.ts';
import { computeMetrics } from '../metrics/engine/compute.ts';
import { beijingIsoOf, type Period } from '../metrics/engine/periods.ts';
import { unitKey, type Unit } from '../metrics/engine/units.ts';
import { isMetricId, metricsByIds } from '../metrics/index.ts';
import { groupingLevel, resolvePeriod } from '../metrics/request.ts';
import type { Db } from '../sql/client.ts';
import { date, list, sql, str } from '../sql/literal.ts';
import { REGION_LEVELS, regionTree, type RegionTree } from '../sql/regions.ts';
import { leavesOf, scoreUnits, type LeafInput, type LeafSpec } from './score.ts';
import { getSystem } from './systems.ts';

/** JSON with object keys sorted at every depth: the hashed form. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v);
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
/** The short verification code printed on exports: the hash's first 12 hex digits, grouped. */
export const shortCodeOf = (sha: string): string => sha.slice(0, 12).toUpperCase().replace(/(.{4})(?=.)/g, '$1-');

/** A leaf's direction when it states none: its metric's (`none` → ↑); external indicators ↑. */
function defaultDirection(n: { source?: { kind: string; id?: string } }): 'up' | 'down' {
  if (n.source?.kind === 'metric' && n.source.id && isMetricId(n.source.id)) {
    return metricsByIds([n.source.id])[0]!.direction === 'down' ? 'down' : 'up';
  }
  return 'up';
}

export const systemLeaves = (system: IndexSystem): LeafSpec[] => leavesOf(system.children, defaultDirection);

/** What the data looked like when a scorecard was computed (versions per fact table, last ok ETL run per source). */
export async function dataWatermark(db: Db): Promise<DataWatermark> {
  const facts: DataWatermark['facts'] = {};
  await Promise.all((['cases', 'steps', 'ratings'] as const).map(async (t) => {
    const q = t === 'cases' ? sql`SELECT toString(max(version)) AS v, toString(count()) AS n FROM cases`
      : t === 'steps' ? sql`SELECT toString(max(version)) AS v, toString(count()) AS n FROM steps`
        : sql`SELECT toString(max(version)) AS v, toString(count()) AS n FROM ratings`;
    const [r] = await db.query<{ v: string; n: string }>(q);
    facts[t] = { maxVersion: r?.v ?? '0', rows: r?.n ?? '0' };
  }));
  const runs = await db.query<{ source: string; ended: string }>(sql`SELECT source, toString(max(ended)) AS ended FROM (
      SELECT run_id, argMax(source, version) AS source, argMax(status, version) AS st, argMax(ended_at, version) AS ended
      FROM etl_runs GROUP BY run_id)
    WHERE st = 'ok' GROUP BY source ORDER BY source`);
  const [ext] = await db.query<{ v: string }>(sql`SELECT toString(max(version)) AS v FROM eval_external_values`);
  return {
    facts,
    lastOkRuns: Object.fromEntries(runs.map((r) => [r.source, r.ended ? beijingIso(r.ended) : ''])),
    external: ext?.v ?? '0',
  };
}

interface ExternalRow { indicator_code: string; unit_kind: string; unit_code: string; period_from: string; period_to: string; value: number; v: string }

/**
 * External values for a period: per (indicator, unit) the value whose period
 * equals the scorecard's, else the overlapping one that ends latest (newest
 * upload on a tie).
 */
async function externalInputs(db: Db, codes: string[], period: Period, kind: 'region' | 'dept'): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  if (codes.length === 0) return out;
  // TRICKY: output aliases differ from the column names (ClickHouse substitutes aliases into WHERE).
  const found = await db.query<Omit<ExternalRow, 'period_from' | 'period_to'> & { pf: string; pt: string }>(sql`SELECT
      indicator_code, unit_code, toString(period_from) AS pf, toString(period_to) AS pt,
      argMax(value, version) AS value, toString(max(version)) AS v
    FROM eval_external_values
    WHERE indicator_code IN ${list(codes, str)} AND unit_kind = ${str(kind)}
      AND period_from <= ${date(period.to)} AND period_to >= ${date(period.from)}
    GROUP BY indicator_code, unit_code, period_from, period_to`);
  const rows: ExternalRow[] = found.map((r) => ({ ...r, unit_kind: kind, period_from: r.pf, period_to: r.pt }));
  const best = new Map<string, ExternalRow>();
  const rankOf = (r: ExternalRow) => [r.period_from === period.from && r.period_to === period.to ? 1 : 0, r.period_to, BigInt(r.v)] as const;
  for (const r of rows) {
    const k = `${r.indicator_code}\u0000${r.unit_code}`;
    const prev = best.get(k);
    if (!prev) { best.set(k, r); continue; }
    const [a, b] = [rankOf(r), rankOf(prev)];
    if (a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] > b[2])))) best.set(k, r);
  }
  for (const r of best.values()) {
    const m = out.get(r.indicator_code) ?? new Map<string, number>();
    m.set(r.unit_code, Number(r.value));
    out.set(r.indicator_code, m);
  }
  return out;
}

export interface ComputeOptions { nowMs?: number; actor: string; recomputedFrom?: string | null; title?: string }

/** Computes a scorecard's content over every unit of the level (never scoped: metrics.md). */
export async function computeScorecard(db: Db, req: ScorecardRequest, opts: ComputeOptions): Promise<ScorecardContent> {
  const nowMs = opts.nowMs ?? Date.now();
  const system = await getSystem(db, req.systemId);
  const period = resolvePeriod({ from: req.from, to: req.to }, nowMs);
  const level = req.by === 'region' ? groupingLevel(req.level, {}, null) : 0;
  const leaves = systemLeaves(system);
  const metricLeaves = leaves.filter((l) => l.node.source?.kind === 'metric');
  const unavailable = metricLeaves.filter((l) => l.node.source?.kind === 'metric' && !isMetricId(l.node.source.id));
  const metricIds = [...new Set(['accepted', ...metricLeaves.flatMap((l) => (l.node.source?.kind === 'metric' && isMetricId(l.node.source.id) ? [l.node.source.id] : []))])];
  const metrics = metricsByIds(metricIds);
  const externalCodes = [...new Set(leaves.flatMap((l) => (l.node.source?.kind === 'external' ? [l.node.source.code] : [])))];

  const [rows, tree, external, watermark] = await Promise.all([
    computeMetrics(db, { metrics, periods: [period], groupBy: req.by === 'region' ? { kind: 'region', level } : { kind: 'dept' }, filters: [], scope: null }),
    regionTree(db),
    externalInputs(db, externalCodes, period, req.by),
    dataWatermark(db),
  ]);
  // 未知区划 is not a unit anyone can be evaluated as.
  const units = rows.filter((r) => r.present[0] && r.unit && !r.unit.unknown);
  const keys = units.map((r) => unitKey(r.unit!));

  const inputs = new Map<string, Map<string, LeafInput>>();
  for (const leaf of leaves) {
    const m = new Map<string, LeafInput>();
    const src = leaf.node.source!;
    for (const r of units) {
      const k = unitKey(r.unit!);
      if (src.kind === 'metric') {
        if (!isMetricId(src.id)) { m.set(k, { value: null, missing: 'unavailable' }); continue; }
        const v = r.values[0]![src.id]!;
        if (v.value === null) m.set(k, { value: null, missing: 'no_data' });
        else if (v.n < system.minSample) m.set(k, { value: null, missing: 'insufficient' });
        else m.set(k, { value: v.value });
      } else {
        const x = r.unit!.self ? undefined : external.get(src.code)?.get(r.unit!.code);
        m.set(k, x === undefined ? { value: null, missing: 'no_data' } : { value: x });
      }
    }
    inputs.set(leaf.key, m);
  }
  const scores = scoreUnits(system.children, leaves, keys, inputs);

  const lines: ScorecardLine[] = units.map((r) => {
    const unit = r.unit!;
    const s = scores.get(unitKey(unit))!;
    const rowCases = rowDrill(period, {}, unit, tree);
    const leafResults: Record<string, LeafResult> = {};
    for (const leaf of leaves) {
      const src = leaf.node.source!;
      const ls = s.leaves.get(leaf.key)!;
      const registered = src.kind === 'metric' && isMetricId(src.id);
      leafResults[leaf.key] = {
        value: ls.value,
        raw: registered ? r.values[0]![src.id]! : null,
        score: ls.score,
        missing: ls.missing,
        cases: registered ? metricDrill(rowCases, metricsByIds([src.id])[0]!) : null,
      };
    }
    return {
      unit, composite: s.composite, rank: s.rank,
      subtotals: Object.fromEntries(system.children.map((c, i) => [c.name, s.subtotals[i] ?? null])),
      leaves: leafResults, missingLeaves: s.missingLeaves,
    };
  });
  lines.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.unit.code.localeCompare(b.unit.code));

  const notes: string[] = [];
  for (const l of unavailable) {
    notes.push(`叶子指标「${l.name}」（${l.key}）尚未在指标库中提供，对所有单位按缺失处理，其权重按比例分配给同级其他指标。`);
  }
  notes.push(`样本量低于 ${system.minSample} 的指标视为样本不足（缺失），其权重按比例分配给同级指标；同级全部缺失时上级节点缺失。`);
  const createdMs = nowMs;
  const id = `SC-${beijingIsoOf(createdMs).slice(0, 10).replace(/-/g, '')}-${randomBytes(4).toString('hex')}`;
  return {
    id,
    title: opts.title ?? `${system.name} 评估结果（${period.from} 至 ${period.to}）`,
    system,
    period: { from: period.from, to: period.to },
    asOf: beijingIsoOf(period.asOfMs),
    by: req.by,
    level: req.by === 'region' ? REGION_LEVELS[level - 1]! : null,
    createdAt: beijingIsoOf(Math.floor(createdMs / 1000) * 1000),
    createdBy: opts.actor,
    recomputedFrom: opts.recomputedFrom ?? null,
    dataWatermark: watermark,
    notes,
    lines,
  };
}

/** Freezes: stores the canonical JSON and its SHA-256. */
export async function storeScorecard(db: Db, content: ScorecardContent): Promise<Scorecard> {
  const json = canonicalJson(content);
  const sha = sha256Hex(json);
  await db.insert('eval_scorecards', [{
    scorecard_id: content.id, system_id: content.system.id, period_from: content.period.from, period_to: content.period.to,
    by: content.by, level: content.level ?? '', title: content.title, created_by: content.createdBy,
    created_at: toSeconds(Date.parse(content.createdAt)), recomputed_from: content.recomputedFrom ?? '',
    sha256: sha, short_code: shortCodeOf(sha), content: json, seq: nextVersion(),
  }]);
  return { ...(JSON.parse(json) as ScorecardContent), sha256: sha, shortCode: shortCodeOf(sha) };
}

export async function createScorecard(db: Db, req: ScorecardRequest, opts: ComputeOptions): Promise<Scorecard> {
  return storeScorecard(db, await computeScorecard(db, req, opts));
}

interface StoredRow { content: string; sha256: string; short_code: string }

/** The stored scorecard, checked against its hash; `lookup` by id, sha256 or short code. */
export async function loadScorecard(db: Db, lookup: { id?: string; sha256?: string; shortCode?: string }): Promise<Scorecard> {
  const where = lookup.id !== undefined ? sql`scorecard_id = ${str(lookup.id)}`
    : lookup.sha256 !== undefined ? sql`sha256 = ${str(lookup.sha256)}` : sql`short_code = ${str(lookup.shortCode ?? '')}`;
  const [row] = await db.query<StoredRow>(sql`SELECT content, sha256, short_code FROM eval_scorecards WHERE ${where} LIMIT 1`);
  if (!row) throw notFound('评估结果');
  if (sha256Hex(row.content) !== row.sha256) throw new Error(`scorecard content does not match its hash: ${lookup.id ?? ''}`);
  return { ...(JSON.parse(row.content) as ScorecardContent), sha256: row.sha256, shortCode: row.short_code };
}

export async function listScorecards(db: Db): Promise<ScorecardSummary[]> {
  const rows = await db.query<{ scorecard_id: string; system_id: string; title: string; period_from: string; period_to: string; by: string;
    level: string; created_at: string; created_by: string; sha256: string; short_code: string; recomputed_from: string }>(sql`SELECT
      scorecard_id, system_id, title, toString(period_from) AS period_from, toString(period_to) AS period_to, by, level,
      created_at, created_by, sha256, short_code, recomputed_from
    FROM eval_scorecards ORDER BY created_at DESC, seq DESC LIMIT 1000`);
  return rows.map((r) => ({
    id: r.scorecard_id, systemId: r.system_id, title: r.title, period: { from: r.period_from, to: r.period_to }, by: r.by,
    level: r.level || null, createdAt: beijingIso(r.created_at), createdBy: r.created_by, sha256: r.sha256, shortCode: r.short_code,
    recomputedFrom: r.recomputed_from || null,
  }));
}

/** A dept user's view: only the lines of its own units (api.md: Roles and scope). */
export async function visibleLines(db: Db, card: Scorecard, scope: Scope | null): Promise<ScorecardLine[]> {
  if (scope === null) return card.lines;
  const tree = await regionTree(db);
  const inRegions = (code: string) => scope.regions.some((r) => tree.subtree(r).includes(code));
  let deptRegion = new Map<string, string>();
  const depts = card.lines.filter((l) => l.unit.kind === 'dept').map((l) => l.unit.code);
  if (depts.length > 0 && scope.regions.length > 0) {
    const rows = await db.query<{ code: string; region: string }>(sql`SELECT dept_code AS code, argMax(region_code, version) AS region
      FROM depts WHERE dept_code IN ${list(depts, str)} GROUP BY dept_code`);
    deptRegion = new Map(rows.map((r) => [r.code, r.region]));
  }
  return card.lines.filter((l) => (l.unit.kind === 'region'
    ? inRegions(l.unit.code)
    : scope.depts.includes(l.unit.code) || inRegions(deptRegion.get(l.unit.code) ?? '')));
}

export interface LineDiff {
  unit: Unit;
  change: 'added' | 'removed' | 'changed';
  composite: [number | null, number | null];
  rank: [number | null, number | null];
  leaves: Record<string, { value: [number | null, number | null]; score: [number | null, number | null] }>;
}

/** What differs between two scorecards of the same request (recompute). */
export function diffScorecards(before: ScorecardContent, after: ScorecardContent): LineDiff[] {
  const key = (l: ScorecardLine) => unitKey(l.unit);
  const old = new Map(before.lines.map((l) => [key(l), l]));
  const now = new Map(after.lines.map((l) => [key(l), l]));
  const out: LineDiff[] = [];
  for (const [k, b] of now) {
    const a = old.get(k);
    const leaves: LineDiff['leaves'] = {};
    for (const [lk, lv] of Object.entries(b.leaves)) {
      const av = a?.leaves[lk];
      if (!a || av?.value !== lv.value || av?.score !== lv.score) {
        leaves[lk] = { value: [av?.value ?? null, lv.value], score: [av?.score ?? null, lv.score] };
      }
    }
    if (!a || a.composite !== b.composite || a.rank !== b.rank || Object.keys(leaves).length > 0) {
      out.push({ unit: b.unit, change: a ? 'changed' : 'added', composite: [a?.composite ?? null, b.composite], rank: [a?.rank ?? null, b.rank], leaves });
    }
  }
  for (const [k, a] of old) {
    if (!now.has(k)) out.push({ unit: a.unit, change: 'removed', composite: [a.composite, null], rank: [a.rank, null], leaves: {} });
  }
  return out;
}

export { type RegionTree };
