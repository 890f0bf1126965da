// Click-through targets: every figure opens the ranking page (or, for the
// card counts, the case list of supervision) with the current filters.
import type { RouteLocationRaw } from 'vue-router';
import type { RegionLevel, UnitKind } from '../api/types.ts';

export interface RankingLink {
  metric: string;
  by?: UnitKind;
  level?: RegionLevel;
}

export function rankingLink(target: RankingLink, filterQuery: Record<string, string>, extra: Record<string, string> = {}): RouteLocationRaw {
  const by = target.by ?? 'region';
  return {
    path: '/rankings',
    query: { ...filterQuery, ...extra, metric: target.metric, by, ...(by === 'region' ? { level: target.level ?? 'city' } : {}) },
  };
}

/** The supervision case list: `/supervision/cases?state=…&<filters>` (api.md's case-list parameters). */
export function caseListLink(state: string, filterQuery: Record<string, string>): RouteLocationRaw {
  return { path: '/supervision/cases', query: { state, ...filterQuery } };
}
