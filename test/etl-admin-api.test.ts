// The ETL admin endpoints (server/routes/etl.ts) over HTTP against the real
// app and ClickHouse: a small simulated province imported through the file
// drop gives runs and quarantined rows; every role is tried on every endpoint.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runImport } from '../etl/import.ts';
import { fileDropConnector } from '../etl/sources/file-drop.ts';
import { generateProvince, writeContractFiles } from '../etl/sources/simulator/index.ts';
import { createApp } from '../server/app.ts';
import { ensureBootstrapAdmin, ensureDemoUsers, type Role } from '../server/auth/index.ts';
import { sql, str } from '../server/sql/literal.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { listen, type TestClient } from './helpers/http.ts';

const SECRET = 'etl-admin-test-secret-0123456789';
const SOURCE = `etladmin${process.pid}`;
const JOB = `import:${SOURCE}`;
let t: TestDb;
let dir: string;
let savedSources: string | undefined;
const clients = new Map<Role | 'anonymous', TestClient>();
const as = (who: Role | 'anonymous'): TestClient => clients.get(who)!;

beforeAll(async () => {
  t = await freshDatabase('etladmin');
  dir = mkdtempSync(join(tmpdir(), 'tianping-etladmin-'));
  const data = generateProvince({ seed: 7, cases: 300, months: 2, endDate: '2025-05-31', invalidRate: 0.05 });
  await writeContractFiles(data, join(dir, 'drop'), { format: 'mixed' });
  await runImport({ db: t.db, connector: fileDropConnector({ dir: join(dir, 'drop'), source: SOURCE }), job: JOB, secret: SECRET });
  // The job table (etl/jobs.ts) comes from TIANPING_SOURCES, read per request.
  savedSources = process.env.TIANPING_SOURCES;
  writeFileSync(join(dir, 'sources.json'), JSON.stringify([{ type: 'file-drop', name: SOURCE, dir: join(dir, 'drop'), cron: '*/30 * * * *' }]));
  process.env.TIANPING_SOURCES = join(dir, 'sources.json');

  await ensureBootstrapAdmin(t.db, 'etl-root:etl-root-password');
  const dept = String(data.depts.find((d) => typeof d.dept_code === 'string')?.dept_code);
  const logins = await ensureDemoUsers(t.db, { dept });
  const app = createApp({ db: t.db, secret: SECRET });
  clients.set('anonymous', await listen(app));
  const admin = await listen(app);
  expect((await admin.login('etl-root', 'etl-root-password')).status).toBe(200);
  clients.set('admin', admin);
  for (const l of logins.filter((x) => x.role !== 'admin')) {
    const c = await listen(app);
    expect((await c.login(l.username, l.password)).status).toBe(200);
    clients.set(l.role, c);
  }
}, 240_000);

