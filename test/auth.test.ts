// Sign-in, sessions, roles, admin users and the audit log, over HTTP against
// the real app and a real ClickHouse (a fresh database for this file).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../server/app.ts';
import { authRoutes } from '../server/routes/auth.ts';
import { Db } from '../server/sql/client.ts';
import { sql, str } from '../server/sql/literal.ts';
import { ensureBootstrapAdmin, ensureDemoUsers } from '../server/auth/users.ts';
import { ROLES, type Role } from '../server/auth/types.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import express from 'express';

const SECRET = 'test-secret-for-auth-0123456789';
const ADMIN = { username: 'root', password: 'root-password-1' };

let t: TestDb;
const servers: Server[] = [];
const extraDbs: Db[] = [];

/** Another Db object on the same database: its own session cache, like another server process. */
const anotherProcessDb = (): Db => {
  const db = new Db({ database: t.name });
  extraDbs.push(db);
  return db;
};

interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
  cookie: string | undefined;
}

async function listen(app: express.Express): Promise<string> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function client(base: string) {
  return async function call(
    method: string,
    path: string,
    opts: { body?: unknown; cookie?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.cookie) headers.cookie = opts.cookie;
    const res = await fetch(base + path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('tp_session='));
    return {
      status: res.status,
      body: text ? JSON.parse(text) : null,
      headers: res.headers,
      cookie: setCookie,
    };
  };
}

let api: ReturnType<typeof client>;

/** The name=value part of a Set-Cookie header. */
const cookiePair = (setCookie: string | undefined): string => {
  if (!setCookie) throw new Error('no session cookie was set');
  return setCookie.split(';')[0]!;
};

