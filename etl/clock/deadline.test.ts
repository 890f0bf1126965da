// Expected values are worked out by hand from the calendars below, counting
// working days strictly after the acceptance day (期间开始的当日不计入).
//
// Spring Festival 2025 (✓ working, ✗ off):
//   1/20 Mon ✓ 1/21 ✓ 1/22 ✓ 1/23 ✓ 1/24 Fri ✓ 1/25 Sat ✗ 1/26 Sun ✓(调休) 1/27 Mon ✓
//   1/28 – 2/4 ✗ (春节)  2/5 Wed ✓ 2/6 ✓ 2/7 Fri ✓ 2/8 Sat ✓(调休) 2/9 Sun ✗ 2/10 Mon ✓
//   2/11 ✓ 2/12 ✓ 2/13 ✓
// March 2025 (no holidays): 3/3 Mon … 3/7 Fri ✓, 3/8–3/9 ✗, 3/10 Mon … 3/14 ✓, 3/15–16 ✗, 3/17 ✓
// National Day 2025:
//   9/26 Fri ✓ 9/27 Sat ✗ 9/28 Sun ✓(调休) 9/29 ✓ 9/30 ✓  10/1 – 10/8 ✗
//   10/9 Thu ✓ 10/10 Fri ✓ 10/11 Sat ✓(调休) 10/12 Sun ✗ 10/13 Mon ✓
// 2026/2027: 2026-12-28 Mon … 12/31 Thu ✓ (no December holidays in 2026);
//   2027 has no announced schedule → Monday–Friday: 2027-01-01 Fri ✓, 1/2–1/3 ✗, 1/4 Mon ✓;
//   2027-02-05 Fri, 2/8 Mon, 2/9, 2/10 ✓ (Spring Festival 2027 unknown, ignored).
import { describe, expect, test } from 'vitest';
import { computeDeadline, overdueWorkdays, warnDays, type DeadlineInput, type DeadlineStep } from './deadline.ts';
import { WorkCalendar } from './work-calendar.ts';

/** Beijing wall time 'YYYY-MM-DD HH:mm[:ss]' → epoch ms (independent of the code under test). */
const bj = (s: string) => Date.parse(`${s.replace(' ', 'T')}${s.length === 16 ? ':00' : ''}+08:00`);
/** End of a Beijing day, 23:59:59.000, for expected due_at values. */
const eod = (date: string) => bj(`${date} 23:59:59`);

let seq = 0;
const step = (step_type: string, from: string, to: string | null = null): DeadlineStep => ({
  seq: ++seq,
  step_type,
  started_at: bj(from),
  ended_at: to === null ? null : bj(to),
});

const national = new WorkCalendar();

function input(p: Partial<DeadlineInput> & { accepted: string | null; finished?: string }): DeadlineInput {
  return {
    acceptedAt: p.accepted === null ? null : bj(p.accepted),
    finishedAt: p.finished ? bj(p.finished) : null,
    promisedLimit: p.promisedLimit === undefined ? 5 : p.promisedLimit,
    legalLimit: p.legalLimit ?? null,
    unit: p.unit ?? 'workday',
    steps: p.steps ?? [],
  };
}

interface Expected {
  due: string;
  legalDue?: string; // defaults to due
  extW?: number;
  extN?: number;
  elapsed?: number | null;
  fallback?: boolean;
}

type Row = [name: string, input: DeadlineInput, expected: Expected];

function check(i: DeadlineInput, e: Expected, cal = national) {
  const f = computeDeadline(i, cal);
  expect(f.hasDeadline).toBe(true);
  expect(f.dueDate).toBe(e.due);
  expect(f.dueAt).toBe(eod(e.due));
  expect(f.legalDueDate).toBe(e.legalDue ?? e.due);
  expect(f.legalDueAt).toBe(eod(e.legalDue ?? e.due));
  expect(f.extWorkdays).toBe(e.extW ?? 0);
  expect(f.extNatural).toBe(e.extN ?? 0);
  if (e.elapsed !== undefined) expect(f.elapsedWorkdays).toBe(e.elapsed);
  expect(f.fallbackCalendar).toBe(e.fallback ?? false);
  return f;
}

