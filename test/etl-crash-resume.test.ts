// A run killed mid-way (SIGKILL of a real `etl import` process) or failing
// mid-way is completed by the next run: the tables end up exactly as after
// one clean import (sql/README.md: pending partitions survive a crash;
// etl/job-lock.ts: a lock whose owner is gone is stale).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { withJobLock } from '../etl/job-lock.ts';
import { generateProvince, writeContractFiles, type SimulatedData } from '../etl/sources/simulator/index.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import {
  duplicateRows, fingerprints, importDir, one, q, runs, SECRET, tempDir, writeCsv, writeNdjson, ZERO_DUPLICATES,
} from './helpers/etl-fixtures.ts';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const SOURCE = `crash-${randomBytes(3).toString('hex')}`; // a lock of its own (.data/locks/import_<source>.lock)
const LOCK = join(ROOT, '.data/locks', `import_${SOURCE}.lock`);

let a: TestDb; // killed and resumed
let b: TestDb; // clean
let data: SimulatedData;
const tmp = tempDir('crash');
const full = join(tmp.dir, 'full');
const updates = join(tmp.dir, 'updates');

beforeAll(async () => {
  [a, b] = await Promise.all([freshDatabase('etl_crash_a'), freshDatabase('etl_crash_b')]);
  data = generateProvince({ seed: 41, cases: 3000, months: 6, endDate: '2025-12-31' });
  await writeContractFiles(data, full, { rowsPerFile: 1500 });
  // Every case again, one hour newer: each becomes an update of a stored row.
  mkdirSync(updates);
  const newer = data.cases.map((r) => {
    const at = Date.parse(String(r.updated_at));
    return Number.isNaN(at) ? r : { ...r, updated_at: new Date(at + 3_600_000).toISOString() };
  });
  for (let i = 0; i < newer.length; i += 400) writeNdjson(updates, `cases-${String(i / 400).padStart(3, '0')}.ndjson`, newer.slice(i, i + 400));
});

afterAll(async () => {
  await Promise.all([a?.drop(), b?.drop()]);
  rmSync(LOCK, { force: true });
  tmp.remove();
});

/**
 * `etl import <dir>` in a process of its own. node + tsx rather than `npx tsx`:
 * the lock's pid is then our direct child, reaped once killed (an orphaned
 * grandchild would stay a zombie here, pid 1 does not reap, and a zombie's
 * pid still looks alive to the lock).
 */
