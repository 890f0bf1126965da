// The benchmark's replicated scale (`npm run bench -- --replicate K`,
// test/bench/replicate.ts): a small simulator province imported by the real
// ETL, then copied 3× inside ClickHouse. Checked with SQL of this file's own
// (not the copy's): rows ×3, ids unique, steps and ratings point to cases of
// their own copy, other applicants per copy, the anomalies ×3; and the
// figures /api/metrics computes: counts ×3, rates unchanged, read from the
// rebuilt rollups.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateProvince, writeContractFiles } from '../etl/sources/simulator/index.ts';
import { computeMetrics } from '../server/metrics/engine/compute.ts';
import type { Period } from '../server/metrics/engine/periods.ts';
import { readPathState } from '../server/metrics/engine/read-path.ts';
import { METRICS } from '../server/metrics/index.ts';
import { FACT_TABLES, replicateFacts, type ReplicationSummary } from './bench/replicate.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { importDir, one, q, tempDir } from './helpers/etl-fixtures.ts';

const K = 3;
const FROM = '2025-07-01';
const END = '2025-12-31';
const PERIOD: Period = { from: FROM, to: END, asOfMs: Date.parse(`${END}T23:59:59+08:00`) };

let t: TestDb;
const files = tempDir('bench-replicate');

interface Figures {
  rows: Record<string, number>;
  /** Own SQL: accepted cases in the period; on-time finished / judged finished. */
  accepted: number;
  ontime: [number, number];
  anomalies: Record<string, number>;
  applicants: number;
  /** Steps and ratings whose case is not in `cases`; ratings without a case. */
  orphans: number;
  caseless: number;
  /** computeMetrics (what /api/metrics answers with), groupBy none. */
  api: Record<string, { value: number | null; numerator: number | null; denominator: number | null }>;
}

async function figures(): Promise<Figures> {
  const rows: Record<string, number> = {};
  for (const table of FACT_TABLES) rows[table] = Number((await one<{ n: string }>(t.db, `SELECT count() AS n FROM ${table}`)).n);
  const acc = await one<{ n: string }>(t.db,
    `SELECT count() AS n FROM cases WHERE accept_date IS NOT NULL AND accept_date >= toDate('${FROM}') AND accept_date <= toDate('${END}')`);
  const ot = await one<{ ok: string; judged: string }>(t.db,
    `SELECT countIf(has_deadline = 1 AND finished_at <= due_at) AS ok, countIf(has_deadline = 1) AS judged FROM cases
     WHERE status IN ('finished', 'denied') AND finish_date >= toDate('${FROM}') AND finish_date <= toDate('${END}')`);
  const anomalies = Object.fromEntries((await q<{ t: string; n: string }>(t.db,
    `SELECT toString(anomaly_type) AS t, count() AS n FROM anomalies
     WHERE generation = (SELECT max(generation) FROM anomaly_generations) GROUP BY t`)).map((r) => [r.t, Number(r.n)]));
  const applicants = Number((await one<{ n: string }>(t.db, `SELECT uniqExact(applicant_id_hash) AS n FROM cases WHERE applicant_id_hash != ''`)).n);
  const orphans = Number((await one<{ n: string }>(t.db,
    `SELECT (SELECT count() FROM steps WHERE case_id NOT IN (SELECT case_id FROM cases))
          + (SELECT count() FROM ratings WHERE case_id != '' AND case_id NOT IN (SELECT case_id FROM cases)) AS n`)).n);
  const caseless = Number((await one<{ n: string }>(t.db, `SELECT count() AS n FROM ratings WHERE case_id = ''`)).n);
  const [row] = await computeMetrics(t.db, { metrics: METRICS, periods: [PERIOD], groupBy: { kind: 'none' }, filters: [], scope: null });
  const api = Object.fromEntries(Object.entries(row!.values[0]!).map(([id, v]) => [id, { value: v.value, numerator: v.numerator, denominator: v.denominator }]));
  return { rows, accepted: Number(acc.n), ontime: [Number(ot.ok), Number(ot.judged)], anomalies, applicants, orphans, caseless, api };
}

let base: Figures;
let after: Figures;
let summary: ReplicationSummary;

beforeAll(async () => {
  t = await freshDatabase('bench_replicate');
  const data = generateProvince({ seed: 59, cases: 2500, months: 6, endDate: END });
  await writeContractFiles(data, files.dir, { rowsPerFile: 5000 });
  await importDir(t.db, files.dir);
  base = await figures();
  summary = await replicateFacts(t.db, K, () => undefined, { mergeWaitMs: 20_000 });
  after = await figures();
});

afterAll(async () => {
  await t?.drop();
  files.remove();
});

