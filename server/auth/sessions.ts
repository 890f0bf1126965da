// Sessions: a random id in an HttpOnly, SameSite=Strict cookie, signed with
// the app secret (HMAC-SHA256); the session itself lives in ClickHouse
// (`sessions`, append-only: a revocation is a new version), keyed by the
// SHA-256 of the id. An in-process cache spares a database round trip per
// request; this process drops entries at once on logout, disable, password
// reset or role change. Other processes notice within CACHE_TTL_MS.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Db } from '../sql/client.ts';
import { sql, str } from '../sql/literal.ts';
import { forbidden, unauthorized } from '../errors.ts';
import type { Role, SessionUser } from './types.ts';
import { effectiveScope, findUser, type UserRecord } from './users.ts';
import { nextVersion, toSeconds } from './version.ts';

export const SESSION_COOKIE = 'tp_session';
export const SESSION_TTL_MS = 12 * 3_600_000;
/** How long a cached session is trusted before it is re-read (bounds cross-process revocation delay). */
export const CACHE_TTL_MS = 30_000;
const CACHE_MAX = 10_000;

// ---- cookie value: <id>.<hmac(secret, id)>, both base64url ----------------

const sign = (secret: string, id: string): string =>
  createHmac('sha256', secret).update(`tianping-session:${id}`).digest('base64url');

export function signSessionId(secret: string, id: string): string {
  return `${id}.${sign(secret, id)}`;
}

/** The session id when the signature is right, else null. */
export function verifySessionCookie(secret: string, value: string): string | null {
  const m = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!m) return null;
  const [, id, sig] = m as unknown as [string, string, string];
  const expected = Buffer.from(sign(secret, id));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

const sessionKey = (id: string): string => createHash('sha256').update(id).digest('hex');

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

// ---- the store -------------------------------------------------------------

interface CacheEntry {
  user: SessionUser | null;
  expiresAtMs: number;
  checkedAtMs: number;
}

// TRICKY: aliases differ from column names, so WHERE/HAVING never pick up an
// aggregate alias in place of a column (alias resolution differs across versions).
interface SessionRow {
  username: string;
  created_s: number | string;
  expires_s: number | string;
  is_revoked: number;
  last_ip: string;
  last_ua: string;
}

const SESSION_COLUMNS = sql`username,
    toUnixTimestamp(argMax(created_at, version)) AS created_s,
    toUnixTimestamp(argMax(expires_at, version)) AS expires_s,
    argMax(revoked, version) AS is_revoked,
    argMax(ip, version) AS last_ip,
    argMax(user_agent, version) AS last_ua`;

export const toSessionUser = (u: UserRecord, key: string): SessionUser => ({
  username: u.username,
  role: u.role,
  scope: effectiveScope(u.role, u.scope),
  sessionId: key,
  displayName: u.displayName,
});

export class SessionStore {
  private readonly cache = new Map<string, CacheEntry>();
  /** Bumped on every invalidation, so a read that raced one is not cached. */
  private generation = 0;

  constructor(private readonly db: Db, private readonly ttlMs = SESSION_TTL_MS) {}

  /** Creates a session; returns the id for the cookie (the store keeps only its hash). */
  async create(user: UserRecord, meta: { ip: string; userAgent: string }): Promise<{ id: string; expiresAtMs: number; user: SessionUser }> {
    const id = randomBytes(32).toString('base64url');
    const key = sessionKey(id);
    const now = Date.now();
    const expiresAtMs = now + this.ttlMs;
    await this.db.insert('sessions', [{
      session_key: key,
      username: user.username,
      created_at: toSeconds(now),
      expires_at: toSeconds(expiresAtMs),
      revoked: 0,
      ip: meta.ip,
      user_agent: meta.userAgent.slice(0, 512),
      version: nextVersion(),
    }]);
    const sessionUser = toSessionUser(user, key);
    this.put(key, { user: sessionUser, expiresAtMs, checkedAtMs: now });
    return { id, expiresAtMs, user: sessionUser };
  }

  /** The signed-in user of a (signature-checked) session id, or null. */
  async resolve(id: string): Promise<SessionUser | null> {
    const key = sessionKey(id);
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.checkedAtMs < CACHE_TTL_MS) return now < hit.expiresAtMs ? hit.user : null;

