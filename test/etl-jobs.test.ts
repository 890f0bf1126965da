// Jobs: runs of one job never overlap (etl/job-lock.ts: a lock file holding
// the owner's pid, stale when that pid is gone), and every run is recorded in
// etl_runs with start, end, status, per-kind stats and the error of a failure.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { JobBusyError, withJobLock } from '../etl/job-lock.ts';
import { jobTable } from '../etl/jobs.ts';
import { loadSourceConfigs } from '../etl/sources/config.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { runs, SECRET, tempDir, writeCsv, writeNdjson } from './helpers/etl-fixtures.ts';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const tmp = tempDir('jobs');
const locks = join(tmp.dir, 'locks');
let t: TestDb;

const lockFile = (dir: string, job: string) => join(dir, `${job.replace(/[^A-Za-z0-9_.-]/g, '_')}.lock`);

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

/** The pid of a process that has exited (and been reaped): certainly not alive. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

beforeAll(async () => {
  t = await freshDatabase('etl_jobs');
});

afterAll(async () => {
  await t?.drop();
  tmp.remove();
});

describe('job lock', () => {
  test('a second run of the same job while the first runs throws JobBusyError; other jobs run', async () => {
    const gate = deferred();
    let entered!: () => void;
    const inside = new Promise<void>((r) => { entered = r; });
    const first = withJobLock('import:alpha', async () => { entered(); await gate.promise; return 'first'; }, locks);
    await inside;
    expect(readFileSync(lockFile(locks, 'import:alpha'), 'utf8')).toBe(String(process.pid));

    let ran = false;
    const second = withJobLock('import:alpha', async () => { ran = true; }, locks);
    await expect(second).rejects.toBeInstanceOf(JobBusyError);
    await expect(second).rejects.toThrow(`job import:alpha is already running (pid ${process.pid})`);
    expect(ran).toBe(false);
    expect(await withJobLock('import:beta', async () => 'beta', locks)).toBe('beta');

    gate.resolve();
    expect(await first).toBe('first');
    expect(existsSync(lockFile(locks, 'import:alpha'))).toBe(false);
    expect(await withJobLock('import:alpha', async () => 'third', locks)).toBe('third');
  });

  test('the lock is released when the run throws', async () => {
    await expect(withJobLock('import:gamma', async () => { throw new Error('boom'); }, locks)).rejects.toThrow('boom');
    expect(existsSync(lockFile(locks, 'import:gamma'))).toBe(false);
    expect(await withJobLock('import:gamma', async () => 'again', locks)).toBe('again');
  });

  test.each([
    ['a dead pid', async () => String(await deadPid())],
    ['an empty file (crashed while writing it)', async () => ''],
  ])('a stale lock holding %s is taken over', async (_label, content) => {
    mkdirSync(locks, { recursive: true });
    const path = lockFile(locks, 'import:delta');
    writeFileSync(path, await content());
    const seen = await withJobLock('import:delta', async () => readFileSync(path, 'utf8'), locks);
    expect(seen).toBe(String(process.pid));
    expect(existsSync(path)).toBe(false);
  });
});

describe('etl_runs', () => {
  const okDir = join(tmp.dir, 'ok');
  const brokenDir = join(tmp.dir, 'broken');
  const sourcesFile = join(tmp.dir, 'sources.json');
  const name = `jobs-${randomBytes(3).toString('hex')}`;

  beforeAll(() => {
    mkdirSync(okDir);
    mkdirSync(brokenDir);
    const item = { item_code: 'J-1', item_name: '事项', item_type: 'permit', dept_code: 'D-1', region_code: '390102',
      legal_limit: 20, promised_limit: 5, updated_at: '2025-01-01 00:00:00' };
    for (const dir of [okDir, brokenDir]) writeNdjson(dir, 'items.ndjson', [item, { ...item, item_code: '' }]);
    writeCsv(okDir, 'cases.csv', ['case_id', 'item_code', 'dept_code', 'region_code', 'channel', 'applicant_type', 'submitted_at', 'status', 'updated_at'],
      [{ case_id: 'J-C1', item_code: 'J-1', dept_code: 'D-1', region_code: '390102', channel: 'online', applicant_type: 'org',
        submitted_at: '2025-03-03 09:00:00', status: 'submitted', updated_at: '2025-03-03 09:00:00' }]);
    writeFileSync(join(brokenDir, 'cases.csv'), 'case_id,case_id\nX,X\n'); // unreadable header: the run fails
    writeFileSync(sourcesFile, JSON.stringify([
      { type: 'file-drop', name, dir: okDir },
      { type: 'file-drop', name: `${name}-broken`, dir: brokenDir, cron: '0 3 * * *' },
      { type: 'file-drop', name: `${name}-missing`, dir: join(tmp.dir, 'nowhere') },
    ]));
  });

  test('the job table has one import job per configured source', () => {
    const jobs = jobTable(loadSourceConfigs(sourcesFile)).filter((j) => j.name.startsWith('import:'));
    expect(jobs.map((j) => [j.name, j.cron])).toEqual([
      [`import:${name}`, '*/10 * * * *'], [`import:${name}-broken`, '0 3 * * *'], [`import:${name}-missing`, '*/10 * * * *'],
    ]);
  });

  test('every run is recorded: start, end, status, per-kind stats, error', async () => {
    const [ok, broken, missing] = jobTable(loadSourceConfigs(sourcesFile)).filter((j) => j.name.startsWith('import:'));
    const startedAt = Math.floor(Date.now() / 1000);
    const result = await withJobLock(ok!.name, () => ok!.run({ db: t.db, secret: SECRET }), locks) as { runId: string; stats: object };
    await expect(withJobLock(broken!.name, () => broken!.run({ db: t.db, secret: SECRET }), locks)).rejects.toThrow(/duplicate column/);
    await expect(withJobLock(missing!.name, () => missing!.run({ db: t.db, secret: SECRET }), locks)).rejects.toThrow(/ENOENT/);

    const all = await runs(t.db);
    expect(all.map((r) => [r.job, r.source, r.status])).toEqual([
      [`import:${name}`, name, 'ok'], [`import:${name}-broken`, `${name}-broken`, 'failed'], [`import:${name}-missing`, `${name}-missing`, 'failed'],
    ]);
    const [r1, r2, r3] = all;
    expect(r1!.run_id).toBe(result.runId);
    for (const r of all) {
      const started = Date.parse(`${r.started_at.replace(' ', 'T')}+08:00`) / 1000;
      const ended = Date.parse(`${r.ended_at!.replace(' ', 'T')}+08:00`) / 1000;
      expect(started).toBeGreaterThanOrEqual(startedAt - 1);
      expect(ended).toBeGreaterThanOrEqual(started);
    }
    expect(JSON.parse(r1!.stats)).toEqual(result.stats);
    expect(JSON.parse(r1!.stats)).toEqual({
      items: { read: 2, written: 1, duplicates: 0, stale: 0, quarantined: 1 },
      cases: { read: 1, written: 1, duplicates: 0, stale: 0, quarantined: 0 },
    });
    expect(r1!.error).toBe('');
    // A failed run keeps what it had counted before it failed, and why it failed.
    expect(JSON.parse(r2!.stats)).toEqual({
      items: { read: 2, written: 0, duplicates: 1, stale: 0, quarantined: 1 },
      cases: { read: 0, written: 0, duplicates: 0, stale: 0, quarantined: 0 }, // the file it failed on
    });
    expect(r2!.error).toMatch(/cases\.csv: duplicate column "case_id"/);
    expect(JSON.parse(r3!.stats)).toEqual({});
    expect(r3!.error).toMatch(/ENOENT/);
  });

  test('`etl run <job>` refuses to overlap a running one, then runs and records it', async () => {
    const env = { ...process.env, CLICKHOUSE_URL: t.db.url, CLICKHOUSE_DB: t.name, TIANPING_SECRET: SECRET, TIANPING_SOURCES: sourcesFile };
    const cli = () => spawnSync(process.execPath, ['--import', 'tsx', 'etl/cli.ts', 'run', name], { cwd: ROOT, env, encoding: 'utf8' });
    const before = (await runs(t.db)).length;

    // Held here, in the project's lock dir: the CLI process finds it busy.
    const busy = await withJobLock(`import:${name}`, async () => cli());
    expect(busy.status).toBe(1);
    expect(busy.stderr).toContain(`job import:${name} is already running (pid ${process.pid})`);
    expect((await runs(t.db)).length).toBe(before); // never started

    const free = cli();
    expect(free.status, free.stderr).toBe(0);
    expect(free.stdout).toContain('{"kind":"items","read":2,"written":0,"duplicates":1,"stale":0,"quarantined":1}');
    const after = await runs(t.db);
    expect(after.length).toBe(before + 1);
    expect(after[after.length - 1]).toMatchObject({ job: `import:${name}`, status: 'ok', error: '' });
  });
});
