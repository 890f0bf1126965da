// 督办 notices (supervision issue, item 3): issue, respond/accept/return/close,
// list and history. Append-only: a notice is one row of supervision_actions,
// everything after is a row of supervision_action_events, and the state is
// the replay of those events (action-state.ts) at the requested as_of.
//
// Who may do what (api.md: Roles and scope):
// - inspector, admin: issue; accept, return, close.
// - dept: respond, only to notices inside its scope (404 outside: existence is not revealed).
// - leader: read. Evaluators have no access to 督办.
// A dept user sees a notice when its responsible dept or its target's dept is
// one of the scope's depts, or its region lies in a scope region's subtree.
import { randomBytes, randomUUID } from 'node:crypto';
import { beijingDate } from '../../etl/clock/beijing.ts';
import type { Action, ActionEventBody, ActionEventType, ActionListQuery, Escalation, IssueActionBody } from '../api/supervision-schemas.ts';
import { audit } from '../auth/audit.ts';
import { nextVersion } from '../auth/version.ts';
import type { Request } from 'express';
import { ApiError, badRequest, forbidden, notFound } from '../errors.ts';
import { beijingIsoOf, parseAsOf } from '../metrics/engine/periods.ts';
import type { Db } from '../sql/client.ts';
import { compileScope, regionIn } from '../sql/filters.ts';
import { instant, join, list, raw, sql, str, type Sql } from '../sql/literal.ts';
import { regionTree, type RegionTree } from '../sql/regions.ts';
import { canApply, escalationAt, EVENT_NAMES, foldEvents, STATE_NAMES } from './action-state.ts';
import { workCalendar } from './calendar.ts';
import { SUPERVISION_CONFIG } from './config.ts';
import type { Viewer } from './cases.ts';
import { withKeyLock } from './lock.ts';
import { namesFor } from './names.ts';

interface HeaderRow {
  action_id: string;
  target_kind: 'case' | 'dept' | 'region';
  target_code: string;
  case_id: string;
  dept_code: string;
  region_code: string;
  responsible_dept: string;
  reason: string;
  deadline_workdays: number;
  red_after_workdays: number;
  issued: number;
  due_date: string;
  red_date: string;
  issued_by: string;
}

interface EventRow {
  event_id: string;
  action_id: string;
  event_type: ActionEventType;
  actor: string;
  actor_role: string;
  at: number;
  seq: string;
  text: string;
  attachments: string[];
  level: string;
}

const HEADER_COLUMNS = raw(`action_id, toString(target_kind) AS target_kind, target_code, case_id, dept_code, region_code,
  responsible_dept, reason, deadline_workdays, red_after_workdays, toUnixTimestamp(issued_at) AS issued,
  due_date, red_date, issued_by`);

/** The scope of a dept user over notices (see the header comment); null = unrestricted. */
function scopeSql(viewer: Viewer, tree: RegionTree): Sql {
  if (viewer.scope === null) return raw('1');
  const byResponsible = compileScope(viewer.scope, { region: raw('region_code'), dept: raw('responsible_dept'), item: null, channel: null, ratingChannel: null }, tree);
  const byTarget = compileScope(viewer.scope, { region: null, dept: raw('dept_code'), item: null, channel: null, ratingChannel: null }, tree);
  return sql`(${byResponsible} OR ${byTarget})`;
}

async function readHeaders(db: Db, where: Sql): Promise<HeaderRow[]> {
  const rows = await db.query<HeaderRow>(sql`SELECT ${HEADER_COLUMNS} FROM supervision_actions WHERE ${where}
    ORDER BY issued_at DESC, action_id ASC`);
  return rows.map((r) => ({ ...r, deadline_workdays: Number(r.deadline_workdays), red_after_workdays: Number(r.red_after_workdays), issued: Number(r.issued) }));
}

