// The audit log (append-only `audit_log`): sign-ins, sign-outs, admin changes,
// and whatever other routes record (case views, exports). Written
// synchronously: a caller that awaits `audit` fails when the row could not be
// written, so an audited action never happens unrecorded.
import type { Request } from 'express';
import type { Db } from '../sql/client.ts';
import { instant, int, join, list, sql, str, type Sql } from '../sql/literal.ts';
import { beijingIso, nextVersion, toSeconds } from './version.ts';

export interface AuditEvent {
  /** Supplies ip, request id and (unless `user` is given) the signed-in user. */
  req?: Request;
  /** The actor; defaults to req.user. */
  user?: { username: string; role: string } | null;
  /** Dotted, lower-case: login.ok, login.failed, logout, user.create, case.view, cases.export, … */
  action: string;
  target?: string;
  /** Serialized as JSON; values under keys that look like secrets become "[redacted]". */
  detail?: Record<string, unknown>;
}

const SECRET_KEY = /pass(word)?|hash|secret|token|cookie|authorization/i;

/** Replaces values under secret-looking keys, at any depth (flags such as `passwordChanged: true` stay). */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[truncated]';
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) && typeof v !== 'boolean' ? '[redacted]' : redact(v, depth + 1)]),
    );
  }
  return value;
}

export async function audit(db: Db, event: AuditEvent): Promise<void> {
  const actor = event.user ?? event.req?.user ?? null;
  const now = Date.now();
  await db.insert('audit_log', [{
    time: toSeconds(now),
    seq: nextVersion(),
    username: actor?.username ?? '',
    role: actor?.role ?? '',
    ip: event.req?.ip ?? '',
    action: event.action,
    target: event.target ?? '',
    detail: JSON.stringify(redact(event.detail ?? {})),
    request_id: event.req?.id === undefined ? '' : String(event.req.id),
  }]);
}

export interface AuditQuery {
  /** Epoch ms, inclusive. */
  fromMs: number;
  /** Epoch ms, exclusive. */
  toMs: number;
  user?: string;
  actions?: string[];
  target?: string;
  page: number;
  pageSize: number;
}

export interface AuditEntry {
  time: string;
  username: string;
  role: string;
  ip: string;
  action: string;
  target: string;
  detail: unknown;
  requestId: string;
}

interface AuditRow {
  time: string;
  username: string;
  role: string;
  ip: string;
  action: string;
  target: string;
  detail: string;
  request_id: string;
}

export async function queryAudit(db: Db, q: AuditQuery): Promise<{ total: number; rows: AuditEntry[] }> {
  const where: Sql[] = [sql`time >= ${instant(q.fromMs)}`, sql`time < ${instant(q.toMs)}`];
  if (q.user) where.push(sql`username = ${str(q.user)}`);
  if (q.actions?.length) where.push(sql`action IN ${list(q.actions, str)}`);
  if (q.target) where.push(sql`target = ${str(q.target)}`);
  const cond = join(where, ' AND ');
  const [count] = await db.query<{ n: string }>(sql`SELECT count() AS n FROM audit_log WHERE ${cond}`);
  const rows = await db.query<AuditRow>(sql`SELECT time, username, role, ip, action, target, detail, request_id
    FROM audit_log WHERE ${cond}
    ORDER BY time DESC, seq DESC
    LIMIT ${int((q.page - 1) * q.pageSize)}, ${int(q.pageSize)}`);
  return {
    total: Number(count?.n ?? 0),
    rows: rows.map((r) => ({
      time: beijingIso(r.time),
      username: r.username,
      role: r.role,
      ip: r.ip,
      action: r.action,
      target: r.target,
      detail: parseDetail(r.detail),
      requestId: r.request_id,
    })),
  };
}

function parseDetail(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