describe('Spring Festival 2025 (errata.md)', () => {
  test.each<Row>([
    // 5th working day after 1/24: 1/26, 1/27, 2/5, 2/6, 2/7.
    ['no suspension', input({ accepted: '2025-01-24 10:00' }), { due: '2025-02-07' }],
    // Correction 1/24 14:00 → 1/27 09:00: working days in (1/24, 1/27] = 1/26, 1/27 → 2;
    // natural 3. 7th working day: … 2/7, 2/8 (Sat 调休), 2/10.
    [
      'correction covering 1/26 and 1/27',
      input({ accepted: '2025-01-24 10:00', steps: [step('correction', '2025-01-24 14:00', '2025-01-27 09:00')] }),
      { due: '2025-02-10', extW: 2, extN: 3 },
    ],
    // Correction 2/5 09:00 → 2/7 09:00: (2/5, 2/7] = 2/6, 2/7 → 2; natural 2. Due 2/10.
    [
      'correction covering 2/6 and 2/7',
      input({ accepted: '2025-01-24 10:00', steps: [step('correction', '2025-02-05 09:00', '2025-02-07 09:00')] }),
      { due: '2025-02-10', extW: 2, extN: 2 },
    ],
    // Legal 10: 1/26, 1/27, 2/5, 2/6, 2/7, 2/8, 2/10, 2/11, 2/12, 2/13.
    ['legal 10', input({ accepted: '2025-01-24 10:00', legalLimit: 10 }), { due: '2025-02-07', legalDue: '2025-02-13' }],
    // Accepted on the last working day before the holiday: 1st working day after 1/27 is 2/5.
    ['N=1 over the holiday', input({ accepted: '2025-01-27 16:00', promisedLimit: 1 }), { due: '2025-02-05' }],
  ])('%s', (_n, i, e) => {
    check(i, e);
  });
});

describe('National Day 2025 with 调休 Sunday 9/28 and Saturday 10/11', () => {
  test.each<Row>([
    ['N=1 lands on the working Sunday', input({ accepted: '2025-09-26 15:00', promisedLimit: 1 }), { due: '2025-09-28' }],
    // 9/28, 9/29, 9/30.
    ['N=3', input({ accepted: '2025-09-26 15:00', promisedLimit: 3 }), { due: '2025-09-30' }],
    // 4th: 10/9 after the holiday.
    ['N=4', input({ accepted: '2025-09-26 15:00', promisedLimit: 4 }), { due: '2025-10-09' }],
    // 4: 10/9, 5: 10/10, 6: 10/11 (Saturday 调休).
    ['N=6 lands on the working Saturday', input({ accepted: '2025-09-26 15:00', promisedLimit: 6 }), { due: '2025-10-11' }],
    // 7th skips Sunday 10/12.
    ['N=7', input({ accepted: '2025-09-26 15:00', promisedLimit: 7 }), { due: '2025-10-13' }],
    // Accepted on Saturday 9/27 (off): 1st working day after it is Sunday 9/28.
    ['accepted on a Saturday', input({ accepted: '2025-09-27 10:00', promisedLimit: 1 }), { due: '2025-09-28' }],
  ])('%s', (_n, i, e) => {
    check(i, e);
  });
});

