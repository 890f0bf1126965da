// Shared setup of test/supervision*.test.ts: the metrics fixture
// (test/helpers/metrics-fixture.ts) plus a few supervision cases of dept D4,
// an app with one signed-in client per role.
//
// Calendar (2025 Spring Festival: 01-28 … 02-04 off, 01-26 Sun and 02-08 Sat worked; W = working day):
//   Jan 20W 21W 22W 23W 24W 25- 26W 27W 28- 29- 30- 31-
//   Feb 01- 02- 03- 04- 05W 06W 07W 08W 09- 10W 11W 12W 13W 14W 15- 16- 17W 18W 19W 20W 21W
import { createApp } from '../../server/app.ts';
import { ensureBootstrapAdmin } from '../../server/auth/users.ts';
import { freshDatabase, type TestDb } from './db.ts';
import { listen, type TestClient } from './http.ts';
import { caseRow, importDir, loadMetricsFixture, ndjson, ratingRow, writeFixtureDir } from './metrics-fixture.ts';

export const SECRET = 'supervision-test-secret-0123456789';
const t = (s: string) => `${s}+08:00`;

/**
 * K1 (errata.md's example): I1 (承诺 5 / 法定 10 working days), accepted Fri 2025-01-24 10:00, still open,
 *   补正 02-05 10:00 – 02-07 10:00 (ext = #{02-06, 02-07} = 2) → due = the 7th working day after 01-24:
 *   01-26, 01-27, 02-05, 02-06, 02-07, 02-08, 02-10 → 2025-02-10; legal = the 12th → 02-17. warn_days = 1.
 * K2: I1, accepted Mon 2025-01-20 09:00, still open, 补正 from 02-05 09:00 never ended (open suspension):
 *   due 01-26, legal 02-08 (the open suspension does not move them) — suspended from 02-05 09:00 on.
 * K3: I1, accepted 2025-02-05 09:00, open, no suspension: due 02-11, legal 02-18 (for 督办 notices).
 * K4: I1, accepted 2025-02-05 09:00, finished 2025-02-20 10:00 (red for the record: legal 02-18).
 */
export const SUPERVISION_CASES = [
  { id: 'K1', item: 'I1', dept: 'D4', region: '330102', channel: 'online', trips: 0, status: 'in_progress', accepted: '2025-01-24T10:00:00', updated: '2025-02-07T10:00:00' },
  { id: 'K2', item: 'I1', dept: 'D4', region: '330102', channel: 'online', trips: 0, status: 'suspended', accepted: '2025-01-20T09:00:00', updated: '2025-02-05T09:00:00' },
  { id: 'K3', item: 'I1', dept: 'D4', region: '330102', channel: 'window', window: 'comprehensive', trips: 1, status: 'in_progress', accepted: '2025-02-05T09:00:00' },
  { id: 'K4', item: 'I1', dept: 'D4', region: '330102', channel: 'window', window: 'comprehensive', trips: 1, status: 'finished', accepted: '2025-02-05T09:00:00', finished: '2025-02-20T10:00:00' },
];

export const SUPERVISION_STEPS = [
  { case_id: 'K1', seq: 1, step_type: 'accept', step_name: '受理', actor_id: 'staff-01', started_at: t('2025-01-24T10:00:00'), ended_at: t('2025-01-24T10:05:00'), updated_at: t('2025-02-07T10:00:00') },
  { case_id: 'K1', seq: 2, step_type: 'review', step_name: '审查', actor_id: 'staff-02', started_at: t('2025-01-27T09:00:00'), updated_at: t('2025-02-07T10:00:00') },
  { case_id: 'K1', seq: 3, step_type: 'correction', step_name: '补正材料', actor_id: 'staff-02', started_at: t('2025-02-05T10:00:00'), ended_at: t('2025-02-07T10:00:00'), updated_at: t('2025-02-07T10:00:00') },
  { case_id: 'K2', seq: 1, step_type: 'correction', step_name: '补正材料', actor_id: 'staff-03', started_at: t('2025-02-05T09:00:00'), updated_at: t('2025-02-05T09:00:00') },
];

/**
 * 差评 of dept D4 (dept/region taken from their cases):
 * RK1: K4, level 1, rated Fri 2025-02-21 10:00 with a comment; verified 02-24, rectified 03-20. Limit = the 15th
 *   working day after 02-21: 02-24 … 02-28, 03-03 … 03-07, 03-10 … 03-14 → 2025-03-14 23:59:59 (so 03-15 … 03-19 overdue).
 * RK2: K3, level 2, rated 2025-02-06 10:00, never verified. Limit = the 15th working day after 02-06:
 *   02-07, 02-08, 02-10 … 02-14, 02-17 … 02-21, 02-24, 02-25, 02-26 → 2025-02-26 23:59:59.
 * RK3: K1, level 5, rated 2025-02-21 (a good one, for the rates).
 */
