import { expect, test } from 'vitest';
import type { IndexNode, IndexSystem, LeafResult, ScorecardLine } from '../../api/evaluation.ts';
import {
  diffRows, drillRoute, flattenTree, leafKeys, leafValue, normalizationText, parseSystemJson, previousMonthRange, rankedLines, score, systemToInput,
} from './helpers.ts';

const TREE: IndexNode[] = [
  { name: '时效', weight: 0.6, children: [
    { name: '按时办结率', weight: 0.5, source: { kind: 'metric', id: 'ontime_rate' }, normalization: { method: 'linear' } },
    { name: '提速率', weight: 0.5, key: 'speedup', source: { kind: 'metric', id: 'speedup_rate' }, normalization: { method: 'target', params: { target: 0.5 } }, direction: 'up' },
  ] },
  { name: '满意度', weight: 0.4, source: { kind: 'external', code: 'survey' }, normalization: { method: 'bands', params: { bands: [[90, 100], [80, 80]] } } },
];
const SYSTEM: IndexSystem = {
  id: 'ontime-v2', code: 'ontime', version: 2, name: '时效', description: 'd', minSample: 0, children: TREE, builtIn: false, createdAt: 'x', createdBy: 'ev',
};

test('systemToInput: the POST body, without the server-assigned fields', () => {
  expect(systemToInput(SYSTEM)).toEqual({ code: 'ontime', name: '时效', description: 'd', minSample: 0, children: TREE });
});

test('parseSystemJson: object, BOM, not JSON, not an object', () => {
  expect(parseSystemJson('\uFEFF{"code":"a"}')).toEqual({ ok: true, value: { code: 'a' } });
  expect(parseSystemJson('{')).toMatchObject({ ok: false, error: expect.stringContaining('不是有效的 JSON') });
  expect(parseSystemJson('[1]')).toMatchObject({ ok: false });
});

test('flattenTree: depth-first with effective weights; leafKeys', () => {
  const rows = flattenTree(TREE);
  expect(rows.map((r) => [r.depth, r.name, r.effective])).toEqual([
    [0, '时效', 0.6], [1, '按时办结率', 0.3], [1, '提速率', 0.3], [0, '满意度', 0.4],
  ]);
  expect(rows[0]!.leaf).toBe(false);
  expect(rows[2]).toMatchObject({ source: '指标 speedup_rate', normalization: '目标值 0.5', direction: '越高越好' });
  expect(rows[3]).toMatchObject({ source: '外部 survey', normalization: '分档：≥90→100，≥80→80' });
  expect(leafKeys(TREE)).toEqual([{ key: 'ontime_rate', name: '按时办结率' }, { key: 'speedup', name: '提速率' }, { key: 'ext:survey', name: '满意度' }]);
  expect(normalizationText(undefined)).toBe('默认（线性）');
});

const leaf = (over: Partial<LeafResult>): LeafResult => ({ value: 0.97, raw: null, score: 97, missing: null, cases: null, ...over });

test('drillRoute maps the API case-list path onto the dashboard route', () => {
  expect(drillRoute(leaf({ cases: { path: '/api/supervision/cases', query: { from: '2025-03-01', dept: 'DB', state: 'late' } } })))
    .toEqual({ path: '/supervision/cases', query: { from: '2025-03-01', dept: 'DB', state: 'late' } });
  expect(drillRoute(leaf({}))).toBeNull();
});

test('score, leafValue, rankedLines', () => {
  expect(score(88.5)).toBe('88.50');
  expect(score(null)).toBe('—');
  expect(leafValue(leaf({}))).toBe('0.97');
  expect(leafValue(leaf({ value: 2 / 3 }))).toBe('0.6667');
  expect(leafValue(leaf({ value: null, missing: 'insufficient' }))).toBe('样本不足');
  const line = (name: string, rank: number | null): ScorecardLine => ({
    unit: { kind: 'dept', code: name, name }, composite: rank, rank, subtotals: {}, leaves: {}, missingLeaves: [],
  });
  expect(rankedLines([line('乙', null), line('甲', 2), line('丙', 1), line('丁', 1)]).map((l) => l.unit.name)).toEqual(['丙', '丁', '甲', '乙']);
});

test('diffRows and previousMonthRange', () => {
  expect(diffRows([{
    unit: { kind: 'dept', code: 'DA', name: '甲' }, change: 'changed', composite: [95, 90.25], rank: [1, 2],
    leaves: { ontime_rate: { value: [1, 0.9], score: [100, 90] } },
  }])).toEqual([{ unit: '甲', change: '变化', composite: '95.00 → 90.25', rank: '1 → 2', leaves: 'ontime_rate 100.00 → 90.00' }]);
  expect(previousMonthRange('2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  expect(previousMonthRange('2024-03-31')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
});