describe('natural days, 顺延 to the next working day', () => {
  test.each<Row>([
    // 3/3 + 3 = 3/6 Thursday, a working day.
    ['lands on a working day', input({ accepted: '2025-03-03 10:00', promisedLimit: 3, unit: 'natural_day' }), { due: '2025-03-06' }],
    // 3/3 + 5 = 3/8 Saturday → Monday 3/10.
    ['lands on a weekend', input({ accepted: '2025-03-03 10:00', promisedLimit: 5, unit: 'natural_day' }), { due: '2025-03-10' }],
    // 9/26 + 5 = 10/1 holiday → 10/9.
    ['lands on National Day', input({ accepted: '2025-09-26 10:00', promisedLimit: 5, unit: 'natural_day' }), { due: '2025-10-09' }],
    // 1/20 + 5 = 1/25 Saturday → 1/26, a working Sunday.
    ['moves onto a 调休 Sunday', input({ accepted: '2025-01-20 10:00', promisedLimit: 5, unit: 'natural_day' }), { due: '2025-01-26' }],
    // Correction 3/5 09:00 → 3/7 15:00: natural 2, working (3/5, 3/7] = 3/6, 3/7 → 2.
    // 3/3 + 10 + 2 = 3/15 Saturday → 3/17 Monday.
    [
      'with a suspension',
      input({
        accepted: '2025-03-03 10:00',
        promisedLimit: 10,
        unit: 'natural_day',
        steps: [step('correction', '2025-03-05 09:00', '2025-03-07 15:00')],
      }),
      { due: '2025-03-17', extW: 2, extN: 2 },
    ],
    // Legal 7: 3/3 + 7 = 3/10 Monday; promised 5 → 3/8 → 3/10 as well.
    [
      'legal and promised meet on the same Monday',
      input({ accepted: '2025-03-03 10:00', promisedLimit: 5, legalLimit: 7, unit: 'natural_day' }),
      { due: '2025-03-10', legalDue: '2025-03-10' },
    ],
  ])('%s', (_n, i, e) => {
    check(i, e);
  });
});

