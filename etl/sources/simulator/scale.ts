// Scale options (deptsTarget, itemsTarget) for the benchmark's city-scale
// province: more departments per region (下属机构: 派出所, 市场监管所, 税务分局 …)
// and more catalogue items per department (业务办理项 of a service: 首次申请,
// 变更, 延续 …). Both append, drawing from PRNG streams of their own, and touch
// nothing unless a target exceeds the base: the default province is
// byte-identical to the one without them.
import type { Item } from './catalogue.ts';
import { pad } from './codes.ts';
import { deptCode, type Dept } from './departments.ts';
import { Rng, Stream } from './prng.ts';

/** 下属机构 name per department kind. */
const SUB_UNIT: Record<string, string> = {
  amr: '市场监管所', police: '派出所', hrss: '社保服务站', bdc: '登记分中心', tax: '税务分局', health: '卫生监督所',
  civil: '社会事务服务站', gjj: '管理部', housing: '建设管理站', env: '生态环境监测站', transport: '运输服务站',
  natres: '自然资源所', edu: '教育服务中心', medins: '医保服务站', commerce: '商务服务站', culture: '文旅服务站',
  emergency: '应急服务站',
};
const PLACES = ['城东', '城西', '城南', '城北', '开发区', '高新区', '新城', '老城', '滨江', '港区', '湖滨', '中心', '北部', '南部', '东部', '西部'];

/** 业务办理项 qualifiers; past the list, 办理项N. */
const VARIANTS = ['首次申请', '变更', '延续', '注销', '补办', '换发', '个人', '单位', '网上办理', '容缺受理', '告知承诺制',
  '跨省通办', '省内通办', '加急', '委托代理', '分支机构', '外资', '港澳台'];

/** Maximum variants of one item: the 3-digit 业务办理项 part of the 实施编码. */
export const MAX_VARIANTS_PER_ITEM = 999;

/** How many of `extra` go to element j of n, spread evenly (Σ = extra). */
const share = (j: number, n: number, extra: number): number => Math.floor(((j + 1) * extra) / n) - Math.floor((j * extra) / n);

/**
 * Sub-units that bring the department count to `target` (nothing when the
 * base already has that many): each base department gets its share, of the
 * same kind, level and region, with its own staff and deadline discipline.
 */
export function subUnits(seed: number, base: readonly Dept[], target: number): Dept[] {
  const extra = target - base.length;
  if (extra <= 0) return [];
  const rng = new Rng(seed, Stream.departments, 1);
  const out: Dept[] = [];
  base.forEach((parent, j) => {
    for (let n = 1; n <= share(j, base.length, extra); n++) {
      const serial = base.length + out.length + 1;
      const place = PLACES[n - 1] ?? `第${n}`;
      const staffCount = rng.int(3, 6);
      out.push({
        code: deptCode(parent.region, serial),
        name: `${parent.name}${place}${SUB_UNIT[parent.kind.key] ?? '服务站'}`,
        kind: parent.kind,
        region: parent.region,
        level: parent.level,
        // 4-digit serial: unique among the thousands of sub-units (the base keeps its 2-digit form).
        staff: Array.from({ length: staffCount }, (_, i) => `${parent.kind.abbr}${parent.region.code}${pad(serial, 4)}${pad(i + 1, 2)}`),
        diligence: parent.region.diligence * (0.7 + rng.float() * 0.6),
      });
    }
  });
  return out;
}

/**
 * 业务办理项 that bring the catalogue to `target` items: each item gets its
 * share of variants, with the item's code but the 办理项 digits, its limits
 * (the promised one sometimes compressed further) and a part of its volume.
 * Mutates the base items' weights only when they get variants.
 */
export function itemVariants(seed: number, base: readonly Item[], target: number): Item[] {
  const extra = target - base.length;
  if (extra <= 0) return [];
  if (extra > base.length * MAX_VARIANTS_PER_ITEM) throw new RangeError(`itemsTarget ${target} needs more than ${MAX_VARIANTS_PER_ITEM} variants per item`);
  const rng = new Rng(seed, Stream.catalogue, 3);
  const out: Item[] = [];
  base.forEach((item, j) => {
    const count = share(j, base.length, extra);
    if (count === 0) return;
    // The item and its variants share its case volume, unevenly.
    const weights = Array.from({ length: count + 1 }, () => 0.3 + rng.float());
    const total = weights.reduce((a, b) => a + b, 0);
    const volume = item.weight;
    item.weight = (volume * weights[0]!) / total;
    for (let v = 1; v <= count; v++) {
      const promised = item.promised > 1 && rng.chance(0.3) ? Math.max(1, Math.floor(item.promised * (0.5 + rng.float() * 0.4))) : item.promised;
      out.push({
        ...item,
        code: `${item.code.slice(0, -3)}${pad(v, 3)}`,
        name: `${item.name}（${VARIANTS[v - 1] ?? `办理项${v}`}）`,
        promised,
        weight: (volume * weights[v]!) / total,
        revision: null,
      });
    }
  });
  return out;
}
