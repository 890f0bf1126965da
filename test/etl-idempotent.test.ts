// Importing the same files again changes nothing; a newer version replaces
// the current one in place, an older one changes nothing, and no id is ever
// left with two rows (sql/README.md: deduplication design, data-contract.md:
// General rules).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { KindStats, RunStats } from '../etl/load/runs.ts';
import { generateProvince, writeContractFiles, type RawRow, type SimulatedData } from '../etl/sources/simulator/index.ts';
import { violations } from '../etl/sources/simulator/testing/contract-rules.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import {
  duplicateRows, fingerprints, importDir, q, tempDir, writeNdjson, ZERO_DUPLICATES, type Fingerprint,
} from './helpers/etl-fixtures.ts';

let t: TestDb;
let data: SimulatedData;
const files = tempDir('idempotent');
const updates = tempDir('idempotent-upd');

beforeAll(async () => {
  t = await freshDatabase('etl_idem');
  data = generateProvince({ seed: 31, cases: 3000, months: 6, endDate: '2025-12-31' });
  await writeContractFiles(data, files.dir, { rowsPerFile: 5000 });
});

afterAll(async () => {
  await t?.drop();
  files.remove();
  updates.remove();
});

const sumCheck = (stats: RunStats) => {
  for (const [kind, s] of Object.entries(stats) as [string, KindStats][]) {
    expect(s.read, kind).toBe(s.written + s.duplicates + s.stale + s.quarantined);
  }
};

describe('re-importing the same files', () => {
  let first: Record<string, Fingerprint>;
  let firstStats: RunStats;

  test('a first import loads every kind, one row per id', async () => {
    firstStats = (await importDir(t.db, files.dir)).stats;
    sumCheck(firstStats);
    for (const kind of ['regions', 'depts', 'items', 'calendar', 'cases', 'steps', 'ratings'] as const) {
      expect(firstStats[kind]?.written, kind).toBeGreaterThan(0);
    }
    first = await fingerprints(t.db);
    expect(await duplicateRows(t.db)).toEqual(ZERO_DUPLICATES);
    // What the tables hold agrees with what the summary says was written.
    expect(first.cases!.ids).toBe(firstStats.cases!.written);
    expect(first.steps!.ids).toBe(firstStats.steps!.written);
    expect(first.ratings!.ids).toBe(firstStats.ratings!.written);
    expect(first.items!.ids).toBe(firstStats.items!.written);
    expect(first.calendar_overrides!.ids).toBe(firstStats.calendar!.written);
    const quarantined = Object.values(firstStats).reduce((n, s) => n + s.quarantined, 0);
    expect(quarantined).toBeGreaterThan(0);
    expect(first.quarantine!.rows).toBe(quarantined);
  });

  test('a second import writes nothing and leaves every table as it was', async () => {
    const { stats } = await importDir(t.db, files.dir);
    sumCheck(stats);
    for (const [kind, s] of Object.entries(stats) as [keyof RunStats, KindStats][]) {
      const before = firstStats[kind]!;
      expect(s, kind).toEqual({
        read: before.read,
        written: 0,
        // What was written the first time is now a duplicate; the first run's
        // in-file duplicates and stale versions are counted the same way again.
        duplicates: before.written + before.duplicates,
        stale: before.stale,
        quarantined: before.quarantined,
      });
    }
    expect(await fingerprints(t.db)).toEqual(first);
    expect(await duplicateRows(t.db)).toEqual(ZERO_DUPLICATES);
    const pending = await q(t.db, 'SELECT count() AS n FROM etl_pending_optimize FINAL WHERE pending = 1');
    expect(Number(pending[0]!.n)).toBe(0);
  });
});

describe('versions arriving in a later import', () => {
  const DAY = 86_400_000;
  const isoPlus = (s: unknown, ms: number) => new Date(Date.parse(String(s)) + ms).toISOString();
  let newer: RawRow[];
  let tied: RawRow[];
  let older: RawRow[];
  let same: RawRow[];

  const caseRows = async (ids: string[]) => {
    const rows = await q<{ case_id: string; fee: string | null; updated_ms: string; n: string }>(t.db,
      `SELECT case_id, toString(any(fee)) AS fee, toString(any(updated_ms)) AS updated_ms, toString(count()) AS n
       FROM cases WHERE case_id IN (${ids.map((id) => `'${id}'`).join(', ')}) GROUP BY case_id`);
    return new Map(rows.map((r) => [r.case_id, r]));
  };

  test('newer and equal-time versions replace the current row in place; older and identical ones change nothing', async () => {
    // Cases with a single valid version in the province, so the expected outcome is plain.
    const counts = new Map<string, number>();
    for (const r of data.cases) counts.set(String(r.case_id), (counts.get(String(r.case_id)) ?? 0) + 1);
    const now = Date.now();
    const plain = data.cases.filter((r) => counts.get(String(r.case_id)) === 1 && violations('cases', r, now).length === 0
      && /^[0-9A-Za-z-]+$/.test(String(r.case_id)));
    expect(plain.length).toBeGreaterThan(100);
    newer = plain.slice(0, 10).map((r) => ({ ...r, fee: 123.45, updated_at: isoPlus(r.updated_at, DAY) }));
    tied = plain.slice(10, 12).map((r) => ({ ...r, fee: 77 })); // same updated_at: the later import wins
    older = plain.slice(12, 17).map((r) => ({ ...r, fee: 999, updated_at: isoPlus(r.updated_at, -DAY) }));
    same = plain.slice(17, 20).map((r) => ({ ...r }));
    writeNdjson(updates.dir, 'cases-update.ndjson', [...newer, ...tied, ...older, ...same]);

    const ids = [...newer, ...tied, ...older, ...same].map((r) => String(r.case_id));
    const before = await fingerprints(t.db);
    const beforeRows = await caseRows(ids);

    const { stats } = await importDir(t.db, updates.dir);
    expect(stats).toEqual({ cases: { read: 20, written: 12, duplicates: 3, stale: 5, quarantined: 0 } });

    const after = await fingerprints(t.db);
    expect(after.cases!.rows).toBe(before.cases!.rows);
    expect(after.cases!.ids).toBe(before.cases!.ids);
    expect(after.cases!.hash).not.toBe(before.cases!.hash);
    for (const table of ['steps', 'ratings', 'items', 'regions', 'depts', 'calendar_overrides', 'calendar', 'quarantine']) {
      expect(after[table], table).toEqual(before[table]);
    }
    expect(await duplicateRows(t.db)).toEqual(ZERO_DUPLICATES);

    const rows = await caseRows(ids);
    for (const r of newer) {
      expect(rows.get(String(r.case_id))).toEqual({
        case_id: r.case_id, fee: '123.45', updated_ms: String(Date.parse(String(r.updated_at))), n: '1',
      });
    }
    for (const r of tied) expect(rows.get(String(r.case_id))).toMatchObject({ fee: '77.00', n: '1' });
    for (const r of [...older, ...same]) expect(rows.get(String(r.case_id))).toEqual(beforeRows.get(String(r.case_id)));
  });

  test('importing the update file again writes nothing', async () => {
    const before = await fingerprints(t.db);
    const { stats } = await importDir(t.db, updates.dir);
    expect(stats).toEqual({ cases: { read: 20, written: 0, duplicates: 15, stale: 5, quarantined: 0 } });
    expect(await fingerprints(t.db)).toEqual(before);
  });
});