describe('suspensions', () => {
  test.each<Row>([
    // Correction 1/27 10:00 → 2/6 10:00 spans the holiday: working days in (1/27, 2/6]
    // are 2/5, 2/6 only → 2; natural 1/27 → 2/6 = 10. N=10 → 12th working day after 1/20:
    // 1/21, 1/22, 1/23, 1/24, 1/26, 1/27, 2/5, 2/6, 2/7, 2/8, 2/10, 2/11. (Without: 10th = 2/8.)
    [
      'spanning Spring Festival counts only its working days',
      input({
        accepted: '2025-01-20 09:00',
        promisedLimit: 10,
        steps: [step('correction', '2025-01-27 10:00', '2025-02-06 10:00')],
      }),
      { due: '2025-02-11', extW: 2, extN: 10 },
    ],
    // Correction without ended_at, closed by the first resume at/after its start (3/6 15:00);
    // the earlier resume (3/3 12:00) and the later one (3/10) are not it. Steps out of order.
    // Interval [3/4 10:00, 3/6 15:00]: (3/4, 3/6] = 3/5, 3/6 → 2. 7th after 3/3:
    // 3/4, 3/5, 3/6, 3/7, 3/10, 3/11, 3/12.
    [
      'closed by a resume step',
      input({
        accepted: '2025-03-03 09:00',
        steps: [
          step('resume', '2025-03-10 09:00'),
          step('review', '2025-03-03 10:00', '2025-03-04 09:00'),
          step('correction', '2025-03-04 10:00'),
          step('resume', '2025-03-06 15:00'),
          step('resume', '2025-03-03 12:00'),
        ],
      }),
      { due: '2025-03-12', extW: 2, extN: 2 },
    ],
    // correction 3/4 10:00–3/6 10:00 and special 3/5 10:00–3/7 10:00 overlap → merged
    // [3/4 10:00, 3/7 10:00]: (3/4, 3/7] = 3 (not 2 + 2). 8th after 3/3: … 3/12, 3/13.
    [
      'overlapping intervals are merged',
      input({
        accepted: '2025-03-03 09:00',
        steps: [step('correction', '2025-03-04 10:00', '2025-03-06 10:00'), step('special', '2025-03-05 10:00', '2025-03-07 10:00')],
      }),
      { due: '2025-03-13', extW: 3, extN: 3 },
    ],
    // Correction 2/28 10:00 → 3/4 10:00, accepted 3/3 09:00: clipped to [3/3 09:00, 3/4 10:00]
    // → (3/3, 3/4] = 1 (unclipped it would be 3/3, 3/4 → 2). 6th after 3/3: … 3/10, 3/11.
    [
      'clipped to acceptance',
      input({ accepted: '2025-03-03 09:00', steps: [step('correction', '2025-02-28 10:00', '2025-03-04 10:00')] }),
      { due: '2025-03-11', extW: 1, extN: 1 },
    ],
    // Entirely before acceptance: dropped. 5th after 3/3 = 3/10.
    [
      'entirely before acceptance',
      input({ accepted: '2025-03-03 09:00', steps: [step('correction', '2025-03-01 10:00', '2025-03-02 10:00')] }),
      { due: '2025-03-10' },
    ],
    // Same-day suspension: (3/4, 3/4] is empty → 0.
    [
      'within one day',
      input({ accepted: '2025-03-03 09:00', steps: [step('special', '2025-03-04 09:00', '2025-03-04 17:00')] }),
      { due: '2025-03-10' },
    ],
    // Steps of other types never suspend.
    [
      'other step types',
      input({ accepted: '2025-03-03 09:00', steps: [step('review', '2025-03-04 09:00', '2025-03-07 09:00')] }),
      { due: '2025-03-10' },
    ],
  ])('%s', (_n, i, e) => {
    check(i, e);
  });

  test('reported intervals are the merged, clipped ones', () => {
    const f = computeDeadline(
      input({
        accepted: '2025-03-03 09:00',
        steps: [
          step('correction', '2025-03-04 10:00', '2025-03-06 10:00'),
          step('special', '2025-03-05 10:00', '2025-03-07 10:00'),
          step('correction', '2025-02-28 10:00', '2025-03-03 12:00'),
        ],
      }),
      national,
    );
    expect(f.suspensions).toEqual([
      { start: bj('2025-03-03 09:00'), end: bj('2025-03-03 12:00') },
      { start: bj('2025-03-04 10:00'), end: bj('2025-03-07 10:00') },
    ]);
    expect(f.openSuspensionStart).toBeNull();
  });

  test('an open suspension is not counted and is reported by its start', () => {
    // 5th after 3/3: 3/4, 3/5, 3/6, 3/7, 3/10.
    const f = check(
      input({ accepted: '2025-03-03 09:00', steps: [step('correction', '2025-03-05 10:00')] }),
      { due: '2025-03-10', elapsed: null },
    );
    expect(f.suspensions).toEqual([]);
    expect(f.openSuspensionStart).toBe(bj('2025-03-05 10:00'));
  });

  test('a resume before the suspension does not close it', () => {
    const f = computeDeadline(
      input({ accepted: '2025-03-03 09:00', steps: [step('resume', '2025-03-04 10:00'), step('correction', '2025-03-05 10:00')] }),
      national,
    );
    expect(f.openSuspensionStart).toBe(bj('2025-03-05 10:00'));
  });

  test('an open suspension starting before acceptance is open from acceptance', () => {
    const f = computeDeadline(input({ accepted: '2025-03-03 09:00', steps: [step('special', '2025-03-01 10:00')] }), national);
    expect(f.openSuspensionStart).toBe(bj('2025-03-03 09:00'));
  });

  test('a finished case closes its open suspension at finished_at', () => {
    // [3/5 10:00, 3/12 16:00]: (3/5, 3/12] = 3/6, 3/7, 3/10, 3/11, 3/12 → 5; natural 7.
    // Due: 10th after 3/3 = 3/4, 3/5, 3/6, 3/7, 3/10, 3/11, 3/12, 3/13, 3/14, 3/17.
    // Elapsed: (3/3, 3/12] has 7 working days − 5 = 2.
    const f = check(
      input({ accepted: '2025-03-03 09:00', finished: '2025-03-12 16:00', steps: [step('correction', '2025-03-05 10:00')] }),
      { due: '2025-03-17', extW: 5, extN: 7, elapsed: 2 },
    );
    expect(f.suspensions).toEqual([{ start: bj('2025-03-05 10:00'), end: bj('2025-03-12 16:00') }]);
    expect(f.openSuspensionStart).toBeNull();
  });

  test('an open suspension overlapping a closed one: the closed one still counts', () => {
    // Closed correction [3/4 10:00, 3/6 10:00] → (3/4, 3/6] = 2 → 7th after 3/3 = 3/12.
    // The special opened 3/5 10:00 is open: suspended from then on, not counted.
    const f = check(
      input({
        accepted: '2025-03-03 09:00',
        steps: [step('correction', '2025-03-04 10:00', '2025-03-06 10:00'), step('special', '2025-03-05 10:00')],
      }),
      { due: '2025-03-12', extW: 2, extN: 2 },
    );
    expect(f.suspensions).toEqual([{ start: bj('2025-03-04 10:00'), end: bj('2025-03-06 10:00') }]);
    expect(f.openSuspensionStart).toBe(bj('2025-03-05 10:00'));
  });
});