async function readEvents(db: Db, actionIds: readonly string[]): Promise<Map<string, EventRow[]>> {
  const out = new Map<string, EventRow[]>();
  for (let i = 0; i < actionIds.length; i += 20_000) {
    const rows = await db.query<EventRow>(sql`SELECT event_id, action_id, toString(event_type) AS event_type, actor, actor_role,
        toUnixTimestamp(at) AS at, seq, text, attachments, toString(level) AS level
      FROM supervision_action_events WHERE action_id IN ${list(actionIds.slice(i, i + 20_000), str)}
      ORDER BY action_id, seq`);
    for (const r of rows) out.set(r.action_id, [...(out.get(r.action_id) ?? []), { ...r, at: Number(r.at) }]);
  }
  // seq is a UInt64 (a JSON string): compare as BigInt so order survives any length.
  for (const evs of out.values()) evs.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : BigInt(a.seq) > BigInt(b.seq) ? 1 : 0));
  return out;
}

/** finished_at (epoch ms) of the given cases when finished or denied. */
async function caseFinishTimes(db: Db, caseIds: readonly string[]): Promise<Map<string, number>> {
  const ids = [...new Set(caseIds.filter((c) => c !== ''))];
  const out = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 20_000) {
    const rows = await db.query<{ case_id: string; f: number | null; s: string }>(sql`SELECT case_id,
        toUnixTimestamp(argMax(finished_at, version)) AS f, toString(argMax(status, version)) AS s
      FROM cases WHERE case_id IN ${list(ids.slice(i, i + 20_000), str)} GROUP BY case_id`);
    for (const r of rows) if (r.f !== null && (r.s === 'finished' || r.s === 'denied')) out.set(r.case_id, Number(r.f) * 1000);
  }
  return out;
}

interface Built {
  action: Action;
  header: HeaderRow;
  /** Events up to as_of, replayed. */
  folded: ReturnType<typeof foldEvents>;
}

async function build(db: Db, headers: HeaderRow[], asOfMs: number, withHistory: boolean): Promise<Built[]> {
  if (headers.length === 0) return [];
  const [events, finish, tree] = await Promise.all([
    readEvents(db, headers.map((h) => h.action_id)),
    caseFinishTimes(db, headers.map((h) => h.case_id)),
    regionTree(db),
  ]);
  const names = await namesFor(db, tree, {
    depts: headers.flatMap((h) => [h.responsible_dept, h.target_kind === 'dept' ? h.target_code : '']),
    items: [],
  });
  return headers.map((h) => {
    const all = events.get(h.action_id) ?? [];
    const upto = all.filter((e) => e.at * 1000 <= asOfMs || e.event_type === 'issue');
    const folded = foldEvents(upto.map((e) => ({ type: e.event_type, at: e.at * 1000, level: e.level })));
    const finishedAt = finish.get(h.case_id);
    const finished = h.target_kind === 'case' && finishedAt !== undefined && finishedAt <= asOfMs;
    const autoClosePending = finished && folded.state !== 'closed';
    const state = autoClosePending ? 'closed' : folded.state;
    const escalation: Escalation = escalationAt(state, h.due_date, h.red_date, asOfMs, finished);
    const targetName = h.target_kind === 'case' ? h.target_code : h.target_kind === 'dept' ? names.dept(h.target_code) : names.region(h.target_code);
    const action: Action = {
      actionId: h.action_id,
      target: { kind: h.target_kind, code: h.target_code, name: targetName },
      caseId: h.case_id === '' ? null : h.case_id,
      deptCode: h.dept_code,
      regionCode: h.region_code,
      responsibleDept: { code: h.responsible_dept, name: names.dept(h.responsible_dept) },
      reason: h.reason,
      deadlineWorkdays: h.deadline_workdays,
      redAfterWorkdays: h.red_after_workdays,
      issuedAt: beijingIsoOf(h.issued * 1000),
      issuedBy: h.issued_by,
      dueDate: h.due_date,
      dueAt: `${h.due_date}T23:59:59+08:00`,
      redDate: h.red_date,
      asOf: beijingIsoOf(asOfMs),
      state,
      escalation,
      closedBy: autoClosePending ? 'auto' : folded.closedBy,
      autoClosePending,
      lastEventAt: beijingIsoOf((upto[upto.length - 1]?.at ?? h.issued) * 1000),
    };
    if (withHistory) {
      action.history = all.map((e, i) => ({
        eventId: e.event_id,
        type: e.event_type,
        actor: e.actor,
        actorRole: e.actor_role,
        at: beijingIsoOf(e.at * 1000),
        text: e.text,
        attachments: e.attachments,
        level: e.level,
        // Events after as_of are listed (the full record) and marked by their time; applied is of the replay up to as_of.
        applied: i < upto.length ? folded.applied[i]! : foldEvents(all.map((x) => ({ type: x.event_type, at: x.at * 1000, level: x.level }))).applied[i]!,
      }));
    }
    return { action, header: h, folded };
  });
}

