import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { prepareRecord } from '../prepare.ts';
import { CTX } from '../validate/fixtures.ts';
import { loadProfile, mapRecord, parseProfile } from './index.ts';

const gbt = loadProfile('gbt39046');
const prepare = prepareRecord({ profile: gbt, source: 'gov-platform', secret: CTX.secret, now: () => CTX.now });

const gbtCase = {
  办件编号: '11330106MB0000001', 实施编码: '11330100002492211X4000117001', 事项名称: '个体工商户设立登记',
  实施机构编码: '11330106002492211X', 行政区划: '330106', 办理形式: '1', 申请人类型: '1',
  申请时间: '20250304T090000', 受理时间: '2025-03-04 09:15:00', 办结时间: '2025/03/04 09:40:00',
  办件状态: '办结', 办件类型代码: '1', 承诺办结时限: '3', 法定办结时限: '15', 更新时间: '2025-03-04T09:40:00+08:00',
};

describe('canonical profile', () => {
  test('is the identity', () => {
    const raw = { case_id: 'C1', anything: 1 };
    expect(mapRecord(loadProfile('canonical'), 'cases', raw)).toBe(raw);
  });
});

describe('gbt39046 profile', () => {
  test('a window case: names, A.5 channel, window_type unknown, 即办件 → promised_limit 0', () => {
    const mapped = mapRecord(gbt, 'cases', gbtCase);
    expect(mapped).toMatchObject({
      case_id: '11330106MB0000001', channel: 'window', window_type: 'unknown', applicant_type: 'person',
      status: 'finished', promised_limit: 0, legal_limit: '15',
    });
    expect(JSON.parse(JSON.stringify(mapped))).not.toHaveProperty('_case_type');
    expect(prepare('cases', gbtCase)).toMatchObject({
      ok: true,
      record: { channel: 'window', window_type: 'unknown', promised_limit: 0, legal_limit: 15, source_system: 'gov-platform' },
    });
  });

  test('申报来源 also gives channel; an online case gets no window type; 承诺件 keeps its limit', () => {
    const raw = { ...gbtCase, 办理形式: '', 申报来源: '3', 办件类型代码: '2' };
    expect(prepare('cases', raw)).toMatchObject({
      ok: true, record: { channel: 'mobile', window_type: 'none', promised_limit: 3 },
    });
  });

  test('with both 办理形式 and 申报来源 given, the first non-empty column wins', () => {
    expect(mapRecord(gbt, 'cases', { ...gbtCase, 办理形式: '2', 申报来源: '3' })).toMatchObject({ channel: 'online' });
    expect(mapRecord(gbt, 'cases', { ...gbtCase, 办理形式: ' ', 申报来源: '3' })).toMatchObject({ channel: 'mobile' });
  });

  test('a given window type is not overwritten by the default', () => {
    expect(mapRecord(gbt, 'cases', { ...gbtCase, 受理窗口类型: '综合窗口' })).toMatchObject({ window_type: 'comprehensive' });
  });

  test('an unlisted code passes unchanged and is reported by the validator', () => {
    expect(prepare('cases', { ...gbtCase, 办理形式: '7' })).toMatchObject({
      ok: false, rejection: { reason: 'unknown_enum', field: 'channel' },
    });
  });

  test.each([
    ['1', 5], ['2', 4], ['3', 3], ['4', 2], ['5', 1],
  ])('满意度代码 %s (A.8, 1 = 非常满意) → level %i', (code, level) => {
    const raw = {
      评价编号: `R-${code}`, 办件编号: '11330106MB0000001', 评价渠道: '4', 满意度代码: code,
      评价时间: '2025-03-05 10:00:00', 评价标签: '态度好;效率高', 更新时间: '2025-03-05 10:00:00',
    };
    expect(prepare('ratings', raw)).toMatchObject({
      ok: true, record: { level, channel: 'window_device', tags: ['态度好', '效率高'] },
    });
  });

  test('满意度代码 outside A.8 stays bad', () => {
    const raw = { 评价编号: 'R', 办件编号: 'C', 评价渠道: '1', 满意度代码: '6', 评价时间: '2025-03-05 10:00:00', 更新时间: '2025-03-05 10:00:00' };
    expect(prepare('ratings', raw)).toMatchObject({ ok: false, rejection: { reason: 'bad_level' } });
  });

  test('特别程序 start/end → a special step; ordinary steps keep their type', () => {
    const special = {
      办件编号: 'C', 环节序号: '3', 特别程序种类: '专家评审', 特别程序开始时间: '2025-03-05 09:00:00',
      特别程序结束时间: '2025-03-07 17:00:00', 更新时间: '2025-03-07 17:00:00',
    };
    expect(prepare('steps', special)).toMatchObject({
      ok: true, record: { step_type: 'special', step_name: '专家评审', seq: 3, ended_at: expect.any(Number) },
    });
    const review = {
      办件编号: 'C', 环节序号: '2', 环节类型: '审查', 环节名称: '初审', 环节开始时间: '2025-03-04 10:00:00',
      特别程序开始时间: '', 更新时间: '2025-03-04 10:00:00',
    };
    expect(prepare('steps', review)).toMatchObject({ ok: true, record: { step_type: 'review', step_name: '初审' } });
  });

  test('items: 即办件 → promised 0 and is_immediate', () => {
    const raw = {
      实施编码: 'I', 事项名称: 'n', 事项类型: '行政许可', 实施机构编码: 'D', 行政区划: '330106', 法定办结时限: '10',
      承诺办结时限: '2', 办件类型代码: '1', 更新时间: '2025-01-01',
    };
    expect(prepare('items', raw)).toMatchObject({
      ok: true, record: { item_type: 'permit', promised_limit: 0, is_immediate: true, limit_unit: 'workday' },
    });
  });
});

describe('profiles from files', () => {
  test('a vendor profile is just JSON: codes the other way round, a source prefix, plain defaults', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tianping-profile-'));
    try {
      const path = join(dir, 'vendor.json');
      await writeFile(path, JSON.stringify({
        name: 'vendor',
        kinds: {
          cases: {
            passthrough: true,
            fields: { BJLX: '_type' },
            prefix: { case_id: '{source}:' },
            derive: [{ when: { _type: ['2'] }, set: { promised_limit: 0 } }],
            defaults: { applicant_type: 'org' },
          },
        },
      }));
      const p = loadProfile(path);
      expect(mapRecord(p, 'cases', { case_id: 'X1', BJLX: '2', applicant_type: '' }, 'sysA')).toMatchObject({
        case_id: 'sysA:X1', promised_limit: 0, applicant_type: 'org',
      });
      // kinds the file leaves out read as canonical
      const step = { case_id: 'X1', seq: 1 };
      expect(mapRecord(p, 'steps', step)).toBe(step);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a malformed profile is refused at load with its problems listed', () => {
    expect(() => parseProfile({ name: 'x', kinds: { cases: { fields: { A: 'case_idd' } } } }, 'test')).toThrow(/case_idd/);
    expect(() => parseProfile({ name: 'x', kinds: { cases: { feilds: {} } } }, 'test')).toThrow(/invalid/);
    expect(() => parseProfile({ name: 'x', kinds: { orders: {} } }, 'test')).toThrow(/invalid/);
    expect(() => loadProfile('/nonexistent/profile.json')).toThrow(/cannot be read/);
  });
});