describe('即办件 (N = 0)', () => {
  test.each<Row>([
    // Accepted on a working day: due that very day.
    ['accepted on a working Tuesday', input({ accepted: '2025-03-04 10:00', promisedLimit: 0 }), { due: '2025-03-04' }],
    // Accepted during National Day (10/3): the next working day, 10/9.
    ['accepted on a holiday', input({ accepted: '2025-10-03 10:00', promisedLimit: 0 }), { due: '2025-10-09' }],
    ['accepted on a Saturday', input({ accepted: '2025-03-08 10:00', promisedLimit: 0 }), { due: '2025-03-10' }],
    ['accepted on a 调休 Sunday', input({ accepted: '2025-01-26 10:00', promisedLimit: 0 }), { due: '2025-01-26' }],
    ['natural day, on a holiday', input({ accepted: '2025-10-03 10:00', promisedLimit: 0, unit: 'natural_day' }), { due: '2025-10-09' }],
    // Suspension 3/4 10:00 → 3/5 10:00: (3/4, 3/5] = 1 → N + ext = 1 → 1st after 3/4 = 3/5.
    [
      'with a suspension',
      input({ accepted: '2025-03-04 09:00', promisedLimit: 0, steps: [step('correction', '2025-03-04 10:00', '2025-03-05 10:00')] }),
      { due: '2025-03-05', extW: 1, extN: 1 },
    ],
    // Legal 1: 1st after 3/4 = 3/5.
    ['legal 1', input({ accepted: '2025-03-04 10:00', promisedLimit: 0, legalLimit: 1 }), { due: '2025-03-04', legalDue: '2025-03-05' }],
  ])('%s', (_n, i, e) => {
    check(i, e);
  });
});

describe('legal limit', () => {
  test('missing legal = promised', () => {
    const f = check(input({ accepted: '2025-01-24 10:00', legalLimit: null }), { due: '2025-02-07' });
    expect(f.promisedLimit).toBe(5);
    expect(f.legalLimit).toBe(5);
  });
  test('promised = legal', () => {
    check(input({ accepted: '2025-01-24 10:00', legalLimit: 5 }), { due: '2025-02-07', legalDue: '2025-02-07' });
  });
});

