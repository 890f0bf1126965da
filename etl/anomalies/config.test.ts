import { describe, expect, test } from 'vitest';
import { WorkCalendar } from '../clock/work-calendar.ts';
import { AnomalyConfigError, DEFAULT_ANOMALY_CONFIG, resolveAnomalyConfig } from './config.ts';
import { offHoursReason } from './per-actor.ts';

describe('resolveAnomalyConfig', () => {
  test('the defaults of metrics.md, in seconds too', () => {
    const c = resolveAnomalyConfig();
    expect(c).toMatchObject({ ...DEFAULT_ANOMALY_CONFIG, inversionToleranceSeconds: 300, instantFinishSeconds: 600,
      bulkWindowSeconds: 1800, repeatBadWindowSeconds: 30 * 86_400 });
    expect(c).toMatchObject({ dayStartMinute: 480, dayEndMinute: 1200, bulkMinCases: 20, repeatBadMinRatings: 3 });
  });

  test('overrides', () => {
    expect(resolveAnomalyConfig({ instantFinishMinutes: 0.5, bulkMinCases: 5 })).toMatchObject({ instantFinishSeconds: 30, bulkMinCases: 5 });
  });

  test.each([
    [{ bulkMinCases: 0 }], [{ bulkMinCases: 2.5 }], [{ inversionToleranceMinutes: -1 }], [{ instantFinishMinutes: Number.NaN }],
    [{ instantFinishMinutes: 0.001 }], [{ dayStartMinute: 1500 }], [{ dayStartMinute: 1300 }], [{ nope: 1 } as never],
  ])('rejects %j', (o) => {
    expect(() => resolveAnomalyConfig(o)).toThrow(AnomalyConfigError);
  });
});

describe('offHoursReason (Beijing, working-day calendar with overrides)', () => {
  const calendar = new WorkCalendar([{ date: '2025-03-12', is_workday: false }]);
  const c = resolveAnomalyConfig();
  const at = (local: string) => offHoursReason(Date.parse(`${local.replace(' ', 'T')}+08:00`) / 1000, calendar, c);
  test.each([
    ['2025-03-05 07:59:59', 'before_day_start'],
    ['2025-03-05 08:00:00', null],
    ['2025-03-05 19:59:59', null],
    ['2025-03-05 20:00:00', 'after_day_end'],
    ['2025-03-05 00:00:00', 'before_day_start'],
    ['2025-01-26 14:00:00', null], //              Sunday, 调休 working day
    ['2025-01-26 21:00:00', 'after_day_end'],
    ['2025-03-09 14:00:00', 'non_working_day'], // Sunday
    ['2025-01-29 14:00:00', 'non_working_day'], // 春节, a Wednesday
    ['2025-03-12 14:00:00', 'non_working_day'], // override
  ])('%s → %s', (local, reason) => {
    expect(at(local)).toBe(reason);
  });
});
