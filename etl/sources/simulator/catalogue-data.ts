// Department kinds and the services (事项) they implement, with limits close to
// the statutory ones (e.g. 不动产登记暂行条例: 30 working days; 居民身份证法:
// 60 days) and typical promised (承诺) compressions.

export type Level = 'province' | 'city' | 'county';

export interface DeptKind {
  key: string;
  /** Letters used in staff ids (工号). */
  abbr: string;
  /** Department name at a level, given the region's name. Absent: not at that level. */
  name: Partial<Record<Level, (region: string, isDistrict: boolean) => string>>;
}

const plain = (suffix: string) => (r: string) => `${r}${suffix}`;

export const DEPT_KINDS: DeptKind[] = [
  { key: 'amr', abbr: 'SJ', name: { province: plain('市场监督管理局'), city: plain('市场监督管理局'), county: plain('市场监督管理局') } },
  {
    key: 'police', abbr: 'GA',
    name: { province: plain('公安厅'), city: plain('公安局'), county: (r, d) => `${r}${d ? '公安分局' : '公安局'}` },
  },
  { key: 'hrss', abbr: 'RS', name: { province: plain('人力资源和社会保障厅'), city: plain('人力资源和社会保障局'), county: plain('人力资源和社会保障局') } },
  { key: 'bdc', abbr: 'BD', name: { city: plain('不动产登记中心'), county: plain('不动产登记中心') } },
  { key: 'tax', abbr: 'SW', name: { province: (r) => `国家税务总局${r}税务局`, county: (r) => `国家税务总局${r}税务局` } },
  { key: 'health', abbr: 'WJ', name: { province: plain('卫生健康委员会'), city: plain('卫生健康委员会'), county: plain('卫生健康局') } },
  { key: 'civil', abbr: 'MZ', name: { province: plain('民政厅'), county: plain('民政局') } },
  { key: 'gjj', abbr: 'GJ', name: { city: plain('住房公积金管理中心') } },
  { key: 'housing', abbr: 'ZJ', name: { province: plain('住房和城乡建设厅'), city: plain('住房和城乡建设局') } },
  { key: 'env', abbr: 'HB', name: { province: plain('生态环境厅'), city: plain('生态环境局') } },
  { key: 'transport', abbr: 'JT', name: { province: plain('交通运输厅'), city: plain('交通运输局') } },
  { key: 'natres', abbr: 'ZR', name: { province: plain('自然资源厅') } },
  { key: 'edu', abbr: 'JY', name: { province: plain('教育厅'), county: plain('教育局') } },
  { key: 'medins', abbr: 'YB', name: { province: plain('医疗保障局'), city: plain('医疗保障局') } },
  { key: 'commerce', abbr: 'SW', name: { province: plain('商务厅') } },
  { key: 'culture', abbr: 'WL', name: { province: plain('文化和旅游厅') } },
  { key: 'emergency', abbr: 'YJ', name: { province: plain('应急管理厅') } },
];

export type ItemType = 'permit' | 'payment' | 'confirmation' | 'ruling' | 'public_service' | 'other';

export interface ServiceTemplate {
  name: string;
  dept: string; // DeptKind.key
  levels: Level[];
  type: ItemType;
  legal: number;
  promised: number;
  unit: 'workday' | 'natural_day';
  /** 网办深度 1–4. */
  depth: number;
  maxTrips: number;
  /** 收费 (元), 0 = free. */
  fee: number;
  /** Relative case volume per implementing unit. */
  popularity: number;
  /** Probability the applicant is an organisation. */
  org: number;
  /** Also handled at township service centres (便民服务中心). */
  township?: boolean;
  /** Probability of a 补正 (correction) suspension. */
  correction?: number;
  /** Special procedure (听证/检验/检测/鉴定/专家评审/公示) name and probability. */
  special?: [string, number];
}

const t = (x: ServiceTemplate): ServiceTemplate => x;

