import { describe, expect, test } from 'vitest';
import type { IndexNode } from '../../api/evaluation.ts';
import {
  addChild, draftToInput, formatSum, num, removeNode, ROOT, systemToDraft, validateDraft, weightSum, type DraftSystem,
} from './editor-rules.ts';

const KNOWN = new Set(['ontime_rate', 'speedup_rate', 'bad_rating_rate']);
const TREE: IndexNode[] = [
  { name: '时效', weight: 0.6, children: [
    { name: '按时办结率', weight: 0.5, source: { kind: 'metric', id: 'ontime_rate' }, normalization: { method: 'linear' } },
    { name: '提速率', weight: 0.5, key: 'speedup', source: { kind: 'metric', id: 'speedup_rate' }, normalization: { method: 'target', params: { target: 0.5 } }, direction: 'up', clip: [0, 1] },
  ] },
  { name: '满意度', weight: 0.4, source: { kind: 'external', code: 'survey' }, normalization: { method: 'bands', params: { bands: [[90, 100], [80, 80]] } } },
];
const base = () => systemToDraft({ code: 'ontime', name: '时效指数', description: 'd', minSample: 30, children: TREE });
const g = (d: DraftSystem, ...path: number[]) => path.reduce((nodes, i, k) => (k === path.length - 1 ? nodes : nodes[i]!.children), d.children)[path.at(-1)!]!;

test('round trip: a stored tree comes back as the same POST body', () => {
  expect(draftToInput(base())).toEqual({ code: 'ontime', name: '时效指数', description: 'd', minSample: 30, children: TREE });
  expect(validateDraft(base(), KNOWN)).toEqual([]);
});

test.each([
  ['', null], ['  ', null], ['abc', null], ['0.25', 0.25], ['1e-3', 0.001], ['-1', -1],
])('num(%j) = %j', (text, expected) => {
  expect(num(text)).toBe(expected);
});

test.each([
  [['0.1', '0.2'], 0.30000000000000004, '0.3'],
  [['0.5', '0.5'], 1, '1'],
  [['0.6', 'x'], 0.6, '0.6'],
  [['0.333333333', '0.333333333', '0.333333333'], 0.999999999, '0.999999999'],
])('weightSum(%j) = %d, shown as %s', (weights, sum, shown) => {
  const nodes = weights.map((weight) => ({ ...base().children[1]!, weight }));
  expect(weightSum(nodes)).toBeCloseTo(sum, 15);
  expect(formatSum(weightSum(nodes))).toBe(shown);
});

// Each case edits the valid base draft and lists the expected [node, field, message] issues.
type Case = [string, (d: DraftSystem) => void, Array<[string, string, string]>];
const uidName = (d: DraftSystem, uid: number): string => {
  if (uid === ROOT) return 'ROOT';
  const walk = (nodes: DraftSystem['children']): string | null => {
    for (const n of nodes) if (n.uid === uid) return n.name.trim() || '(blank)'; else { const r = walk(n.children); if (r) return r; }
    return null;
  };
  return walk(d.children) ?? '?';
};
test.each<Case>([
  ['top-level weights 0.6 + 0.3 = 0.9', (d) => { g(d, 1).weight = '0.3'; }, [['ROOT', 'weights', '节点「时效指数」的下级权重之和为 0.9，应为 1']]],
  ['inner weights 0.5 + 0.6 = 1.1 names the group', (d) => { g(d, 0, 1).weight = '0.6'; }, [['时效', 'weights', '节点「时效」的下级权重之和为 1.1，应为 1']]],
  ['within 1e-9 is accepted', (d) => { g(d, 0, 0).weight = '0.5000000001'; }, []],
  ['beyond 1e-9 is not', (d) => { g(d, 0, 0).weight = '0.500000002'; }, [['时效', 'weights', '节点「时效」的下级权重之和为 1.000000002，应为 1']]],
  ['weight not a number', (d) => { g(d, 1).weight = 'abc'; }, [
    ['ROOT', 'weights', '节点「时效指数」的下级权重之和为 0.6，应为 1'], ['满意度', 'weight', '「满意度」的权重应为 0–1 的数'],
  ]],
  ['empty node name', (d) => { g(d, 0, 0).name = ' '; }, [['(blank)', 'name', '名称不能为空']]],
  ['empty system name', (d) => { d.name = ''; }, [['ROOT', 'name', '指标体系名称不能为空']]],
  ['unknown metric', (d) => { g(d, 0, 0).metricId = 'nope'; }, [['按时办结率', 'source', '「按时办结率」引用了未知指标：nope']]],
  ['no metric picked', (d) => { g(d, 0, 0).metricId = ''; }, [['按时办结率', 'source', '「按时办结率」未选择指标']]],
  ['bad external code', (d) => { g(d, 1).extCode = '9x'; }, [['满意度', 'source', '「满意度」的外部指标编码无效（字母开头，字母、数字、_）']]],
  ['target missing', (d) => { g(d, 0, 1).target = ''; }, [['提速率', 'params', '「提速率」缺少目标值（应为正数）']]],
  ['target not positive', (d) => { g(d, 0, 1).target = '0'; }, [['提速率', 'params', '「提速率」缺少目标值（应为正数）']]],
  ['no bands', (d) => { g(d, 1).bands = []; }, [['满意度', 'params', '「满意度」至少需要一个分档']]],
  ['band without a lower bound, score > 100', (d) => { g(d, 1).bands = [{ min: '', score: '120' }]; }, [
    ['满意度', 'params', '「满意度」第 1 档缺少下限'], ['满意度', 'params', '「满意度」第 1 档得分应为 0–100'],
  ]],
  ['duplicate leaf', (d) => { g(d, 1).kind = 'metric'; g(d, 1).metricId = 'ontime_rate'; }, [['满意度', 'key', '叶子指标重复：ontime_rate']]],
  ['code ending in -v2', (d) => { d.code = 'ontime-v2'; }, [['ROOT', 'code', 'code 应为小写字母、数字、-、_，且不能以 -v<数字> 结尾']]],
  ['code default', (d) => { d.code = 'default'; }, [['ROOT', 'code', 'default 为内置指标体系，请使用其他 code']]],
  ['minSample not an integer', (d) => { d.minSample = '2.5'; }, [['ROOT', 'minSample', '最小样本量应为 0–1000000 的整数']]],
])('validateDraft: %s', (_name, edit, expected) => {
  const d = base();
  edit(d);
  expect(validateDraft(d, KNOWN).map((i) => [uidName(d, i.uid), i.field, i.message])).toEqual(expected);
});

describe('tree edits', () => {
  test('addChild turns a leaf into a group and drops its source', () => {
    const d = base();
    const leaf = g(d, 1);
    const child = addChild(leaf);
    expect(leaf.kind).toBe('group');
    expect(leaf.children).toEqual([child]);
    child.name = '暗访';
    child.weight = '1';
    child.kind = 'external';
    child.extCode = 'mystery';
    expect(validateDraft(d, KNOWN)).toEqual([]);
    expect(draftToInput(d).children[1]).toEqual({ name: '满意度', weight: 0.4, children: [{ name: '暗访', weight: 1, source: { kind: 'external', code: 'mystery' } }] });
  });
  test('removing the last child of a group is an error on the group', () => {
    const d = base();
    const group = g(d, 0);
    removeNode(d.children, group.children[0]!.uid);
    removeNode(d.children, group.children[0]!.uid);
    expect(validateDraft(d, KNOWN).map((i) => [i.uid === group.uid, i.field, i.message])).toEqual([[true, 'weights', '节点「时效」没有下级']]);
  });
});
