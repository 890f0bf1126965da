// Security across endpoints (server issue): the role × endpoint matrix, a dept
// user confined to its scope by any parameter combination, and every query
// parameter fuzzed with SQL metacharacters (→ a 400 or a correct empty
// result, never a ClickHouse error). Real app, real ClickHouse.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../server/app.ts';
import { ensureDemoUsers, type DemoLogin } from '../server/auth/index.ts';
import type { Role } from '../server/auth/types.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { listen, type TestClient } from './helpers/http.ts';
import { loadMetricsFixture } from './helpers/metrics-fixture.ts';

const SECRET = 'security-test-secret-0123456789';
const P = 'from=2025-01-20&to=2025-02-14';
let t: TestDb;
let logins: DemoLogin[];
const clients = new Map<Role | 'anonymous', TestClient>();

beforeAll(async () => {
  t = await freshDatabase('security');
  await loadMetricsFixture(t.db);
  // The fixture's D2 (西湖区人社局) is the dept user's scope.
  logins = await ensureDemoUsers(t.db, { dept: 'D2', secret: SECRET });
  for (const login of logins) {
    const client = await listen(createApp({ db: t.db, secret: SECRET }));
    expect((await client.login(login.username, login.password)).status).toBe(200);
    clients.set(login.role, client);
  }
  clients.set('anonymous', await listen(createApp({ db: t.db, secret: SECRET })));
}, 180_000);

afterAll(async () => {
  for (const c of clients.values()) await c.close();
  await t?.drop();
});

const ALL: Role[] = ['admin', 'leader', 'inspector', 'evaluator', 'dept'];
const ADMIN: Role[] = ['admin'];

// Read endpoints and the roles that may use them (api.md: Endpoints, Roles and scope).
const MATRIX: Array<[string, Role[]]> = [
  ['/api/auth/me', ALL],
  ['/api/metrics/catalog', ALL],
  [`/api/metrics?ids=accepted,ontime_rate&${P}`, ALL],
  [`/api/metrics?ids=accepted&groupBy=dept&${P}`, ALL],
  [`/api/trends?ids=accepted&grain=month&${P}`, ALL],
  [`/api/rankings?metric=ontime_rate&by=dept&${P}`, ALL],
  ['/api/dimensions/regions', ALL],
  ['/api/etl/freshness', ALL],
  [`/api/distributions/ratings?${P}`, ALL],
  [`/api/supervision/cases?state=red&${P}`, ALL],
  [`/api/supervision/bad-ratings?${P}`, ALL],
  ['/api/supervision/actions', ['admin', 'leader', 'inspector', 'dept']],
  ['/api/evaluation/index-systems', ['admin', 'evaluator']],
  ['/api/evaluation/scorecards', ['admin', 'leader', 'evaluator']],
  ['/api/evaluation/notices', ['admin', 'leader', 'evaluator']],
  ['/api/etl/runs', ADMIN],
  ['/api/etl/quarantine', ADMIN],
  ['/api/etl/jobs', ADMIN],
  ['/api/admin/users', ADMIN],
  ['/api/admin/audit', ADMIN],
];

describe('role × endpoint matrix', () => {
  test.each(MATRIX)('%s', async (path, allowed) => {
    expect((await clients.get('anonymous')!.get(path)).status).toBe(401);
    for (const role of ALL) {
      const reply = await clients.get(role)!.get(path);
      expect({ role, status: reply.status }).toEqual({ role, status: allowed.includes(role) ? 200 : 403 });
    }
  });
});

