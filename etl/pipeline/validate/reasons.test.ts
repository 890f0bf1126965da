// One test per quarantine reason of records.ts: a row that breaks exactly that
// rule, asserting the reason and the field (data-contract.md § cases, semantic checks).
import { describe, expect, test } from 'vitest';
import { QUARANTINE_REASONS, type Kind, type QuarantineReason, type RawRecord } from '../../contract/records.ts';
import { parseNdjson } from '../parse/ndjson.ts';
import { malformedRow } from '../parse/types.ts';
import {
  CTX, goodCalendar, goodCase, goodDept, goodItem, goodRating, goodRegion, goodStep,
} from './fixtures.ts';
import { validateRecord } from './index.ts';

type Case = { kind: Kind; raw: RawRecord; field: string | null };

const CASES: Record<Exclude<QuarantineReason, 'malformed_row'>, Case> = {
  required_missing: { kind: 'cases', raw: { ...goodCase(), case_id: '' }, field: 'case_id' },
  unknown_enum: { kind: 'cases', raw: { ...goodCase(), channel: 'fax' }, field: 'channel' },
  bad_timestamp: { kind: 'cases', raw: { ...goodCase(), submitted_at: '2025-02-30 10:00:00' }, field: 'submitted_at' },
  future_timestamp: { kind: 'cases', raw: { ...goodCase(), updated_at: '2025-06-02 00:00:01' }, field: 'updated_at' },
  bad_region_code: { kind: 'cases', raw: { ...goodCase(), region_code: '11010' }, field: 'region_code' },
  bad_number: { kind: 'cases', raw: { ...goodCase(), trips: '-1' }, field: 'trips' },
  too_long: { kind: 'cases', raw: { ...goodCase(), case_id: 'X'.repeat(65) }, field: 'case_id' },
  finished_before_accepted: {
    kind: 'cases', raw: { ...goodCase(), finished_at: '2025-03-04 09:10:00' }, field: 'finished_at',
  },
  finished_without_finished_at: { kind: 'cases', raw: { ...goodCase(), finished_at: null }, field: 'finished_at' },
  finished_at_with_open_status: { kind: 'cases', raw: { ...goodCase(), status: 'in_progress' }, field: 'finished_at' },
  accepted_at_missing: {
    kind: 'cases', raw: { ...goodCase(), status: 'accepted', accepted_at: '', finished_at: '' }, field: 'accepted_at',
  },
  window_type_missing: { kind: 'cases', raw: { ...goodCase(), window_type: '' }, field: 'window_type' },
  legal_below_promised: {
    kind: 'cases', raw: { ...goodCase(), promised_limit: '10', legal_limit: '5' }, field: 'legal_limit',
  },
  ended_before_started: { kind: 'steps', raw: { ...goodStep(), ended_at: '2025-03-05 09:59:59' }, field: 'ended_at' },
  bad_boolean: { kind: 'calendar', raw: { ...goodCalendar(), is_workday: 'maybe' }, field: 'is_workday' },
  bad_date: { kind: 'calendar', raw: { ...goodCalendar(), date: '2025-02-30' }, field: 'date' },
  bad_level: { kind: 'ratings', raw: { ...goodRating(), level: '6' }, field: 'level' },
  bad_type: { kind: 'cases', raw: { ...goodCase(), case_id: { id: 'C-1' } }, field: 'case_id' },
};

describe('every quarantine reason', () => {
  test('has a test below', () => {
    expect(new Set([...Object.keys(CASES), 'malformed_row'])).toEqual(new Set(QUARANTINE_REASONS));
  });

  test('the base rows are valid', () => {
    const bases: [Kind, RawRecord][] = [
      ['cases', goodCase()], ['steps', goodStep()], ['ratings', goodRating()], ['items', goodItem()],
      ['regions', goodRegion()], ['depts', goodDept()], ['calendar', goodCalendar()],
    ];
    for (const [kind, raw] of bases) expect(validateRecord(kind, raw, CTX)).toMatchObject({ ok: true });
  });

  test.each(Object.entries(CASES))('%s', (reason, { kind, raw, field }) => {
    const r = validateRecord(kind, raw, CTX);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.rejection.reason).toBe(reason);
    expect(r.rejection.field).toBe(field);
    expect(r.rejection.detail.length).toBeGreaterThan(0);
  });

  test('malformed_row', async () => {
    const rows = [];
    for await (const row of parseNdjson([`${JSON.stringify(goodCase())}\n{"case_id": "C-2",\n`])) rows.push(row);
    expect(rows[0]).toHaveProperty('raw');
    const bad = rows[1];
    expect(bad).toMatchObject({ line: 2 });
    if (bad === undefined || !('error' in bad)) throw new Error('expected an error entry');
    const rejection = malformedRow(bad.error);
    expect(rejection.reason).toBe('malformed_row');
    expect(rejection.field).toBeNull();
  });
});