describe(`the facts replicated ${K}×`, () => {
  test('every fact table holds K times its rows; the summary says so', () => {
    expect(base.rows.cases).toBeGreaterThan(2000);
    expect(base.rows.steps).toBeGreaterThan(base.rows.cases!);
    expect(base.rows.ratings).toBeGreaterThan(300);
    for (const table of FACT_TABLES) expect(after.rows[table], table).toBe(base.rows[table]! * K);
    expect(summary.baseRows).toEqual(base.rows);
    expect(summary.rows).toEqual(after.rows);
  });

  test('ids are unique; the copies carry their own batch and the copy suffix', async () => {
    const ids = await one<Record<string, string>>(t.db, `SELECT
        (SELECT count() - uniqExact(case_id) FROM cases) AS cases,
        (SELECT count() - uniqExact(rating_id) FROM ratings) AS ratings,
        (SELECT count() - uniqExact(case_id, seq) FROM steps) AS steps`);
    expect(ids).toEqual({ cases: '0', ratings: '0', steps: '0' });
    for (const table of FACT_TABLES) {
      const batches = await q<{ b: string; n: string }>(t.db,
        `SELECT if(batch_id LIKE 'replica-%', batch_id, 'etl') AS b, count() AS n FROM ${table} GROUP BY b ORDER BY b`);
      expect(batches, table).toEqual(['etl', 'replica-1', 'replica-2'].map((b) => ({ b, n: String(base.rows[table]) })));
    }
    const misnamed = await one<{ n: string }>(t.db,
      `SELECT count() AS n FROM cases WHERE batch_id LIKE 'replica-%' AND NOT endsWith(case_id, concat('~', substring(batch_id, 9)))`);
    expect(misnamed.n).toBe('0');
  });

  test("every step and rating points to a case of its own copy; ratings without a case stay so", async () => {
    // The base's own orphans (the simulator's invalid case rows, quarantined
    // by the ETL while their steps or ratings were valid) are copied as such;
    // a copy's row lacks its case only where the original does.
    expect(after.orphans).toBe(base.orphans * K);
    const lost = await one<{ n: string }>(t.db, `SELECT
        (SELECT count() FROM steps WHERE batch_id LIKE 'replica-%' AND case_id NOT IN (SELECT case_id FROM cases)
           AND splitByChar('~', case_id)[1] IN (SELECT case_id FROM cases))
      + (SELECT count() FROM ratings WHERE batch_id LIKE 'replica-%' AND case_id != '' AND case_id NOT IN (SELECT case_id FROM cases)
           AND splitByChar('~', case_id)[1] IN (SELECT case_id FROM cases)) AS n`);
    expect(lost.n).toBe('0');
    const crossed = await one<{ n: string }>(t.db, `SELECT
        (SELECT count() FROM steps WHERE batch_id LIKE 'replica-%' AND NOT endsWith(case_id, concat('~', substring(batch_id, 9))))
      + (SELECT count() FROM ratings WHERE batch_id LIKE 'replica-%' AND case_id != '' AND NOT endsWith(case_id, concat('~', substring(batch_id, 9)))) AS n`);
    expect(crossed.n).toBe('0');
    expect(after.caseless).toBe(base.caseless * K);
  });

  test('each copy has other applicants, of the same format; an applicant with several cases stays one per copy', async () => {
    const hashes = await one<Record<string, string>>(t.db, `
      SELECT countIf(n != 3) AS not_three_rows, countIf(n_empty = 0 AND n_hashes != 3) AS not_three_hashes,
        countIf(n_empty NOT IN (0, 3)) AS mixed_empty, countIf(n_empty = 0) AS with_applicant
      FROM (
        SELECT splitByChar('~', case_id)[1] AS original, count() AS n, uniqExact(applicant_id_hash) AS n_hashes,
          countIf(applicant_id_hash = '') AS n_empty
        FROM cases GROUP BY original)`);
    expect(hashes).toMatchObject({ not_three_rows: '0', not_three_hashes: '0', mixed_empty: '0' });
    expect(Number(hashes.with_applicant)).toBeGreaterThan(1000);
    const format = await one<{ bad: string; empty: string }>(t.db,
      `SELECT countIf(applicant_id_hash != '' AND NOT match(applicant_id_hash, '^[0-9a-f]{64}$')) AS bad, countIf(applicant_id_hash = '') AS empty FROM cases`);
    expect(format.bad).toBe('0');
    expect(Number(format.empty) % K).toBe(0);
    expect(after.applicants).toBe(base.applicants * K);
    expect(base.applicants).toBeLessThan(base.rows.cases!); // some applicants have several cases
  });

  test('the anomalies are recomputed: each type ×3', () => {
    expect(Object.values(base.anomalies).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(after.anomalies).toEqual(Object.fromEntries(Object.entries(base.anomalies).map(([type, n]) => [type, n * K])));
  });

  test('metrics: accepted ×3 and the on-time rate unchanged, by own SQL and as /api/metrics computes them from the rollups', async () => {
    expect(base.accepted).toBeGreaterThan(1000);
    expect(after.accepted).toBe(base.accepted * K);
    expect(after.ontime).toEqual([base.ontime[0] * K, base.ontime[1] * K]);
    expect(base.api.accepted!.value).toBe(base.accepted);
    expect(after.api.accepted!.value).toBe(after.accepted);
    expect(after.api.ontime_rate!.value).toBeCloseTo(base.ontime[0] / base.ontime[1], 12);
    const catalogue = new Set(METRICS.filter((m) => m.base === 'catalogue').map((m) => m.id));
    for (const [id, v] of Object.entries(base.api)) {
      const w = after.api[id]!;
      // The catalogue (items) is not copied: its metric stays as it is.
      if (catalogue.has(id)) expect(w, id).toEqual(v);
      else if (v.numerator === null) expect(w.value, id).toBe(v.value === null ? null : v.value * K);
      else {
        expect([w.numerator, w.denominator], id).toEqual([v.numerator * K, v.denominator! * K]);
        if (v.value !== null) expect(w.value, id).toBeCloseTo(v.value, 12);
      }
    }
    expect((await readPathState(t.db)).usable).toEqual({ cases: true, ratings: true });
  });
});
