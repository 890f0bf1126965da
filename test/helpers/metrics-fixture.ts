// The hand-made fixture of test/metrics*.test.ts: a few regions, depts and
// items around Spring Festival 2025, cases, steps and ratings whose expected
// figures are worked out by hand in test/metrics.test.ts. Written as contract
// files into a temp dir and loaded through the real import (runImport +
// fileDropConnector).
//
// Calendar used by hand (national schedule, 2025 Spring Festival: 01-28 … 02-04
// off, 01-26 (Sun) and 02-08 (Sat) worked; W = working day):
//   Jan 20W 21W 22W 23W 24W 25- 26W 27W 28- 29- 30- 31-
//   Feb 01- 02- 03- 04- 05W 06W 07W 08W 09- 10W 11W 12W 13W 14W 15- 16- 17W 18W 19W 20W 21W
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport } from '../../etl/import.ts';
import { fileDropConnector } from '../../etl/sources/file-drop.ts';
import type { Db } from '../../server/sql/client.ts';

export const FIXTURE_SECRET = 'metrics-fixture-secret-0123456789';

const t = (s: string) => `${s}+08:00`;

export const REGIONS_CSV = `region_code,region_name,parent_code
330000,浙江省,
330100,杭州市,330000
330102,上城区,330100
330106,西湖区,330100
330106001000,西溪街道,330106
330200,宁波市,330000
`;

export const DEPTS_CSV = `dept_code,dept_name,region_code
D1,杭州市市场监管局,330100
D2,西湖区人社局,330106
D3,宁波市公安局,330200
`;

const item = (code: string, name: string, dept: string, region: string, promised: number, legal: number, unit: string) => ({
  item_code: code, item_name: name, item_type: 'permit', dept_code: dept, region_code: region,
  promised_limit: promised, legal_limit: legal, limit_unit: unit, is_immediate: promised === 0, updated_at: t('2024-12-01T00:00:00'),
});

export const ITEMS = [
  item('I1', '食品经营许可', 'D1', '330100', 5, 10, 'workday'),
  item('I2', '户外广告设置', 'D1', '330100', 10, 20, 'natural_day'),
  item('I3', '社保卡补领', 'D2', '330106', 0, 0, 'workday'),
  item('I4', '职业资格认定', 'D2', '330106', 20, 20, 'workday'),
];

interface CaseSpec {
  id: string; item: string; dept: string; region: string; channel: string; window?: string; trips: number | null;
  status: string; accepted?: string; finished?: string; withdrawn?: string; updated?: string;
}

const caseRow = (c: CaseSpec) => ({
  case_id: c.id, item_code: c.item, dept_code: c.dept, region_code: c.region, channel: c.channel,
  window_type: c.window ?? null, applicant_type: 'person',
  submitted_at: t(c.accepted ?? '2025-01-22T09:00:00'),
  accepted_at: c.accepted ? t(c.accepted) : null,
  finished_at: c.finished ? t(c.finished) : null,
  withdrawn_at: c.withdrawn ? t(c.withdrawn) : null,
  status: c.status, trips: c.trips,
  updated_at: t(c.updated ?? c.finished ?? c.accepted ?? '2025-01-22T09:00:00'),
});

