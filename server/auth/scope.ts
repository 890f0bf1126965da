// Scopes (api.md: Roles and scope). Routes get the caller's scope here and
// hand it to the SQL filter compiler; the same value goes into cache keys.
import type { Request } from 'express';
import { unauthorized } from '../errors.ts';
import type { Scope } from './types.ts';

/**
 * The caller's data scope: null = unrestricted (admin, leader, inspector,
 * evaluator). A dept user always gets a Scope; an empty one means "sees
 * nothing" — callers must compile it to a never-true condition (fail closed).
 * Throws 401 when no one is signed in (never "unrestricted" by accident):
 * call after requireAuth.
 */
export function scopeOf(req: Request): Scope | null {
  const user = req.user;
  if (!user) throw unauthorized();
  if (user.role !== 'dept') return null;
  return { depts: [...(user.scope?.depts ?? [])], regions: [...(user.scope?.regions ?? [])] };
}

/** True when the scope can match no row at all. */
export const isEmptyScope = (scope: Scope): boolean => scope.depts.length === 0 && scope.regions.length === 0;

/** A stable string for cache keys: 'all' or the sorted codes. */
export function scopeCacheKey(scope: Scope | null): string {
  if (scope === null) return 'all';
  const sorted = (xs: string[]) => [...new Set(xs)].sort().join(',');
  return `d:${sorted(scope.depts)}|r:${sorted(scope.regions)}`;
}
