// Good rows of every kind for the validator tests; each test breaks one rule.
import type { RawRecord } from '../../contract/records.ts';
import { parseTimestamp } from '../timestamp.ts';
import type { CaseValidateContext } from './cases.ts';

export const NOW = parseTimestamp('2025-06-01 00:00:00') as number;
export const CTX: CaseValidateContext = { now: NOW, sourceSystem: 'test-system', secret: 'test-secret-0123456789' };

export const goodCase = (): RawRecord => ({
  case_id: 'C-2025-0001',
  item_code: 'ITEM-001',
  item_name: '营业执照核发',
  dept_code: 'D-001',
  dept_name: '市场监督管理局',
  region_code: '110101',
  channel: 'window',
  window_type: 'comprehensive',
  applicant_type: 'person',
  applicant_id: '11010519491231002X',
  applicant_name: '张三',
  contact_phone: '13812345678',
  submitted_at: '2025-03-04 09:00:00',
  accepted_at: '2025-03-04 09:15:00',
  finished_at: '2025-03-10 16:00:00',
  status: 'finished',
  promised_limit: '5',
  legal_limit: '20',
  limit_unit: 'workday',
  trips: '1',
  fee: '0',
  updated_at: '2025-03-10T16:00:00+08:00',
});

export const goodStep = (): RawRecord => ({
  case_id: 'C-2025-0001', seq: '2', step_type: 'review', step_name: '审查', actor_id: 'staff-7',
  started_at: '2025-03-05 10:00:00', ended_at: '2025-03-05 11:00:00', updated_at: '2025-03-05 11:00:00',
});

export const goodRating = (): RawRecord => ({
  rating_id: 'R-1', case_id: 'C-2025-0001', channel: 'pc', level: '5', rated_at: '2025-03-11 10:00:00',
  tags: '态度好;效率高', comment: '很满意', updated_at: '2025-03-11 10:00:00',
});

export const goodItem = (): RawRecord => ({
  item_code: 'ITEM-001', item_name: '营业执照核发', item_type: 'permit', dept_code: 'D-001', region_code: '110101',
  legal_limit: '20', promised_limit: '5', limit_unit: 'workday', max_trips: '1', online_depth: '4',
  updated_at: '2025-01-01',
});

export const goodRegion = (): RawRecord => ({ region_code: '110101', region_name: '东城区' });
export const goodDept = (): RawRecord => ({ dept_code: 'D-001', dept_name: '市场监督管理局', region_code: '110101' });
export const goodCalendar = (): RawRecord => ({ date: '2025-01-26', is_workday: '是', note: '调休' });