describe('elapsed_workdays', () => {
  test.each<[string, DeadlineInput, number]>([
    ['same-day finish', input({ accepted: '2025-03-04 09:00', finished: '2025-03-04 17:00' }), 0],
    ['next day', input({ accepted: '2025-03-04 09:00', finished: '2025-03-05 09:00' }), 1],
    // (3/7, 3/8]: Saturday only → 0.
    ['Friday to Saturday', input({ accepted: '2025-03-07 09:00', finished: '2025-03-08 10:00' }), 0],
    // (1/24, 2/5]: 1/26, 1/27, 2/5 → 3.
    ['across Spring Festival', input({ accepted: '2025-01-24 09:00', finished: '2025-02-05 10:00' }), 3],
    // (3/3, 3/4] = 1 working day − ext 2 ((3/4, 3/6]) → −1 → floored at 0.
    [
      'floored at 0',
      input({
        accepted: '2025-03-03 09:00',
        finished: '2025-03-04 16:00',
        steps: [step('correction', '2025-03-04 10:00', '2025-03-06 10:00')],
      }),
      0,
    ],
    // Finished at exactly midnight Beijing belongs to the new day: (3/3, 3/5] = 2.
    ['midnight belongs to the new day', input({ accepted: '2025-03-03 09:00', finished: '2025-03-05 00:00' }), 2],
  ])('%s → %i', (_n, i, n) => {
    expect(computeDeadline(i, national).elapsedWorkdays).toBe(n);
  });
});

describe('calendar overrides', () => {
  const local = new WorkCalendar([
    { date: '2025-03-07', is_workday: false }, // Friday off
    { date: '2025-03-08', is_workday: true }, // Saturday on
    { date: '2025-10-08', is_workday: true }, // last National Day holiday on
  ]);
  // National: 4th after 3/3 = 3/7. Local: 3/4, 3/5, 3/6, 3/8.
  test('a day made off and another made on', () => {
    check(input({ accepted: '2025-03-03 10:00', promisedLimit: 4 }), { due: '2025-03-07' });
    check(input({ accepted: '2025-03-03 10:00', promisedLimit: 4 }), { due: '2025-03-08' }, local);
  });
  // National: 1st after 9/30 = 10/9. Local: 10/8.
  test('a holiday made a working day', () => {
    check(input({ accepted: '2025-09-30 10:00', promisedLimit: 1 }), { due: '2025-10-09' });
    check(input({ accepted: '2025-09-30 10:00', promisedLimit: 1 }), { due: '2025-10-08' }, local);
  });
  // Natural: 3/2 + 5 = 3/7, off locally → 3/8 (on locally).
  test('natural-day 顺延 follows the overrides', () => {
    check(input({ accepted: '2025-03-02 10:00', promisedLimit: 5, unit: 'natural_day' }), { due: '2025-03-08' }, local);
  });
});

describe('fallback years (no announced schedule → Monday–Friday, reported)', () => {
  test.each<Row>([
    // 2027-02-05 Fri: 2/8 Mon, 2/9, 2/10 — Spring Festival 2027 unknown.
    ['all in 2027', input({ accepted: '2027-02-05 10:00', promisedLimit: 3 }), { due: '2027-02-10', fallback: true }],
    // 2026-12-28 Mon: 12/29, 12/30, 12/31, 2027-01-01 (Fri, a working day under the fallback), 1/4.
    ['deadline runs into 2027', input({ accepted: '2026-12-28 10:00', promisedLimit: 5 }), { due: '2027-01-04', fallback: true }],
    // 12/29, 12/30: only 2026 is involved.
    ['deadline stays in 2026', input({ accepted: '2026-12-28 10:00', promisedLimit: 2 }), { due: '2026-12-30', fallback: false }],
    // Promised stays in 2026, the legal deadline reaches 2027.
    [
      'only the legal deadline reaches 2027',
      input({ accepted: '2026-12-28 10:00', promisedLimit: 2, legalLimit: 5 }),
      { due: '2026-12-30', legalDue: '2027-01-04', fallback: true },
    ],
  ])('%s', (_n, i, e) => {
    check(i, e);
  });

  test('a finish in 2027 makes elapsed depend on the fallback', () => {
    // (12/28, 2027-01-04]: 12/29, 12/30, 12/31, 1/1, 1/4 → 5.
    const f = computeDeadline(input({ accepted: '2026-12-28 10:00', promisedLimit: 2, finished: '2027-01-04 10:00' }), national);
    expect(f.elapsedWorkdays).toBe(5);
    expect(f.fallbackCalendar).toBe(true);
  });
});

