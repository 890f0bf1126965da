import { describe, expect, test } from 'vitest';
import type { CaseDetail } from '../../api/supervision.ts';
import { allowedEvents, canIssue } from './action-rules.ts';
import { buildTimeline } from './timeline.ts';

describe('allowedEvents', () => {
  test.each([
    ['inspector', 'issued', ['close']],
    ['inspector', 'responded', ['accept', 'return', 'close']],
    ['dept', 'issued', ['respond']],
    ['dept', 'returned', ['respond']],
    ['dept', 'responded', []],
    ['leader', 'issued', []],
    ['admin', 'accepted', ['close']],
    ['inspector', 'closed', []],
  ] as const)('%s on %s', (role, state, events) => expect(allowedEvents(role, state)).toEqual(events));
  test('issue rights', () => {
    expect(canIssue('inspector')).toBe(true);
    expect(canIssue('dept')).toBe(false);
    expect(canIssue(undefined)).toBe(false);
  });
});

const detail = (over: Partial<CaseDetail['case']> = {}): CaseDetail => ({
  asOf: '2025-02-20T12:00:00+08:00',
  case: {
    caseId: 'K1', status: 'in_progress', channel: 'online', windowType: 'none', itemCode: 'I1', itemName: '事项', deptCode: 'D4', deptName: '部门',
    regionCode: '330102', regionName: '上城区', submittedAt: '2025-01-24T09:00:00+08:00', acceptedAt: '2025-01-24T10:00:00+08:00',
    finishedAt: null, withdrawnAt: null, trips: 0, fee: null, sourceSystem: 's', updatedAt: '2025-02-07T10:00:00+08:00', applicant: null, ...over,
  },
  item: null,
  deadline: {
    hasDeadline: true, promisedLimit: 5, legalLimit: 10, limitUnit: 'workday', sourceLimits: { promised: null, legal: null },
    dueDate: '2025-02-10', dueAt: null, legalDueDate: '2025-02-17', legalDueAt: null, extWorkdays: 2, extNatural: 2, calendarFallback: false, explanation: '应办结 …',
  },
  clock: { open: true, suspended: false, card: 'red', elapsedWorkdays: 12, overdueWorkdays: 7, legalOverdueWorkdays: 2 },
  steps: [
    { seq: 1, type: 'accept', name: '受理', actorId: 'staff-01', startedAt: '2025-01-24T10:00:00+08:00', endedAt: '2025-01-24T10:05:00+08:00', durationSeconds: 300, durationBasis: 'ended_at' },
    { seq: 2, type: 'review', name: '审查', actorId: 'staff-02', startedAt: '2025-01-27T09:00:00+08:00', endedAt: null, durationSeconds: null, durationBasis: null },
  ],
  suspensions: [{ start: '2025-02-05T10:00:00+08:00', end: '2025-02-07T10:00:00+08:00', workdays: 2, naturalDays: 2, label: '补正' }],
  openSuspensionStart: null,
  ratings: [], anomalies: [], actions: [],
});

describe('buildTimeline', () => {
  test('orders steps, suspensions and markers; flags overrun deadlines', () => {
    const t = buildTimeline(detail());
    expect(t.map((e) => e.kind)).toEqual(['step', 'step', 'suspension', 'due', 'legal_due', 'as_of']);
    expect(t.find((e) => e.kind === 'due')!.overrun).toBe(true);
    expect(t.find((e) => e.kind === 'legal_due')!.overrun).toBe(true);
    expect(t[0]!.actor).toBe('staff-01');
    expect(t[1]!.detail).toBe('进行中');
  });
  test('without a 受理 step the acceptance is a marker of its own', () => {
    const d = detail();
    expect(buildTimeline({ ...d, steps: d.steps.slice(1) }).map((e) => e.kind)).toEqual(['accepted', 'step', 'suspension', 'due', 'legal_due', 'as_of']);
  });
  test('a case finished on time: finished marker, no as_of, not overrun', () => {
    const t = buildTimeline(detail({ finishedAt: '2025-02-10T15:00:00+08:00', status: 'finished' }));
    expect(t.map((e) => e.kind)).toEqual(['step', 'step', 'suspension', 'finished', 'due', 'legal_due']);
    expect(t.find((e) => e.kind === 'due')!.overrun).toBe(false);
  });
});
