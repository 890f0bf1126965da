// How rows of a source are assigned to the periods of a request (the `_p`
// column and the period condition of its query; engine/query.ts).
import { beijingDate, dayIndex, daysBetween, endOfBeijingDay } from '../../../etl/clock/beijing.ts';
import { date, instant, int, join, raw, sql, type Sql } from '../../sql/literal.ts';
import type { Period } from './periods.ts';
import { periodCondition, type PeriodBounds, type PeriodRule } from './sources.ts';

export const arrayOf = (items: readonly Sql[]): Sql => sql`[${join(items, ', ')}]`;

/**
 * The period index column and the period condition. One period: a constant 1
 * and the period's own condition. Several: each row is expanded into the
 * periods it belongs to with arrayJoin.
 * - date rules: a lookup table by day (day − first day + 1 → the periods
 *   containing that day), O(1) per row;
 * - as_of rules: see asOfSelection.
 */
export function periodSelection(rule: PeriodRule, periods: readonly Period[], bounds: PeriodBounds): { column: Sql; where: Sql } {
  if (rule.kind === 'none') return { column: raw('toUInt16(1)'), where: raw('1') };
  if (periods.length === 1) {
    const p = periods[0]!;
    return { column: raw('toUInt16(1)'), where: periodCondition(rule, { from: date(p.from), to: date(p.to), asOf: instant(p.asOfMs) })! };
  }
  if (rule.kind === 'as_of') return asOfSelection(rule, periods, bounds);
  const first = minOf(periods.map((p) => p.from));
  const days = daysBetween(first, maxOf(periods.map((p) => p.to))) + 1;
  const table: number[][] = Array.from({ length: days }, () => []);
  periods.forEach((p, i) => {
    for (let d = daysBetween(first, p.from); d <= daysBetween(first, p.to); d++) table[d]!.push(i + 1);
  });
  const lut = sql`CAST(${arrayOf(table.map((ps) => arrayOf(ps.map(int))))} AS Array(Array(UInt16)))`;
  // Days outside the table map to index days + 1 (an empty array): never a negative index, which would count from the end.
  const offset = sql`toInt64(assumeNotNull(${rule.day})) - toInt64(${date(first)}) + 1`;
  return {
    column: sql`arrayJoin(arrayElement(${lut}, if(${offset} BETWEEN 1 AND ${int(days)}, ${offset}, ${int(days + 1)})))`,
    where: sql`${rule.day} >= ${bounds.from} AND ${rule.day} <= ${bounds.to}`,
  };
}

/**
 * as_of periods: those whose as_of is a day's 23:59:59 are found with lookup
 * tables on day numbers (a row is open on a contiguous run of such days, so
 * its periods are a slice of the periods sorted by day); the others (as_of =
 * now, or an explicit instant) with arrayFilter, the as_of values passed as a
 * lambda argument.
 * TRICKY: 18.16 drops columns that only a lambda reads; the prefilter in
 * WHERE reads the same columns, which keeps them (tested for every source).
 */
function asOfSelection(rule: Extract<PeriodRule, { kind: 'as_of' }>, periods: readonly Period[], bounds: PeriodBounds): { column: Sql; where: Sql } {
  const numbered = periods.map((p, i) => ({ i: i + 1, ms: Math.floor(p.asOfMs / 1000) * 1000 }));
  const endOfDay = numbered.filter((p) => p.ms === endOfBeijingDay(beijingDate(p.ms)));
  const others = numbered.filter((p) => p.ms !== endOfBeijingDay(beijingDate(p.ms)));
  const parts: Sql[] = [];
  if (endOfDay.length > 0) {
    const byDay = endOfDay.map((p) => ({ i: p.i, day: dayIndex(beijingDate(p.ms)) })).sort((a, b) => a.day - b.day || a.i - b.i);
    const first = byDay[0]!.day;
    const span = byDay[byDay.length - 1]!.day - first + 1;
    // firstPos[k] = 1-based position of the first sorted period whose day ≥ first + k (k = 0 … span).
    const firstPos: number[] = [];
    for (let k = 0, pos = 0; k <= span; k++) {
      while (pos < byDay.length && byDay[pos]!.day < first + k) pos++;
      firstPos.push(pos + 1);
    }
    const positions = sql`CAST(${arrayOf(firstPos.map(int))} AS Array(UInt16))`;
    const sorted = sql`CAST(${arrayOf(byDay.map((p) => int(p.i)))} AS Array(UInt16))`;
    const at = (day: Sql) => sql`arrayElement(${positions}, toUInt32(least(greatest(${day} - ${int(first)}, 0), ${int(span)}) + 1))`;
    parts.push(sql`arraySlice(${sorted}, ${at(rule.days.start)}, greatest(toInt64(${at(rule.days.end)}) - toInt64(${at(rule.days.start)}), 0))`);
  }
  if (others.length > 0) {
    const idx = sql`CAST(${arrayOf(others.map((p) => int(p.i)))} AS Array(UInt16))`;
    const asOfs = arrayOf(others.map((p) => instant(p.ms)));
    parts.push(sql`arrayFilter((i, t) -> ifNull(${rule.member(raw('t'))}, 0), ${idx}, ${asOfs})`);
  }
  const all = parts.length === 1 ? parts[0]! : sql`arrayConcat(${join(parts, ', ')})`;
  return { column: sql`arrayJoin(${all})`, where: rule.prefilter(bounds) };
}

export const minOf = (xs: string[]): string => xs.reduce((a, b) => (b < a ? b : a));
export const maxOf = (xs: string[]): string => xs.reduce((a, b) => (b > a ? b : a));
