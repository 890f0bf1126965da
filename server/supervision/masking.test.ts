import { describe, expect, test } from 'vitest';
import type { CaseRow } from '../api/supervision-schemas.ts';
import { exportColumns, toCsv } from './export.ts';
import { applicantView, maskPhone, commentForRole } from './masking.ts';

describe('masking', () => {
  test.each([
    ['13812345678', '138****5678'],
    ['138****5678', '138****5678'],
    ['+8613812345678', '+86****5678'],
    ['5678', '****'],
    ['', null],
  ])('maskPhone(%s) = %s', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  const c = { applicant_type: 'person', applicant_id_hash: 'a'.repeat(64), contact_phone_masked: '138****5678' };
  test.each([
    ['inspector', 'aaaaaaaa…'],
    ['admin', 'aaaaaaaa…'],
    ['leader', null],
    ['dept', null],
  ] as const)('%s sees hash prefix %s', (role, prefix) => {
    expect(applicantView(role, c)).toEqual({ type: 'person', idHashPrefix: prefix, phone: '138****5678' });
  });
  test('evaluators see no applicant data', () => {
    expect(applicantView('evaluator', c)).toBeNull();
  });
});

describe('CSV export', () => {
  const row: CaseRow = {
    caseId: '=HYPERLINK("x")', itemCode: 'I1', itemName: '食品,经营"许可"', deptCode: 'D1', deptName: '市场监管局', regionCode: '330100',
    regionName: '杭州市', channel: 'window', status: 'finished', acceptedAt: '2025-01-24T10:00:00+08:00', finishedAt: null,
    dueDate: '2025-02-10', legalDueDate: '2025-02-17', overdueWorkdays: 2, card: 'yellow', openAtAsOf: false, suspendedAtAsOf: false,
    hasDeadline: true, anomalyTypes: ['no_process'], applicant: { type: 'person', idHashPrefix: 'abcd1234…', phone: '138****5678' },
  };
  test('BOM, CRLF, quoting, Beijing times, formula guard, Chinese labels', () => {
    const text = toCsv([row], exportColumns('inspector', false));
    expect(text.startsWith('\uFEFF办件编号,')).toBe(true);
    const line = text.split('\r\n')[1]!;
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
    expect(line).toContain('"食品,经营""许可"""');
    expect(line).toContain('2025-01-24 10:00:00');
    expect(line).toContain(',黄牌,无过程记录,自然人,abcd1234…,138****5678');
  });
  test('evaluator columns have no applicant data', () => {
    expect(exportColumns('evaluator', false).map((c) => c.header).join()).not.toMatch(/申请人|电话/);
    expect(exportColumns('leader', false).map((c) => c.header)).not.toContain('申请人标识(前缀)');
  });
});

describe('commentForRole', () => {
  const text = '办事员态度差，请回电15116898189，身份证330102199001011234。';
  test('evaluators never see comments', () => {
    expect(commentForRole('evaluator', text)).toBeNull();
  });
  test.each(['leader', 'inspector', 'dept'] as const)('%s sees personal numbers masked', (role) => {
    expect(commentForRole(role, text)).toBe('办事员态度差，请回电151****8189，身份证330102********1234。');
  });
  test('admin sees the stored text; text without numbers is unchanged', () => {
    expect(commentForRole('admin', text)).toBe(text);
    expect(commentForRole('dept', '很满意 2025年3月')).toBe('很满意 2025年3月');
  });
});
