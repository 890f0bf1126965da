// The case list's URL ⇄ API parameters. The route query is the source of
// truth; it arrives in two shapes that both must open the same list:
//   - the overview's KPI links and the filter bar: `state=…&period=…&region…`
//     (global filters, lib/filters.ts);
//   - the metric rows' drill-downs (server/metrics/drill.ts): from, to, asOf,
//     region, dept, item, channel, ratingChannel, base, state, card, bad,
//     regionSelf, regionUnknown, level — passed through exactly.
import type { Range } from '../../lib/period.ts';

/** Keys passed to GET /api/supervision/cases as they are (server/metrics/drill.ts + the list's own). */
export const PASS_KEYS = [
  'asOf', 'region', 'dept', 'item', 'channel', 'ratingChannel', 'base', 'state', 'card', 'bad',
  'regionSelf', 'regionUnknown', 'level', 'anomalyType', 'minOverdue', 'sort',
] as const;
/** `dept=` / `item=` (empty) is a 未知部门 / 未知事项 unit: kept. */
const KEEP_EMPTY = new Set(['dept', 'item']);
/** Keys that define which list is shown; a state tab resets them. */
export const LIST_KEYS = ['base', 'state', 'card', 'bad', 'anomalyType', 'minOverdue', 'sort', 'page'] as const;

export const DEFAULT_PAGE_SIZE = 50;

type Query = Record<string, unknown>;
const first = (v: unknown): string | undefined => {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === 'string' ? x : undefined;
};

/**
 * API parameters of the route query. The period: the filter bar's range when the
 * URL carries `period`; else a drill-down's own from/to (or asOf only, for the
 * open bases); else the filter bar's default range.
 */
export function caseListParams(query: Query, range: Range): Record<string, string> {
  const out: Record<string, string> = {};
  const from = first(query.from);
  const to = first(query.to);
  if (first(query.period) === undefined && from && to) Object.assign(out, { from, to });
  else if (first(query.period) !== undefined || first(query.asOf) === undefined) Object.assign(out, { from: range.from, to: range.to });
  for (const key of PASS_KEYS) {
    const v = first(query[key]);
    if (v === undefined || (v === '' && !KEEP_EMPTY.has(key))) continue;
    out[key] = v;
  }
  out.page = String(positive(first(query.page), 1));
  out.pageSize = String(Math.min(200, positive(first(query.pageSize), DEFAULT_PAGE_SIZE)));
  return out;
}

const positive = (v: string | undefined, fallback: number): number => {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 ? n : fallback;
};

/**
 * A drill-down URL has from/to without `period`: the query that makes the
 * filter bar show that range (period=custom); null when nothing to change.
 */
export function normalizedQuery(query: Query): Record<string, unknown> | null {
  const from = first(query.from);
  const to = first(query.to);
  if (first(query.period) !== undefined || !from || !to) return null;
  return { ...query, period: 'custom' };
}

/** The query of another state tab: the unit and period keys stay, the list keys go. */
export function tabQuery(query: Query, state: string | null, extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) {
    const s = first(v);
    if (s !== undefined && !(LIST_KEYS as readonly string[]).includes(k)) out[k] = s;
  }
  if (state) out.state = state;
  return { ...out, ...extra };
}

/** The sort after clicking a column: same key flips, a new key starts descending for dates/overdue. */
export function nextSort(current: string, key: string): string {
  const desc = current.startsWith('-');
  const cur = desc ? current.slice(1) : current;
  if (cur === key) return desc ? key : `-${key}`;
  return ['case_id', 'dept', 'region', 'item'].includes(key) ? key : `-${key}`;
}

/** ▲ / ▼ for the column the list is sorted by. */
export function sortMark(current: string, key: string): string {
  if (current === key) return '▲';
  if (current === `-${key}`) return '▼';
  return '';
}