async function login(username: string, password: string, call = api): Promise<string> {
  const r = await call('POST', '/api/auth/login', { body: { username, password } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return cookiePair(r.cookie);
}

const auditRows = (action: string, target: string) =>
  t.db.query<{ username: string; role: string; ip: string; detail: string; request_id: string }>(
    sql`SELECT username, role, ip, detail, request_id FROM audit_log WHERE action = ${str(action)} AND target = ${str(target)} ORDER BY seq`,
  );

let adminCookie: string;

beforeAll(async () => {
  t = await freshDatabase('auth');
  await t.db.insert('regions', [
    { region_code: '330100', region_name: '杭州市', parent_code: '330000', level: 2, updated_ms: 0, row_hash: '', source_system: 't', batch_id: 't', version: 1 },
  ]);
  await t.db.insert('depts', [
    { dept_code: 'D001', dept_name: '市场监管局', region_code: '330100', updated_ms: 0, row_hash: '', source_system: 't', batch_id: 't', version: 1 },
  ]);
  await ensureBootstrapAdmin(t.db, `${ADMIN.username}:${ADMIN.password}`);
  api = client(await listen(createApp({ db: t.db, secret: SECRET })));
  adminCookie = await login(ADMIN.username, ADMIN.password);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await Promise.all(extraDbs.map((db) => db.close()));
  await t.drop();
});

async function createUser(body: Record<string, unknown>): Promise<Reply> {
  return api('POST', '/api/admin/users', { body, cookie: adminCookie });
}

describe('bootstrap admin', () => {
  test('creates the admin once; a second start writes nothing', async () => {
    const versions = async () =>
      Number((await t.db.query<{ n: string }>(sql`SELECT count() AS n FROM users WHERE username = 'root'`))[0]!.n);
    expect(await versions()).toBe(1);
    expect(await ensureBootstrapAdmin(t.db, `${ADMIN.username}:${ADMIN.password}`)).toBe('root');
    expect(await versions()).toBe(1);
    const [row] = await auditRows('user.bootstrap', 'root');
    expect(row?.username).toBe('system');
  });

  test('restores a changed password and re-enables; malformed values are refused without echoing them', async () => {
    await ensureBootstrapAdmin(t.db, 'boot:first-password');
    await ensureBootstrapAdmin(t.db, 'boot:second-password');
    await login('boot', 'second-password');
    expect((await api('POST', '/api/auth/login', { body: { username: 'boot', password: 'first-password' } })).status).toBe(401);
    expect(await ensureBootstrapAdmin(t.db, undefined)).toBeNull();
    await expect(ensureBootstrapAdmin(t.db, 'no-colon-secret')).rejects.toThrow(/user:password/);
    await expect(ensureBootstrapAdmin(t.db, 'no-colon-secret')).rejects.not.toThrow(/no-colon-secret/);
    await expect(ensureBootstrapAdmin(t.db, 'x:')).rejects.toThrow();
  });
});

describe('login', () => {
  test('sets an HttpOnly, SameSite=Strict cookie and returns the user', async () => {
    const r = await api('POST', '/api/auth/login', { body: { username: 'ROOT', password: ADMIN.password } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ user: { username: 'root', role: 'admin', scope: null, displayName: '系统管理员' } });
    expect(r.cookie).toMatch(/^tp_session=[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43};/);
    expect(r.cookie).toMatch(/; HttpOnly/);
    expect(r.cookie).toMatch(/; SameSite=Strict/);
    expect(r.cookie).toMatch(/; Path=\//);
    expect(r.cookie).toMatch(/; Max-Age=43200/);
    expect(r.cookie).not.toMatch(/Secure/);
    const me = await api('GET', '/api/auth/me', { cookie: cookiePair(r.cookie) });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ username: 'root', role: 'admin', scope: null });
  });

  test('the cookie is Secure when the request came over https (through a loopback proxy)', async () => {
    const r = await api('POST', '/api/auth/login', {
      body: ADMIN,
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(r.status).toBe(200);
    expect(r.cookie).toMatch(/; Secure/);
  });

  test('wrong password and unknown user fail alike, without a cookie', async () => {
    const wrong = await api('POST', '/api/auth/login', { body: { username: 'root', password: 'nope-nope' } });
    const unknown = await api('POST', '/api/auth/login', { body: { username: 'ghost', password: 'nope-nope' } });
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: { code: 'invalid_credentials', message: '用户名或密码错误 / Wrong username or password' } });
      expect(r.cookie).toBeUndefined();
    }
  });

  test('a malformed body is a 400 in the error shape', async () => {
    const r = await api('POST', '/api/auth/login', { body: { username: 'root' } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('bad_request');
  });

  test('login ok and failed are audited, never with the password', async () => {
    const ok = await auditRows('login.ok', 'root');
    expect(ok.length).toBeGreaterThan(0);
    expect(ok[0]).toMatchObject({ username: 'root', role: 'admin', ip: '127.0.0.1' });
    expect(ok[0]!.request_id).not.toBe('');
    const failed = await auditRows('login.failed', 'ghost');
    expect(failed.map((r) => JSON.parse(r.detail))).toContainEqual({ reason: 'unknown_user' });
    const bad = await auditRows('login.failed', 'root');
    expect(bad.map((r) => JSON.parse(r.detail))).toContainEqual({ reason: 'bad_password' });
    const [{ n }] = (await t.db.query<{ n: string }>(
      sql`SELECT count() AS n FROM audit_log WHERE positionCaseInsensitive(detail, 'nope-nope') > 0 OR positionCaseInsensitive(detail, ${str(ADMIN.password)}) > 0`,
    )) as [{ n: string }];
    expect(Number(n)).toBe(0);
  });
});

describe('sessions', () => {
  test('anonymous requests get 401 in the error shape', async () => {
    const r = await api('GET', '/api/auth/me');
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: { code: 'unauthorized', message: '请先登录 / Sign-in required' } });
    expect((await api('POST', '/api/auth/logout')).status).toBe(401);
  });

  test('a tampered or forged cookie is a 401', async () => {
    const good = await login('root', ADMIN.password);
    const value = good.slice('tp_session='.length);
    const [id, sig] = value.split('.') as [string, string];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    for (const forged of [
      `${flip(id, 5)}.${sig}`,
      `${id}.${flip(sig, 5)}`,
      `${id}.`,
      id,
      'garbage',
      `${id}.${sig}x`,
      '%E0%A4%A', // not even valid percent-encoding
    ]) {
      const r = await api('GET', '/api/auth/me', { cookie: `tp_session=${forged}` });
      expect(r.status, forged).toBe(401);
    }
    // Signed with another secret: same id, wrong key.
    const other = client(await listen(createApp({ db: t.db, secret: 'another-secret-entirely-xyz' })));
    expect((await other('GET', '/api/auth/me', { cookie: good })).status).toBe(401);
    expect((await api('GET', '/api/auth/me', { cookie: good })).status).toBe(200);
  });

  test('logout revokes the session here and in another process', async () => {
    const cookie = await login('root', ADMIN.password);
    const other = client(await listen(createApp({ db: anotherProcessDb(), secret: SECRET })));
    expect((await other('GET', '/api/auth/me', { cookie })).status).toBe(200);

    const out = await api('POST', '/api/auth/logout', { cookie });
    expect(out.status).toBe(200);
    expect(out.cookie).toMatch(/^tp_session=;/);
    expect((await api('GET', '/api/auth/me', { cookie })).status).toBe(401);
    expect((await api('POST', '/api/auth/logout', { cookie })).status).toBe(401);
    expect(await auditRows('logout', 'root')).toHaveLength(1);

    // The other process cached the session; a fresh process reads the revocation from ClickHouse.
    const third = client(await listen(createApp({ db: anotherProcessDb(), secret: SECRET })));
    expect((await third('GET', '/api/auth/me', { cookie })).status).toBe(401);
  });

  test('sessions are stored hashed: the table never holds the cookie id', async () => {
    const cookie = await login('root', ADMIN.password);
    const id = cookie.slice('tp_session='.length).split('.')[0]!;
    const rows = await t.db.query<{ n: string }>(sql`SELECT count() AS n FROM sessions WHERE session_key = ${str(id)} OR position(ip, ${str(id)}) > 0`);
    expect(Number(rows[0]!.n)).toBe(0);
  });
});

