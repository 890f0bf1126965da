// Users: append-only versioned rows in `users` (sql/migrations/004), the
// current state is argMax(…, version) per username. Every change is a new row,
// which keeps the history (全流程留痕); the audit log says who and why.
import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../sql/client.ts';
import { list, raw, sql, str } from '../sql/literal.ts';
import { audit } from './audit.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { ROLES, type Role, type Scope } from './types.ts';
import { beijingIso, nextVersion, toSeconds } from './version.ts';

/** Usernames are stored lower-case: letters, digits and `_ . @ -`, at most 64. */
export const USERNAME_RE = /^[a-z0-9][a-z0-9_.@-]{0,63}$/;
/** Department and region codes in a scope (the rule). */
export const SCOPE_CODE_RE = /^[0-9A-Za-z_-]{1,64}$/;

export const normalizeUsername = (name: string): string => name.trim().toLowerCase();

export interface UserState {
  username: string;
  displayName: string;
  role: Role;
  /** Stored for every role, used only for `dept` (api.md: Roles and scope). */
  scope: Scope;
  passwordHash: string;
  disabled: boolean;
  createdBy: string;
  /** Epoch ms. */
  createdAtMs: number;
}

export interface UserRecord extends UserState {
  updatedBy: string;
  updatedAtMs: number;
}

/** What the API shows of a user: never the hash. */
export interface PublicUser {
  username: string;
  displayName: string;
  role: Role;
  scope: Scope | null;
  disabled: boolean;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

/** A role's effective scope: null (unrestricted) for every role but dept. */
export const effectiveScope = (role: Role, scope: Scope): Scope | null =>
  role === 'dept' ? { depts: [...scope.depts], regions: [...scope.regions] } : null;

interface UserRow {
  username: string;
  display_name: string;
  role: Role;
  scope_depts: string[];
  scope_regions: string[];
  password_hash: string;
  disabled: number;
  created_by: string;
  created_at: number | string;
  updated_by: string;
  updated_at: number | string;
}

const CURRENT_USERS = raw(`SELECT username,
    argMax(display_name, version) AS display_name,
    argMax(role, version) AS role,
    argMax(scope_depts, version) AS scope_depts,
    argMax(scope_regions, version) AS scope_regions,
    argMax(password_hash, version) AS password_hash,
    argMax(disabled, version) AS disabled,
    argMax(created_by, version) AS created_by,
    toUnixTimestamp(argMax(created_at, version)) AS created_at,
    argMax(updated_by, version) AS updated_by,
    toUnixTimestamp(argMax(updated_at, version)) AS updated_at
  FROM users`);

const toRecord = (r: UserRow): UserRecord => ({
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  scope: { depts: r.scope_depts, regions: r.scope_regions },
  passwordHash: r.password_hash,
  disabled: Number(r.disabled) === 1,
  createdBy: r.created_by,
  createdAtMs: Number(r.created_at) * 1000,
  updatedBy: r.updated_by,
  updatedAtMs: Number(r.updated_at) * 1000,
});

const isoFromMs = (ms: number): string => beijingIso(new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' '));

export const toPublicUser = (u: UserRecord): PublicUser => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  scope: effectiveScope(u.role, u.scope),
  disabled: u.disabled,
  createdBy: u.createdBy,
  createdAt: isoFromMs(u.createdAtMs),
  updatedBy: u.updatedBy,
  updatedAt: isoFromMs(u.updatedAtMs),
});

