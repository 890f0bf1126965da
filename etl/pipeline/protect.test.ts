import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { hashApplicantId, maskPhone, protectRaw } from './protect.ts';
import { CTX, goodCase } from './validate/fixtures.ts';
import { validateCase } from './validate/cases.ts';
import { prepareRecord } from './prepare.ts';

const CLEAR_ID = '11010519491231002X';
const CLEAR_PHONE = '13812345678';
const NAME = '张三';

describe('maskPhone', () => {
  test.each([
    ['13812345678', '138****5678'],
    ['+86 138-1234-5678', '138****5678'],
    ['0086 13812345678', '138****5678'],
    ['010-12345678', '010****5678'],
    ['1234567', '*******'],
    ['无', null],
  ])('%s → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});

describe('hashApplicantId', () => {
  test('is HMAC-SHA256 hex of the trimmed, upper-cased id', () => {
    const expected = createHmac('sha256', 's3cret').update(CLEAR_ID).digest('hex');
    expect(hashApplicantId(' 11010519491231002x ', 's3cret')).toBe(expected);
    expect(hashApplicantId(CLEAR_ID, 'other')).not.toBe(expected);
  });
});

describe('personal data never leaves in clear', () => {
  const clear = [CLEAR_ID, CLEAR_ID.toLowerCase(), CLEAR_PHONE, NAME, '12345678'];
  const leaks = (v: unknown) => clear.filter((c) => JSON.stringify(v).includes(c));

  test('validated case record', () => {
    const r = validateCase(goodCase(), CTX);
    if (!r.ok) throw new Error(JSON.stringify(r.rejection));
    expect(leaks(r.record)).toEqual([]);
    expect(r.record.applicant_id_hash).toBe(hashApplicantId(CLEAR_ID, CTX.secret));
    expect(r.record.contact_phone_masked).toBe('138****5678');
    expect(r.record).not.toHaveProperty('applicant_name');
    expect(r.record).not.toHaveProperty('applicant_id');
  });

  test('through the gbt39046 profile', () => {
    const prepare = prepareRecord({ profile: 'gbt39046', source: 'sys', secret: CTX.secret, now: () => CTX.now });
    const raw = {
      办件编号: 'G-1', 实施编码: 'I', 实施机构编码: 'D', 行政区划: '330106', 办理形式: '2', 申请人类型: '1',
      申请人证件号码: CLEAR_ID, 申请人名称: NAME, 联系电话: CLEAR_PHONE, 申请时间: '20250304T091500',
      办件状态: '已申请', 更新时间: '2025-03-04 09:15:00',
    };
    const r = prepare('cases', raw);
    expect(r).toMatchObject({ ok: true, record: { contact_phone_masked: '138****5678' } });
    expect(leaks(r)).toEqual([]);
    // The quarantine keeps raw rows: redact() keeps the vendor names, drops the clear values.
    const redacted = prepare.redact('cases', raw);
    expect(leaks(redacted)).toEqual([]);
    expect(redacted).toMatchObject({ 办件编号: 'G-1', 联系电话: '138****5678' });
    expect(redacted).not.toHaveProperty('申请人名称');
  });

  test('a rejected case row does not quote personal data', () => {
    const r = validateCase({ ...goodCase(), applicant_id: { n: CLEAR_ID }, contact_phone: CLEAR_PHONE }, CTX);
    expect(r).toMatchObject({ ok: false, rejection: { reason: 'bad_type', field: 'applicant_id' } });
    expect(leaks(r)).toEqual([]);
  });

  test('protectRaw on a canonical row', () => {
    const out = protectRaw(goodCase(), CTX.secret);
    expect(leaks(out)).toEqual([]);
    expect(out).toMatchObject({ applicant_id_hash: hashApplicantId(CLEAR_ID, CTX.secret), contact_phone_masked: '138****5678' });
  });
});
