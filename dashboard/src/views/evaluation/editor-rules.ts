// The index-system editor's model and its as-you-type validation (pure; editor-rules.test.ts).
// Mirrors server/api/evaluation-schemas.ts and server/evaluation/systems.ts validateSystem:
// siblings' weights sum to 1 within 1e-9, leaves name a known metric or an external code,
// normalization params present, names non-empty, leaf keys unique.
import type { IndexNode, IndexSystem, IndexSystemInput } from '../../api/evaluation.ts';

export const WEIGHT_TOLERANCE = 1e-9;
export const METHODS = ['linear', 'minmax', 'target', 'bands', 'rank', 'zscore'] as const;
export type Method = (typeof METHODS)[number];
export const METHOD_LABELS: Record<Method, string> = {
  linear: '线性（比例×100）', minmax: '极差（min-max）', target: '目标值', bands: '分档', rank: '排名', zscore: '标准分（z-score）',
};
const EXTERNAL_CODE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const SYSTEM_CODE = /^[a-z0-9][a-z0-9_-]{0,55}$/;

export interface DraftBand { min: string; score: string }

/** One node as the form edits it: numbers stay text until they validate. */
export interface DraftNode {
  uid: number;
  name: string;
  weight: string;
  /** group = has children; metric / external = a leaf's source. */
  kind: 'group' | 'metric' | 'external';
  metricId: string;
  extCode: string;
  /** '' = the server's default (linear). */
  method: Method | '';
  target: string;
  bands: DraftBand[];
  /** '' = the metric's default direction. */
  direction: '' | 'up' | 'down';
  /** Kept as-is from the starting version (no form fields). */
  key?: string;
  clip?: [number, number];
  children: DraftNode[];
}

export interface DraftSystem {
  code: string;
  name: string;
  description: string;
  minSample: string;
  children: DraftNode[];
}

export const ROOT = 0;

export interface Issue {
  /** The node in error (ROOT = the system itself / its top level). */
  uid: number;
  field: 'code' | 'name' | 'minSample' | 'weight' | 'weights' | 'source' | 'params' | 'key';
  message: string;
}

let nextUid = 1;
export const newUid = (): number => nextUid++;

export function blankLeaf(): DraftNode {
  return { uid: newUid(), name: '', weight: '0', kind: 'metric', metricId: '', extCode: '', method: '', target: '', bands: [], direction: '', children: [] };
}

function nodeToDraft(n: IndexNode): DraftNode {
  const norm = n.normalization;
  const d: DraftNode = {
    uid: newUid(), name: n.name, weight: String(n.weight),
    kind: n.children?.length ? 'group' : n.source?.kind === 'external' ? 'external' : 'metric',
    metricId: n.source?.kind === 'metric' ? n.source.id : '',
    extCode: n.source?.kind === 'external' ? n.source.code : '',
    method: norm?.method ?? '',
    target: norm?.method === 'target' ? String(norm.params.target) : '',
    bands: norm?.method === 'bands' ? norm.params.bands.map(([min, score]) => ({ min: String(min), score: String(score) })) : [],
    direction: n.direction ?? '',
    children: (n.children ?? []).map(nodeToDraft),
  };
  if (n.key !== undefined) d.key = n.key;
  if (n.clip) d.clip = [n.clip[0], n.clip[1]];
  return d;
}

/** A stored version as an editable draft (same code: saving appends a version). */
export function systemToDraft(s: Pick<IndexSystem, 'code' | 'name' | 'description' | 'minSample' | 'children'>): DraftSystem {
  return { code: s.code, name: s.name, description: s.description, minSample: String(s.minSample), children: s.children.map(nodeToDraft) };
}

/** A finite number from form text; null when empty or not a number. */
export function num(text: string): number | null {
  if (text.trim() === '') return null;
  const v = Number(text);
  return Number.isFinite(v) ? v : null;
}

/** The sum of sibling weights (invalid weights count as 0). */
export const weightSum = (nodes: readonly DraftNode[]): number => nodes.reduce((a, n) => a + (num(n.weight) ?? 0), 0);

const leafKey = (n: DraftNode): string => n.key ?? (n.kind === 'external' ? `ext:${n.extCode.trim()}` : n.metricId.trim());
const label = (n: DraftNode): string => (n.name.trim() ? `「${n.name.trim()}」` : '（未命名）');

