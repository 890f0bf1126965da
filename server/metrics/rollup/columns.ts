// Which metric aggregates the case rollup stores (sql/README.md: Rollups).
//
// A metric of the accepted, finished or ratings source whose numerator/
// denominator read only the row — not as_of, not a join, not another table —
// is an additive countIf/sumIf over rows: the rollup stores that aggregate per
// (day, region, dept, channel) and a query sums it. Which fragments qualify is
// derived from the registry itself (rendered with sentinel as_of values), so a
// new metric needs no rollup code; metrics that read as_of through a stored
// date (评价率/主动评价率) say how in their `rollup` field.
import { createHash } from 'node:crypto';
import { raw, type Sql } from '../../sql/literal.ts';
import { METRIC_CONFIG, type MetricConfig } from '../config.ts';
import { METRICS } from '../index.ts';
import { SOURCE_OF_BASE, type SourceId } from '../engine/sources.ts';
import type { MetricContext, MetricDef } from '../types.ts';

/** The sources with a rollup: the case rollup holds accepted and finished, the rating rollup ratings (差评 included). */
export type RollupBase = Extract<SourceId, 'accepted' | 'finished' | 'ratings'>;
const ROLLUP_BASES: readonly string[] = ['accepted', 'finished', 'ratings'];

/** The rollup source of a metric, or null when its source has none. */
export function rollupBaseOf(m: MetricDef): RollupBase | null {
  const source = SOURCE_OF_BASE[m.base];
  return ROLLUP_BASES.includes(source) ? (source as RollupBase) : null;
}

const SENTINEL_AS_OF = '__as_of__';
const SENTINEL_SEQ = '__as_of_seq__';
const sentinelContext = (config: Readonly<MetricConfig>): MetricContext => ({
  asOf: raw(SENTINEL_AS_OF), asOfSeq: raw(SENTINEL_SEQ), config,
});

/** An aggregate over case rows is storable when it reads nothing but the row. */
function storable(fragment: Sql): boolean {
  return !fragment.text.includes(SENTINEL_AS_OF) && !fragment.text.includes(SENTINEL_SEQ) && !/\bSELECT\b/i.test(fragment.text);
}

/** A stored aggregate's column: named after its base and text, so one name never means two things. */
export const columnName = (base: RollupBase, fragmentText: string): string =>
  `c_${createHash('sha256').update(`${base}\u0000${fragmentText}`).digest('hex').slice(0, 12)}`;

export interface RollupColumn {
  name: string;
  base: RollupBase;
  /** The aggregate over case rows, as the raw query writes it. */
  aggregate: Sql;
}

/** Every stored aggregate, per base, for the given rule configuration (deduplicated by text). */
export function rollupColumns(config: Readonly<MetricConfig> = METRIC_CONFIG): RollupColumn[] {
  const out = new Map<string, RollupColumn>();
  for (const m of METRICS) {
    const base = rollupBaseOf(m);
    if (!base) continue;
    const ctx = sentinelContext(config);
    // A metric that needs a join stores only its denominator (its numerator comes from `rollup`).
    const fragments = m.needs?.length ? [m.denominator?.(ctx)] : [m.numerator(ctx), m.denominator?.(ctx)];
    for (const f of fragments) {
      if (!f || !storable(f)) continue;
      const name = columnName(base, f.text);
      if (!out.has(name)) out.set(name, { name, base, aggregate: f });
    }
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The rollup aggregates of one metric, or null when it must read raw rows.
 * `ctx` is the query's context: metrics with a `rollup` field get it (their
 * as_of dependence is expressed over stored dates); the others map each
 * fragment to `sum(<column>)` of the column that stores it.
 */
export function rollupAggregates(
  m: MetricDef, ctx: MetricContext, stored: ReadonlySet<string>,
): { numerator: Sql; denominator: Sql | null } | null {
  const base = rollupBaseOf(m);
  if (!base) return null;
  if (m.needs?.length && !m.rollup) return null;
  const asSum = (f: Sql): Sql | null => {
    if (!storable(f)) return null;
    const name = columnName(base, f.text);
    return stored.has(name) ? raw(`sum(${name})`) : null;
  };
  const numerator = m.rollup ? m.rollup.numerator(ctx) : asSum(m.numerator(ctx));
  if (!numerator) return null;
  if (!m.denominator) return { numerator, denominator: null };
  const denominator = asSum(m.denominator(ctx));
  return denominator ? { numerator, denominator } : null;
}

/** A short hash of the stored aggregates: the rollup table's name changes whenever a definition does. */
export function columnsHash(columns: readonly RollupColumn[]): string {
  const text = columns.map((c) => `${c.base}:${c.name}`).join('\n');
  return createHash('sha256').update(`v2\n${text}`).digest('hex').slice(0, 10);
}
