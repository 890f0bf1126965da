// Shared request handling of the metric endpoints: zod parse with a message
// naming the parameter (中文 / English), the period and as_of defaults
// (api.md: from = first day of the current month, to = today, Beijing; to
// inclusive; metrics.md: as_of), and the filters as data.
import type { z } from 'zod';
import { badRequest } from '../errors.ts';
import type { Scope } from '../auth/types.ts';
import type { Filter } from '../sql/filters.ts';
import { levelNumber, structuralLevel, type RegionLevelName } from '../sql/regions.ts';
import { asOfFor, beijingToday, parseAsOf, type Period } from './engine/periods.ts';

/** Parses `input` or throws a 400 naming the first bad parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  // The parameter itself, not the list position inside it (region.1 → region).
  const param = issue?.path.length ? String(issue.path[0]) : 'query';
  const [zh, en] = splitMessage(issue?.message ?? '');
  throw badRequest(`参数 ${param} 无效：${zh}`, `Invalid parameter ${param}: ${en}`);
}

/** Messages are written "中文 / English"; zod's own are English only. */
function splitMessage(message: string): [string, string] {
  const at = message.indexOf(' / ');
  return at < 0 ? [message, message] : [message.slice(0, at), message.slice(at + 3)];
}

export interface PeriodParams {
  from?: string;
  to?: string;
  asOf?: string;
}

/** [from, to] with the api.md defaults and as_of (metrics.md: Periods and as_of). */
export function resolvePeriod(q: PeriodParams, nowMs: number): Period {
  const to = q.to ?? beijingToday(nowMs);
  // TRICKY: the default `from` is the first day of the current month (api.md), not of `to`'s month.
  const from = q.from ?? `${beijingToday(nowMs).slice(0, 7)}-01`;
  if (from > to) throw badRequest('参数 from 无效：开始日期晚于结束日期', 'Invalid parameter from: `from` is after `to`');
  let asOfMs = asOfFor(to, nowMs);
  if (q.asOf !== undefined) {
    const parsed = parseAsOf(q.asOf);
    if (parsed === null) {
      throw badRequest('参数 asOf 无效：应为 YYYY-MM-DD 日期或 ISO 8601 时刻', 'Invalid parameter asOf: expected a YYYY-MM-DD date or an ISO 8601 instant');
    }
    asOfMs = parsed;
  }
  return { from, to, asOfMs };
}

export interface FilterParams {
  region?: string[];
  dept?: string[];
  item?: string[];
  channel?: string[];
  ratingChannel?: string[];
}

/** The request's filters as data (server/sql/filters.ts). */
export function filtersOf(q: FilterParams): Filter[] {
  const out: Filter[] = [];
  for (const dimension of ['region', 'dept', 'item', 'channel', 'ratingChannel'] as const) {
    const values = q[dimension];
    if (values && values.length > 0) out.push({ dimension, op: 'in', values });
  }
  return out;
}

/**
 * The region grouping level: the `level` parameter, else one level below a
 * single region filter (or a single scope region), else city.
 */
export function groupingLevel(level: RegionLevelName | undefined, q: FilterParams, scope: Scope | null): number {
  if (level) return levelNumber(level);
  const single = q.region?.length === 1 ? q.region[0] : scope?.regions.length === 1 && !q.region ? scope.regions[0] : undefined;
  return single ? Math.min(4, structuralLevel(single) + 1) : 2;
}