// Due dates (by hand, metrics.md: Time rules) are in test/metrics.test.ts next to the expectations.
export const CASES: CaseSpec[] = [
  { id: 'C1', item: 'I1', dept: 'D1', region: '330102', channel: 'window', window: 'comprehensive', trips: 1, status: 'finished', accepted: '2025-01-20T09:00:00', finished: '2025-01-22T15:00:00' },
  { id: 'C2', item: 'I1', dept: 'D1', region: '330102', channel: 'online', trips: 0, status: 'finished', accepted: '2025-01-24T10:00:00', finished: '2025-02-10T16:00:00' },
  { id: 'C3', item: 'I1', dept: 'D2', region: '330106', channel: 'window', window: 'department', trips: 2, status: 'finished', accepted: '2025-01-27T09:00:00', finished: '2025-02-12T11:00:00' },
  { id: 'C4', item: 'I1', dept: 'D2', region: '330106001000', channel: 'mobile', trips: 0, status: 'finished', accepted: '2025-01-20T14:00:00', finished: '2025-02-11T09:00:00' },
  { id: 'C5', item: 'I2', dept: 'D1', region: '330100', channel: 'window', window: 'comprehensive', trips: 1, status: 'finished', accepted: '2025-01-27T10:00:00', finished: '2025-02-06T20:00:00' },
  { id: 'C6', item: 'I3', dept: 'D1', region: '330102', channel: 'window', window: 'unknown', trips: null, status: 'finished', accepted: '2025-01-28T09:00:00', finished: '2025-02-05T10:00:00' },
  { id: 'C7', item: 'IX', dept: 'D3', region: '330200', channel: 'self_service', trips: 0, status: 'denied', accepted: '2025-02-03T10:00:00', finished: '2025-02-07T10:00:00' },
  { id: 'C8', item: 'I1', dept: 'D1', region: '330102', channel: 'window', window: 'comprehensive', trips: 1, status: 'withdrawn', accepted: '2025-01-21T09:00:00', updated: '2025-01-23T12:00:00' },
  { id: 'C9', item: 'I1', dept: 'D1', region: '330102', channel: 'window', window: 'comprehensive', trips: 1, status: 'not_accepted', updated: '2025-01-22T10:00:00' },
  { id: 'C10', item: 'I1', dept: 'D2', region: '330106', channel: 'online', trips: 0, status: 'suspended', accepted: '2025-02-05T09:00:00', updated: '2025-02-06T09:00:00' },
  { id: 'C11', item: 'I1', dept: 'D1', region: '330102', channel: 'window', window: 'department', trips: 1, status: 'in_progress', accepted: '2025-02-05T09:00:00' },
  { id: 'C12', item: 'I1', dept: 'D2', region: '330106002000', channel: 'online', trips: 0, status: 'in_progress', accepted: '2025-01-24T10:00:00' },
  { id: 'C13', item: 'I1', dept: 'D3', region: '330200', channel: 'mobile', trips: null, status: 'in_progress', accepted: '2025-01-20T09:00:00' },
  { id: 'C14', item: 'IX', dept: 'D3', region: '330200', channel: 'mail', trips: 2, status: 'in_progress', accepted: '2025-02-07T09:00:00' },
  { id: 'C15', item: 'I2', dept: 'D2', region: '330106', channel: 'window', window: 'comprehensive', trips: 3, status: 'accepted', accepted: '2025-02-05T09:00:00' },
  { id: 'C16', item: 'I4', dept: 'D1', region: '330100', channel: 'other', trips: 0, status: 'in_progress', accepted: '2025-01-20T09:00:00' },
  { id: 'C17', item: 'I1', dept: 'D1', region: '330199', channel: 'window', window: 'comprehensive', trips: 1, status: 'finished', accepted: '2025-01-10T09:00:00', finished: '2025-01-21T10:00:00' },
  { id: 'C18', item: 'I1', dept: 'D1', region: '330102', channel: 'other', trips: null, status: 'finished', accepted: '2025-01-20T09:00:00', finished: '2025-02-13T10:00:00' },
  { id: 'C19', item: 'I1', dept: 'D1', region: '330102', channel: 'online', trips: 0, status: 'finished', accepted: '2024-02-05T09:00:00', finished: '2024-02-06T10:00:00' },
];

export const STEPS = [
  // C2: 补正 02-05 10:00 – 02-07 10:00 → ext_workdays = #{02-06, 02-07} = 2.
  { case_id: 'C2', seq: 1, step_type: 'accept', started_at: t('2025-01-24T10:00:00'), updated_at: t('2025-02-10T16:00:00') },
  { case_id: 'C2', seq: 2, step_type: 'correction', started_at: t('2025-02-05T10:00:00'), ended_at: t('2025-02-07T10:00:00'), updated_at: t('2025-02-10T16:00:00') },
  // C10: 补正 from 02-06 09:00, never ended nor resumed → an open suspension.
  { case_id: 'C10', seq: 1, step_type: 'correction', started_at: t('2025-02-06T09:00:00'), updated_at: t('2025-02-06T09:00:00') },
  // C18: 特别程序 02-07 09:00 – 02-12 09:00 → ext_workdays = #{02-08, 02-10, 02-11, 02-12} = 4.
  { case_id: 'C18', seq: 1, step_type: 'special', started_at: t('2025-02-07T09:00:00'), ended_at: t('2025-02-12T09:00:00'), updated_at: t('2025-02-13T10:00:00') },
];

