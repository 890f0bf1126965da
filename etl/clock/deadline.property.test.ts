// Properties of metrics.md: Time rules that must hold for every case
// (errata.md: "due_date is a working day … holds for every case … 即办件 included").
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { addDays, beijingDate, MS_PER_DAY, startOfBeijingDay } from './beijing.ts';
import { computeDeadline, type DeadlineInput, type DeadlineStep } from './deadline.ts';
import { WorkCalendar } from './work-calendar.ts';

const national = new WorkCalendar();
const T0 = startOfBeijingDay('2024-01-01');
const SPAN_DAYS = 4 * 365; // 2024 … 2027: announced years and the 2027 fallback

const instantArb = (maxDays: number) => fc.integer({ min: 0, max: maxDays * MS_PER_DAY });

const stepArb = (acceptedAt: number): fc.Arbitrary<DeadlineStep> =>
  fc
    .record({
      seq: fc.integer({ min: 1, max: 50 }),
      step_type: fc.constantFrom('correction', 'special', 'resume', 'review', 'accept'),
      // From two days before acceptance (exercises clipping) to ~60 days after.
      started_at: fc.integer({ min: -2 * MS_PER_DAY, max: 60 * MS_PER_DAY }).map((d) => acceptedAt + d),
      duration: fc.option(fc.integer({ min: 0, max: 25 * MS_PER_DAY }), { nil: null }),
    })
    .map(({ duration, ...s }) => ({ ...s, ended_at: duration === null ? null : s.started_at + duration }));

const suspensionStepArb = (acceptedAt: number) =>
  stepArb(acceptedAt).map((s) => ({ ...s, step_type: s.step_type === 'special' ? 'special' : 'correction' }));

const caseArb: fc.Arbitrary<DeadlineInput> = instantArb(SPAN_DAYS).chain((off) => {
  const acceptedAt = T0 + off;
  return fc.record({
    acceptedAt: fc.constant(acceptedAt),
    finishedAt: fc.option(instantArb(120).map((d) => acceptedAt + d), { nil: null }),
    promisedLimit: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60 })),
    legalLimit: fc.option(fc.integer({ min: 0, max: 90 }), { nil: null }),
    unit: fc.constantFrom('workday' as const, 'natural_day' as const),
    steps: fc.array(stepArb(acceptedAt), { maxLength: 6 }),
  });
});

// A calendar with random local overrides around the case dates.
const overridesArb = fc.array(
  fc.record({
    date: fc.integer({ min: 0, max: SPAN_DAYS + 200 }).map((k) => addDays('2024-01-01', k)),
    is_workday: fc.boolean(),
  }),
  { maxLength: 40 },
);

describe('deadline properties', () => {
  test('due dates are working days (即办件 included), with and without overrides', () => {
    fc.assert(
      fc.property(caseArb, overridesArb, (c, rows) => {
        for (const cal of [national, new WorkCalendar(rows)]) {
          const f = computeDeadline(c, cal);
          expect(f.hasDeadline).toBe(true);
          expect(cal.isWorkday(f.dueDate!)).toBe(true);
          expect(cal.isWorkday(f.legalDueDate!)).toBe(true);
          expect(beijingDate(f.dueAt!)).toBe(f.dueDate);
          // Workday unit: exactly N + ext working days lie in (accept_day, due_date] (when > 0).
          const n = c.promisedLimit! + f.extWorkdays;
          if (c.unit === 'workday' && n > 0) {
            expect(cal.countWorkdays(beijingDate(c.acceptedAt!), f.dueDate!)).toBe(n);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  test('more suspension never makes a deadline earlier', () => {
    fc.assert(
      fc.property(
        caseArb.chain((c) => fc.tuple(fc.constant(c), fc.array(suspensionStepArb(c.acceptedAt!), { minLength: 1, maxLength: 3 }))),
        ([c, extra]) => {
          const before = computeDeadline(c, national);
          const after = computeDeadline({ ...c, steps: [...c.steps, ...extra] }, national);
          expect(after.dueAt!).toBeGreaterThanOrEqual(before.dueAt!);
          expect(after.legalDueAt!).toBeGreaterThanOrEqual(before.legalDueAt!);
          expect(after.extWorkdays).toBeGreaterThanOrEqual(before.extWorkdays);
          expect(after.extNatural).toBeGreaterThanOrEqual(before.extNatural);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('finishing later never makes a deadline earlier (an open suspension closes at finished_at)', () => {
    fc.assert(
      fc.property(caseArb, instantArb(120), (c, d) => {
        const open = computeDeadline({ ...c, finishedAt: null }, national);
        const finished = computeDeadline({ ...c, finishedAt: c.acceptedAt! + d }, national);
        expect(finished.dueAt!).toBeGreaterThanOrEqual(open.dueAt!);
      }),
      { numRuns: 200 },
    );
  });

  test('elapsed_workdays is ≥ 0, at most the working days to the finish, and set only when finished', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const f = computeDeadline(c, national);
        if (c.finishedAt === null) {
          expect(f.elapsedWorkdays).toBeNull();
        } else {
          const total = national.countWorkdays(beijingDate(c.acceptedAt!), beijingDate(c.finishedAt));
          expect(f.elapsedWorkdays!).toBeGreaterThanOrEqual(0);
          expect(f.elapsedWorkdays!).toBeLessThanOrEqual(total);
          expect(f.openSuspensionStart).toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });

  test('legal due ≥ promised due when legal ≥ promised', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 60 }), (c, extra) => {
        const f = computeDeadline({ ...c, legalLimit: c.promisedLimit! + extra }, national);
        expect(f.legalDueAt!).toBeGreaterThanOrEqual(f.dueAt!);
        expect(f.legalDueDate! >= f.dueDate!).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test('suspensions are clipped, non-empty, sorted and disjoint', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const f = computeDeadline(c, national);
        let prevEnd = -Infinity;
        for (const s of f.suspensions) {
          expect(s.start).toBeGreaterThanOrEqual(c.acceptedAt!);
          expect(s.end).toBeGreaterThan(s.start);
          expect(s.start).toBeGreaterThan(prevEnd);
          prevEnd = s.end;
        }
        if (f.openSuspensionStart !== null) expect(f.openSuspensionStart).toBeGreaterThanOrEqual(c.acceptedAt!);
        expect(f.extNatural).toBeGreaterThanOrEqual(f.extWorkdays);
      }),
      { numRuns: 300 },
    );
  });

  test('the fallback flag is set exactly when 2027 (no announced schedule) is involved', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const f = computeDeadline(c, national);
        const last = [f.dueDate!, f.legalDueDate!, ...(c.finishedAt === null ? [] : [beijingDate(c.finishedAt)])]
          .concat(f.suspensions.map((s) => beijingDate(s.end)))
          .reduce((a, b) => (a > b ? a : b));
        expect(f.fallbackCalendar).toBe(last >= '2027-01-01');
      }),
      { numRuns: 300 },
    );
  });
});
