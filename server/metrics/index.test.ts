import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { instant, int, Sql } from '../sql/literal.ts';
import { METRIC_CONFIG } from './config.ts';
import { METRIC_IDS, METRICS, metricsByIds } from './index.ts';

const PERIOD_OF_BASE = {
  accepted: 'accept_date', finished: 'finish_date', open: 'as_of', ratings: 'rated_at', bad_ratings: 'rated_at', catalogue: 'none',
} as const;

describe('the metric registry', () => {
  test('ids are unique and each metric lives in its own file', () => {
    expect(new Set(METRIC_IDS).size).toBe(METRIC_IDS.length);
    const files = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    for (const id of METRIC_IDS) expect(files, id).toContain(`${id}.ts`);
  });

  test.each(METRICS.map((m) => [m.id, m] as const))('%s is well-formed', (_id, m) => {
    expect(m.name).toMatch(/[\u4e00-\u9fff]/);
    expect(m.description).toMatch(/[\u4e00-\u9fff]/);
    expect(m.period).toBe(PERIOD_OF_BASE[m.base]);
    expect(Boolean(m.denominator)).toBe(m.kind !== 'count');
    const ctx = { asOf: instant(Date.parse('2025-02-10T00:00:00Z')), asOfSeq: int(9000), config: METRIC_CONFIG };
    const num = m.numerator(ctx);
    expect(num).toBeInstanceOf(Sql);
    // Additive aggregates only: per-unit results are summed in TypeScript.
    for (const frag of [num, m.denominator?.(ctx)].filter((x): x is Sql => x !== undefined)) {
      expect(frag.text.trim()).toMatch(/^(count|countIf|sum|sumIf)\(/);
    }
  });

  test('an unknown id is a 400, never a fall-through', () => {
    expect(() => metricsByIds(['accepted', 'no_such_metric'])).toThrow(/no_such_metric/);
    expect(() => metricsByIds(['toString'])).toThrow(/toString/);
    expect(metricsByIds(['ratings', 'accepted']).map((m) => m.id)).toEqual(['ratings', 'accepted']);
  });
});
