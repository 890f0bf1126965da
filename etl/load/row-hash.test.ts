import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { prepareRecord } from '../pipeline/prepare.ts';
import { rowHash } from './row-hash.ts';

const prepare = prepareRecord({ profile: 'canonical', source: 's', secret: 'k', now: () => Date.UTC(2026, 0, 1) });
const row = {
  case_id: 'C1', item_code: 'I1', dept_code: 'D1', region_code: '390100', channel: 'online', applicant_type: 'person',
  submitted_at: '2025-03-04T09:00:00+08:00', accepted_at: '2025-03-04T10:00:00+08:00', status: 'accepted',
  updated_at: '2025-03-04T10:00:00+08:00',
};

test('the hash does not depend on the field order of the source row', () => {
  const reversed = Object.fromEntries(Object.entries(row).reverse());
  const a = prepare('cases', row);
  const b = prepare('cases', reversed);
  if (!a.ok || !b.ok) throw new Error('fixture rows must be valid');
  expect(rowHash(a.record)).toBe(rowHash(b.record));
});

test('any changed value changes the hash', () => {
  const a = prepare('cases', row);
  const b = prepare('cases', { ...row, status: 'in_progress' });
  if (!a.ok || !b.ok) throw new Error('fixture rows must be valid');
  expect(rowHash(a.record)).not.toBe(rowHash(b.record));
});

test('the hash is pinned: stored row_hash values stay comparable across versions', () => {
  const a = prepare('cases', row);
  if (!a.ok) throw new Error('fixture rows must be valid');
  expect(rowHash(a.record)).toBe(createHash('sha1').update(JSON.stringify(a.record)).digest('hex').slice(0, 20));
  expect(rowHash({ a: 1, b: '中文' })).toBe('9c01803d09c9f4baea2f');
});