describe('rate limiting', () => {
  // Its own app: the limiter belongs to the router instance, and the client IP
  // is set with X-Forwarded-For (trusted from loopback), so tests do not interfere.
  let call: ReturnType<typeof client>;
  beforeAll(async () => {
    call = client(await listen(createApp({ db: t.db, secret: SECRET })));
  });
  const attempt = (username: string, password: string, ip: string) =>
    call('POST', '/api/auth/login', { body: { username, password }, headers: { 'x-forwarded-for': ip } });

  test('5 failures for a user from one IP → 429, even with the right password; other IPs unaffected', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('root', 'wrong-guess', '10.0.0.1')).status).toBe(401);
    const blocked = await attempt('root', ADMIN.password, '10.0.0.1');
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_attempts');
    expect(blocked.body.error.message).toMatch(/登录失败次数过多.*\/ Too many failed sign-in attempts/);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(blocked.cookie).toBeUndefined();
    expect((await attempt('root', ADMIN.password, '10.0.0.2')).status).toBe(200);
    expect(await auditRows('login.blocked', 'root')).toHaveLength(1);
  });

  test('20 failures from one IP across usernames → 429 for every name from that IP', async () => {
    for (let i = 0; i < 20; i++) expect((await attempt(`user${i}`, 'x', '10.0.0.3')).status).toBe(401);
    expect((await attempt('root', ADMIN.password, '10.0.0.3')).status).toBe(429);
    expect((await attempt('root', ADMIN.password, '10.0.0.4')).status).toBe(200);
  });

  test('a success resets the count for that user and IP', async () => {
    for (let i = 0; i < 4; i++) await attempt('root', 'wrong-guess', '10.0.0.5');
    expect((await attempt('root', ADMIN.password, '10.0.0.5')).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt('root', 'wrong-guess', '10.0.0.5')).status).toBe(401);
    expect((await attempt('root', ADMIN.password, '10.0.0.5')).status).toBe(200);
  });
});