describe('a dept user sees only its own scope, whatever it asks', () => {
  const value = (body: any, id: string) => body.rows.reduce((s: number, r: any) => s + (r.metrics[id]?.value ?? 0), 0);

  test.each([
    '',
    '&dept=D1',
    '&dept=D1,D2,D3',
    '&region=330000',
    '&region=330200',
    '&item=I1',
    '&groupBy=dept',
    '&groupBy=region&level=city',
    '&groupBy=item',
  ])('/api/metrics%s', async (extra) => {
    const dept = (await clients.get('dept')!.get(`/api/metrics?ids=accepted,finished,ratings&${P}${extra}`)).body;
    const admin = (await clients.get('admin')!.get(`/api/metrics?ids=accepted,finished,ratings&${P}${extra}`)).body;
    const adminD2 = (await clients.get('admin')!.get(`/api/metrics?ids=accepted,finished,ratings&${P}&dept=D2`)).body;
    for (const id of ['accepted', 'finished', 'ratings']) {
      // Never more than D2 has, and never more than the same question asked without a scope.
      expect(value(dept, id)).toBeLessThanOrEqual(value(adminD2, id));
      expect(value(dept, id)).toBeLessThanOrEqual(value(admin, id));
    }
    if (extra === '&groupBy=dept') expect(dept.rows.map((r: any) => r.unit.code)).toEqual(['D2']);
    if (extra === '&dept=D1') expect(value(dept, 'accepted')).toBe(0);
    if (extra === '') expect(value(dept, 'accepted')).toBe(value(adminD2, 'accepted'));
  });

  test.each(['', '&dept=D1', '&dept=D1,D2', '&region=330200', '&region=330000', '&item=I1', '&state=red', '&state=late_finished'])(
    'case list%s holds only its department’s cases', async (extra) => {
      const base = extra.startsWith('&state') ? '' : 'base=accepted&';
      const reply = await clients.get('dept')!.get(`/api/supervision/cases?${base}${P}${extra}&pageSize=200`);
      expect(reply.status).toBe(200);
      const list = reply.body;
      expect(list.rows.every((r: any) => r.deptName === '西湖区人社局')).toBe(true);
      const detailOfOther = await clients.get('dept')!.get('/api/supervision/cases/C1'); // C1 belongs to D1
      expect(detailOfOther.status).toBe(404);
    },
  );

  test('rankings by dept list only its own department', async () => {
    const body = (await clients.get('dept')!.get(`/api/rankings?metric=accepted&by=dept&${P}&minSample=0`)).body;
    expect(body.rows.map((r: any) => r.unit.code)).toEqual(['D2']);
  });

  test('the admin-only endpoints stay closed to it', async () => {
    expect((await clients.get('dept')!.get('/api/etl/quarantine')).status).toBe(403);
  });
});

describe('injection: SQL metacharacters in every parameter → 400 or an empty result, never a ClickHouse error', () => {
  const hostile = fc.oneof(
    fc.constantFrom("'", "\\'", "' OR 1=1 --", "D1') OR ('1'='1", '\\', '%27', "'; DROP TABLE cases; --", '\u0000', '`', '"',
      'accepted) UNION ALL SELECT 1 --', '2025-01-01\' OR \'1', '{x:String}', '😀', 'D1,\'D2'),
    fc.string({ maxLength: 12 }),
  );
  const PARAMS: Array<[string, string]> = [
    ['/api/metrics', `ids=accepted&${P}`],
    ['/api/trends', `ids=accepted&grain=month&${P}`],
    ['/api/rankings', `metric=accepted&by=dept&${P}`],
    ['/api/distributions/ratings', P],
    ['/api/supervision/cases', `state=red&${P}`],
    ['/api/supervision/bad-ratings', P],
  ];
  const KNOWN_CODES = new Set(['D1', 'D2', 'D3', 'I1', 'I2', 'I3', 'I4', '330000', '330100', '330102', '330106', '330106001000', '330200']);
  const NAMES = ['ids', 'metric', 'from', 'to', 'groupBy', 'level', 'region', 'dept', 'item', 'channel', 'ratingChannel', 'asOf',
    'grain', 'by', 'top', 'bottom', 'minSample', 'state', 'base', 'card', 'anomalyType', 'sort', 'page', 'pageSize',
    'minOverdue', 'status', 'level'];

  test.each(PARAMS)('%s', async (path, base) => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...NAMES), hostile, async (name, value) => {
        const query = new URLSearchParams(base);
        query.set(name, value);
        const reply = await clients.get('admin')!.get(`${path}?${query.toString()}`);
        expect([200, 400]).toContain(reply.status);
        if (reply.status === 400) expect(reply.body.error.message).toMatch(/[\u4e00-\u9fff].*\/.*[A-Za-z]/);
        // A hostile filter value names no region, department, item or channel: nothing matches.
        const namesKnownCode = value.split(',').some((v) => KNOWN_CODES.has(v.trim()));
        if (reply.status === 200 && ['region', 'dept', 'item'].includes(name) && path === '/api/metrics' && !namesKnownCode) {
          expect(reply.body.rows[0].metrics.accepted.value).toBe(0);
        }
      }),
      { numRuns: 60 },
    );
  });

  test('admin endpoints too', async () => {
    for (const path of ['/api/etl/runs', '/api/etl/quarantine', '/api/admin/audit', '/api/supervision/actions',
      '/api/evaluation/scorecards', '/api/evaluation/external-indicators', '/api/dimensions/items']) {
      for (const name of ['page', 'pageSize', 'job', 'status', 'kind', 'reason', 'source', 'user', 'action', 'from', 'to',
        'state', 'escalation', 'targetKind', 'caseId', 'dept', 'region', 'q', 'asOf']) {
        for (const value of ["'", "' OR 1=1 --", '\\', '-1', '1e309']) {
          const reply = await clients.get('admin')!.get(`${path}?${name}=${encodeURIComponent(value)}`);
          expect({ path, name, value, status: [200, 400].includes(reply.status) }).toEqual({ path, name, value, status: true });
        }
      }
    }
  });
});
