// Exact figures stay exact (performance issue): every metric read through the
// rollups (the case rollup, the open-case copy) equals the same metric read
// from raw rows, on the simulator's province, for every grouping, filter,
// scope and period shape the API produces — and again after an import that
// updates already-imported cases and adds ratings, and after an upheld appeal.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { markDerivedPending, refreshDerived } from '../etl/load/derived.ts';
import { generateProvince, writeContractFiles, type RawRow, type SimulatedData } from '../etl/sources/simulator/index.ts';
import { violations } from '../etl/sources/simulator/testing/contract-rules.ts';
import { computeMetrics, type ComputeRequest } from '../server/metrics/engine/compute.ts';
import { trendBuckets, type Period } from '../server/metrics/engine/periods.ts';
import type { GroupBy } from '../server/metrics/engine/query.ts';
import { decideReadPaths, ratingsAfterAsOf, readPathState } from '../server/metrics/engine/read-path.ts';
import { METRICS } from '../server/metrics/index.ts';
import { METRIC_CONFIG } from '../server/metrics/config.ts';
import { SOURCE_OF_BASE } from '../server/metrics/engine/sources.ts';
import type { Filter } from '../server/sql/filters.ts';
import { raw } from '../server/sql/literal.ts';
import { invalidateRating } from '../server/supervision/appeals.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { importDir, q, tempDir, writeNdjson } from './helpers/etl-fixtures.ts';

const END = '2026-06-30';
const endOfDay = (d: string) => Date.parse(`${d}T23:59:59+08:00`);
const period = (from: string, to: string, asOfMs = endOfDay(to)): Period => ({ from, to, asOfMs });

let t: TestDb;
let data: SimulatedData;
const files = tempDir('rollup-eq');
const updates = tempDir('rollup-eq-upd');

beforeAll(async () => {
  t = await freshDatabase('rollup_eq');
  data = generateProvince({ seed: 47, cases: 4000, months: 12, endDate: END });
  await writeContractFiles(data, files.dir, { rowsPerFile: 5000 });
  await importDir(t.db, files.dir);
});

afterAll(async () => {
  await t?.drop();
  files.remove();
  updates.remove();
});

// ---- the request shapes the API produces ----------------------------------

const PERIOD_SETS: Array<[string, Period[]]> = [
  ['one year of whole months', [period('2025-07-01', END)]],
  ['months cut on both ends', [period('2025-08-17', '2026-03-09')]],
  ['one day', [period('2026-02-14', '2026-02-14')]],
  ['as_of at mid-day', [period('2026-01-01', END, Date.parse(`${END}T10:30:00+08:00`))]],
  ['monthly trend', trendBuckets({ from: '2025-07-01', to: END }, 'month').map((b) => period(b.from, b.to))],
  ['weekly trend, cut months', trendBuckets({ from: '2026-01-05', to: '2026-04-26' }, 'week').map((b) => period(b.from, b.to))],
  ['period and its previous period', [period('2026-03-16', '2026-06-30'), period('2025-11-30', '2026-03-15')]],
];

const GROUPINGS: GroupBy[] = [
  { kind: 'none' }, { kind: 'region', level: 2 }, { kind: 'region', level: 3 }, { kind: 'region', level: 4 }, { kind: 'dept' },
];

async function filterSets(): Promise<Array<[string, Filter[], ComputeRequest['scope']]>> {
  const [busy] = await q<{ dept: string; region: string; city: string }>(t.db,
    `SELECT dept_code AS dept, any(region_code) AS region, concat(substring(any(region_code), 1, 4), '00') AS city
     FROM cases GROUP BY dept_code ORDER BY count() DESC LIMIT 1`);
  return [
    ['no filter', [], null],
    ['channel', [{ dimension: 'channel', op: 'in', values: ['window', 'mobile'] }], null],
    ['rating channel', [{ dimension: 'ratingChannel', op: 'in', values: ['app', 'pc', 'window_device'] }], null],
    ['city subtree', [{ dimension: 'region', op: 'in', values: [busy!.city] }], null],
    ['dept', [{ dimension: 'dept', op: 'in', values: [busy!.dept] }], null],
    ['dept user scope', [], { depts: [busy!.dept], regions: [] }],
    ['region scope + channel', [{ dimension: 'channel', op: 'in', values: ['online'] }], { depts: [], regions: [busy!.city] }],
  ];
}

/**
 * Compares every metric read both ways: every filter set × period shape, with
 * the groupings taken in turn (each combination of two of the three axes occurs).
 */
async function compareAll(periodSets: Array<[string, Period[]]>, groupings: GroupBy[]): Promise<number> {
  let compared = 0;
  const sets = await filterSets();
  for (const [fi, [filterName, filters, scope]] of sets.entries()) {
    for (const [pi, [periodName, periods]] of periodSets.entries()) {
      const groupBy = groupings[(fi + pi) % groupings.length]!;
      const req: ComputeRequest = { metrics: METRICS, periods, groupBy, filters, scope };
      const [viaRollup, viaRaw] = await Promise.all([
        computeMetrics(t.db, req),
        computeMetrics(t.db, { ...req, readPaths: 'raw' }),
      ]);
      expect(viaRollup, `${filterName} · ${periodName} · ${JSON.stringify(groupBy)}`).toEqual(viaRaw);
      compared++;
    }
  }
  return compared;
}

