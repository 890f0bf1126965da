import { describe, expect, test } from 'vitest';
import { computeDeadline } from './deadline.ts';
import { explainDeadline } from './explain.ts';
import { WorkCalendar } from './work-calendar.ts';

const cal = new WorkCalendar();
const at = (iso: string) => Date.parse(iso);

describe('explainDeadline', () => {
  test('errata example: Spring Festival 2025 with a 2-working-day correction', () => {
    // Accepted Fri 2025-01-24, promised 5 working days (legal 20).
    // Correction 2/5 09:00 → 2/7 10:00 adds working days d with 2/5 < d ≤ 2/7: 2/6, 2/7 = 2.
    // 7th working day after 1/24: 1/26 (Sun, 调休), 1/27, 2/5, 2/6, 2/7, 2/8 (Sat, 调休), 2/10.
    const acceptedAt = at('2025-01-24T10:00:00+08:00');
    const facts = computeDeadline({
      acceptedAt, finishedAt: null, promisedLimit: 5, legalLimit: 20, unit: 'workday',
      steps: [{ seq: 3, step_type: 'correction', started_at: at('2025-02-05T09:00:00+08:00'), ended_at: at('2025-02-07T10:00:00+08:00') }],
    }, cal);
    expect(facts.dueDate).toBe('2025-02-10');
    const text = explainDeadline({ acceptedAt, unit: 'workday', facts, calendar: cal, suspensionLabels: ['补正暂停'] });
    expect(text).toContain('受理 2025-01-24 (周五)');
    expect(text).toContain('承诺 5 个工作日');
    expect(text).toContain('春节 1/28–2/4 不计');
    expect(text).toContain('1/26 调休上班计入');
    expect(text).toContain('2/8 调休上班计入');
    expect(text).toContain('补正暂停 2 个工作日 (2/5–2/7)');
    expect(text).toContain('→ 应办结 2025-02-10');
  });

  test('natural days postponed past National Day', () => {
    // Accepted 2025-09-26, 5 natural days → 10-01 (国庆, off) → next working day 10-09.
    const acceptedAt = at('2025-09-26T10:00:00+08:00');
    const facts = computeDeadline({ acceptedAt, finishedAt: null, promisedLimit: 5, legalLimit: 5, unit: 'natural_day', steps: [] }, cal);
    expect(facts.dueDate).toBe('2025-10-09');
    const text = explainDeadline({ acceptedAt, unit: 'natural_day', facts, calendar: cal });
    expect(text).toContain('承诺 5 个自然日');
    expect(text).toContain('期满日 2025-10-01 非工作日，顺延');
    expect(text).toContain('9/28 调休上班计入');
    expect(text).toContain('→ 应办结 2025-10-09');
  });

  test('a case without a limit says so', () => {
    const acceptedAt = at('2025-03-03T10:00:00+08:00');
    const facts = computeDeadline({ acceptedAt, finishedAt: null, promisedLimit: null, legalLimit: null, unit: 'workday', steps: [] }, cal);
    expect(explainDeadline({ acceptedAt, unit: 'workday', facts, calendar: cal })).toBe('受理 2025-03-03 (周一)；无承诺时限 (无时限办件)');
  });

  test('a local override is named', () => {
    const local = new WorkCalendar([{ date: '2025-03-05', is_workday: false }]);
    const acceptedAt = at('2025-03-03T10:00:00+08:00');
    const facts = computeDeadline({ acceptedAt, finishedAt: null, promisedLimit: 3, legalLimit: 3, unit: 'workday', steps: [] }, local);
    // Working days after 3/3 skipping 3/5: 3/4, 3/6, 3/7.
    expect(facts.dueDate).toBe('2025-03-07');
    expect(explainDeadline({ acceptedAt, unit: 'workday', facts, calendar: local })).toContain('3/5 日历调整为休息日不计');
  });
});
