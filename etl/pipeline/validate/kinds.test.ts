import { describe, expect, test } from 'vitest';
import { CTX, goodCalendar, goodDept, goodItem, goodRating, goodRegion, goodStep } from './fixtures.ts';
import { validateRecord } from './index.ts';

describe('regions', () => {
  test.each([
    ['110101', '110100'], // county → city
    ['110100', '110000'], // city → province
    ['110000', null], // province
    ['110101001001', '110101'], // 12 digits → first 6
    ['110101000000', '110100'], // a county written with 12 digits climbs from its 6-digit form
  ])('parent of %s is derived as %s', (code, parent) => {
    expect(validateRecord('regions', { region_code: code, region_name: 'x' }, CTX)).toMatchObject({
      ok: true, record: { region_code: code, parent_code: parent, updated_at: null },
    });
  });

  test('a given parent is kept; a bad or self parent is refused', () => {
    expect(validateRecord('regions', { ...goodRegion(), parent_code: '110000' }, CTX)).toMatchObject({ record: { parent_code: '110000' } });
    expect(validateRecord('regions', { ...goodRegion(), parent_code: '1100' }, CTX)).toMatchObject({
      rejection: { reason: 'bad_region_code', field: 'parent_code' },
    });
    expect(validateRecord('regions', { ...goodRegion(), parent_code: '110101' }, CTX)).toMatchObject({
      rejection: { reason: 'bad_region_code', field: 'parent_code' },
    });
  });
});

describe('depts', () => {
  test('valid, and region_code is required', () => {
    expect(validateRecord('depts', goodDept(), CTX)).toMatchObject({ ok: true, record: { region_code: '110101' } });
    expect(validateRecord('depts', { ...goodDept(), region_code: null }, CTX)).toMatchObject({
      rejection: { reason: 'required_missing', field: 'region_code' },
    });
  });
});

describe('items', () => {
  test('types a good row; the unit defaults to workday', () => {
    expect(validateRecord('items', { ...goodItem(), limit_unit: '' }, CTX)).toMatchObject({
      ok: true,
      record: { legal_limit: 20, promised_limit: 5, limit_unit: 'workday', is_immediate: false, max_trips: 1, online_depth: 4 },
    });
  });

  test('promised_limit 0 implies is_immediate', () => {
    expect(validateRecord('items', { ...goodItem(), promised_limit: '0', is_immediate: 'false' }, CTX)).toMatchObject({
      record: { is_immediate: true },
    });
  });

  test('promised above legal is quarantined', () => {
    expect(validateRecord('items', { ...goodItem(), promised_limit: '30' }, CTX)).toMatchObject({
      rejection: { reason: 'legal_below_promised', field: 'legal_limit' },
    });
  });

  test('online_depth outside 1..4 and a missing legal_limit', () => {
    expect(validateRecord('items', { ...goodItem(), online_depth: '5' }, CTX)).toMatchObject({
      rejection: { reason: 'bad_number', field: 'online_depth' },
    });
    expect(validateRecord('items', { ...goodItem(), legal_limit: '' }, CTX)).toMatchObject({
      rejection: { reason: 'required_missing', field: 'legal_limit' },
    });
  });
});

describe('calendar', () => {
  test.each([
    ['是', true], ['否', false], ['true', true], ['FALSE', false], ['1', true], ['0', false], [true, true], [0, false],
  ])('is_workday %s → %s', (v, expected) => {
    expect(validateRecord('calendar', { ...goodCalendar(), is_workday: v }, CTX)).toMatchObject({
      ok: true, record: { date: '2025-01-26', is_workday: expected, note: '调休' },
    });
  });

  test('is_workday is required', () => {
    expect(validateRecord('calendar', { date: '2025-01-26' }, CTX)).toMatchObject({
      rejection: { reason: 'required_missing', field: 'is_workday' },
    });
  });
});