describe('admin users', () => {
  const cookies = new Map<Role, string>();

  beforeAll(async () => {
    for (const role of ROLES) {
      const username = `matrix-${role}`;
      const r = await createUser({
        username, role, password: `pw-${role}-123`, displayName: `测试${role}`,
        ...(role === 'dept' ? { scope: { depts: ['D001'], regions: [] } } : {}),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      cookies.set(role, await login(username, `pw-${role}-123`));
    }
  });

  test.each([
    ['GET', '/api/admin/users'],
    ['POST', '/api/admin/users'],
    ['PATCH', '/api/admin/users/matrix-leader'],
    ['GET', '/api/admin/audit'],
  ])('%s %s: admin allowed, other roles 403, anonymous 401', async (method, path) => {
    const body = method === 'GET' ? undefined : {};
    expect((await api(method, path, { body })).status).toBe(401);
    for (const role of ROLES) {
      const r = await api(method, path, { body, cookie: cookies.get(role)! });
      // An admin's empty body is a validation error (400), which proves it passed authorization.
      const expected = role === 'admin' ? (method === 'GET' ? 200 : 400) : 403;
      expect(r.status, `${role}: ${JSON.stringify(r.body)}`).toBe(expected);
      if (expected === 403) expect(r.body.error.code).toBe('forbidden');
    }
  });

  test('every role can read /api/auth/me with its scope', async () => {
    for (const role of ROLES) {
      const r = await api('GET', '/api/auth/me', { cookie: cookies.get(role)! });
      expect(r.status).toBe(200);
      expect(r.body.user.role).toBe(role);
      expect(r.body.user.scope).toEqual(role === 'dept' ? { depts: ['D001'], regions: [] } : null);
    }
  });

  test('the list never carries password hashes', async () => {
    const r = await api('GET', '/api/admin/users', { cookie: adminCookie });
    expect(r.status).toBe(200);
    const text = JSON.stringify(r.body);
    expect(text).not.toMatch(/argon2|password|hash/i);
    const dept = r.body.users.find((u: { username: string }) => u.username === 'matrix-dept');
    expect(dept).toMatchObject({ role: 'dept', scope: { depts: ['D001'], regions: [] }, disabled: false, createdBy: 'root' });
    expect(dept.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
  });

  test.each([
    ['an unknown role', { username: 'v1', role: 'superuser', password: 'long-enough' }, 'bad_request'],
    ['a short password', { username: 'v2', role: 'leader', password: 'short' }, 'bad_request'],
    ['a bad username', { username: 'has space', role: 'leader', password: 'long-enough' }, 'bad_request'],
    ['a bad scope code', { username: 'v3', role: 'dept', password: 'long-enough', scope: { depts: ["D001' OR 1=1"] } }, 'bad_request'],
    ['an unknown field', { username: 'v4', role: 'leader', password: 'long-enough', isRoot: true }, 'bad_request'],
    ['a dept user without scope', { username: 'v5', role: 'dept', password: 'long-enough' }, 'scope_required'],
    ['a scope on a non-dept role', { username: 'v6', role: 'leader', password: 'long-enough', scope: { depts: ['D001'] } }, 'scope_not_allowed'],
    ['an unknown dept code', { username: 'v7', role: 'dept', password: 'long-enough', scope: { depts: ['D999'] } }, 'unknown_scope_code'],
  ])('create refuses %s (400)', async (_what, body, code) => {
    const r = await createUser(body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe(code);
  });

  test('create: 409 for an existing name; region scopes are accepted', async () => {
    expect((await createUser({ username: 'matrix-leader', role: 'leader', password: 'long-enough' })).status).toBe(409);
    const r = await createUser({ username: 'region-user', role: 'dept', password: 'long-enough', scope: { regions: ['330100'] } });
    expect(r.status).toBe(201);
    expect(r.body.user.scope).toEqual({ depts: [], regions: ['330100'] });
  });

  test('role and scope changes reach live sessions at once', async () => {
    await createUser({ username: 'mover', role: 'leader', password: 'mover-pass-1' });
    const cookie = await login('mover', 'mover-pass-1');
    const r = await api('PATCH', '/api/admin/users/mover', {
      cookie: adminCookie,
      body: { role: 'dept', scope: { depts: ['D001'], regions: ['330100'] } },
    });
    expect(r.status).toBe(200);
    const me = await api('GET', '/api/auth/me', { cookie });
    expect(me.body.user).toMatchObject({ role: 'dept', scope: { depts: ['D001'], regions: ['330100'] } });
    // Back to leader: the scope is dropped.
    const back = await api('PATCH', '/api/admin/users/mover', { cookie: adminCookie, body: { role: 'leader' } });
    expect(back.body.user.scope).toBeNull();
    const [row] = await auditRows('user.update', 'mover');
    expect(JSON.parse(row!.detail).changes.role).toEqual({ from: 'leader', to: 'dept' });
    expect(row).toMatchObject({ username: 'root', role: 'admin' });
  });

  test('disable: sessions end at once, login is refused, audited; enable restores', async () => {
    await createUser({ username: 'leaver', role: 'inspector', password: 'leaver-pass-1' });
    const cookie = await login('leaver', 'leaver-pass-1');
    const fresh = client(await listen(createApp({ db: anotherProcessDb(), secret: SECRET })));
    expect((await fresh('GET', '/api/auth/me', { cookie })).status).toBe(200);

    const r = await api('PATCH', '/api/admin/users/leaver', { cookie: adminCookie, body: { disabled: true } });
    expect(r.status).toBe(200);
    expect(r.body.user.disabled).toBe(true);
    expect((await api('GET', '/api/auth/me', { cookie })).status).toBe(401);
    // Revoked in ClickHouse too: a process without a cache refuses it.
    const another = client(await listen(createApp({ db: anotherProcessDb(), secret: SECRET })));
    expect((await another('GET', '/api/auth/me', { cookie })).status).toBe(401);

    const denied = await api('POST', '/api/auth/login', { body: { username: 'leaver', password: 'leaver-pass-1' } });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('account_disabled');
    expect(denied.cookie).toBeUndefined();
    const wrong = await api('POST', '/api/auth/login', { body: { username: 'leaver', password: 'not-the-password' } });
    expect(wrong.status).toBe(401);

    const [dis] = await auditRows('user.disable', 'leaver');
    expect(JSON.parse(dis!.detail)).toMatchObject({ changes: { disabled: { from: false, to: true } }, sessionsRevoked: 1 });
    const failed = await auditRows('login.failed', 'leaver');
    expect(failed.map((f) => JSON.parse(f.detail).reason)).toEqual(['disabled', 'bad_password']);

    expect((await api('PATCH', '/api/admin/users/leaver', { cookie: adminCookie, body: { disabled: false } })).status).toBe(200);
    await login('leaver', 'leaver-pass-1');
    expect(await auditRows('user.enable', 'leaver')).toHaveLength(1);
  });

  test('a password reset ends the user\'s sessions and is audited without the password', async () => {
    await createUser({ username: 'resetme', role: 'evaluator', password: 'old-password-1' });
    const cookie = await login('resetme', 'old-password-1');
    const r = await api('PATCH', '/api/admin/users/resetme', { cookie: adminCookie, body: { password: 'new-password-1' } });
    expect(r.status).toBe(200);
    expect((await api('GET', '/api/auth/me', { cookie })).status).toBe(401);
    await login('resetme', 'new-password-1');
    const [row] = await auditRows('user.update', 'resetme');
    expect(JSON.parse(row!.detail)).toEqual({ changes: { passwordChanged: true }, sessionsRevoked: 1 });
    const leaks = await t.db.query<{ n: string }>(sql`SELECT count() AS n FROM audit_log WHERE position(detail, 'password-1') > 0`);
    expect(Number(leaks[0]!.n)).toBe(0);
  });

  test('an admin cannot disable or demote itself; unknown users are 404', async () => {
    for (const body of [{ disabled: true }, { role: 'leader' }]) {
      const r = await api('PATCH', '/api/admin/users/root', { cookie: adminCookie, body });
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('self_lockout');
    }
    expect((await api('PATCH', '/api/admin/users/nobody', { cookie: adminCookie, body: { disabled: true } })).status).toBe(404);
    expect((await api('PATCH', '/api/admin/users/matrix-leader', { cookie: adminCookie, body: {} })).status).toBe(400);
  });

  test('user.create is audited with the actor, request id and no secrets', async () => {
    const [row] = await auditRows('user.create', 'matrix-dept');
    expect(row).toMatchObject({ username: 'root', role: 'admin', ip: '127.0.0.1' });
    expect(row!.request_id).not.toBe('');
    expect(JSON.parse(row!.detail)).toEqual({
      role: 'dept', scope: { depts: ['D001'], regions: [] }, disabled: false, displayName: '测试dept',
    });
  });
});

describe('GET /api/admin/audit', () => {
  test('filters by user and action, pages newest first', async () => {
    const r = await api('GET', '/api/admin/audit?user=root&action=login.ok,logout&pageSize=2', { cookie: adminCookie });
    expect(r.status).toBe(200);
    expect(r.body.page).toBe(1);
    expect(r.body.pageSize).toBe(2);
    expect(r.body.total).toBeGreaterThan(2);
    expect(r.body.rows).toHaveLength(2);
    for (const row of r.body.rows) {
      expect(row.username).toBe('root');
      expect(['login.ok', 'logout']).toContain(row.action);
      expect(row.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
      expect(typeof row.detail).toBe('object');
    }
    expect(r.body.rows[0].time >= r.body.rows[1].time).toBe(true);
    const page2 = await api('GET', '/api/admin/audit?user=root&action=login.ok,logout&pageSize=2&page=2', { cookie: adminCookie });
    expect(page2.body.rows[0]).not.toEqual(r.body.rows[0]);
  });

  test('date range: today holds the rows, yesterday none; bad params are 400', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
    const inRange = await api('GET', `/api/admin/audit?from=${today}&to=${today}&action=user.create`, { cookie: adminCookie });
    expect(inRange.body.total).toBeGreaterThan(0);
    const before = await api('GET', `/api/admin/audit?from=${yesterday}&to=${yesterday}`, { cookie: adminCookie });
    expect(before.body.total).toBe(0);
    for (const q of ['from=2025-02-30', 'to=yesterday', 'page=0', 'pageSize=10000', `from=${today}&to=${yesterday}`]) {
      const bad = await api('GET', `/api/admin/audit?${q}`, { cookie: adminCookie });
      expect(bad.status, q).toBe(400);
    }
    // Injection attempts are just values.
    const odd = await api('GET', `/api/admin/audit?user=${encodeURIComponent("root' OR '1'='1")}`, { cookie: adminCookie });
    expect(odd.status).toBe(200);
    expect(odd.body.total).toBe(0);
  });
});

describe('demo users', () => {
  test('one per role, stable passwords from the secret, each can sign in', async () => {
    const first = await ensureDemoUsers(t.db, { dept: 'D001', region: '330100', secret: SECRET });
    expect(first.map((u) => u.role)).toEqual([...ROLES]);
    const again = await ensureDemoUsers(t.db, { dept: 'D001', region: '330100', secret: SECRET });
    expect(again).toEqual(first);
    for (const u of first) {
      const cookie = await login(u.username, u.password);
      const me = await api('GET', '/api/auth/me', { cookie });
      expect(me.body.user).toMatchObject({ username: u.username, role: u.role, scope: u.scope });
    }
    expect(first.find((u) => u.role === 'dept')!.scope).toEqual({ depts: ['D001'], regions: ['330100'] });
    await expect(ensureDemoUsers(t.db, {})).rejects.toThrow(/dept or region/);
  });
});

// A router mounted without the session middleware fails closed (500), never open.
test('requireAuth without sessionMiddleware fails closed', async () => {
  const app = express();
  app.use('/api', authRoutes({ db: t.db, secret: SECRET }));
  app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ error: 'x' });
  });
  const call = client(await listen(app));
  expect((await call('GET', '/api/auth/me', { cookie: adminCookie })).status).toBe(500);
});
