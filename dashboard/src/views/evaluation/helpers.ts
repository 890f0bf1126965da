// Pure helpers of the 第三方评估 screens (unit-tested in helpers.test.ts).
import type { RouteLocationRaw } from 'vue-router';
import type { IndexNode, IndexSystem, IndexSystemInput, LeafResult, LineDiff, Scorecard, ScorecardLine } from '../../api/evaluation.ts';

/** The JSON export of a system: exactly the body POST /api/evaluation/index-systems accepts. */
export function systemToInput(s: IndexSystem): IndexSystemInput {
  return { code: s.code, name: s.name, description: s.description, minSample: s.minSample, children: s.children };
}

/** Parses an imported JSON file; returns the value or a Chinese error. */
export function parseSystemJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: '文件内容应为一个 JSON 对象（指标体系）' };
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: `不是有效的 JSON：${err instanceof Error ? err.message : String(err)}` };
  }
}

export interface FlatNode {
  depth: number;
  name: string;
  /** Weight relative to siblings, and the product down from the root. */
  weight: number;
  effective: number;
  leaf: boolean;
  source: string;
  normalization: string;
  direction: string;
}

const NORMALIZATION_LABELS: Record<string, string> = {
  linear: '线性（比例×100）', minmax: '极差（min-max）', target: '目标值', bands: '分档', rank: '排名', zscore: '标准分（z-score）',
};

export function normalizationText(n: IndexNode['normalization']): string {
  if (!n) return '默认（线性）';
  const label = NORMALIZATION_LABELS[n.method] ?? n.method;
  if (n.method === 'target') return `${label} ${n.params.target}`;
  if (n.method === 'bands') return `${label}：${n.params.bands.map(([v, s]) => `≥${v}→${s}`).join('，')}`;
  return label;
}

/** The tree as rows in depth-first order, for an indented table. */
export function flattenTree(children: readonly IndexNode[], depth = 0, parentWeight = 1): FlatNode[] {
  const out: FlatNode[] = [];
  for (const n of children) {
    const effective = parentWeight * n.weight;
    const leaf = !n.children?.length;
    out.push({
      depth, name: n.name, weight: n.weight, effective, leaf,
      source: n.source ? (n.source.kind === 'metric' ? `指标 ${n.source.id}` : `外部 ${n.source.code}`) : '',
      normalization: leaf ? normalizationText(n.normalization) : '',
      direction: leaf ? (n.direction === 'down' ? '越低越好' : n.direction === 'up' ? '越高越好' : '按指标默认') : '',
    });
    if (n.children) out.push(...flattenTree(n.children, depth + 1, effective));
  }
  return out;
}

/** Leaf keys of a tree in order with their names (key = explicit key, metric id or `ext:<code>`). */
export function leafKeys(children: readonly IndexNode[]): Array<{ key: string; name: string }> {
  const out: Array<{ key: string; name: string }> = [];
  const walk = (nodes: readonly IndexNode[]) => {
    for (const n of nodes) {
      if (n.children?.length) walk(n.children);
      else if (n.source) out.push({ key: n.key ?? (n.source.kind === 'metric' ? n.source.id : `ext:${n.source.code}`), name: n.name });
    }
  };
  walk(children);
  return out;
}

export const dimensionNames = (card: Pick<Scorecard, 'system'>): string[] => card.system.children.map((c) => c.name);

/** Scores to 2 decimals; "—" for a missing one. */
export function score(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(2);
}

const MISSING_LABELS: Record<NonNullable<LeafResult['missing']>, string> = {
  no_data: '无数据', insufficient: '样本不足', unavailable: '暂不可用',
};
export const missingLabel = (m: LeafResult['missing']): string => (m ? MISSING_LABELS[m] : '');

/** The ranking table: lines by rank (unranked last), then by name. */
export function rankedLines(lines: readonly ScorecardLine[]): ScorecardLine[] {
  return [...lines].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.unit.name.localeCompare(b.unit.name, 'zh-CN'));
}

/** A leaf value's drill link (server: `/api/supervision/cases?…`) as the dashboard route `/supervision/cases?…`. */
export function drillRoute(leaf: LeafResult): RouteLocationRaw | null {
  if (!leaf.cases) return null;
  return { path: leaf.cases.path.replace(/^\/api(?=\/)/, ''), query: { ...leaf.cases.query } };
}

/** A raw leaf value for display (rates stay fractions, as in the exports): up to 4 decimals; the missing reason when absent. */
export function leafValue(leaf: LeafResult): string {
  if (leaf.value === null) return missingLabel(leaf.missing) || '—';
  return String(Number(leaf.value.toFixed(4)));
}

export interface DiffRow {
  unit: string;
  change: string;
  composite: string;
  rank: string;
  leaves: string;
}

const CHANGE_LABELS: Record<LineDiff['change'], string> = { added: '新增', removed: '移除', changed: '变化' };
const arrow = (pair: [number | null, number | null], fmt: (v: number | null) => string) => `${fmt(pair[0])} → ${fmt(pair[1])}`;

/** Recompute differences as table rows. */
export function diffRows(diffs: readonly LineDiff[]): DiffRow[] {
  return diffs.map((d) => ({
    unit: d.unit.name,
    change: CHANGE_LABELS[d.change],
    composite: arrow(d.composite, score),
    rank: arrow(d.rank, (v) => (v === null ? '—' : String(v))),
    leaves: Object.entries(d.leaves).map(([k, v]) => `${k} ${arrow(v.score, score)}`).join('；'),
  }));
}

export const BY_LABELS: Record<string, string> = { region: '按区划', dept: '按部门' };
export const LEVEL_LABELS: Record<string, string> = { province: '省级', city: '市级', county: '县级', township: '乡镇' };

/** Last whole month before `today` (YYYY-MM-DD), the default scorecard period. */
export function previousMonthRange(today: string): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const py = m === 1 ? y - 1 : y;
  const pm = m === 1 ? 12 : m - 1;
  const last = new Date(Date.UTC(py, pm, 0)).getUTCDate();
  const mm = String(pm).padStart(2, '0');
  return { from: `${py}-${mm}-01`, to: `${py}-${mm}-${String(last).padStart(2, '0')}` };
}
