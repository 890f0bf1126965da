// Fake applicants: 18-character 身份证-style ids (valid check digit, but with
// the unused province prefix 39 so they can never be a real person's),
// Chinese names, mobile numbers, and companies with 统一社会信用代码. The raw
// rows carry them in clear; the ETL must hash/mask them on ingest.
import { creditCode, orgCode, pad, personId } from './codes.ts';
import type { Rng } from './prng.ts';

const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '潘', '袁', '蔡', '蒋', '余',
  '于', '杜', '叶', '程', '魏', '苏', '吕', '丁', '任', '沈', '姚', '卢', '钟', '姜', '崔', '谭', '陆', '范', '汪', '欧阳',
];
const GIVEN = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平',
  '刚', '桂英', '建华', '志强', '晓东', '海燕', '欣怡', '子涵', '浩然', '雨轩', '梓萱', '一诺', '思远', '嘉怡', '俊杰', '佳琪',
  '文博', '宇航', '婉清', '晨曦', '国庆', '春梅', '建国', '丽华', '红梅', '永康', '立新', '淑珍', '雅琴', '振华',
];
const COMPANY_WORDS = [
  '华宇', '瑞丰', '新禾', '东方', '恒信', '鼎盛', '锦程', '盛达', '云帆', '天成', '博远', '嘉和', '长青', '海润', '金桥',
  '万象', '同创', '汇通', '永利', '明德', '青禾', '启航', '德润', '宏图',
];
const COMPANY_TRADES = ['科技', '贸易', '建设', '餐饮管理', '物流', '电子商务', '文化传媒', '医药', '农业开发', '机械制造', '房地产开发', '教育咨询'];
const COMPANY_FORMS = ['有限公司', '有限公司', '有限公司', '股份有限公司', '有限责任公司'];
const MOBILE_PREFIXES = ['133', '135', '136', '137', '138', '139', '150', '151', '152', '157', '158', '159', '177', '180', '182', '186', '187', '188', '189', '191', '199'];

export interface Applicant {
  type: 'person' | 'org';
  id: string;
  name: string;
  phone: string;
}

export function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN);
}

export function mobile(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + pad(rng.int(0, 99_999_999), 8);
}

/** A person (born 1950–2006) registered in `region6`, or an organisation there. */
export function applicant(rng: Rng, type: 'person' | 'org', region6: string, regionName: string): Applicant {
  if (type === 'person') {
    const birth = `${rng.int(1950, 2006)}${pad(rng.int(1, 12), 2)}${pad(rng.int(1, 28), 2)}`;
    return { type, id: personId(region6, birth, rng.int(0, 999)), name: personName(rng), phone: mobile(rng) };
  }
  // 91 = 工商 registered enterprise
  const id = creditCode(`91${region6}${orgCode(pad(rng.int(0, 99_999_999), 8))}`);
  const city = regionName.replace(/(市|区|县)$/, '');
  const name = `${city}${rng.pick(COMPANY_WORDS)}${rng.pick(COMPANY_TRADES)}${rng.pick(COMPANY_FORMS)}`;
  return { type, id, name, phone: mobile(rng) };
}
