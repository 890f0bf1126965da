// GET/POST /api/admin/users, PATCH /api/admin/users/:username (admin only).
// Every change is a new version row plus an audit entry; hashes never leave.
import { Router } from 'express';
import type { AppContext } from '../app.ts';
import { ApiError, badRequest, notFound } from '../errors.ts';
import type { Db } from '../sql/client.ts';
import { audit } from '../auth/audit.ts';
import { hashPassword } from '../auth/passwords.ts';
import { CreateUserBody, UpdateUserBody } from '../auth/schemas.ts';
import { requireAuth, sessionStoreFor } from '../auth/sessions.ts';
import type { Role, Scope } from '../auth/types.ts';
import {
  effectiveScope, findUser, listUsers, normalizeUsername, toPublicUser, unknownScopeCodes, writeUser, type UserRecord,
} from '../auth/users.ts';

const EMPTY: Scope = { depts: [], regions: [] };

/**
 * api.md: only dept users have a scope. A dept user needs at least one code
 * (an empty scope would see nothing; scopeOf fails closed anyway), and every
 * code must exist in the dimension tables — a typo would silently hide data.
 */
async function checkScope(db: Db, role: Role, scope: Scope | undefined): Promise<Scope> {
  if (role !== 'dept') {
    if (scope && scope.depts.length + scope.regions.length > 0) {
      throw badRequest('只有部门用户可以设置数据范围', 'Only dept users have a scope', 'scope_not_allowed');
    }
    return EMPTY;
  }
  if (!scope || scope.depts.length + scope.regions.length === 0) {
    throw badRequest('部门用户必须指定部门或区划范围', 'A dept user needs at least one dept or region in scope', 'scope_required');
  }
  const missing = [
    ...(await unknownScopeCodes(db, 'depts', scope.depts)).map((c) => `dept ${c}`),
    ...(await unknownScopeCodes(db, 'regions', scope.regions)).map((c) => `region ${c}`),
  ];
  if (missing.length > 0) {
    const shown = missing.slice(0, 10).join(', ');
    throw badRequest(`范围中的代码不存在：${shown}`, `Unknown codes in scope: ${shown}`, 'unknown_scope_code');
  }
  return scope;
}

export function adminUserRoutes({ db }: AppContext): Router {
  const router = Router();
  const sessions = sessionStoreFor(db);

  router.get('/admin/users', requireAuth('admin'), async (_req, res) => {
    res.json({ users: (await listUsers(db)).map(toPublicUser) });
  });

  router.post('/admin/users', requireAuth('admin'), async (req, res) => {
    const body = CreateUserBody.parse(req.body ?? {});
    if (await findUser(db, body.username)) {
      throw new ApiError(409, 'user_exists', `用户 ${body.username} 已存在`, `User ${body.username} already exists`);
    }
    const scope = await checkScope(db, body.role, body.scope);
    const actor = req.user!.username;
    const user = await writeUser(db, {
      username: body.username,
      displayName: body.displayName ?? '',
      role: body.role,
      scope,
      passwordHash: await hashPassword(body.password),
      disabled: body.disabled,
      createdBy: actor,
      createdAtMs: Date.now(),
    }, actor);
    await audit(db, {
      req, action: 'user.create', target: user.username,
      detail: { role: user.role, scope: effectiveScope(user.role, scope), disabled: user.disabled, displayName: user.displayName },
    });
    res.status(201).json({ user: toPublicUser(user) });
  });

  router.patch('/admin/users/:username', requireAuth('admin'), async (req, res) => {
    const username = normalizeUsername(String(req.params.username));
    const body = UpdateUserBody.parse(req.body ?? {});
    const current = await findUser(db, username);
    if (!current) throw notFound('用户');
    const actor = req.user!.username;
    const role = body.role ?? current.role;
    if (username === actor && (body.disabled === true || role !== 'admin')) {
      // Keeps at least one admin: the one making the change.
      throw new ApiError(409, 'self_lockout', '不能停用自己的账号或取消自己的管理员角色', 'You cannot disable or demote your own account');
    }
    // A role change away from dept drops the scope; to dept, a scope is required.
    const wantedScope = body.scope ?? (role === 'dept' ? current.scope : undefined);
    const scope = await checkScope(db, role, wantedScope);
    const next: UserRecord = {
      ...current,
      displayName: body.displayName ?? current.displayName,
      role,
      scope,
      passwordHash: body.password ? await hashPassword(body.password) : current.passwordHash,
      disabled: body.disabled ?? current.disabled,
    };
    const changes = diff(current, next);
    if (body.password) changes.passwordChanged = true;
    if (Object.keys(changes).length === 0) {
      res.json({ user: toPublicUser(current) });
      return;
    }
    const user = await writeUser(db, next, actor);
    // Disabling or a new password ends every session at once; other changes
    // (role, scope, name) take effect on the next request of those sessions.
    let revoked = 0;
    if (next.disabled || body.password) revoked = await sessions.revokeUser(username);
    else sessions.invalidateUser(username);
    const action = next.disabled && !current.disabled ? 'user.disable' : !next.disabled && current.disabled ? 'user.enable' : 'user.update';
    await audit(db, { req, action, target: username, detail: { changes, sessionsRevoked: revoked } });
    res.json({ user: toPublicUser(user) });
  });

  return router;
}

function diff(a: UserRecord, b: UserRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (a.displayName !== b.displayName) out.displayName = { from: a.displayName, to: b.displayName };
  if (a.role !== b.role) out.role = { from: a.role, to: b.role };
  const sa = effectiveScope(a.role, a.scope);
  const sb = effectiveScope(b.role, b.scope);
  if (JSON.stringify(sa) !== JSON.stringify(sb)) out.scope = { from: sa, to: sb };
  if (a.disabled !== b.disabled) out.disabled = { from: a.disabled, to: b.disabled };
  return out;
}