describe('steps', () => {
  test('types a good row', () => {
    expect(validateRecord('steps', goodStep(), CTX)).toMatchObject({
      ok: true, record: { seq: 2, step_type: 'review', actor_id: 'staff-7', source_system: 'test-system' },
    });
  });

  test('seq starts at 1; ended_at may equal started_at', () => {
    expect(validateRecord('steps', { ...goodStep(), seq: '0' }, CTX)).toMatchObject({ rejection: { reason: 'bad_number', field: 'seq' } });
    expect(validateRecord('steps', { ...goodStep(), ended_at: goodStep().started_at }, CTX)).toMatchObject({ ok: true });
  });

  test('an open step has no ended_at', () => {
    expect(validateRecord('steps', { ...goodStep(), step_type: 'correction', ended_at: '' }, CTX)).toMatchObject({
      record: { ended_at: null },
    });
  });
});

describe('ratings', () => {
  test('types a good row with defaults', () => {
    expect(validateRecord('ratings', goodRating(), CTX)).toMatchObject({
      ok: true,
      record: { level: 5, tags: ['态度好', '效率高'], is_active: true, invalidated: false, rectify_result: null },
    });
  });

  test.each([
    [['快', ' 好 ', ''], ['快', '好']],
    ['快；好; ;', ['快', '好']],
    ['', []],
  ])('tags %j → %j', (tags, expected) => {
    expect(validateRecord('ratings', { ...goodRating(), tags }, CTX)).toMatchObject({ record: { tags: expected } });
  });

  test('tags that are not strings are bad_type', () => {
    expect(validateRecord('ratings', { ...goodRating(), tags: [{ t: 1 }] }, CTX)).toMatchObject({
      rejection: { reason: 'bad_type', field: 'tags' },
    });
  });

  test.each([['0'], ['3.5'], ['abc'], [6]])('level %j is bad_level', (level) => {
    expect(validateRecord('ratings', { ...goodRating(), level }, CTX)).toMatchObject({ rejection: { reason: 'bad_level', field: 'level' } });
  });

  test('without a case, item, dept and region are required', () => {
    const base = { ...goodRating(), case_id: '' };
    expect(validateRecord('ratings', base, CTX)).toMatchObject({ rejection: { reason: 'required_missing', field: 'item_code' } });
    expect(
      validateRecord('ratings', { ...base, item_code: 'I', dept_code: 'D', region_code: '3301' }, CTX),
    ).toMatchObject({ rejection: { reason: 'bad_region_code', field: 'region_code' } });
    expect(
      validateRecord('ratings', { ...base, item_code: 'I', dept_code: 'D', region_code: '330100' }, CTX),
    ).toMatchObject({ ok: true, record: { case_id: null, region_code: '330100' } });
  });

  test('comment: 2000 characters pass, 2001 are too_long', () => {
    expect(validateRecord('ratings', { ...goodRating(), comment: '好'.repeat(2000) }, CTX)).toMatchObject({ ok: true });
    expect(validateRecord('ratings', { ...goodRating(), comment: '好'.repeat(2001) }, CTX)).toMatchObject({
      rejection: { reason: 'too_long', field: 'comment' },
    });
  });

  test('booleans, rectification and bad enum', () => {
    expect(
      validateRecord('ratings', {
        ...goodRating(), level: 1, is_active: '否', invalidated: 'TRUE', verified_at: '2025-03-12 10:00:00',
        rectified_at: '2025-03-20 10:00:00', rectify_result: 'rectified',
      }, CTX),
    ).toMatchObject({ ok: true, record: { level: 1, is_active: false, invalidated: true, rectify_result: 'rectified' } });
    expect(validateRecord('ratings', { ...goodRating(), is_active: 'yes' }, CTX)).toMatchObject({
      rejection: { reason: 'bad_boolean', field: 'is_active' },
    });
    expect(validateRecord('ratings', { ...goodRating(), rectify_result: 'done' }, CTX)).toMatchObject({
      rejection: { reason: 'unknown_enum', field: 'rectify_result' },
    });
  });
});