afterAll(async () => {
  if (savedSources === undefined) delete process.env.TIANPING_SOURCES;
  else process.env.TIANPING_SOURCES = savedSources;
  for (const c of clients.values()) await c.close();
  await t?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('roles', () => {
  const adminOnly = ['/api/etl/runs', '/api/etl/quarantine', '/api/etl/jobs'];
  test.each(['leader', 'inspector', 'evaluator', 'dept'] as const)('%s: 403 on the admin endpoints, 200 on freshness', async (role) => {
    for (const path of adminOnly) expect((await as(role).get(path)).status, path).toBe(403);
    expect((await as(role).post(`/api/etl/jobs/${encodeURIComponent(JOB)}/run`, {})).status).toBe(403);
    expect((await as(role).get('/api/etl/freshness')).status).toBe(200);
  });

  test('signed out: 401 everywhere', async () => {
    for (const path of [...adminOnly, '/api/etl/freshness']) expect((await as('anonymous').get(path)).status, path).toBe(401);
    expect((await as('anonymous').post(`/api/etl/jobs/${encodeURIComponent(JOB)}/run`, {})).status).toBe(401);
  });
});

describe('admin', () => {
  test('runs: the latest version of each run, with per-kind stats and duration', async () => {
    const r = await as('admin').get(`/api/etl/runs?job=${encodeURIComponent(JOB)}`);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(1);
    const run = r.body.rows[0];
    expect(run).toMatchObject({ job: JOB, source: SOURCE, status: 'ok', error: '' });
    expect(run.durationSeconds).toBeGreaterThanOrEqual(0);
    expect(run.endedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(run.stats.cases.read).toBeGreaterThan(300);
    expect(run.stats.cases.quarantined).toBeGreaterThan(0);
    expect((await as('admin').get('/api/etl/runs?status=failed')).body.total).toBe(0);
  });

  test('runs: parameters are validated', async () => {
    expect((await as('admin').get('/api/etl/runs?status=exploded')).status).toBe(400);
    expect((await as('admin').get('/api/etl/runs?pageSize=100000')).status).toBe(400);
  });

  test('quarantine: rows with reason, field, detail and the redacted raw record; facets; filters; paging', async () => {
    const all = await as('admin').get('/api/etl/quarantine?pageSize=500');
    expect(all.status).toBe(200);
    const [count] = await t.db.query<{ n: string }>(sql`SELECT count() AS n FROM quarantine FINAL WHERE source = ${str(SOURCE)}`);
    expect(all.body.total).toBe(Number(count!.n));
    expect(all.body.total).toBeGreaterThan(3);
    const row = all.body.rows[0];
    expect(row).toEqual(expect.objectContaining({ source: SOURCE, kind: expect.any(String), reason: expect.any(String), line: expect.any(Number), raw: expect.any(String) }));
    // Personal data never in clear (data-contract.md): no 11-digit mobile in any raw record.
    for (const q of all.body.rows) expect(q.raw).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);

    const facet = all.body.facets.reasons[0];
    const filtered = await as('admin').get(`/api/etl/quarantine?kind=${facet.kind}&reason=${encodeURIComponent(facet.reason)}`);
    expect(filtered.body.total).toBe(facet.count);
    expect(filtered.body.rows.every((q: { kind: string; reason: string }) => q.kind === facet.kind && q.reason === facet.reason)).toBe(true);
    expect(all.body.facets.sources).toEqual([SOURCE]);

    const page2 = await as('admin').get('/api/etl/quarantine?page=2&pageSize=2');
    expect(page2.body.rows).toHaveLength(2);
    expect(page2.body.rows[0]).toEqual(all.body.rows[2]);
  });

  test('jobs: the job table with cron and last run', async () => {
    const r = await as('admin').get('/api/etl/jobs');
    expect(r.status).toBe(200);
    // Every configured source is a job; other jobs of etl/jobs.ts (e.g. supervision checks) follow.
    expect(r.body.jobs).toContainEqual(
      expect.objectContaining({ name: JOB, cron: '*/30 * * * *', running: false, lastRun: expect.objectContaining({ status: 'ok' }), lastSuccessAt: expect.any(String) }),
    );
    expect(r.body.jobs.map((j: { name: string }) => j.name)).toEqual([...new Set(r.body.jobs.map((j: { name: string }) => j.name))]);
  });

  test('freshness: last success per source and quarantined rows', async () => {
    const r = await as('leader').get('/api/etl/freshness');
    expect(r.body.sources).toEqual([expect.objectContaining({ source: SOURCE, job: JOB, lastStatus: 'ok', lastSuccessAt: expect.any(String) })]);
    expect(r.body.quarantined).toBe(r.body.sources[0].quarantined);
    expect(r.body.quarantined).toBeGreaterThan(0);
    expect(r.body.lastSuccessAt).toBe(r.body.sources[0].lastSuccessAt);
  });

  test('run now: 202, a second call while it runs is 409, both audited; the run is recorded', async () => {
    const path = `/api/etl/jobs/${encodeURIComponent(JOB)}/run`;
    const first = await as('admin').post(path, {});
    expect(first.status).toBe(202);
    const second = await as('admin').post(path, {});
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('job_busy');
    expect((await as('admin').post('/api/etl/jobs/import%3Anope/run', {})).status).toBe(404);

    let runs: Array<{ status: string; stats: { cases?: { written: number; duplicates: number } } }> = [];
    for (let i = 0; i < 120; i++) {
      runs = (await as('admin').get(`/api/etl/runs?job=${encodeURIComponent(JOB)}`)).body.rows;
      if (runs.length === 2 && runs[0]!.status !== 'running') break;
      await new Promise((ok) => setTimeout(ok, 500));
    }
    expect(runs).toHaveLength(2);
    // Re-importing the same files writes nothing new (idempotent ETL).
    expect(runs[0]).toMatchObject({ status: 'ok', stats: { cases: { written: 0 } } });
    const audit = await as('admin').get('/api/admin/audit?action=etl.job.run');
    expect(audit.body.rows.filter((a: { target: string }) => a.target === JOB)).toHaveLength(2);
  });
});