export const SUPERVISION_RATINGS = [
  { id: 'RK1', caseId: 'K4', level: 1, channel: 'pc', rated: '2025-02-21T10:00:00', verified: '2025-02-24T10:00:00', rectified: '2025-03-20T10:00:00', result: 'rectified' },
  { id: 'RK2', caseId: 'K3', level: 2, channel: 'app', rated: '2025-02-06T10:00:00' },
  { id: 'RK3', caseId: 'K1', level: 5, channel: 'app', rated: '2025-02-21T11:00:00' },
];
export const RK1_COMMENT = '窗口人员态度差，联系我 13900001111';
/** What every role but admin sees: the mobile number inside the comment masked. */
export const RK1_COMMENT_MASKED = '窗口人员态度差，联系我 139****1111';

/** With personal data: the ETL hashes the id and masks the phone. */
const withApplicant = (row: ReturnType<typeof caseRow>, id: string) => ({
  ...row, applicant_id: `33010219900101${id.padStart(4, '0')}`, contact_phone: '13812345678', applicant_name: '张三',
});

export async function loadSupervisionFixture(db: TestDb['db']): Promise<void> {
  await loadMetricsFixture(db);
  const { dir, remove } = writeFixtureDir({
    'depts.csv': 'dept_code,dept_name,region_code\nD4,上城区行政审批局,330102\n',
    'steps.ndjson': ndjson(SUPERVISION_STEPS),
    'cases.ndjson': ndjson(SUPERVISION_CASES.map((c) => withApplicant(caseRow(c), c.id.slice(1)))),
    'ratings.ndjson': ndjson(SUPERVISION_RATINGS.map((r) => ({ ...ratingRow(r), comment: r.id === 'RK1' ? RK1_COMMENT : null }))),
  });
  try {
    await importDir(db, dir);
  } finally {
    remove();
  }
}

export type RoleName = 'admin' | 'inspector' | 'leader' | 'evaluator' | 'dept1' | 'dept2' | 'dept4' | 'deptRegion';

export interface SupervisionEnv {
  t: TestDb;
  as: Record<RoleName, TestClient>;
  close(): Promise<void>;
}

const USERS: Array<{ name: RoleName; role: string; scope?: { depts?: string[]; regions?: string[] } }> = [
  { name: 'inspector', role: 'inspector' },
  { name: 'leader', role: 'leader' },
  { name: 'evaluator', role: 'evaluator' },
  { name: 'dept1', role: 'dept', scope: { depts: ['D1'] } },
  { name: 'dept2', role: 'dept', scope: { depts: ['D2'] } },
  { name: 'dept4', role: 'dept', scope: { depts: ['D4'] } },
  { name: 'deptRegion', role: 'dept', scope: { regions: ['330106'] } },
];

export async function supervisionEnv(prefix: string): Promise<SupervisionEnv> {
  const t = await freshDatabase(prefix);
  await loadSupervisionFixture(t.db);
  await ensureBootstrapAdmin(t.db, 'root:root-password-1');
  const app = createApp({ db: t.db, secret: SECRET });
  const admin = await listen(app);
  const login = await admin.login('root', 'root-password-1');
  if (login.status !== 200) throw new Error(`admin login failed: ${JSON.stringify(login.body)}`);
  const as = { admin } as Record<RoleName, TestClient>;
  for (const u of USERS) {
    const created = await admin.post('/api/admin/users', {
      username: `${u.name.toLowerCase()}-user`, role: u.role, password: 'password-12345', scope: u.scope ? { depts: [], regions: [], ...u.scope } : undefined,
    });
    if (created.status !== 201 && created.status !== 200) throw new Error(`create ${u.name}: ${created.status} ${JSON.stringify(created.body)}`);
    const client = await listen(app);
    const r = await client.login(`${u.name.toLowerCase()}-user`, 'password-12345');
    if (r.status !== 200) throw new Error(`login ${u.name}: ${JSON.stringify(r.body)}`);
    as[u.name] = client;
  }
  return {
    t,
    as,
    async close() {
      for (const c of Object.values(as)) await c.close();
      await t.drop();
    },
  };
}
