// Index systems (指标体系, metrics.md: Composite indices): validation, the
// built-in default 电子监察综合指数, and immutable versions stored append-only
// in `eval_index_systems` (a POST appends version n + 1 of its code).
import type { IndexNode, IndexSystem, IndexSystemInput } from '../api/evaluation-schemas.ts';
import { beijingIso, nextVersion, toSeconds } from '../auth/version.ts';
import { badRequest, notFound } from '../errors.ts';
import { isMetricId } from '../metrics/index.ts';
import type { Db } from '../sql/client.ts';
import { sql, str } from '../sql/literal.ts';
import { leafKey } from './score.ts';

/**
 * Metrics defined in metrics.md whose registry entry may not exist yet
 * (anomaly_rate arrives with the supervision issue). A leaf on one of them is
 * accepted, and missing for every unit until the metric is registered.
 */
export const PENDING_METRICS: readonly string[] = ['anomaly_rate'];

const leaf = (name: string, id: string, weight: number, extra: Partial<IndexNode> = {}): IndexNode =>
  ({ name, weight, source: { kind: 'metric', id }, normalization: { method: 'linear' }, ...extra });

/** metrics.md: the default system — weights within each dimension are the spec's percentages over the dimension's. */
export const DEFAULT_SYSTEM: IndexSystem = Object.freeze({
  id: 'default-v1',
  code: 'default',
  version: 1,
  name: '电子监察综合指数',
  description: '默认指标体系（metrics.md）：办理时效 30%、便利度 30%、群众满意 30%、合规 10%，各叶子指标线性标准化。',
  minSample: 30,
  builtIn: true,
  createdAt: '2025-01-01T00:00:00+08:00',
  createdBy: 'system',
  children: [
    { name: '办理时效', weight: 0.3, children: [
      leaf('按时办结率', 'ontime_rate', 15 / 30),
      leaf('提前办结率', 'early_rate', 5 / 30),
      leaf('提速率', 'speedup_rate', 10 / 30, { clip: [0, 1] }),
    ] },
    { name: '便利度', weight: 0.3, children: [
      leaf('一窗受理率', 'one_window_rate', 10 / 30),
      leaf('全程网办率', 'full_online_rate', 10 / 30),
      leaf('最多跑一次实现率', 'max_one_trip_rate', 10 / 30),
    ] },
    { name: '群众满意', weight: 0.3, children: [
      leaf('好评率', 'good_rate', 15 / 30),
      leaf('评价率', 'rating_rate', 5 / 30),
      leaf('差评整改及时率', 'rectify_ontime_rate', 10 / 30),
    ] },
    { name: '合规', weight: 0.1, children: [
      leaf('异常办件率', 'anomaly_rate', 0.5, { direction: 'down' }),
      leaf('超期未办结率', 'overdue_open_rate', 0.5, { direction: 'down' }),
    ] },
  ],
});

const WEIGHT_TOLERANCE = 1e-9;

/** Structural rules a schema cannot express; throws a 400 naming the node. */
export function validateSystem(input: Pick<IndexSystemInput, 'name' | 'children'>): void {
  const keys = new Set<string>();
  const check = (nodes: readonly IndexNode[], parent: string) => {
    const sum = nodes.reduce((a, n) => a + n.weight, 0);
    if (Math.abs(sum - 1) > WEIGHT_TOLERANCE) {
      throw badRequest(`指标体系节点「${parent}」的下级权重之和为 ${sum}，应为 1（误差不超过 1e-9）`,
        `Weights of the children of node "${parent}" sum to ${sum}, expected 1 (within 1e-9)`, 'invalid_weights');
    }
    for (const n of nodes) {
      if (n.children) {
        if (n.source || n.normalization || n.clip || n.direction || n.key) {
          throw badRequest(`节点「${n.name}」有下级，不能设置数据来源或标准化方法`, `Node "${n.name}" has children: it cannot have a source or normalization`, 'invalid_node');
        }
        check(n.children, n.name);
        continue;
      }
      if (!n.source) throw badRequest(`叶子节点「${n.name}」缺少数据来源（source）`, `Leaf "${n.name}" has no source`, 'invalid_node');
      if (n.source.kind === 'metric' && !isMetricId(n.source.id) && !PENDING_METRICS.includes(n.source.id)) {
        throw badRequest(`叶子节点「${n.name}」引用了未知指标：${n.source.id}`, `Leaf "${n.name}" references an unknown metric: ${n.source.id}`, 'unknown_metric');
      }
      if (n.clip && !(n.clip[0] <= n.clip[1])) {
        throw badRequest(`叶子节点「${n.name}」的截断区间无效`, `Leaf "${n.name}" has an invalid clip range`, 'invalid_node');
      }
      const key = leafKey(n);
      if (keys.has(key)) throw badRequest(`叶子指标重复：${key}（请为重复的叶子设置不同的 key）`, `Duplicate leaf: ${key} (give repeated leaves distinct keys)`, 'invalid_node');
      keys.add(key);
    }
  };
  check(input.children, input.name);
}

interface SystemRow {
  system_id: string;
  code: string;
  version: number;
  definition: string;
  created_by: string;
  created_at: string;
}

const fromRow = (r: SystemRow): IndexSystem => {
  const def = JSON.parse(r.definition) as IndexSystemInput;
  return {
    id: r.system_id, code: r.code, version: Number(r.version), name: def.name, description: def.description ?? '',
    minSample: def.minSample, children: def.children, builtIn: false, createdAt: beijingIso(r.created_at), createdBy: r.created_by,
  };
};

export async function listSystems(db: Db): Promise<IndexSystem[]> {
  const rows = await db.query<SystemRow>(sql`SELECT system_id, code, version, definition, created_by, created_at
    FROM eval_index_systems ORDER BY code, version`);
  return [DEFAULT_SYSTEM, ...rows.map(fromRow)];
}

/** `id` = `<code>-v<n>` (one version), or a bare code (its latest version); an `index:` prefix is allowed. */
export async function getSystem(db: Db, id: string): Promise<IndexSystem> {
  const bare = id.startsWith('index:') ? id.slice(6) : id;
  if (bare === DEFAULT_SYSTEM.id || bare === DEFAULT_SYSTEM.code) return DEFAULT_SYSTEM;
  const cols = sql`SELECT system_id, code, version, definition, created_by, created_at FROM eval_index_systems`;
  const [exact] = await db.query<SystemRow>(sql`${cols} WHERE system_id = ${str(bare)} LIMIT 1`);
  const row = exact ?? (await db.query<SystemRow>(sql`${cols} WHERE code = ${str(bare)} ORDER BY version DESC LIMIT 1`))[0];
  if (!row) throw notFound('指标体系');
  return fromRow(row);
}

/** Validates and appends a new immutable version. */
export async function createSystem(db: Db, input: IndexSystemInput, actor: string): Promise<IndexSystem> {
  if (input.code === DEFAULT_SYSTEM.code) {
    throw badRequest('default 为内置指标体系，请使用其他 code', '"default" is the built-in system; use another code', 'invalid_code');
  }
  validateSystem(input);
  const [last] = await db.query<{ v: string }>(sql`SELECT max(version) AS v FROM eval_index_systems WHERE code = ${str(input.code)}`);
  const version = Number(last?.v ?? 0) + 1;
  const id = `${input.code}-v${version}`;
  const now = Date.now();
  await db.insert('eval_index_systems', [{
    system_id: id, code: input.code, version, definition: JSON.stringify(input),
    created_by: actor, created_at: toSeconds(now), seq: nextVersion(),
  }]);
  return getSystem(db, id);
}
