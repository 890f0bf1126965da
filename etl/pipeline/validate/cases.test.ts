import { describe, expect, test } from 'vitest';
import type { RawRecord } from '../../contract/records.ts';
import { CTX, goodCase, NOW } from './fixtures.ts';
import { validateCase } from './cases.ts';

function ok(raw: RawRecord) {
  const r = validateCase(raw, CTX);
  if (!r.ok) throw new Error(`expected valid, got ${JSON.stringify(r.rejection)}`);
  return r.record;
}
function rejected(raw: RawRecord) {
  const r = validateCase(raw, CTX);
  if (r.ok) throw new Error('expected a rejection');
  return r.rejection;
}

describe('validateCase', () => {
  test('types a good row', () => {
    const rec = ok(goodCase());
    expect(rec).toMatchObject({
      case_id: 'C-2025-0001', region_code: '110101', channel: 'window', window_type: 'comprehensive',
      status: 'finished', promised_limit: 5, legal_limit: 20, limit_unit: 'workday', trips: 1, fee: 0,
      submitted_at: 1_741_050_000_000, accepted_at: 1_741_050_900_000, source_system: 'test-system',
    });
    expect(rec.withdrawn_at).toBeNull();
  });

  test('JSON numbers and padded text are accepted; "" and null are both absent', () => {
    const rec = ok({ ...goodCase(), case_id: 12345, promised_limit: 3, legal_limit: '  7 ', trips: null, fee: '12.50', item_name: '' });
    expect(rec).toMatchObject({ case_id: '12345', promised_limit: 3, legal_limit: 7, trips: null, fee: 12.5, item_name: null });
  });

  test('the connector sets source_system, whatever the row says', () => {
    expect(ok({ ...goodCase(), source_system: 'spoofed' }).source_system).toBe('test-system');
  });

  test("window_type defaults to 'none' off the window; 'unknown' is allowed at one", () => {
    expect(ok({ ...goodCase(), channel: 'online', window_type: '' }).window_type).toBe('none');
    expect(ok({ ...goodCase(), window_type: 'unknown' }).window_type).toBe('unknown');
  });

  test("window_type 'none' at a window counts as missing", () => {
    expect(rejected({ ...goodCase(), window_type: 'none' })).toMatchObject({ reason: 'window_type_missing' });
  });

  test.each([
    ['fractional', '1.5'],
    ['non-numeric', 'three'],
    ['negative', '-2'],
    ['a JSON fraction', 2.5],
  ])('bad_number for a %s limit', (_label, v) => {
    expect(rejected({ ...goodCase(), promised_limit: v })).toMatchObject({ reason: 'bad_number', field: 'promised_limit' });
  });

  test("'5.0' is a whole number; a negative fee is bad_number", () => {
    expect(ok({ ...goodCase(), promised_limit: '5.0' }).promised_limit).toBe(5);
    expect(rejected({ ...goodCase(), fee: '-1' })).toMatchObject({ reason: 'bad_number', field: 'fee' });
  });

  test('irregular but valid cases pass: they are anomalies, not bad input', () => {
    // accepted before submitted (先办后受), finished one second after acceptance (秒办)
    const rec = ok({ ...goodCase(), submitted_at: '2025-03-04 10:00:00', finished_at: '2025-03-04 09:15:01' });
    expect(rec.accepted_at).toBeLessThan(rec.submitted_at);
  });

  test('statuses that need no accepted_at / allow finished_at', () => {
    for (const status of ['submitted', 'not_accepted', 'withdrawn']) {
      expect(ok({ ...goodCase(), status, accepted_at: '', finished_at: '' }).status).toBe(status);
    }
    expect(ok({ ...goodCase(), status: 'withdrawn', withdrawn_at: '2025-03-09 10:00:00' }).finished_at).not.toBeNull();
    expect(ok({ ...goodCase(), status: 'denied' }).status).toBe('denied');
    expect(rejected({ ...goodCase(), status: 'suspended' })).toMatchObject({ reason: 'finished_at_with_open_status' });
  });

  test('up to one day in the future is tolerated (clock skew)', () => {
    expect(ok({ ...goodCase(), updated_at: '2025-06-02 00:00:00' }).updated_at).toBe(NOW + 86_400_000);
  });

  test('a Date from an SQL connector is an instant; an epoch number is not', () => {
    expect(ok({ ...goodCase(), updated_at: new Date(NOW) }).updated_at).toBe(NOW);
    expect(rejected({ ...goodCase(), updated_at: NOW })).toMatchObject({ reason: 'bad_timestamp' });
  });

  test('case_id of exactly 64 characters passes; length counts characters, not UTF-16 units', () => {
    expect(ok({ ...goodCase(), case_id: 'X'.repeat(64) }).case_id).toHaveLength(64);
    expect(ok({ ...goodCase(), case_id: '𠀀'.repeat(64) }).case_id).toHaveLength(128);
  });

  test('an empty secret is a configuration error, not a row error', () => {
    expect(() => validateCase(goodCase(), { ...CTX, secret: '' })).toThrow(/secret/);
  });
});