export async function findUser(db: Db, username: string): Promise<UserRecord | null> {
  const rows = await db.query<UserRow>(sql`${CURRENT_USERS} WHERE username = ${str(username)} GROUP BY username`);
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function listUsers(db: Db): Promise<UserRecord[]> {
  const rows = await db.query<UserRow>(sql`${CURRENT_USERS} GROUP BY username ORDER BY username`);
  return rows.map(toRecord);
}

/** Appends a new version of a user. `actor` is recorded as updated_by. */
export async function writeUser(db: Db, state: UserState, actor: string): Promise<UserRecord> {
  if (!USERNAME_RE.test(state.username)) throw new Error(`invalid username: ${state.username}`);
  if (!ROLES.includes(state.role)) throw new Error(`invalid role: ${String(state.role)}`);
  const now = Date.now();
  await db.insert('users', [{
    username: state.username,
    display_name: state.displayName,
    role: state.role,
    scope_depts: state.scope.depts,
    scope_regions: state.scope.regions,
    password_hash: state.passwordHash,
    disabled: state.disabled ? 1 : 0,
    created_by: state.createdBy,
    created_at: toSeconds(state.createdAtMs),
    updated_by: actor,
    updated_at: toSeconds(now),
    version: nextVersion(),
  }]);
  return { ...state, updatedBy: actor, updatedAtMs: now };
}

/** Codes of `codes` missing from the dimension (depts or regions). */
export async function unknownScopeCodes(db: Db, kind: 'depts' | 'regions', codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const q =
    kind === 'depts'
      ? sql`SELECT DISTINCT dept_code AS code FROM depts WHERE dept_code IN ${list(codes, str)}`
      : sql`SELECT DISTINCT region_code AS code FROM regions WHERE region_code IN ${list(codes, str)}`;
  const found = new Set((await db.query<{ code: string }>(q)).map((r) => r.code));
  return codes.filter((c) => !found.has(c));
}

const SYSTEM = 'system';
const EMPTY_SCOPE: Scope = { depts: [], regions: [] };

/**
 * Makes sure the user exists with this role and password, enabled; writes a
 * new version only when something differs. Returns whether it wrote.
 */
async function ensureUser(
  db: Db,
  want: { username: string; password: string; role: Role; scope: Scope; displayName: string },
  action: string,
): Promise<boolean> {
  const current = await findUser(db, want.username);
  const sameScope =
    current !== null &&
    current.scope.depts.join('\n') === want.scope.depts.join('\n') &&
    current.scope.regions.join('\n') === want.scope.regions.join('\n');
  if (current && current.role === want.role && !current.disabled && sameScope &&
      (await verifyPassword(current.passwordHash, want.password))) {
    return false;
  }
  await writeUser(db, {
    username: want.username,
    displayName: current?.displayName || want.displayName,
    role: want.role,
    scope: want.scope,
    passwordHash: await hashPassword(want.password),
    disabled: false,
    createdBy: current?.createdBy ?? SYSTEM,
    createdAtMs: current?.createdAtMs ?? Date.now(),
  }, SYSTEM);
  await audit(db, {
    user: { username: SYSTEM, role: '' },
    action,
    target: want.username,
    detail: { created: current === null, role: want.role, scope: effectiveScope(want.role, want.scope) },
  });
  return true;
}

/**
 * TIANPING_BOOTSTRAP_ADMIN=user:password (api.md: Environment): ensures this
 * admin exists, is enabled and has this password, at every start-up; scripts
 * and tests sign in with it. Returns the username, or null when unset.
 */
export async function ensureBootstrapAdmin(
  db: Db,
  spec: string | undefined = process.env.TIANPING_BOOTSTRAP_ADMIN,
): Promise<string | null> {
  if (!spec) return null;
  const at = spec.indexOf(':');
  const username = normalizeUsername(at > 0 ? spec.slice(0, at) : '');
  const password = at > 0 ? spec.slice(at + 1) : '';
  if (!USERNAME_RE.test(username) || password.length === 0) {
    // Never echo the value: it holds a password.
    throw new Error('TIANPING_BOOTSTRAP_ADMIN must be user:password (user: a-z 0-9 _ . @ -, password not empty)');
  }
  await ensureUser(db, { username, password, role: 'admin', scope: EMPTY_SCOPE, displayName: '系统管理员' }, 'user.bootstrap');
  return username;
}

export interface DemoLogin {
  username: string;
  password: string;
  role: Role;
  displayName: string;
  scope: Scope | null;
}

const DEMO_USERS: ReadonlyArray<{ username: string; role: Role; displayName: string }> = [
  { username: 'demo-admin', role: 'admin', displayName: '演示管理员' },
  { username: 'demo-leader', role: 'leader', displayName: '演示领导' },
  { username: 'demo-inspector', role: 'inspector', displayName: '演示纪检监察员' },
  { username: 'demo-evaluator', role: 'evaluator', displayName: '演示第三方评估员' },
  { username: 'demo-dept', role: 'dept', displayName: '演示部门用户' },
];

/**
 * One user per role for the demo; the dept user is scoped to `dept` and/or
 * `region`. With `secret` the passwords are derived from it (stable across
 * demo runs, unguessable without the secret); without, they are random and
 * reset on every call. Returns the logins to print.
 */
export async function ensureDemoUsers(
  db: Db,
  opts: { dept?: string; region?: string; secret?: string },
): Promise<DemoLogin[]> {
  const scope: Scope = { depts: opts.dept ? [opts.dept] : [], regions: opts.region ? [opts.region] : [] };
  if (scope.depts.length + scope.regions.length === 0) throw new Error('ensureDemoUsers: the dept user needs a dept or region');
  for (const code of [...scope.depts, ...scope.regions]) {
    if (!SCOPE_CODE_RE.test(code)) throw new Error(`ensureDemoUsers: invalid scope code ${code}`);
  }
  const logins: DemoLogin[] = [];
  for (const u of DEMO_USERS) {
    const password = opts.secret
      ? createHmac('sha256', opts.secret).update(`demo-password:${u.username}`).digest('base64url').slice(0, 14)
      : randomBytes(10).toString('base64url');
    const userScope = u.role === 'dept' ? scope : EMPTY_SCOPE;
    await ensureUser(db, { ...u, password, scope: userScope }, 'user.demo');
    logins.push({ ...u, password, scope: effectiveScope(u.role, userScope) });
  }
  return logins;
}