    const generation = this.generation;
    const row = await this.readSession(key);
    let entry: CacheEntry = { user: null, expiresAtMs: now + CACHE_TTL_MS, checkedAtMs: now };
    if (row && Number(row.is_revoked) === 0) {
      const expiresAtMs = Number(row.expires_s) * 1000;
      const user = expiresAtMs > now ? await findUser(this.db, row.username) : null;
      if (user && !user.disabled) entry = { user: toSessionUser(user, key), expiresAtMs, checkedAtMs: now };
    }
    // TRICKY: a logout or disable that ran while we were reading must win.
    if (generation === this.generation) this.put(key, entry);
    return entry.user;
  }

  /** Revokes one session (logout). */
  async revoke(key: string): Promise<void> {
    this.invalidate((k) => k === key);
    const row = await this.readSession(key);
    if (row && Number(row.is_revoked) === 0) await this.db.insert('sessions', [this.revokedRow(key, row)]);
  }

  /** Revokes every live session of a user (disable, password reset). Returns how many. */
  async revokeUser(username: string): Promise<number> {
    this.invalidate((_k, e) => e.user?.username === username);
    const rows = await this.db.query<SessionRow & { session_key: string }>(sql`SELECT session_key, ${SESSION_COLUMNS}
      FROM sessions WHERE username = ${str(username)}
      GROUP BY session_key, username
      HAVING is_revoked = 0 AND expires_s > toUnixTimestamp(now())`);
    await this.db.insert('sessions', rows.map((r) => this.revokedRow(r.session_key, r)));
    return rows.length;
  }

  /** Forgets cached sessions of a user so the next request re-reads role and scope. */
  invalidateUser(username: string): void {
    this.invalidate((_k, e) => e.user?.username === username);
  }

  private invalidate(match: (key: string, e: CacheEntry) => boolean): void {
    this.generation++;
    for (const [k, e] of this.cache) if (match(k, e)) this.cache.delete(k);
  }

  private put(key: string, entry: CacheEntry): void {
    this.cache.delete(key);
    this.cache.set(key, entry);
    if (this.cache.size > CACHE_MAX) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }

  private async readSession(key: string): Promise<SessionRow | null> {
    // username never changes within a session, so it is a grouping key.
    const rows = await this.db.query<SessionRow>(sql`SELECT ${SESSION_COLUMNS}
      FROM sessions WHERE session_key = ${str(key)} GROUP BY session_key, username`);
    return rows[0] ?? null;
  }

  private revokedRow(key: string, row: SessionRow): object {
    return {
      session_key: key,
      username: row.username,
      created_at: Number(row.created_s),
      expires_at: Number(row.expires_s),
      revoked: 1,
      ip: row.last_ip,
      user_agent: row.last_ua,
      version: nextVersion(),
    };
  }
}

// One store per database, shared by the session middleware and the routes
// that revoke sessions (auth, admin users).
const stores = new WeakMap<Db, SessionStore>();

export function sessionStoreFor(db: Db): SessionStore {
  let store = stores.get(db);
  if (!store) {
    store = new SessionStore(db);
    stores.set(db, store);
  }
  return store;
}

// ---- cookie on the response ------------------------------------------------

export function setSessionCookie(req: Request, res: Response, secret: string, id: string, expiresAtMs: number): void {
  res.cookie(SESSION_COOKIE, signSessionId(secret, id), {
    httpOnly: true,
    sameSite: 'strict',
    // req.secure honours X-Forwarded-Proto from a loopback proxy ('trust proxy').
    secure: req.secure,
    path: '/',
    // Whole seconds, rounded up, so a 12 h session says Max-Age=43200.
    maxAge: Math.max(0, Math.ceil((expiresAtMs - Date.now()) / 1000) * 1000),
  });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}

// ---- middleware ------------------------------------------------------------

const resolvers = new WeakMap<Request, () => Promise<SessionUser | null>>();

/**
 * Registered once in createApp, before the routers. Cheap: it only records
 * how to resolve the cookie; the store is consulted when a route asks
 * (requireAuth / currentUser), so public routes never touch ClickHouse.
 */
export function sessionMiddleware(ctx: { db: Db; secret: string }): RequestHandler {
  if (!ctx.secret) throw new Error('sessionMiddleware: the app secret (TIANPING_SECRET) is empty');
  const store = sessionStoreFor(ctx.db);
  return (req: Request, _res: Response, next: NextFunction) => {
    let pending: Promise<SessionUser | null> | undefined;
    resolvers.set(req, () => {
      pending ??= (async () => {
        const value = readCookie(req, SESSION_COOKIE);
        const id = value ? verifySessionCookie(ctx.secret, value) : null;
        return id ? store.resolve(id) : null;
      })();
      return pending;
    });
    next();
  };
}

/** The signed-in user, or null. Sets req.user. */
export async function currentUser(req: Request): Promise<SessionUser | null> {
  if (req.user) return req.user;
  const resolve = resolvers.get(req);
  // A programming error (router mounted before sessionMiddleware): fail closed, loudly.
  if (!resolve) throw new Error('sessionMiddleware is not registered before this route');
  const user = await resolve();
  if (user) req.user = user;
  return user;
}

/**
 * 401 when not signed in, 403 when the role is not among `roles` (none given:
 * any signed-in user). Sets req.user. Use per route — `router.get(path,
 * requireAuth('admin'), handler)` — not `router.use`, since routers share /api.
 */
export function requireAuth(...roles: Role[]): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const user = await currentUser(req);
    if (!user) throw unauthorized();
    if (roles.length > 0 && !roles.includes(user.role)) throw forbidden();
    next();
  };
}