export function asOfOf(text: string | undefined, nowMs: number): number {
  if (text === undefined) return nowMs;
  const ms = parseAsOf(text);
  if (ms === null) throw badRequest('参数 asOf 无效：应为 YYYY-MM-DD 日期或 ISO 8601 时刻', 'Invalid parameter asOf: expected a YYYY-MM-DD date or an ISO 8601 instant');
  return ms;
}

// ---- reads ----------------------------------------------------------------------

export async function listActions(db: Db, viewer: Viewer, q: ActionListQuery, nowMs = Date.now()): Promise<{ asOf: string; total: number; page: number; pageSize: number; rows: Action[] }> {
  const asOfMs = asOfOf(q.asOf, nowMs);
  const tree = await regionTree(db);
  const where: Sql[] = [scopeSql(viewer, tree), sql`issued_at <= ${instant(asOfMs)}`];
  if (q.targetKind) where.push(sql`target_kind = ${str(q.targetKind)}`);
  if (q.caseId) where.push(sql`case_id = ${str(q.caseId)}`);
  if (q.dept) where.push(sql`(responsible_dept = ${str(q.dept)} OR dept_code = ${str(q.dept)})`);
  if (q.region) {
    if (!tree.has(q.region)) throw badRequest(`未知区划：${q.region}`, `Unknown region: ${q.region}`, 'unknown_region');
    where.push(regionIn(tree, raw('region_code'), [q.region]));
  }
  const built = await build(db, await readHeaders(db, join(where, ' AND ')), asOfMs, false);
  const rows = built.map((b) => b.action)
    .filter((a) => !q.state || q.state.includes(a.state))
    .filter((a) => !q.escalation || q.escalation.includes(a.escalation));
  const start = (q.page - 1) * q.pageSize;
  return { asOf: beijingIsoOf(asOfMs), total: rows.length, page: q.page, pageSize: q.pageSize, rows: rows.slice(start, start + q.pageSize) };
}

/** One notice with its full history; 404 when absent or outside the viewer's scope. */
export async function getAction(db: Db, viewer: Viewer, actionId: string, asOfMs: number): Promise<Action> {
  const tree = await regionTree(db);
  const [b] = await build(db, await readHeaders(db, sql`action_id = ${str(actionId)} AND ${scopeSql(viewer, tree)}`), asOfMs, true);
  if (!b) throw notFound('督办');
  return b.action;
}

/** The notices of one case (the case detail), with history. */
export async function actionsOfCase(db: Db, viewer: Viewer, caseId: string, asOfMs: number): Promise<Action[]> {
  const tree = await regionTree(db);
  const built = await build(db, await readHeaders(db, sql`case_id = ${str(caseId)} AND ${scopeSql(viewer, tree)}`), asOfMs, true);
  return built.map((b) => b.action);
}

// ---- writes -----------------------------------------------------------------------

const conflict = (zh: string, en: string, code = 'invalid_transition') => new ApiError(409, code, zh, en);

function newActionId(nowMs: number): string {
  return `DB${beijingDate(nowMs).replaceAll('-', '')}-${randomBytes(4).toString('hex')}`;
}

async function insertEvent(db: Db, e: { actionId: string; type: ActionEventType; actor: string; role: string; atMs: number; text?: string; attachments?: string[]; level?: string }): Promise<void> {
  await db.insert('supervision_action_events', [{
    event_id: randomUUID(),
    action_id: e.actionId,
    event_type: e.type,
    actor: e.actor,
    actor_role: e.role,
    at: Math.floor(e.atMs / 1000),
    seq: nextVersion(),
    text: e.text ?? '',
    attachments: e.attachments ?? [],
    level: e.level ?? '',
  }]);
}

