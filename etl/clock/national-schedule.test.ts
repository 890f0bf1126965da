import { describe, expect, test } from 'vitest';
import { announcedYears, nationalIsWorkday } from './national-schedule.ts';

describe('announced years', () => {
  test('come from the chinese-days data: 2004–2026 at version 1.5.7', () => {
    const years = announcedYears();
    for (let y = 2004; y <= 2026; y++) expect(years.has(y)).toBe(true);
    expect(years.has(2003)).toBe(false);
    expect(years.has(2027)).toBe(false);
  });
});

// Expected values from the State Council notices (国办发明电), written out by hand.
describe('nationalIsWorkday', () => {
  test.each([
    // Spring Festival 2025: 1/28 (Tue) – 2/4 (Tue) off; 调休 Sunday 1/26 and Saturday 2/8 on.
    ['2025-01-24', true], // Friday
    ['2025-01-25', false], // Saturday, ordinary weekend
    ['2025-01-26', true], // Sunday, 调休上班
    ['2025-01-27', true], // Monday
    ['2025-01-28', false],
    ['2025-01-29', false], // 春节 day 1
    ['2025-01-31', false],
    ['2025-02-03', false], // Monday inside the holiday
    ['2025-02-04', false],
    ['2025-02-05', true],
    ['2025-02-08', true], // Saturday, 调休上班
    ['2025-02-09', false], // Sunday
    // National Day + Mid-Autumn 2025: 10/1 (Wed) – 10/8 (Wed) off; Sunday 9/28 and Saturday 10/11 on.
    ['2025-09-27', false], // Saturday
    ['2025-09-28', true], // Sunday, 调休上班
    ['2025-09-30', true],
    ['2025-10-01', false],
    ['2025-10-06', false], // 中秋
    ['2025-10-08', false],
    ['2025-10-09', true],
    ['2025-10-11', true], // Saturday, 调休上班
    ['2025-10-12', false],
    // 2026 is announced as well: 元旦 1/1–1/3 off, Sunday 1/4 on.
    ['2026-01-01', false],
    ['2026-01-04', true],
    // 2027 is not announced: Monday–Friday, holidays unknown.
    ['2027-01-01', true], // Friday (New Year's Day, but no schedule yet)
    ['2027-02-06', false], // Saturday
    ['2027-02-08', true], // Monday
    // 2003 predates the package's data: Monday–Friday too.
    ['2003-01-01', true], // Wednesday
    ['2003-01-04', false], // Saturday
  ])('%s → %s', (date, expected) => {
    expect(nationalIsWorkday(date)).toBe(expected);
  });

  test.each(['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02', '2025-02-03', '2025-02-04'])(
    'Spring Festival 2025: %s is off',
    (d) => expect(nationalIsWorkday(d)).toBe(false),
  );

  test.each(['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08'])(
    'National Day 2025: %s is off',
    (d) => expect(nationalIsWorkday(d)).toBe(false),
  );

  test('rejects an invalid date', () => {
    expect(() => nationalIsWorkday('2025-02-30')).toThrow(RangeError);
  });
});