/** Every problem of the draft; `knownMetrics` = catalogue ids (plus ids the starting version already used). */
export function validateDraft(draft: DraftSystem, knownMetrics: ReadonlySet<string>): Issue[] {
  const issues: Issue[] = [];
  if (!SYSTEM_CODE.test(draft.code) || /-v\d+$/.test(draft.code)) {
    issues.push({ uid: ROOT, field: 'code', message: 'code 应为小写字母、数字、-、_，且不能以 -v<数字> 结尾' });
  } else if (draft.code === 'default') {
    issues.push({ uid: ROOT, field: 'code', message: 'default 为内置指标体系，请使用其他 code' });
  }
  if (!draft.name.trim()) issues.push({ uid: ROOT, field: 'name', message: '指标体系名称不能为空' });
  const ms = num(draft.minSample);
  if (ms === null || !Number.isInteger(ms) || ms < 0 || ms > 1_000_000) {
    issues.push({ uid: ROOT, field: 'minSample', message: '最小样本量应为 0–1000000 的整数' });
  }
  const keys = new Set<string>();
  const check = (nodes: readonly DraftNode[], parentUid: number, parentName: string) => {
    if (nodes.length === 0) {
      issues.push({ uid: parentUid, field: 'weights', message: `节点${parentName}没有下级` });
      return;
    }
    const sum = weightSum(nodes);
    if (Math.abs(sum - 1) > WEIGHT_TOLERANCE) {
      issues.push({ uid: parentUid, field: 'weights', message: `节点${parentName}的下级权重之和为 ${formatSum(sum)}，应为 1` });
    }
    for (const n of nodes) {
      if (!n.name.trim()) issues.push({ uid: n.uid, field: 'name', message: '名称不能为空' });
      const w = num(n.weight);
      if (w === null || w < 0 || w > 1) issues.push({ uid: n.uid, field: 'weight', message: `${label(n)}的权重应为 0–1 的数` });
      if (n.kind === 'group') {
        check(n.children, n.uid, label(n));
        continue;
      }
      checkLeaf(n, knownMetrics, issues);
      const key = leafKey(n);
      if (key && key !== 'ext:') {
        if (keys.has(key)) issues.push({ uid: n.uid, field: 'key', message: `叶子指标重复：${key}` });
        keys.add(key);
      }
    }
  };
  check(draft.children, ROOT, draft.name.trim() ? `「${draft.name.trim()}」` : '（根）');
  return issues;
}

function checkLeaf(n: DraftNode, knownMetrics: ReadonlySet<string>, issues: Issue[]): void {
  if (n.kind === 'metric') {
    const id = n.metricId.trim();
    if (!id) issues.push({ uid: n.uid, field: 'source', message: `${label(n)}未选择指标` });
    else if (!knownMetrics.has(id)) issues.push({ uid: n.uid, field: 'source', message: `${label(n)}引用了未知指标：${id}` });
  } else if (!EXTERNAL_CODE.test(n.extCode.trim())) {
    issues.push({ uid: n.uid, field: 'source', message: `${label(n)}的外部指标编码无效（字母开头，字母、数字、_）` });
  }
  if (n.method === 'target') {
    const t = num(n.target);
    if (t === null || t <= 0) issues.push({ uid: n.uid, field: 'params', message: `${label(n)}缺少目标值（应为正数）` });
  } else if (n.method === 'bands') {
    if (n.bands.length === 0) issues.push({ uid: n.uid, field: 'params', message: `${label(n)}至少需要一个分档` });
    else if (n.bands.length > 100) issues.push({ uid: n.uid, field: 'params', message: `${label(n)}分档不能超过 100 个` });
    n.bands.forEach((b, i) => {
      const s = num(b.score);
      if (num(b.min) === null) issues.push({ uid: n.uid, field: 'params', message: `${label(n)}第 ${i + 1} 档缺少下限` });
      if (s === null || s < 0 || s > 100) issues.push({ uid: n.uid, field: 'params', message: `${label(n)}第 ${i + 1} 档得分应为 0–100` });
    });
  }
}

/** A weight sum for messages: float noise trimmed (0.30000000000000004 → 0.3), tiny errors still visible. */
export function formatSum(sum: number): string {
  return String(Number(sum.toPrecision(12)));
}

function draftToNode(n: DraftNode): IndexNode {
  const node: IndexNode = { name: n.name.trim(), weight: num(n.weight) ?? 0 };
  if (n.kind === 'group') {
    node.children = n.children.map(draftToNode);
    return node;
  }
  if (n.key !== undefined) node.key = n.key;
  node.source = n.kind === 'metric' ? { kind: 'metric', id: n.metricId.trim() } : { kind: 'external', code: n.extCode.trim() };
  if (n.method === 'target') node.normalization = { method: 'target', params: { target: num(n.target) ?? 0 } };
  else if (n.method === 'bands') node.normalization = { method: 'bands', params: { bands: n.bands.map((b) => [num(b.min) ?? 0, num(b.score) ?? 0] as [number, number]) } };
  else if (n.method) node.normalization = { method: n.method };
  if (n.direction) node.direction = n.direction;
  if (n.clip) node.clip = n.clip;
  return node;
}

/** The POST body of a new version. */
export function draftToInput(d: DraftSystem): IndexSystemInput {
  return { code: d.code.trim(), name: d.name.trim(), description: d.description, minSample: num(d.minSample) ?? 30, children: d.children.map(draftToNode) };
}

/** Tree edits (mutate the reactive draft in place). */
export function findParent(nodes: DraftNode[], uid: number): DraftNode[] | null {
  for (const n of nodes) {
    if (n.uid === uid) return nodes;
    const inner = findParent(n.children, uid);
    if (inner) return inner;
  }
  return null;
}

export function removeNode(root: DraftNode[], uid: number): void {
  const siblings = findParent(root, uid);
  if (!siblings) return;
  siblings.splice(siblings.findIndex((n) => n.uid === uid), 1);
}

/** Adds a leaf under `parent` (a leaf becomes a group: its source and normalization go). */
export function addChild(parent: DraftNode): DraftNode {
  if (parent.kind !== 'group') {
    Object.assign(parent, { kind: 'group', metricId: '', extCode: '', method: '', target: '', bands: [], direction: '' });
    delete parent.key;
    delete parent.clip;
  }
  const leaf = blankLeaf();
  parent.children.push(leaf);
  return leaf;
}