interface TargetFacts { caseId: string; deptCode: string; regionCode: string; defaultDept: string }

async function resolveTarget(db: Db, tree: RegionTree, body: IssueActionBody): Promise<{ kind: 'case' | 'dept' | 'region'; code: string; facts: TargetFacts }> {
  if (body.caseId !== undefined) {
    const [c] = await db.query<{ dept_code: string; region_code: string; status: string }>(sql`SELECT dept_code, region_code, toString(status) AS status
      FROM cases WHERE case_id = ${str(body.caseId)} ORDER BY version DESC LIMIT 1`);
    if (!c) throw notFound('办件');
    if (['finished', 'denied', 'withdrawn', 'not_accepted'].includes(c.status)) {
      throw conflict('办件已办结或已终止，不能再对其督办；可对责任单位督办', 'The case has already ended; issue the notice to the unit instead', 'case_ended');
    }
    return { kind: 'case', code: body.caseId, facts: { caseId: body.caseId, deptCode: c.dept_code, regionCode: c.region_code, defaultDept: c.dept_code } };
  }
  const unit = body.unit!;
  if (unit.kind === 'dept') {
    const [d] = await db.query<{ region_code: string }>(sql`SELECT argMax(region_code, version) AS region_code FROM depts WHERE dept_code = ${str(unit.code)} GROUP BY dept_code`);
    if (!d) throw badRequest(`未知部门：${unit.code}`, `Unknown dept: ${unit.code}`, 'unknown_dept');
    return { kind: 'dept', code: unit.code, facts: { caseId: '', deptCode: unit.code, regionCode: d.region_code, defaultDept: unit.code } };
  }
  if (!tree.has(unit.code)) throw badRequest(`未知区划：${unit.code}`, `Unknown region: ${unit.code}`, 'unknown_region');
  return { kind: 'region', code: unit.code, facts: { caseId: '', deptCode: '', regionCode: unit.code, defaultDept: '' } };
}

export async function issueAction(db: Db, req: Request, viewer: Viewer, body: IssueActionBody, nowMs = Date.now()): Promise<Action> {
  const tree = await regionTree(db);
  const target = await resolveTarget(db, tree, body);
  const responsible = body.responsibleDept ?? target.facts.defaultDept;
  if (!responsible) throw badRequest('区划督办需指定责任部门 responsibleDept', 'A region notice needs a responsibleDept');
  if (responsible !== target.facts.defaultDept) {
    const known = await db.query<{ n: string }>(sql`SELECT count() AS n FROM depts WHERE dept_code = ${str(responsible)}`);
    if (Number(known[0]?.n ?? 0) === 0) throw badRequest(`未知部门：${responsible}`, `Unknown dept: ${responsible}`, 'unknown_dept');
  }
  const calendar = await workCalendar(db);
  const issueDate = beijingDate(nowMs);
  const redAfter = body.redAfterWorkdays ?? SUPERVISION_CONFIG.redAfterWorkdays;
  // The issue day itself is not counted (期间开始的当日不计入), as for case deadlines.
  const dueDate = calendar.nthWorkdayAfter(issueDate, body.deadlineWorkdays);
  const redDate = calendar.nthWorkdayAfter(dueDate, redAfter);
  const actionId = newActionId(nowMs);
  await db.insert('supervision_actions', [{
    action_id: actionId,
    target_kind: target.kind,
    target_code: target.code,
    case_id: target.facts.caseId,
    dept_code: target.facts.deptCode,
    region_code: target.facts.regionCode,
    responsible_dept: responsible,
    reason: body.reason,
    deadline_workdays: body.deadlineWorkdays,
    red_after_workdays: redAfter,
    issued_at: Math.floor(nowMs / 1000),
    due_date: dueDate,
    red_date: redDate,
    issued_by: viewer.username,
    seq: nextVersion(),
  }]);
  await insertEvent(db, { actionId, type: 'issue', actor: viewer.username, role: viewer.role, atMs: nowMs, text: body.reason });
  await audit(db, {
    req, action: 'supervision.action.issue', target: actionId,
    detail: { target: { kind: target.kind, code: target.code }, responsibleDept: responsible, deadlineWorkdays: body.deadlineWorkdays, dueDate, redDate },
  });
  return getAction(db, viewer, actionId, nowMs);
}

