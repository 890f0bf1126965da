// The HTTP pull connector against the simulator's pull API with injected
// faults (503, 429, reset connections, truncated bodies) and small pages:
// every row arrives exactly once, bad rows are quarantined, auth failures fail
// fast, and the watermark only advances over rows already in ClickHouse.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KINDS, type Kind } from '../etl/contract/records.ts';
import { runImport } from '../etl/import.ts';
import type { KindStats } from '../etl/load/runs.ts';
import type { Connector } from '../etl/sources/connector.ts';
import { httpPullConnector } from '../etl/sources/http-pull.ts';
import type { RetryOptions } from '../etl/sources/retry.ts';
import { currentRows, generateProvince, serveSimulator, type RawRow, type SimulatedData, type SimulatorServer } from '../etl/sources/simulator/index.ts';
import { violations } from '../etl/sources/simulator/testing/contract-rules.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { fingerprints, q, runs, SECRET } from './helpers/etl-fixtures.ts';

const TOKEN = 'pull-token-1';
const SOURCE = 'sim-http';
const PAGE = 200;
const FAST_RETRY: RetryOptions = { attempts: 6, baseDelayMs: 5, maxDelayMs: 20 };

let t: TestDb;
let data: SimulatedData;
let server: SimulatorServer;

const TABLE: Record<Kind, { table: string; id: string }> = {
  regions: { table: 'regions', id: 'region_code' },
  depts: { table: 'depts', id: 'dept_code' },
  items: { table: 'items', id: 'item_code' },
  calendar: { table: 'calendar_overrides', id: 'toString(date)' },
  cases: { table: 'cases', id: 'case_id' },
  steps: { table: 'steps', id: "concat(case_id, '#', toString(seq))" },
  ratings: { table: 'ratings', id: 'rating_id' },
};
const idOf = (kind: Kind, r: RawRow): string => {
  switch (kind) {
    case 'regions': return String(r.region_code);
    case 'depts': return String(r.dept_code);
    case 'items': return String(r.item_code);
    case 'calendar': return String(r.date);
    case 'cases': return String(r.case_id);
    case 'steps': return `${String(r.case_id)}#${String(r.seq)}`;
    case 'ratings': return String(r.rating_id);
  }
};

interface Expected {
  /** What the server serves (current version per id), with its updated_at (ms; -Infinity without one). */
  rows: Array<{ at: number; id: string; row: RawRow; valid: boolean }>;
}
function expected(d: SimulatedData, kind: Kind): Expected {
  const now = Date.now();
  return { rows: currentRows(kind, d[kind]).map((e) => ({ at: e.at, id: idOf(kind, e.row), row: e.row, valid: violations(kind, e.row, now).length === 0 })) };
}

const pull = (url: string): Connector =>
  httpPullConnector({ name: SOURCE, baseUrl: url, auth: { type: 'bearer', token: TOKEN }, pageSize: PAGE, timeoutMs: 5000 }, FAST_RETRY);

const storedIds = async (kind: Kind): Promise<string[]> =>
  (await q<{ id: string }>(t.db, `SELECT ${TABLE[kind].id} AS id FROM ${TABLE[kind].table}`)).map((r) => r.id);

async function watermarks(): Promise<Record<string, number>> {
  const rows = await q<{ kind: string; w: string }>(t.db,
    `SELECT kind, argMax(watermark_ms, version) AS w FROM etl_watermarks WHERE source = '${SOURCE}' GROUP BY kind`);
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.w)]));
}

/**
 * Wraps a connector so that every watermark commit is checked first: all
 * valid rows the server has below that watermark must already be in
 * ClickHouse. (Rows at the watermark itself may still be on later pages: the
 * next pull reads them again, updated_since being inclusive.)
 */
function watched(inner: Connector, d: SimulatedData, log: Array<{ kind: Kind; watermark: number; missing: number }>): Connector {
  return {
    source: inner.source,
    profile: inner.profile,
    batches: (ctx) => inner.batches({
      watermarks: {
        get: (source, kind) => ctx.watermarks.get(source, kind),
        async commit(source, kind, watermark) {
          const stored = new Set(await storedIds(kind));
          const missing = expected(d, kind).rows.filter((r) => r.valid && r.at < watermark && !stored.has(r.id)).length;
          log.push({ kind, watermark, missing });
          return ctx.watermarks.commit(source, kind, watermark);
        },
      },
    }),
  };
}