interface RatingSpec {
  id: string; caseId?: string; level: number; channel: string; rated: string; active?: boolean; invalidated?: boolean;
  verified?: string; rectified?: string; result?: string; dept?: string; region?: string; item?: string;
}

const ratingRow = (r: RatingSpec) => ({
  rating_id: r.id, case_id: r.caseId ?? null, item_code: r.item ?? null, dept_code: r.dept ?? null, region_code: r.region ?? null,
  channel: r.channel, level: r.level, rated_at: t(r.rated), is_active: r.active ?? true, invalidated: r.invalidated ?? false,
  verified_at: r.verified ? t(r.verified) : null, rectified_at: r.rectified ? t(r.rectified) : null,
  rectify_result: r.result ?? null, updated_at: t(r.rated),
});

export const RATINGS: RatingSpec[] = [
  { id: 'R1', caseId: 'C1', level: 5, channel: 'pc', rated: '2025-01-23T10:00:00' },
  { id: 'R2', caseId: 'C2', level: 4, channel: 'app', rated: '2025-02-11T09:00:00' },
  { id: 'R3', caseId: 'C3', level: 2, channel: 'window_device', rated: '2025-02-12T12:00:00', verified: '2025-02-13T10:00:00', rectified: '2025-02-20T10:00:00', result: 'rectified' },
  { id: 'R4', caseId: 'C4', level: 1, channel: 'pc', rated: '2025-02-11T10:00:00', invalidated: true },
  { id: 'R5', caseId: 'C5', level: 3, channel: 'pc', rated: '2025-02-07T10:00:00', active: false },
  { id: 'R6', level: 1, channel: 'hotline', rated: '2025-01-21T10:00:00', dept: 'D3', region: '330200', item: 'I1', rectified: '2025-02-18T10:00:00', result: 'rectified' },
  { id: 'R7', caseId: 'C6', level: 2, channel: 'app', rated: '2025-02-05T12:00:00', verified: '2025-02-06T10:00:00', rectified: '2025-02-10T10:00:00', result: 'explained' },
  { id: 'R8', caseId: 'C17', level: 4, channel: 'pc', rated: '2025-01-22T09:00:00', invalidated: true },
  { id: 'R9', caseId: 'C7', level: 5, channel: 'app', rated: '2025-02-20T10:00:00' },
  { id: 'R10', caseId: 'C1', level: 3, channel: 'sms', rated: '2025-01-24T10:00:00' },
  { id: 'R11', caseId: 'C99', level: 5, channel: 'pc', rated: '2025-02-03T10:00:00' },
];

const ndjson = (rows: readonly object[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** Writes contract files into a fresh temp dir; returns its path and a cleanup. */
export function writeFixtureDir(files: Record<string, string>): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tianping-metrics-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Imports a directory of contract files; fails when any row was quarantined (a fixture bug). */
export async function importDir(db: Db, dir: string): Promise<void> {
  const { stats } = await runImport({ db, connector: fileDropConnector({ dir, source: 'fixture' }), secret: FIXTURE_SECRET });
  for (const [kind, s] of Object.entries(stats)) {
    if (s.quarantined > 0) throw new Error(`fixture rows quarantined for ${kind}: ${JSON.stringify(s)}`);
  }
}

export async function loadMetricsFixture(db: Db): Promise<void> {
  const { dir, remove } = writeFixtureDir({
    'regions.csv': REGIONS_CSV,
    'depts.csv': DEPTS_CSV,
    'items.ndjson': ndjson(ITEMS),
    'cases.ndjson': ndjson(CASES.map(caseRow)),
    'steps.ndjson': ndjson(STEPS),
    'ratings.ndjson': ndjson(RATINGS.map(ratingRow)),
  });
  try {
    await importDir(db, dir);
  } finally {
    remove();
  }
}

export { caseRow, ndjson, ratingRow };