async function expectRollupsInUse(): Promise<void> {
  const state = await readPathState(t.db);
  expect(state.usable, 'derived tables built and nothing pending').toEqual({ cases: true, ratings: true });
  const periods = [period('2025-07-01', END)];
  const kinds = new Set<string>();
  for (const source of ['accepted', 'finished', 'open', 'ratings'] as const) {
    const metrics = METRICS.filter((m) => SOURCE_OF_BASE[m.base] === source);
    const groups = await decideReadPaths({
      source, metrics, periods, groupBy: { kind: 'none' }, filters: [], config: METRIC_CONFIG, state,
      ratingsAfterAsOf: () => ratingsAfterAsOf(t.db, periods),
    });
    for (const g of groups) kinds.add(g.path.kind);
    if (source !== 'open') {
      // The rating rate and the timeliness rates are among the metrics read from the rollup.
      const rolled = groups.filter((g) => g.path.kind === 'rollup').flatMap((g) => g.metrics.map((m) => m.id));
      expect(rolled).toContain({ accepted: 'accepted', finished: 'rating_rate', ratings: 'good_rate' }[source]);
      if (source === 'finished') expect(rolled).toContain('ontime_rate');
    }
  }
  expect([...kinds].sort()).toEqual(['open_copy', 'ratings_copy', 'raw', 'rollup']);
}

describe('rollups give the raw figures', () => {
  test('the decider reads the rollups once an import has rebuilt them', async () => {
    await expectRollupsInUse();
  });

  test('every metric, grouping, filter, scope and period shape: rollup = raw', async () => {
    const n = await compareAll(PERIOD_SETS, GROUPINGS);
    expect(n).toBe(7 * PERIOD_SETS.length);
  });

  test('while a partition waits for its rebuild, its family reads raw rows', async () => {
    await markDerivedPending(t.db, 'cases', [202601], 'test-marker');
    expect((await readPathState(t.db)).usable).toEqual({ cases: false, ratings: true });
    await markDerivedPending(t.db, 'ratings', [202602], 'test-marker');
    expect((await readPathState(t.db)).usable).toEqual({ cases: false, ratings: false });
    // A rollup of an earlier metric definition (another hash) is dropped by the refresh.
    await t.db.command(raw('CREATE TABLE rollup_cases_00000000ff (x UInt8) ENGINE = MergeTree ORDER BY x'));
    expect(await refreshDerived(t.db, 'test-marker')).toEqual({ cases: [202601], ratings: [202602] });
    expect(await q(t.db, "SELECT name FROM system.tables WHERE database = currentDatabase() AND name = 'rollup_cases_00000000ff'")).toEqual([]);
    expect((await readPathState(t.db)).usable).toEqual({ cases: true, ratings: true });
  });
});

describe('after updates to already-imported data', () => {
  test('cases finished, withdrawn, moved to another region; new ratings; an upheld appeal: rollup = raw', async () => {
    const now = Date.now();
    const DAY = 86_400_000;
    const counts = new Map<string, number>();
    for (const r of data.cases) counts.set(String(r.case_id), (counts.get(String(r.case_id)) ?? 0) + 1);
    const plain = data.cases.filter((r) => counts.get(String(r.case_id)) === 1 && violations('cases', r, now).length === 0);
    const open = plain.filter((r) => !r.finished_at && r.accepted_at && r.status !== 'withdrawn');
    const finished = plain.filter((r) => r.finished_at && r.status === 'finished');
    expect(open.length).toBeGreaterThan(10);
    expect(finished.length).toBeGreaterThan(100);
    const bump = (r: RawRow, ms: number) => new Date(Date.parse(String(r.updated_at)) + ms).toISOString();
    const later = (r: RawRow, ms: number) => new Date(Date.parse(String(r.accepted_at)) + ms).toISOString();
    const otherRegion = String(finished[finished.length - 1]!.region_code);
    const updated: RawRow[] = [
      // Open cases finish (some late) or are withdrawn.
      ...open.slice(0, 6).map((r, i) => ({ ...r, status: 'finished', finished_at: later(r, (i + 1) * 9 * DAY), updated_at: bump(r, 30 * DAY) })),
      ...open.slice(6, 9).map((r) => ({ ...r, status: 'withdrawn', withdrawn_at: later(r, DAY), updated_at: bump(r, 30 * DAY) })),
      // Finished cases move region and channel (a correction at the source).
      ...finished.slice(0, 20).map((r) => ({ ...r, region_code: otherRegion, channel: 'online', updated_at: bump(r, DAY) })),
    ].map((r) => ({ ...r, updated_at: new Date(Math.min(Date.parse(String(r.updated_at)), now)).toISOString() }));
    writeNdjson(updates.dir, 'cases-update.ndjson', updated);
    // New ratings of finished cases that had none, some of them 差评.
    const rated = new Set(data.ratings.map((r) => String(r.case_id)));
    const unrated = finished.filter((r) => !rated.has(String(r.case_id))).slice(20, 60);
    const ratings = unrated.map((r, i) => ({
      rating_id: `EQ-R-${i}`, case_id: r.case_id, channel: 'app', level: i % 5 === 0 ? 1 : 5,
      rated_at: new Date(Date.parse(String(r.finished_at)) + 2 * DAY).toISOString(), is_active: i % 3 !== 0,
      updated_at: new Date(Date.parse(String(r.finished_at)) + 2 * DAY).toISOString(),
    }));
    writeNdjson(updates.dir, 'ratings-update.ndjson', ratings);
    const { stats } = await importDir(t.db, updates.dir);
    expect(stats.cases?.written).toBe(updated.length);
    expect(stats.ratings?.written).toBe(ratings.length);

    // An upheld appeal invalidates a 差评 (a new rating version).
    const [bad] = await q<{ rating_id: string }>(t.db,
      `SELECT rating_id FROM ratings WHERE level <= 2 AND invalidated = 0 AND case_id != '' ORDER BY rating_id LIMIT 1`);
    expect(await invalidateRating(t.db, bad!.rating_id, 'appeal:test')).toBe(true);

    await expectRollupsInUse();
    await compareAll(PERIOD_SETS, GROUPINGS);
  });
});
