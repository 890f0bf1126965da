import type { Request } from 'express';
import { describe, expect, test } from 'vitest';
import { isEmptyScope, scopeCacheKey, scopeOf } from './scope.ts';
import type { SessionUser } from './types.ts';

const reqOf = (user?: Partial<SessionUser>): Request =>
  ({ user: user && { username: 'u', sessionId: 's', scope: null, role: 'leader', ...user } }) as unknown as Request;

describe('scopeOf', () => {
  test.each(['admin', 'leader', 'inspector', 'evaluator'] as const)('%s is unrestricted (null)', (role) => {
    expect(scopeOf(reqOf({ role, scope: { depts: ['X'], regions: [] } }))).toBeNull();
  });

  test('dept gets its scope; a missing or empty one is an empty scope (sees nothing)', () => {
    expect(scopeOf(reqOf({ role: 'dept', scope: { depts: ['D1'], regions: ['R1'] } }))).toEqual({ depts: ['D1'], regions: ['R1'] });
    const none = scopeOf(reqOf({ role: 'dept', scope: null }));
    expect(none).toEqual({ depts: [], regions: [] });
    expect(isEmptyScope(none!)).toBe(true);
  });

  test('no user is a 401, never "unrestricted"', () => {
    expect(() => scopeOf(reqOf())).toThrow(expect.objectContaining({ status: 401 }));
  });

  test('cache keys: stable under order and duplicates, distinct from unrestricted', () => {
    expect(scopeCacheKey(null)).toBe('all');
    expect(scopeCacheKey({ depts: ['b', 'a', 'a'], regions: [] })).toBe(scopeCacheKey({ depts: ['a', 'b'], regions: [] }));
    expect(scopeCacheKey({ depts: ['a'], regions: [] })).not.toBe(scopeCacheKey({ depts: [], regions: ['a'] }));
    expect(scopeCacheKey({ depts: [], regions: [] })).not.toBe('all');
  });
});
