// Anomalies for discipline inspection (metrics.md: 异常办件), end to end:
// hand-made contract files → runImport (which recomputes the anomalies) →
// the latest generation in ClickHouse. Each rule has positive and negative
// examples at its thresholds; evidence is checked field by field.
// Dates on the 2025 national schedule: 春节 1/28–2/4 off, 1/26 (Sun) worked.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  anomalyCaseIds, caseHasAnomaly, latestGeneration, recomputeAnomalies, unrectifiedBadAt, type AnomalyType,
} from '../etl/anomalies/index.ts';
import { supervisionChecksJob } from '../etl/jobs.ts';
import { loadCalendar } from '../etl/load/context.ts';
import { jsonString } from '../etl/anomalies/sql-json.ts';
import { instant, raw, sql, str } from '../server/sql/literal.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { importDir, q, SECRET, tempDir, writeCsv, writeNdjson } from './helpers/etl-fixtures.ts';

const NOW = Date.parse('2025-06-30T12:00:00+08:00');
const UPDATED = '2025-06-01 00:00:00';

let t: TestDb;
const tmp = tempDir('anomalies');
const dirs = { base: join(tmp.dir, '1-base'), update: join(tmp.dir, '2-update') };

/** 'YYYY-MM-DD HH:MM:SS' Beijing, `seconds` after `base`. */
function plus(base: string, seconds: number): string {
  const ms = Date.parse(`${base.replace(' ', 'T')}+08:00`) + seconds * 1000;
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
const iso = (local: string): string => `${local.replace(' ', 'T')}+08:00`;

interface CaseOpts { accepted: string; submitted?: string; finished?: string; status?: string; item?: string; dept?: string }
const kase = (id: string, o: CaseOpts) => ({
  case_id: id, item_code: o.item ?? 'I5', dept_code: o.dept ?? 'D1', region_code: '390102', channel: 'online',
  applicant_type: 'person', submitted_at: o.submitted ?? o.accepted, accepted_at: o.accepted, finished_at: o.finished ?? null,
  status: o.status ?? (o.finished ? 'finished' : 'in_progress'), updated_at: UPDATED,
});
const step = (caseId: string, seq: number, type: string, started: string, actor: string | null = null, updated = UPDATED) => ({
  case_id: caseId, seq, step_type: type, started_at: started, actor_id: actor, updated_at: updated,
});
const rating = (id: string, caseId: string | null, level: number, rated: string, extra: Record<string, unknown> = {}) => ({
  rating_id: id, case_id: caseId, channel: 'pc', level, rated_at: rated, updated_at: UPDATED, ...extra,
});

// An actor id that needs JSON escaping (quote, backslash, tab, a control character).
const ODD_ACTOR = '王"五\\x\ty\u0001z\nw';

const cases: object[] = [];
const steps: object[] = [];
const ratings: object[] = [];

// ---- time_inversion --------------------------------------------------------
cases.push(
  kase('TI4', { submitted: '2025-03-03 10:00:00', accepted: '2025-03-03 09:56:00' }), // 4 min early: tolerated
  kase('TI5', { submitted: '2025-03-03 10:00:00', accepted: '2025-03-03 09:55:00' }), // exactly 5 min: tolerated
  kase('TI6', { submitted: '2025-03-03 10:00:00', accepted: '2025-03-03 09:54:00' }), // 6 min: 先办后受
  kase('TIS', { submitted: '2025-03-03 09:00:00', accepted: '2025-03-03 10:00:00' }), // review before acceptance
  kase('TIS0', { submitted: '2025-03-03 09:00:00', accepted: '2025-03-03 10:00:00' }), // submit before, review at acceptance
);
steps.push(
  step('TIS', 1, 'submit', '2025-03-03 09:00:00'),
  step('TIS', 2, 'review', '2025-03-03 09:30:00'),
  step('TIS0', 1, 'submit', '2025-03-03 08:59:00'),
  step('TIS0', 2, 'review', '2025-03-03 10:00:00'),
);

// ---- no_process --------------------------------------------------------------
cases.push(
  kase('NP1', { accepted: '2025-03-04 09:00:00', finished: '2025-03-05 15:00:00' }),
  kase('NP2', { accepted: '2025-03-04 09:00:00', finished: '2025-03-05 15:00:00' }),
  kase('NP0', { accepted: '2025-03-04 09:00:00', finished: '2025-03-05 15:00:00', item: 'I0' }), // 即办件
);
for (const id of ['NP1', 'NP2', 'NP0']) {
  steps.push(step(id, 1, 'submit', '2025-03-04 08:50:00'), step(id, 2, 'accept', '2025-03-04 09:00:00'));
}
steps.push(
  step('NP1', 3, 'finish', '2025-03-05 15:00:00', ODD_ACTOR),
  step('NP2', 3, 'review', '2025-03-04 14:00:00'), step('NP2', 4, 'finish', '2025-03-05 15:00:00', 'A-np'),
  step('NP0', 3, 'finish', '2025-03-05 15:00:00', 'A-np'),
);

// ---- instant_finish ----------------------------------------------------------
cases.push(
  kase('IF599', { accepted: '2025-03-06 10:00:00', finished: '2025-03-06 10:09:59' }),
  kase('IF600', { accepted: '2025-03-06 10:00:00', finished: '2025-03-06 10:10:00' }),
  kase('IF0', { accepted: '2025-03-06 10:00:00', finished: '2025-03-06 10:05:00', item: 'I0' }),
);
steps.push(
  step('IF599', 2, 'review', '2025-03-06 10:01:00'), step('IF599', 3, 'finish', '2025-03-06 10:09:59', 'A-if'),
  step('IF600', 2, 'review', '2025-03-06 10:01:00'), step('IF600', 3, 'finish', '2025-03-06 10:10:00', 'A-if'),
  step('IF0', 3, 'finish', '2025-03-06 10:05:00', 'A-if'),
);

// ---- offhours_bulk -------------------------------------------------------------
// 即办件 (N = 0), so that no other case rule applies to them.
const bulkIds: Record<string, string[]> = {};
function bulk(actor: string, prefix: string, finishes: string[]): void {
  bulkIds[actor] = finishes.map((finished, i) => {
    const id = `${prefix}${String(i + 1).padStart(2, '0')}`;
    cases.push(kase(id, { accepted: plus(finished, -3600), finished, item: 'I0' }));
    steps.push(step(id, 1, 'accept', plus(finished, -3600)), step(id, 2, 'finish', finished, actor));
    return id;
  });
}
const series = (start: string, n: number, every: number): string[] => Array.from({ length: n }, (_, i) => plus(start, i * every));

bulk('A-night', 'BN', series('2025-03-05 20:00:00', 20, 90)); //           20 within 28.5 min after 20:00 → all
bulk('A-night19', 'BX', series('2025-03-05 20:00:00', 19, 90)); //         19 → none
bulk('A-m1', 'BM', [...series('2025-03-06 07:31:00', 19, 90), '2025-03-06 07:59:00']); // 20th at 07:59 → all
bulk('A-m2', 'BO', [...series('2025-03-06 07:31:00', 19, 90), '2025-03-06 08:00:00']); // 20th at 08:00 → none
bulk('A-tx', 'BT', series('2025-01-26 14:00:00', 20, 60)); //              Sunday 1/26 is a working day (调休) → none
bulk('A-sun', 'BS', series('2025-03-09 14:00:00', 20, 60)); //             an ordinary Sunday → all
bulk('A-hol', 'BH', series('2025-01-29 14:00:00', 20, 60)); //             Wednesday in 春节 → all
bulk('A-ovr', 'BV', series('2025-03-12 14:00:00', 20, 60)); //             Wednesday made a non-working day by an override → all
bulk('A-spread', 'BW', series('2025-03-05 21:00:00', 25, 100)); //         every window holds only 19 → none
bulk('A-part', 'BP', [...series('2025-03-07 21:00:00', 20, 90), '2025-03-07 22:30:00']); // the straggler is not flagged

// ---- ratings: unrectified_bad, repeat_bad ------------------------------------
cases.push(kase('RC1', { accepted: '2025-03-01 09:00:00', finished: '2025-03-01 10:00:00', item: 'I0', dept: 'D-case' }));
steps.push(step('RC1', 2, 'finish', '2025-03-01 10:00:00')); // no actor: no "same actor" for repeat_bad
ratings.push(
  rating('R-late', 'RC1', 1, '2025-03-03 10:00:00'), // limit 3/25 23:59:59 (15th working day; 3/12 is off by override), never rectified
  rating('R-fixed', 'RC1', 2, '2025-03-03 10:00:00', { rectify_result: 'rectified', rectified_at: '2025-03-20 10:00:00' }),
  rating('R-fixed-late', 'RC1', 1, '2025-03-03 10:00:00', { rectify_result: 'explained', rectified_at: '2025-04-10 10:00:00' }),
  rating('R-recent', 'RC1', 2, '2025-06-25 10:00:00'), //                        limit not reached yet
  rating('R-invalid', 'RC1', 1, '2025-03-03 10:00:00', { invalidated: true }),
  rating('R-good', 'RC1', 5, '2025-03-03 10:00:00'),
  rating('R-own', null, 1, '2025-03-03 10:00:00', { item_code: 'I5', dept_code: 'D-own', region_code: '390103' }),
);
function repeat(actor: string, prefix: string, rated: string[], extra: Array<Record<string, unknown>> = [], actors: string[] = []): void {
  rated.forEach((r, i) => {
    const id = `${prefix}${i + 1}`;
    cases.push(kase(id, { accepted: '2025-03-20 09:00:00', finished: '2025-03-20 10:00:00', item: 'I0' }));
    steps.push(step(id, 2, 'finish', '2025-03-20 10:00:00', actors[i] ?? actor));
    ratings.push(rating(`${id}-r`, id, 1, r, extra[i] ?? {}));
  });
}
// RB3's finish step seq 2 names X-old; its finish step seq 3 (below) names A-bad, and wins.
repeat('A-bad', 'RB', ['2025-04-01 10:00:00', '2025-04-15 10:00:00', '2025-05-01 10:00:00'], [], ['A-bad', 'A-bad', 'X-old']); // exactly 30 days → all
repeat('A-bad2', 'RN', ['2025-04-01 10:00:00', '2025-04-15 10:00:00', '2025-05-01 10:00:00'], [{}, { invalidated: true }]);
repeat('A-bad3', 'RW', ['2025-04-01 10:00:00', '2025-04-15 10:00:00', '2025-05-01 10:00:01']); // 30 days + 1 s → none
// The actor is the finish step with the highest seq (not the latest started_at).
steps.push(step('RB3', 3, 'finish', '2025-03-20 09:45:00', 'A-bad'));

// ---- expectations ---------------------------------------------------------------
const flaggedBulk = ['A-night', 'A-m1', 'A-sun', 'A-hol', 'A-ovr'].flatMap((a) => bulkIds[a]!)
  .concat(bulkIds['A-part']!.slice(0, 20));
const EXPECTED: Record<AnomalyType, string[]> = {
  time_inversion: ['TI6', 'TIS'],
  no_process: ['NP1'],
  instant_finish: ['IF599'],
  offhours_bulk: flaggedBulk,
  unrectified_bad: ['R-late', 'R-own', 'RB1-r', 'RB2-r', 'RB3-r', 'RN1-r', 'RN3-r', 'RW1-r', 'RW2-r', 'RW3-r'],
  repeat_bad: ['RB1-r', 'RB2-r', 'RB3-r'],
};

interface Finding {
  anomaly_type: AnomalyType;
  case_id: string;
  rating_id: string;
  actor_id: string;
  dept_code: string;
  region_code: string;
  item_code: string;
  event_at: string;
  evidence: string;
  detected_at: string;
  gen: string;
}

async function findings(): Promise<Finding[]> {
  return q<Finding>(t.db, `SELECT toString(anomaly_type) AS anomaly_type, case_id, rating_id, actor_id, dept_code, region_code,
      item_code, toString(event_at) AS event_at, evidence, toString(detected_at) AS detected_at, toString(generation) AS gen
    FROM anomalies WHERE generation = (SELECT max(generation) FROM anomaly_generations)
    ORDER BY anomaly_type, case_id, rating_id`);
}

function idsByType(rows: Finding[]): Record<AnomalyType, string[]> {
  const out = Object.fromEntries(Object.keys(EXPECTED).map((k) => [k, [] as string[]])) as Record<AnomalyType, string[]>;
  for (const r of rows) out[r.anomaly_type].push(r.rating_id || r.case_id);
  for (const k of Object.keys(out) as AnomalyType[]) out[k].sort();
  return out;
}

const sorted = (x: Record<AnomalyType, string[]>) =>
  Object.fromEntries(Object.entries(x).map(([k, v]) => [k, [...v].sort()]));

function find(rows: Finding[], type: AnomalyType, id: string): Finding & { ev: Record<string, unknown> } {
  const r = rows.find((f) => f.anomaly_type === type && (f.rating_id || f.case_id) === id);
  if (!r) throw new Error(`no ${type} finding for ${id}`);
  return { ...r, ev: JSON.parse(r.evidence) as Record<string, unknown> };
}

async function generationsOnDisk(): Promise<string[]> {
  const rows = await q<{ p: string }>(t.db, `SELECT DISTINCT partition AS p FROM system.parts
    WHERE database = currentDatabase() AND table = 'anomalies' AND active ORDER BY p`);
  return rows.map((r) => r.p);
}

let base: Finding[];

beforeAll(async () => {
  t = await freshDatabase('anomalies');
  for (const d of Object.values(dirs)) mkdirSync(d);
  const item = (code: string, promised: number) => ({
    item_code: code, item_name: `事项${code}`, item_type: 'permit', dept_code: 'D1', region_code: '390102',
    legal_limit: Math.max(promised, 10), promised_limit: promised, limit_unit: 'workday', updated_at: '2025-01-01 00:00:00',
  });
  writeNdjson(dirs.base, 'items.ndjson', [item('I5', 5), item('I0', 0)]);
  writeCsv(dirs.base, 'calendar.csv', ['date', 'is_workday', 'note'], [{ date: '2025-03-12', is_workday: 'false', note: '停电' }]);
  writeNdjson(dirs.base, 'cases.ndjson', cases);
  writeNdjson(dirs.base, 'steps.ndjson', steps);
  writeNdjson(dirs.base, 'ratings.ndjson', ratings);
  const { stats } = await importDir(t.db, dirs.base, { now: () => NOW });
  for (const s of Object.values(stats)) expect(s.quarantined).toBe(0);
  base = await findings();
});

afterAll(async () => {
  await t?.drop();
  tmp.remove();
});

describe('the rules of metrics.md, at their thresholds', () => {
  test('exactly the expected findings, per type', () => {
    expect(idsByType(base)).toEqual(sorted(EXPECTED));
  });

  test('time_inversion: accepted 6 min before submission; a review step before acceptance', () => {
    const ti6 = find(base, 'time_inversion', 'TI6');
    expect(ti6.ev).toEqual({
      submitted_at: iso('2025-03-03 10:00:00'), accepted_at: iso('2025-03-03 09:54:00'),
      accepted_before_submitted_seconds: 360, accepted_before_submitted: true, steps_before_accepted: [],
      actor_id: null, finish_seq: null, thresholds: { tolerance_minutes: 5 },
    });
    expect(ti6.event_at).toBe('2025-03-03 09:54:00');
    const tis = find(base, 'time_inversion', 'TIS');
    expect(tis.ev).toMatchObject({
      accepted_before_submitted: false, accepted_before_submitted_seconds: -3600,
      steps_before_accepted: [{ seq: 2, step_type: 'review', started_at: iso('2025-03-03 09:30:00') }],
    });
  });

  test('no_process: evidence lists the steps the case has, and the (escaped) actor', () => {
    const np = find(base, 'no_process', 'NP1');
    expect(np.actor_id).toBe(ODD_ACTOR);
    expect(np.ev).toEqual({
      status: 'finished', promised_limit: 5, finished_at: iso('2025-03-05 15:00:00'),
      steps: [
        { seq: 1, step_type: 'submit', started_at: iso('2025-03-04 08:50:00') },
        { seq: 2, step_type: 'accept', started_at: iso('2025-03-04 09:00:00') },
        { seq: 3, step_type: 'finish', started_at: iso('2025-03-05 15:00:00') },
      ],
      actor_id: ODD_ACTOR, finish_seq: 3,
      thresholds: { min_promised_limit: 1, process_step_types: ['review', 'decide'] },
    });
  });

  test('instant_finish: 9 min 59 s for N ≥ 1', () => {
    const f = find(base, 'instant_finish', 'IF599');
    expect(f.ev).toEqual({
      promised_limit: 5, accepted_at: iso('2025-03-06 10:00:00'), finished_at: iso('2025-03-06 10:09:59'),
      duration_seconds: 599, actor_id: 'A-if', finish_seq: 3, thresholds: { threshold_minutes: 10, min_promised_limit: 1 },
    });
    expect(f).toMatchObject({ actor_id: 'A-if', dept_code: 'D1', region_code: '390102', item_code: 'I5' });
  });

  test('offhours_bulk: the window, the other cases, the reason', () => {
    const first = find(base, 'offhours_bulk', 'BN01');
    expect(first.ev).toEqual({
      actor_id: 'A-night', finish_seq: 2, finished_at: iso('2025-03-05 20:00:00'), off_hours_reason: 'after_day_end',
      window_start: iso('2025-03-05 20:00:00'), window_end: iso('2025-03-05 20:30:00'), window_case_count: 20,
      other_case_ids: bulkIds['A-night']!.slice(1),
      thresholds: { day_start: '08:00', day_end: '20:00', non_working_days: true, window_minutes: 30, min_cases: 20 },
    });
    expect(find(base, 'offhours_bulk', 'BM20').ev).toMatchObject({
      finished_at: iso('2025-03-06 07:59:00'), off_hours_reason: 'before_day_start', window_case_count: 20,
    });
    expect(find(base, 'offhours_bulk', 'BS01').ev).toMatchObject({ off_hours_reason: 'non_working_day' });
    expect(find(base, 'offhours_bulk', 'BV01').ev).toMatchObject({ off_hours_reason: 'non_working_day' });
    expect(find(base, 'offhours_bulk', 'BH01').ev).toMatchObject({ off_hours_reason: 'non_working_day' });
    for (const id of bulkIds['A-night']!) {
      const f = find(base, 'offhours_bulk', id);
      expect(f.actor_id).toBe('A-night');
      expect((f.ev.other_case_ids as string[]).sort()).toEqual(bulkIds['A-night']!.filter((x) => x !== id));
    }
  });

  test('unrectified_bad: the limit, the as_of, the attribution (own, else the case\'s)', () => {
    const late = find(base, 'unrectified_bad', 'R-late');
    expect(late).toMatchObject({ case_id: 'RC1', actor_id: '', dept_code: 'D-case', region_code: '390102', item_code: 'I0' });
    expect(late.ev).toEqual({
      rating_id: 'R-late', level: 1, rated_at: iso('2025-03-03 10:00:00'), rectify_limit_at: iso('2025-03-25 23:59:59'),
      as_of: iso('2025-06-30 12:00:00'), rectify_result: null, rectified_at: null, actor_id: null, finish_seq: 2,
      thresholds: { rectify_limit: 'ratings.rectify_limit_at' },
    });
    expect(find(base, 'unrectified_bad', 'R-own')).toMatchObject({ case_id: '', dept_code: 'D-own', region_code: '390103', item_code: 'I5' });
  });

  test('repeat_bad: the window, the other ratings and cases, the actor of the highest finish seq', () => {
    const r1 = find(base, 'repeat_bad', 'RB1-r');
    expect(r1).toMatchObject({ case_id: 'RB1', actor_id: 'A-bad', dept_code: 'D1' });
    expect(r1.ev).toEqual({
      actor_id: 'A-bad', rating_id: 'RB1-r', case_id: 'RB1', finish_seq: 2, level: 1, rated_at: iso('2025-04-01 10:00:00'),
      window_start: iso('2025-04-01 10:00:00'), window_end: iso('2025-05-01 10:00:00'), window_rating_count: 3,
      other_rating_ids: ['RB2-r', 'RB3-r'], window_case_ids: ['RB1', 'RB2', 'RB3'], thresholds: { window_days: 30, min_ratings: 3 },
    });
    expect(find(base, 'repeat_bad', 'RB3-r').ev).toMatchObject({ finish_seq: 3, actor_id: 'A-bad' });
  });

  test('every finding carries detected_at = the check time and the generation committed last', async () => {
    const latest = await latestGeneration(t.db);
    expect(latest).not.toBeNull();
    expect(latest!.asOf).toBe(NOW);
    expect(latest!.trigger).toBe('import:file-drop');
    for (const f of base) {
      expect(f.detected_at).toBe('2025-06-30 12:00:00');
      expect(Number(f.gen)).toBe(latest!.generation);
    }
    expect(Object.values(latest!.counts).reduce((a, b) => a + b, 0)).toBe(base.length);
    expect(latest!.counts.offhours_bulk).toBe(flaggedBulk.length);
  });
});

describe('query-time fragments', () => {
  test('evidence strings built in SQL are valid JSON for any text', async () => {
    const nasty = `${Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('')}"\\'/\u007f 中文 😀`;
    const [r] = await t.db.query<{ j: string }>(sql`SELECT ${jsonString(str(nasty))} AS j`);
    expect(JSON.parse(r!.j)).toBe(nasty);
  });

  test('unrectifiedBadAt: an arbitrary as_of, strict limit, rectified_by(as_of)', async () => {
    const at = async (local: string) => (await t.db.query<{ rating_id: string }>(
      sql`SELECT rating_id FROM ratings WHERE ${unrectifiedBadAt(instant(Date.parse(iso(local))))} AND case_id = 'RC1' ORDER BY rating_id`,
    )).map((r) => r.rating_id);
    expect(await at('2025-03-25 23:59:59')).toEqual([]); //           at the limit: not yet late
    expect(await at('2025-03-26 00:00:00')).toEqual(['R-fixed-late', 'R-late']); // rectified only on 4/10
    expect(await at('2025-04-10 10:00:00')).toEqual(['R-late']);
  });

  test('caseHasAnomaly / anomalyCaseIds: anomaly_rate over accepted cases', async () => {
    const caseIds = [...new Set(['time_inversion', 'no_process', 'instant_finish', 'offhours_bulk']
      .flatMap((k) => EXPECTED[k as AnomalyType]))];
    const [r] = await t.db.query<{ num: string; den: string }>(
      sql`SELECT countIf(${caseHasAnomaly()}) AS num, count() AS den FROM cases WHERE accept_date IS NOT NULL`,
    );
    expect(Number(r!.num)).toBe(caseIds.length);
    expect(Number(r!.den)).toBe(cases.length);
    const latest = await latestGeneration(t.db);
    const ids = await t.db.query<{ case_id: string }>(sql`SELECT DISTINCT case_id FROM cases
      WHERE case_id IN ${anomalyCaseIds(latest!.generation)} ORDER BY case_id`);
    expect(ids.map((x) => x.case_id)).toEqual([...caseIds].sort());
  });
});

describe('generations', () => {
  test('a re-import recomputes: one generation visible and on disk, the same findings, no duplicates', async () => {
    const before = await latestGeneration(t.db);
    await importDir(t.db, dirs.base, { now: () => NOW });
    const after = await latestGeneration(t.db);
    expect(after!.generation).toBeGreaterThan(before!.generation);
    expect(await generationsOnDisk()).toEqual([String(after!.generation)]);
    const rows = await findings();
    expect(idsByType(rows)).toEqual(sorted(EXPECTED));
    const [dup] = await q<{ n: string; u: string }>(t.db,
      'SELECT count() AS n, uniqExact(anomaly_type, case_id, rating_id) AS u FROM anomalies');
    expect(Number(dup!.n)).toBe(Number(dup!.u));
    expect(Number(dup!.n)).toBe(base.length);
  });

  test('hash buckets give the same set', async () => {
    const calendar = await loadCalendar(t.db);
    const { counts } = await recomputeAnomalies(t.db, { now: NOW, calendar, bucketRows: 40 });
    expect(idsByType(await findings())).toEqual(sorted(EXPECTED));
    expect(counts.offhours_bulk).toBe(flaggedBulk.length);
    expect((await generationsOnDisk())).toHaveLength(1);
  });

  test('thresholds are configurable and recorded', async () => {
    const calendar = await loadCalendar(t.db);
    await recomputeAnomalies(t.db, { now: NOW, calendar, config: { inversionToleranceMinutes: 3, bulkMinCases: 19 } });
    const ids = idsByType(await findings());
    expect(ids.time_inversion).toEqual(['TI4', 'TI5', 'TI6', 'TIS']);
    expect(ids.offhours_bulk).toContain(bulkIds['A-night19']![0]);
    expect(ids.offhours_bulk).toContain(bulkIds['A-spread']![0]);
    expect((await latestGeneration(t.db))!.config).toMatchObject({ inversionToleranceMinutes: 3, bulkMinCases: 19 });
  });

  test('unrectified_bad follows the check time', async () => {
    const calendar = await loadCalendar(t.db);
    const now = Date.parse(iso('2025-03-25 12:00:00'));
    await recomputeAnomalies(t.db, { now, calendar });
    const ids = idsByType(await findings());
    expect(ids.unrectified_bad).toEqual([]);
    expect(ids.repeat_bad).toEqual(EXPECTED.repeat_bad); // not as_of-dependent
  });

  test('concurrent recomputes: the later-started one wins whatever the finishing order; older ones are dropped', async () => {
    const calendar = await loadCalendar(t.db);
    // Two recomputes racing: the one that started later commits first.
    const [a, b] = await Promise.all([
      recomputeAnomalies(t.db, { now: NOW, calendar, bucketRows: 20 }), // slower: many buckets
      new Promise((r) => setTimeout(r, 30)).then(() => recomputeAnomalies(t.db, { now: NOW, calendar })),
    ]);
    expect(b.generation).toBeGreaterThan(a.generation);
    expect((await latestGeneration(t.db))!.generation).toBe(b.generation);
    expect(await generationsOnDisk()).toEqual([String(b.generation)]);
    expect(idsByType(await findings())).toEqual(sorted(EXPECTED));
  });

  test('the supervision:checks job recomputes for the current time', async () => {
    expect([supervisionChecksJob.name, supervisionChecksJob.cron]).toEqual(['supervision:checks', '*/15 * * * *']);
    const started = Date.now();
    const result = await supervisionChecksJob.run({ db: t.db, secret: SECRET }) as { generation: number };
    const latest = await latestGeneration(t.db);
    expect(latest!.generation).toBe(result.generation);
    expect(latest!.trigger).toBe('supervision:checks');
    expect(latest!.asOf).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000);
    expect(await generationsOnDisk()).toHaveLength(1);
  });

  test('an update that removes the anomaly removes the finding on the next import', async () => {
    const later = '2025-06-10 00:00:00';
    writeNdjson(dirs.update, 'steps.ndjson', [
      step('TIS', 2, 'review', '2025-03-03 10:30:00', null, later), // a later version of the step: after acceptance
      step('NP1', 4, 'review', '2025-03-05 09:00:00', null, later), // the missing process record arrives
    ]);
    writeNdjson(dirs.update, 'cases.ndjson', [
      { ...kase('IF599', { accepted: '2025-03-06 10:00:00', finished: '2025-03-06 10:30:00' }), updated_at: later },
    ]);
    await importDir(t.db, dirs.update, { now: () => NOW });
    const ids = idsByType(await findings());
    expect(ids.time_inversion).toEqual(['TI6']);
    expect(ids.no_process).toEqual([]);
    expect(ids.instant_finish).toEqual([]);
    expect(ids.offhours_bulk).toEqual([...flaggedBulk].sort());
    expect(await generationsOnDisk()).toHaveLength(1);
    const [n] = await q<{ n: string }>(t.db, 'SELECT count() AS n FROM anomalies');
    expect(Number(n!.n)).toBe(base.length - 3);
  });
});

test('the anomalies table is read through the latest committed generation only', async () => {
  // A half-written generation (no anomaly_generations row) is invisible.
  const latest = await latestGeneration(t.db);
  await t.db.insert('anomalies', [{
    generation: latest!.generation + 1, anomaly_type: 'no_process', case_id: 'GHOST', rating_id: '', actor_id: '',
    dept_code: '', region_code: '', item_code: '', event_at: 0, evidence: '{}', detected_at: 0,
  }]);
  const [r] = await t.db.query<{ n: string }>(sql`SELECT count() AS n FROM cases WHERE ${caseHasAnomaly({ types: ['no_process'] })}`);
  expect(Number(r!.n)).toBe(0);
  const ghost = await t.db.query<{ n: string }>(raw(`SELECT count() AS n FROM anomalies WHERE case_id = 'GHOST'`));
  expect(Number(ghost[0]!.n)).toBe(1);
  // The next recompute allocates above it and leaves nothing of it behind.
  const calendar = await loadCalendar(t.db);
  const next = await recomputeAnomalies(t.db, { now: NOW, calendar });
  expect(next.generation).toBeGreaterThan(latest!.generation + 1);
  expect(await generationsOnDisk()).toEqual([String(next.generation)]);
});