describe('no deadline', () => {
  test('no N: no dates, but suspensions and elapsed are still computed', () => {
    const f = computeDeadline(
      input({
        accepted: '2025-03-03 09:00',
        finished: '2025-03-10 10:00',
        promisedLimit: null,
        steps: [step('correction', '2025-03-04 10:00', '2025-03-05 10:00')],
      }),
      national,
    );
    // (3/3, 3/10] = 3/4, 3/5, 3/6, 3/7, 3/10 → 5 − ext 1 ((3/4, 3/5]) = 4.
    expect(f).toMatchObject({
      hasDeadline: false,
      promisedLimit: null,
      legalLimit: null,
      dueDate: null,
      dueAt: null,
      legalDueDate: null,
      legalDueAt: null,
      extWorkdays: 1,
      extNatural: 1,
      elapsedWorkdays: 4,
      fallbackCalendar: false,
    });
  });

  test('not accepted: nothing', () => {
    const f = computeDeadline(
      input({ accepted: null, steps: [step('correction', '2025-03-04 10:00', '2025-03-05 10:00')] }),
      national,
    );
    expect(f).toEqual({
      hasDeadline: false,
      promisedLimit: 5,
      legalLimit: 5,
      dueDate: null,
      dueAt: null,
      legalDueDate: null,
      legalDueAt: null,
      extWorkdays: 0,
      extNatural: 0,
      elapsedWorkdays: null,
      suspensions: [],
      openSuspensionStart: null,
      fallbackCalendar: false,
    });
  });
});

describe('invalid input', () => {
  test.each([
    ['negative N', input({ accepted: '2025-03-03 09:00', promisedLimit: -1 })],
    ['fractional N', input({ accepted: '2025-03-03 09:00', promisedLimit: 1.5 })],
    ['negative legal', input({ accepted: '2025-03-03 09:00', legalLimit: -2 })],
    ['before the calendar range', input({ accepted: '1999-06-01 09:00' })],
    ['deadline beyond the calendar range', input({ accepted: '2100-12-20 09:00', promisedLimit: 30 })],
  ])('%s → RangeError', (_n, i) => {
    expect(() => computeDeadline(i, national)).toThrow(RangeError);
  });
});

describe('overdueWorkdays (due_date < d ≤ date(x))', () => {
  test.each([
    ['2025-02-07', '2025-02-07 23:00', 0], // finished on the due date
    ['2025-02-07', '2025-02-09 10:00', 1], // 2/8 (Saturday 调休)
    ['2025-02-07', '2025-02-10 10:00', 2], // 2/8, 2/10
    ['2025-01-27', '2025-02-04 10:00', 0], // holiday only
    ['2025-02-07', '2025-02-01 10:00', 0], // before the due date
  ])('due %s, at %s → %i', (due, at, n) => {
    expect(overdueWorkdays(due, bj(at), national)).toBe(n);
  });
});

describe('warnDays = max(1, round-half-up(ratio × N))', () => {
  test.each([
    [0, 0.2, 1], // 即办件: at least 1
    [1, 0.2, 1], // 0.2 → 0 → 1
    [5, 0.2, 1],
    [7, 0.2, 1], // 1.4 → 1
    [8, 0.2, 2], // 1.6 → 2
    [10, 0.2, 2],
    [13, 0.2, 3], // 2.6 → 3
    [20, 0.2, 4],
    [60, 0.2, 12],
    [15, 0.1, 2], // 1.5 → 2 (half up)
    [90, 0.35, 32], // 31.5, computed as 31.499999999999996 in binary → still 32
    [5, 0.5, 3], // 2.5 → 3
    [5, 0.3, 2], // 1.5 → 2
    [10, 0, 1],
  ])('N=%i, ratio %d → %i', (n, ratio, expected) => {
    expect(warnDays(n, ratio)).toBe(expected);
  });
  test('the default ratio is 0.2', () => {
    expect(warnDays(13)).toBe(3);
  });
  test('rejects a negative ratio', () => {
    expect(() => warnDays(5, -0.1)).toThrow(RangeError);
  });
});