beforeAll(async () => {
  t = await freshDatabase('etl_http');
  data = generateProvince({ seed: 53, cases: 400, months: 3, endDate: '2025-12-31' });
  server = await serveSimulator(data, {
    token: TOKEN, pageSize: PAGE, failures: { every: 3, mode: ['http503', 'reset', 'truncate', 'http429'] },
  });
});

afterAll(async () => {
  await server?.close();
  await t?.drop();
});

describe('HTTP pull', () => {
  test('a wrong token fails the run at once with the 401, without retries, and the run is recorded as failed', async () => {
    const before = server.stats().requests;
    const connector = httpPullConnector({ name: 'sim-http-badauth', baseUrl: server.url, auth: { type: 'bearer', token: 'wrong-token' } });
    await expect(runImport({ db: t.db, connector, secret: SECRET })).rejects.toMatchObject({ name: 'HttpStatusError', status: 401 });
    expect(server.stats().requests - before).toBe(1); // not retried (with the default retry policy)
    const [run] = (await runs(t.db)).filter((r) => r.source === 'sim-http-badauth');
    expect(run).toMatchObject({ status: 'failed', job: 'import:sim-http-badauth' });
    expect(run!.error).toMatch(/HTTP 401/);
    expect(run!.ended_at).not.toBeNull();
    expect(await q(t.db, 'SELECT count() AS n FROM cases')).toEqual([{ n: '0' }]);
  });

  test('through faults and small pages every row arrives exactly once; the invalid ones are quarantined', async () => {
    const faultsBefore = server.stats().injectedFailures;
    const commits: Array<{ kind: Kind; watermark: number; missing: number }> = [];
    const { stats } = await runImport({ db: t.db, connector: watched(pull(server.url), data, commits), secret: SECRET });
    expect(server.stats().injectedFailures - faultsBefore).toBeGreaterThanOrEqual(4); // every mode

    const quarantine = await q<{ kind: string; reason: string }>(t.db,
      `SELECT kind, reason FROM quarantine WHERE source = '${SOURCE}' ORDER BY kind, reason`);
    for (const kind of KINDS) {
      const want = expected(data, kind).rows;
      const valid = want.filter((r) => r.valid);
      const invalid = want.filter((r) => !r.valid);
      expect(stats[kind], kind).toEqual({ read: want.length, written: valid.length, duplicates: 0, stale: 0, quarantined: invalid.length });
      const ids = await storedIds(kind);
      expect(ids.length, `${kind}: one row per id`).toBe(new Set(ids).size);
      expect(new Set(ids), kind).toEqual(new Set(valid.map((r) => r.id)));
      // The reasons are those the simulator planted (each broken row breaks exactly one rule).
      const now = Date.now();
      expect(quarantine.filter((r) => r.kind === kind).map((r) => r.reason), kind)
        .toEqual(invalid.map((r) => violations(kind, r.row, now)[0]).sort());
    }
    expect(quarantine.length).toBeGreaterThan(0);

    // The current version arrived: stored updated_ms is the server row's updated_at.
    for (const kind of ['cases', 'steps', 'ratings', 'items'] as const) {
      const stored = new Map((await q<{ id: string; ms: string }>(t.db,
        `SELECT ${TABLE[kind].id} AS id, toString(updated_ms) AS ms FROM ${TABLE[kind].table}`)).map((r) => [r.id, Number(r.ms)]));
      for (const r of expected(data, kind).rows.filter((e) => e.valid)) expect(stored.get(r.id), `${kind} ${r.id}`).toBe(r.at);
    }

    // Each watermark was committed only once its rows were in ClickHouse, and page by page.
    expect(commits.length).toBeGreaterThan(10);
    expect(commits.filter((c) => c.missing > 0)).toEqual([]);
    for (const kind of KINDS) {
      const ws = commits.filter((c) => c.kind === kind).map((c) => c.watermark);
      expect(ws, kind).toEqual([...ws].sort((x, y) => x - y));
    }
    const marks = await watermarks();
    for (const kind of KINDS) {
      const dated = expected(data, kind).rows.filter((r) => r.valid && Number.isFinite(r.at));
      if (dated.length === 0) expect(marks[kind], kind).toBeUndefined(); // the calendar has no updated_at
      else expect(marks[kind], kind).toBe(Math.max(...dated.map((r) => r.at)));
    }
  });

  test('a second pull without new data writes nothing: the inclusive re-reads are duplicates', async () => {
    const marks = await watermarks();
    const before = await fingerprints(t.db);
    const { stats } = await runImport({ db: t.db, connector: pull(server.url), secret: SECRET });
    for (const kind of KINDS) {
      // Rows at or after the watermark come again (inclusive), and rows without updated_at come on every pull.
      const reread = expected(data, kind).rows.filter((r) => marks[kind] === undefined || !Number.isFinite(r.at) || r.at >= marks[kind]!);
      expect(stats[kind] ?? { read: 0 }, kind).toEqual(reread.length === 0 ? { read: 0 } : {
        read: reread.length,
        written: 0,
        duplicates: reread.filter((r) => r.valid).length,
        stale: 0,
        quarantined: reread.filter((r) => !r.valid).length,
      } satisfies KindStats);
    }
    expect(await fingerprints(t.db)).toEqual(before);
    expect(await watermarks()).toEqual(marks);
  });

  test('a pull after the source gained newer rows picks up only those', async () => {
    const marks = await watermarks();
    const lastCase = marks.cases!;
    const iso = (ms: number) => new Date(ms).toISOString();
    const now = Date.now();
    const plain = expected(data, 'cases').rows.filter((r) => r.valid && r.at < lastCase && /^[0-9A-Za-z-]+$/.test(r.id));
    const updated: RawRow[] = plain.slice(0, 5).map(({ row }) => ({ ...row, fee: 42.5, updated_at: iso(lastCase + 3_600_000) }));
    const added: RawRow[] = plain.slice(5, 8).map(({ row }, i) => ({ ...row, case_id: `NEW-${i}`, updated_at: iso(lastCase + 7_200_000) }));
    for (const r of [...updated, ...added]) expect(violations('cases', r, now)).toEqual([]);
    const data2: SimulatedData = { ...data, cases: [...data.cases, ...updated, ...added] };
    await server.close();
    server = await serveSimulator(data2, { token: TOKEN, pageSize: PAGE, failures: { every: 3, mode: ['reset', 'http503'] } });

    const casesBefore = await fingerprints(t.db, ['cases']);
    const { stats } = await runImport({ db: t.db, connector: pull(server.url), secret: SECRET });
    const reread = expected(data2, 'cases').rows.filter((r) => r.at >= lastCase);
    expect(stats.cases).toEqual({
      read: reread.length,
      written: 8,
      duplicates: reread.filter((r) => r.valid).length - 8,
      stale: 0,
      quarantined: reread.filter((r) => !r.valid).length,
    });
    for (const kind of KINDS.filter((k) => k !== 'cases')) expect(stats[kind]?.written ?? 0, kind).toBe(0);

    const after = await fingerprints(t.db, ['cases']);
    expect(after.cases!.rows).toBe(casesBefore.cases!.rows + 3);
    expect(after.cases!.ids).toBe(after.cases!.rows);
    const fees = await q<{ case_id: string; fee: string }>(t.db,
      `SELECT case_id, toString(fee) AS fee FROM cases WHERE case_id IN (${updated.map((r) => `'${String(r.case_id)}'`).join(', ')}) ORDER BY case_id`);
    expect(fees).toEqual(updated.map((r) => ({ case_id: String(r.case_id), fee: '42.50' })).sort((x, y) => (x.case_id < y.case_id ? -1 : 1)));
    expect((await storedIds('cases')).filter((id) => id.startsWith('NEW-')).sort()).toEqual(['NEW-0', 'NEW-1', 'NEW-2']);
    expect((await watermarks()).cases).toBe(lastCase + 7_200_000);
  });
});