const ROLE_OF_EVENT: Readonly<Record<ActionEventBody['type'], readonly string[]>> = {
  respond: ['dept'],
  accept: ['inspector', 'admin'],
  return: ['inspector', 'admin'],
  close: ['inspector', 'admin'],
};

export async function postActionEvent(db: Db, req: Request, viewer: Viewer, actionId: string, body: ActionEventBody, nowMs = Date.now()): Promise<Action> {
  return withKeyLock(`action:${actionId}`, async () => {
    // Scope first: a notice outside a dept user's scope does not exist for them.
    const current = await getAction(db, viewer, actionId, nowMs);
    if (!ROLE_OF_EVENT[body.type].includes(viewer.role)) throw forbidden();
    if (body.type === 'respond' && body.text === '' && body.attachments.length === 0) {
      throw badRequest('回复内容不能为空', 'A response needs text or attachments');
    }
    if (body.type === 'return' && body.text === '') throw badRequest('退回需说明理由', 'A return needs a reason');
    if (current.autoClosePending) {
      throw conflict('办件已办结，督办已自动关闭', 'The case has finished; the notice closed itself');
    }
    if (!canApply(current.state, body.type)) {
      throw conflict(
        `督办当前状态为「${STATE_NAMES[current.state]}」，不能${EVENT_NAMES[body.type]}`,
        `The notice is ${current.state}; ${body.type} is not allowed`,
      );
    }
    await insertEvent(db, { actionId, type: body.type, actor: viewer.username, role: viewer.role, atMs: nowMs, text: body.text, attachments: body.attachments });
    await audit(db, {
      req, action: `supervision.action.${body.type}`, target: actionId,
      detail: { from: current.state, text: body.text, attachments: body.attachments },
    });
    return getAction(db, viewer, actionId, nowMs);
  });
}

// ---- the scheduled check ---------------------------------------------------------------

export interface ActionCheckResult {
  autoClosed: string[];
  escalated: Array<{ actionId: string; level: Escalation }>;
}

/**
 * Keeps the record current (the supervision issue: "escalation computed at
 * read time and also by a scheduled check"): a case notice whose case has
 * finished gets its auto_close event; a notice whose escalation at `nowMs` is
 * above the level last recorded gets an escalate event (the record that a
 * notification went out). Reads never depend on these events.
 */
export async function runActionChecks(db: Db, nowMs = Date.now()): Promise<ActionCheckResult> {
  const headers = await readHeaders(db, raw(`action_id NOT IN (SELECT action_id FROM supervision_action_events
    WHERE event_type IN ('close', 'auto_close'))`));
  const system: Viewer = { username: 'system', role: 'admin', scope: null };
  const result: ActionCheckResult = { autoClosed: [], escalated: [] };
  for (const b of await build(db, headers, nowMs, false)) {
    await withKeyLock(`action:${b.header.action_id}`, async () => {
      if (b.action.autoClosePending) {
        await insertEvent(db, { actionId: b.header.action_id, type: 'auto_close', actor: system.username, role: 'system', atMs: nowMs, text: '办件已办结，督办自动关闭' });
        result.autoClosed.push(b.header.action_id);
        return;
      }
      const rank = { none: 0, yellow: 1, red: 2 } as const;
      if (rank[b.action.escalation] > rank[b.folded.recordedLevel]) {
        await insertEvent(db, {
          actionId: b.header.action_id, type: 'escalate', actor: system.username, role: 'system', atMs: nowMs, level: b.action.escalation,
          text: b.action.escalation === 'red' ? `逾期超过 ${b.header.red_after_workdays} 个工作日未采纳，升级为红色督办` : '逾期未获采纳，升级为黄色督办',
        });
        result.escalated.push({ actionId: b.header.action_id, level: b.action.escalation });
      }
    });
  }
  return result;
}