export const SERVICES: ServiceTemplate[] = [
  // 市场监管
  t({ name: '企业设立登记', dept: 'amr', levels: ['city', 'county'], type: 'permit', legal: 15, promised: 1, unit: 'workday', depth: 4, maxTrips: 0, fee: 0, popularity: 6, org: 0.97, correction: 0.1 }),
  t({ name: '个体工商户注册登记', dept: 'amr', levels: ['county'], type: 'permit', legal: 15, promised: 0, unit: 'workday', depth: 4, maxTrips: 0, fee: 0, popularity: 7, org: 0.05, township: true }),
  t({ name: '食品经营许可', dept: 'amr', levels: ['county'], type: 'permit', legal: 20, promised: 5, unit: 'workday', depth: 4, maxTrips: 1, fee: 0, popularity: 3, org: 0.6, correction: 0.12, special: ['现场核查', 0.05] }),
  t({ name: '企业变更登记', dept: 'amr', levels: ['city', 'county'], type: 'permit', legal: 15, promised: 1, unit: 'workday', depth: 4, maxTrips: 0, fee: 0, popularity: 4, org: 1 }),
  t({ name: '药品经营许可', dept: 'amr', levels: ['province', 'city'], type: 'permit', legal: 30, promised: 15, unit: 'workday', depth: 3, maxTrips: 1, fee: 0, popularity: 0.6, org: 1, correction: 0.15, special: ['现场检查', 0.2] }),
  // 公安
  t({ name: '居民身份证换领', dept: 'police', levels: ['county'], type: 'public_service', legal: 60, promised: 15, unit: 'natural_day', depth: 2, maxTrips: 1, fee: 20, popularity: 8, org: 0, township: true }),
  t({ name: '户口迁入登记', dept: 'police', levels: ['county'], type: 'confirmation', legal: 20, promised: 3, unit: 'workday', depth: 3, maxTrips: 1, fee: 0, popularity: 3, org: 0, township: true, correction: 0.08 }),
  t({ name: '普通护照签发', dept: 'police', levels: ['city'], type: 'permit', legal: 15, promised: 7, unit: 'natural_day', depth: 2, maxTrips: 1, fee: 120, popularity: 4, org: 0 }),
  t({ name: '往来港澳通行证签注', dept: 'police', levels: ['city'], type: 'permit', legal: 15, promised: 0, unit: 'workday', depth: 3, maxTrips: 1, fee: 15, popularity: 3, org: 0 }),
  t({ name: '剧毒化学品购买许可', dept: 'police', levels: ['province'], type: 'permit', legal: 3, promised: 2, unit: 'workday', depth: 3, maxTrips: 1, fee: 0, popularity: 0.3, org: 1 }),
  // 人社
  t({ name: '社会保障卡申领', dept: 'hrss', levels: ['county'], type: 'public_service', legal: 20, promised: 0, unit: 'workday', depth: 4, maxTrips: 1, fee: 0, popularity: 7, org: 0, township: true }),
  t({ name: '失业保险金申领', dept: 'hrss', levels: ['county'], type: 'payment', legal: 15, promised: 5, unit: 'workday', depth: 4, maxTrips: 0, fee: 0, popularity: 3, org: 0, correction: 0.06 }),
  t({ name: '职工正常退休申请', dept: 'hrss', levels: ['city', 'county'], type: 'confirmation', legal: 20, promised: 10, unit: 'workday', depth: 3, maxTrips: 1, fee: 0, popularity: 2, org: 0.3, correction: 0.1 }),
  t({ name: '就业创业证申领', dept: 'hrss', levels: ['county'], type: 'public_service', legal: 10, promised: 0, unit: 'workday', depth: 4, maxTrips: 0, fee: 0, popularity: 2, org: 0, township: true }),
  t({ name: '人力资源服务许可', dept: 'hrss', levels: ['province'], type: 'permit', legal: 20, promised: 10, unit: 'workday', depth: 3, maxTrips: 1, fee: 0, popularity: 0.4, org: 1, correction: 0.15 }),
  // 不动产
  t({ name: '不动产转移登记', dept: 'bdc', levels: ['city', 'county'], type: 'confirmation', legal: 30, promised: 5, unit: 'workday', depth: 3, maxTrips: 1, fee: 80, popularity: 6, org: 0.1, correction: 0.1 }),
  t({ name: '不动产抵押权登记', dept: 'bdc', levels: ['city', 'county'], type: 'confirmation', legal: 30, promised: 3, unit: 'workday', depth: 4, maxTrips: 0, fee: 80, popularity: 5, org: 0.3, correction: 0.05 }),
  t({ name: '不动产首次登记', dept: 'bdc', levels: ['county'], type: 'confirmation', legal: 30, promised: 10, unit: 'workday', depth: 3, maxTrips: 1, fee: 550, popularity: 1.2, org: 0.8, correction: 0.12, special: ['公告', 0.3] }),
  // 税务
  t({ name: '发票领用', dept: 'tax', levels: ['county'], type: 'other', legal: 5, promised: 0, unit: 'workday', depth: 4, maxTrips: 0, fee: 0, popularity: 5, org: 0.95 }),
  t({ name: '开具税收完税证明', dept: 'tax', levels: ['county'], type: 'public_service', legal: 0, promised: 0, unit: 'workday', depth: 4, maxTrips: 0, fee: 0, popularity: 3, org: 0.4 }),
  t({ name: '纳税信用复评', dept: 'tax', levels: ['province'], type: 'other', legal: 15, promised: 10, unit: 'workday', depth: 4, maxTrips: 0, fee: 0, popularity: 0.5, org: 1 }),
  // 卫健
  t({ name: '医疗机构执业登记', dept: 'health', levels: ['province', 'city', 'county'], type: 'permit', legal: 45, promised: 20, unit: 'natural_day', depth: 3, maxTrips: 1, fee: 0, popularity: 0.4, org: 1, correction: 0.2, special: ['现场审查', 0.4] }),
  t({ name: '出生医学证明办理', dept: 'health', levels: ['county'], type: 'public_service', legal: 10, promised: 0, unit: 'workday', depth: 3, maxTrips: 1, fee: 0, popularity: 1.5, org: 0 }),
  t({ name: '公共场所卫生许可', dept: 'health', levels: ['county'], type: 'permit', legal: 20, promised: 5, unit: 'workday', depth: 4, maxTrips: 0, fee: 0, popularity: 1, org: 0.9, correction: 0.1 }),
  t({ name: '医师执业注册', dept: 'health', levels: ['city'], type: 'permit', legal: 20, promised: 5, unit: 'workday', depth: 4, maxTrips: 0, fee: 0, popularity: 0.8, org: 0 }),
  // 民政
  t({ name: '内地居民婚姻登记', dept: 'civil', levels: ['county'], type: 'confirmation', legal: 0, promised: 0, unit: 'workday', depth: 2, maxTrips: 1, fee: 0, popularity: 2.5, org: 0 }),
  t({ name: '最低生活保障审核确认', dept: 'civil', levels: ['county'], type: 'payment', legal: 30, promised: 20, unit: 'workday', depth: 3, maxTrips: 1, fee: 0, popularity: 0.8, org: 0, township: true, correction: 0.1, special: ['公示', 0.7] }),
  t({ name: '社会团体成立登记', dept: 'civil', levels: ['province'], type: 'permit', legal: 60, promised: 20, unit: 'workday', depth: 3, maxTrips: 1, fee: 0, popularity: 0.2, org: 1, special: ['专家评审', 0.3] }),
  // 公积金
  t({ name: '住房公积金提取', dept: 'gjj', levels: ['city'], type: 'payment', legal: 3, promised: 1, unit: 'workday', depth: 4, maxTrips: 0, fee: 0, popularity: 9, org: 0 }),
  t({ name: '住房公积金个人贷款', dept: 'gjj', levels: ['city'], type: 'payment', legal: 15, promised: 7, unit: 'workday', depth: 3, maxTrips: 1, fee: 0, popularity: 2, org: 0, correction: 0.1 }),
  // 住建
  t({ name: '建筑工程施工许可', dept: 'housing', levels: ['city'], type: 'permit', legal: 7, promised: 3, unit: 'workday', depth: 4, maxTrips: 0, fee: 0, popularity: 0.8, org: 1, correction: 0.12 }),
  t({ name: '商品房预售许可', dept: 'housing', levels: ['city'], type: 'permit', legal: 10, promised: 5, unit: 'workday', depth: 3, maxTrips: 1, fee: 0, popularity: 0.4, org: 1, correction: 0.15, special: ['现场查验', 0.3] }),
  t({ name: '建筑业企业资质核准', dept: 'housing', levels: ['province'], type: 'permit', legal: 20, promised: 15, unit: 'workday', depth: 4, maxTrips: 0, fee: 0, popularity: 0.6, org: 1, special: ['专家评审', 0.3] }),
  // 生态环境
  t({ name: '建设项目环境影响报告表审批', dept: 'env', levels: ['province', 'city'], type: 'permit', legal: 30, promised: 15, unit: 'workday', depth: 3, maxTrips: 1, fee: 0, popularity: 0.5, org: 1, correction: 0.2, special: ['专家评审', 0.5] }),
  t({ name: '排污许可证核发', dept: 'env', levels: ['city'], type: 'permit', legal: 20, promised: 10, unit: 'workday', depth: 4, maxTrips: 0, fee: 0, popularity: 0.5, org: 1, special: ['现场核查', 0.2] }),
  // 交通运输
  t({ name: '道路货物运输经营许可', dept: 'transport', levels: ['city'], type: 'permit', legal: 20, promised: 5, unit: 'workday', depth: 4, maxTrips: 0, fee: 0, popularity: 0.8, org: 0.8 }),
  t({ name: '道路运输从业人员资格证核发', dept: 'transport', levels: ['province'], type: 'permit', legal: 10, promised: 5, unit: 'workday', depth: 4, maxTrips: 0, fee: 0, popularity: 0.5, org: 0 }),
  // 自然资源
  t({ name: '建设用地规划许可', dept: 'natres', levels: ['province'], type: 'permit', legal: 20, promised: 10, unit: 'workday', depth: 3, maxTrips: 1, fee: 0, popularity: 0.3, org: 1, special: ['公示', 0.5] }),
  // 教育
  t({ name: '教师资格认定', dept: 'edu', levels: ['province', 'county'], type: 'confirmation', legal: 30, promised: 20, unit: 'natural_day', depth: 3, maxTrips: 1, fee: 0, popularity: 0.8, org: 0, correction: 0.05 }),
  t({ name: '民办学校设立审批', dept: 'edu', levels: ['province'], type: 'permit', legal: 60, promised: 30, unit: 'workday', depth: 2, maxTrips: 2, fee: 0, popularity: 0.1, org: 1, special: ['专家评审', 0.8] }),
  // 医保
  t({ name: '基本医疗保险关系转移接续', dept: 'medins', levels: ['city'], type: 'public_service', legal: 15, promised: 5, unit: 'workday', depth: 4, maxTrips: 0, fee: 0, popularity: 2, org: 0 }),
  t({ name: '异地就医备案', dept: 'medins', levels: ['province', 'city'], type: 'public_service', legal: 5, promised: 0, unit: 'workday', depth: 4, maxTrips: 0, fee: 0, popularity: 2.5, org: 0 }),
  // 商务 / 文旅 / 应急
  t({ name: '对外贸易经营者备案登记', dept: 'commerce', levels: ['province'], type: 'other', legal: 5, promised: 0, unit: 'workday', depth: 4, maxTrips: 0, fee: 0, popularity: 0.6, org: 1 }),
  t({ name: '旅行社设立许可', dept: 'culture', levels: ['province'], type: 'permit', legal: 20, promised: 10, unit: 'workday', depth: 3, maxTrips: 1, fee: 0, popularity: 0.2, org: 1, special: ['现场检查', 0.3] }),
  t({ name: '危险化学品经营许可', dept: 'emergency', levels: ['province'], type: 'permit', legal: 30, promised: 15, unit: 'workday', depth: 3, maxTrips: 1, fee: 0, popularity: 0.3, org: 1, correction: 0.2, special: ['专家评审', 0.4] }),
  t({ name: '行政复议申请', dept: 'natres', levels: ['province'], type: 'ruling', legal: 60, promised: 40, unit: 'natural_day', depth: 2, maxTrips: 1, fee: 0, popularity: 0.1, org: 0.5, special: ['听证', 0.3] }),
];