function cli(db: TestDb, dir: string): { child: ChildProcess; exited: Promise<{ code: number | null; signal: string | null; out: string; err: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'etl/cli.ts', 'import', dir, '--source', SOURCE], {
    cwd: ROOT,
    env: { ...process.env, CLICKHOUSE_URL: db.db.url, CLICKHOUSE_DB: db.name, TIANPING_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => { out += String(d); });
  child.stderr!.on('data', (d) => { err += String(d); });
  const exited = new Promise<{ code: number | null; signal: string | null; out: string; err: string }>((res) => {
    child.on('exit', (code, signal) => res({ code, signal, out, err }));
  });
  return { child, exited };
}

/** Polls until `probe` holds, then SIGKILLs the child; fails if it ended on its own first. */
async function killWhen(run: ReturnType<typeof cli>, probe: () => Promise<boolean>): Promise<void> {
  let ended = false;
  void run.exited.then(() => { ended = true; });
  for (;;) {
    if (ended) throw new Error(`the import ended before it could be killed: ${(await run.exited).err}`);
    if (await probe()) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  run.child.kill('SIGKILL');
  const { signal } = await run.exited;
  expect(signal).toBe('SIGKILL');
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('an import killed mid-way', () => {
  test('is completed by the next run: same tables as one clean import', async () => {
    // 1. Kill a first import once case rows are visible (steps are all in by then).
    const killed = cli(a, full);
    await killWhen(killed, async () => Number((await one<{ n: string }>(a.db, 'SELECT count() AS n FROM cases')).n) > 0);
    expect((await runs(a.db)).map((r) => r.status)).toEqual(['running']); // never finished

    // The killed process left its lock behind, owned by a pid that is gone: stale.
    expect(existsSync(LOCK)).toBe(true);
    const owner = Number(readFileSync(LOCK, 'utf8'));
    expect(owner).toBe(killed.child.pid);
    expect(alive(owner)).toBe(false);

    // 2. Run the same import again under the same job lock, as the CLI does: the stale lock is taken over.
    const resumed = await withJobLock(`import:${SOURCE}`, async () => {
      expect(readFileSync(LOCK, 'utf8')).toBe(String(process.pid));
      return importDir(a.db, full, { source: SOURCE });
    });
    expect(resumed.stats.cases!.written).toBeGreaterThan(0);
    expect(existsSync(LOCK)).toBe(false);

    // 3. One clean import of the same files into another database.
    await importDir(b.db, full, { source: SOURCE });
    const [fa, fb] = [await fingerprints(a.db), await fingerprints(b.db)];
    expect(fa).toEqual(fb);
    expect(await duplicateRows(a.db)).toEqual(ZERO_DUPLICATES);
    expect((await runs(a.db)).map((r) => r.status)).toEqual(['running', 'ok']);
  });

  test('killed while writing new versions: the next run merges the partitions it left pending', async () => {
    // Kill once the run has written new versions of some cases (rows carrying its run id), before it merged them.
    const killed = cli(a, updates);
    await killWhen(killed, async () => Number((await one<{ n: string }>(a.db, `SELECT count() AS n FROM cases WHERE batch_id IN
      (SELECT run_id FROM etl_runs WHERE status = 'running' AND version = (SELECT max(version) FROM etl_runs))`)).n) > 0);
    expect((await runs(a.db)).map((r) => r.status)).toEqual(['running', 'ok', 'running']);
    // Its pending markers survive it (written before each insert of a new version): merges and rollup rebuilds.
    const pending = await q<{ table_name: string }>(a.db, 'SELECT table_name FROM etl_pending_optimize FINAL WHERE pending = 1');
    expect(pending.length).toBeGreaterThan(0);
    expect(new Set(pending.map((p) => p.table_name))).toEqual(new Set(['cases', 'derived']));
    expect(alive(Number(readFileSync(LOCK, 'utf8')))).toBe(false);

    // The next run merges first, then completes the import.
    await withJobLock(`import:${SOURCE}`, () => importDir(a.db, updates, { source: SOURCE }));
    expect(await duplicateRows(a.db)).toEqual(ZERO_DUPLICATES);
    expect(await q(a.db, 'SELECT table_name FROM etl_pending_optimize FINAL WHERE pending = 1')).toEqual([]);

    await importDir(b.db, updates, { source: SOURCE });
    expect(await fingerprints(a.db)).toEqual(await fingerprints(b.db));
    expect(await duplicateRows(b.db)).toEqual(ZERO_DUPLICATES);
  });
});

describe('an import failing mid-way', () => {
  const kase = { case_id: 'F-1', item_code: 'FI-1', dept_code: 'D-1', region_code: '390102', channel: 'online', applicant_type: 'person',
    submitted_at: '2025-03-03 10:00:00', accepted_at: '2025-03-03 10:00:00', status: 'in_progress', updated_at: '2025-03-03 10:00:00' };
  const item = { item_code: 'FI-1', item_name: '事项', item_type: 'permit', dept_code: 'D-1', region_code: '390102',
    legal_limit: 20, promised_limit: 5, updated_at: '2025-01-01 00:00:00' };

  test('after loading steps, an item and a calendar override: the next run still recomputes the cases', async () => {
    const first = join(tmp.dir, 'f1');
    const second = join(tmp.dir, 'f2');
    mkdirSync(first);
    mkdirSync(second);
    writeNdjson(first, 'items.ndjson', [item]);
    writeNdjson(first, 'cases.ndjson', [kase]);
    writeNdjson(second, 'items.ndjson', [{ ...item, promised_limit: 8, updated_at: '2025-02-01 00:00:00' }]);
    writeCsv(second, 'calendar.csv', ['date', 'is_workday', 'note'], [{ date: '2025-03-14', is_workday: 'false', note: '停电' }]);
    writeNdjson(second, 'steps.ndjson', [{ case_id: 'F-1', seq: 2, step_type: 'correction', started_at: '2025-03-04 10:00:00',
      ended_at: '2025-03-06 15:00:00', updated_at: '2025-03-06 15:00:00' }]);
    // A cases file that cannot be read at all fails the run after everything before it in import order was loaded.
    writeFileSync(join(second, 'cases-broken.csv'), 'case_id,case_id\nF-1,F-1\n');

    const [c, d] = await Promise.all([freshDatabase('etl_fail_c'), freshDatabase('etl_fail_d')]);
    try {
      const dueOf = async (db: TestDb) => (await one<{ due: string }>(db.db, "SELECT toString(due_date) AS due FROM cases WHERE case_id = 'F-1'")).due;
      await importDir(c.db, first, { source: 'fail' });
      expect(await dueOf(c)).toBe('2025-03-10'); // 5th working day after Mon 3/3
      await expect(importDir(c.db, second, { source: 'fail' })).rejects.toThrow(/duplicate column/);
      expect((await runs(c.db)).map((r) => r.status)).toEqual(['ok', 'failed']);

      // The broken file is taken away and the import runs again: items, calendar and steps are
      // duplicates now, but what they changed must still reach the case.
      rmSync(join(second, 'cases-broken.csv'));
      const { stats } = await importDir(c.db, second, { source: 'fail' });
      expect(stats).toMatchObject({ items: { written: 0 }, calendar: { written: 0 }, steps: { written: 0 } });
      // 8 promised + 2 suspended (3/5, 3/6) = 10th working day after 3/3 with 3/14 off: 3/18.
      expect(await dueOf(c)).toBe('2025-03-18');

      await importDir(d.db, first, { source: 'fail' });
      await importDir(d.db, second, { source: 'fail' });
      expect(await dueOf(d)).toBe('2025-03-18');
      expect(await fingerprints(c.db)).toEqual(await fingerprints(d.db));
      expect(await duplicateRows(c.db)).toEqual(ZERO_DUPLICATES);
    } finally {
      await Promise.all([c.drop(), d.drop()]);
    }
  });
});
