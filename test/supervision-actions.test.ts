// 督办 notices against a real ClickHouse: lifecycle with return, escalation
// by as_of (read time) and by the scheduled check, self-closing when the case
// finishes, permissions and scope, audit of every transition.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, beijingDate } from '../etl/clock/beijing.ts';
import { loadCalendar } from '../etl/load/context.ts';
import { Action } from '../server/api/supervision-schemas.ts';
import { runSupervisionChecks, supervisionActionsJob } from '../server/supervision/checks.ts';
import { caseRow, importDir, ndjson, writeFixtureDir } from './helpers/metrics-fixture.ts';
import { SUPERVISION_CASES, supervisionEnv, type SupervisionEnv } from './helpers/supervision-fixture.ts';

let env: SupervisionEnv;

beforeAll(async () => {
  env = await supervisionEnv('supactions');
});

afterAll(async () => {
  await env?.close();
});

const post = async (who: keyof SupervisionEnv['as'], path: string, body: unknown) => env.as[who].post(path, body);

async function issue(body: Record<string, unknown>) {
  const r = await post('inspector', '/api/supervision/actions', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return Action.parse(r.body);
}

async function event(who: keyof SupervisionEnv['as'], id: string, body: Record<string, unknown>, status = 201) {
  const r = await post(who, `/api/supervision/actions/${id}/events`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r;
}

async function at(id: string, asOf?: string, who: keyof SupervisionEnv['as'] = 'inspector') {
  const r = await env.as[who].get(`/api/supervision/actions/${id}${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return Action.parse(r.body);
}

describe('督办 lifecycle', () => {
  let id: string;
  let notice: Action;

  test('an inspector issues a case notice; the due date is on the working-day calendar', async () => {
    notice = await issue({ caseId: 'K1', reason: '超期未办结，请说明原因并限期办结', deadlineWorkdays: 3 });
    id = notice.actionId;
    expect(notice).toEqual(expect.objectContaining({
      target: { kind: 'case', code: 'K1', name: 'K1' }, caseId: 'K1', responsibleDept: { code: 'D4', name: '上城区行政审批局' },
      state: 'issued', escalation: 'none', deadlineWorkdays: 3, redAfterWorkdays: 5, issuedBy: 'inspector-user',
    }));
    const calendar = await loadCalendar(env.t.db);
    const today = beijingDate(Date.now());
    expect(notice.dueDate).toBe(calendar.nthWorkdayAfter(today, 3));
    expect(notice.redDate).toBe(calendar.nthWorkdayAfter(notice.dueDate, 5));
    expect(calendar.isWorkday(notice.dueDate)).toBe(true);
    expect(notice.history).toEqual([expect.objectContaining({ type: 'issue', actor: 'inspector-user', actorRole: 'inspector', applied: true })]);
  });

  test('permissions: leader cannot issue or act, evaluator cannot read, other depts cannot see it', async () => {
    expect((await post('leader', '/api/supervision/actions', { caseId: 'K1', reason: 'x', deadlineWorkdays: 3 })).status).toBe(403);
    expect((await post('dept4', '/api/supervision/actions', { caseId: 'K1', reason: 'x', deadlineWorkdays: 3 })).status).toBe(403);
    expect((await post('leader', `/api/supervision/actions/${id}/events`, { type: 'close' })).status).toBe(403);
    expect((await env.as.evaluator.get(`/api/supervision/actions/${id}`)).status).toBe(403);
    expect((await env.as.leader.get(`/api/supervision/actions/${id}`)).status).toBe(200);
    // A dept user of another department cannot respond — nor learn that the notice exists.
    for (const who of ['dept1', 'dept2', 'deptRegion'] as const) {
      const r = await event(who, id, { type: 'respond', text: '代为回复' }, 404);
      expect(r.body.error.code).toBe('not_found');
      expect((await env.as[who].get(`/api/supervision/actions/${id}`)).status).toBe(404);
      expect((await env.as[who].get('/api/supervision/actions')).body.rows.map((a: Action) => a.actionId)).not.toContain(id);
    }
    // The responsible dept cannot accept its own response; an inspector cannot respond.
    await event('dept4', id, { type: 'accept' }, 403);
    await event('inspector', id, { type: 'respond', text: 'x' }, 403);
  });

  test('invalid transitions are 409 with a Chinese/English message', async () => {
    const r = await event('inspector', id, { type: 'accept' }, 409);
    expect(r.body.error).toEqual({ code: 'invalid_transition', message: expect.stringMatching(/待回复.*不能采纳 \/ The notice is issued; accept is not allowed/) });
    await event('dept4', id, { type: 'respond', text: '' }, 400);
  });

  test('respond → return → respond → accept → close, each recorded with who and when', async () => {
    await event('dept4', id, { type: 'respond', text: '已联系申请人补充材料', attachments: ['情况说明.pdf'] });
    expect((await at(id)).state).toBe('responded');
    await event('inspector', id, { type: 'return', text: '' }, 400);
    await event('inspector', id, { type: 'return', text: '说明不充分，请补充办理时间表' });
    expect((await at(id)).state).toBe('returned');
    await event('inspector', id, { type: 'return', text: '再退回' }, 409);
    await event('dept4', id, { type: 'respond', text: '已补充时间表，预计 3 日内办结', attachments: ['时间表.xlsx'] });
    await event('inspector', id, { type: 'accept', text: '同意' });
    const accepted = await at(id);
    expect(accepted.state).toBe('accepted');
    await event('dept4', id, { type: 'respond', text: '追加' }, 409);
    await event('inspector', id, { type: 'close', text: '办结' });
    const closed = await at(id);
    expect([closed.state, closed.closedBy, closed.escalation]).toEqual(['closed', 'inspector', 'none']);
    expect(closed.history!.map((e) => [e.type, e.actor, e.applied])).toEqual([
      ['issue', 'inspector-user', true],
      ['respond', 'dept4-user', true],
      ['return', 'inspector-user', true],
      ['respond', 'dept4-user', true],
      ['accept', 'inspector-user', true],
      ['close', 'inspector-user', true],
    ]);
    expect(closed.history![1]!.attachments).toEqual(['情况说明.pdf']);
    expect(closed.history!.every((e) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/.test(e.at))).toBe(true);
    await event('inspector', id, { type: 'close' }, 409);
    // Every transition audited.
    const audit = await env.as.admin.get(`/api/admin/audit?target=${id}`);
    expect(audit.body.rows.map((e: { action: string }) => e.action).sort()).toEqual([
      'supervision.action.accept', 'supervision.action.close', 'supervision.action.issue',
      'supervision.action.respond', 'supervision.action.respond', 'supervision.action.return',
    ]);
  });
});

describe('escalation: yellow past the due date, red past it by 5 working days; by as_of and by the scheduled check', () => {
  test('read time', async () => {
    const n = await issue({ unit: { kind: 'dept', code: 'D4' }, reason: '本月红牌件数偏多，请自查整改', deadlineWorkdays: 2 });
    const next = (d: string) => addDays(d, 1);
    expect((await at(n.actionId, n.dueDate)).escalation).toBe('none'); // as_of = due date 23:59:59 = due_at
    expect((await at(n.actionId, `${next(n.dueDate)}T00:00:00+08:00`)).escalation).toBe('yellow');
    expect((await at(n.actionId, n.redDate)).escalation).toBe('yellow');
    expect((await at(n.actionId, `${next(n.redDate)}T00:00:00+08:00`)).escalation).toBe('red');
    // The list filters on it.
    const list = await env.as.leader.get(`/api/supervision/actions?escalation=red&asOf=${next(n.redDate)}`);
    expect(list.body.rows.map((a: Action) => a.actionId)).toContain(n.actionId);
    expect((await env.as.leader.get(`/api/supervision/actions?escalation=red&asOf=${n.redDate}`)).body.rows.map((a: Action) => a.actionId))
      .not.toContain(n.actionId);
    // A response does not stop it (only acceptance does): respond now, look in the future.
    await event('dept4', n.actionId, { type: 'respond', text: '已自查' });
    expect((await at(n.actionId, next(n.redDate))).escalation).toBe('red');
    await event('inspector', n.actionId, { type: 'accept' });
    expect((await at(n.actionId, next(n.redDate))).escalation).toBe('none');
  });

  test('the scheduled check records each escalation once', async () => {
    const n = await issue({ unit: { kind: 'region', code: '330106' }, responsibleDept: 'D2', reason: '差评整改不及时', deadlineWorkdays: 1, redAfterWorkdays: 2 });
    // Region notices are in scope for the region's dept users and the responsible dept.
    expect((await at(n.actionId, undefined, 'deptRegion')).actionId).toBe(n.actionId);
    expect((await at(n.actionId, undefined, 'dept2')).actionId).toBe(n.actionId);
    const yellowAt = Date.parse(`${addDays(n.dueDate, 1)}T09:00:00+08:00`);
    const redAt = Date.parse(`${addDays(n.redDate, 1)}T09:00:00+08:00`);
    expect((await runSupervisionChecks(env.t.db, yellowAt)).escalated).toContainEqual({ actionId: n.actionId, level: 'yellow' });
    expect((await runSupervisionChecks(env.t.db, yellowAt)).escalated.map((e) => e.actionId)).not.toContain(n.actionId);
    expect((await runSupervisionChecks(env.t.db, redAt)).escalated).toContainEqual({ actionId: n.actionId, level: 'red' });
    const h = (await at(n.actionId, new Date(redAt).toISOString())).history!;
    expect(h.filter((e) => e.type === 'escalate').map((e) => [e.level, e.actor])).toEqual([['yellow', 'system'], ['red', 'system']]);
    expect(supervisionActionsJob.name).toBe('supervision:actions');
  });
});

describe('a case notice closes itself when the case finishes', () => {
  test('read time shows it closed at once; the scheduled check writes the auto_close event', async () => {
    const n = await issue({ caseId: 'K3', reason: '即将超期，请加快办理', deadlineWorkdays: 5 });
    expect(n.state).toBe('issued');
    await event('dept4', n.actionId, { type: 'respond', text: '正在办理' });
    // K3 finishes (a newer version of the case arrives through the ETL).
    const k3 = SUPERVISION_CASES.find((c) => c.id === 'K3')!;
    const { dir, remove } = writeFixtureDir({
      'cases.ndjson': ndjson([caseRow({ ...k3, status: 'finished', finished: '2025-02-25T10:00:00', updated: '2025-03-01T09:00:00' })]),
    });
    try {
      await importDir(env.t.db, dir);
    } finally {
      remove();
    }
    const before = await at(n.actionId);
    expect([before.state, before.closedBy, before.autoClosePending, before.escalation]).toEqual(['closed', 'auto', true, 'none']);
    await event('dept4', n.actionId, { type: 'respond', text: '补充' }, 409);
    const result = await runSupervisionChecks(env.t.db);
    expect(result.autoClosed).toContain(n.actionId);
    const after = await at(n.actionId);
    expect([after.state, after.closedBy, after.autoClosePending]).toEqual(['closed', 'auto', false]);
    expect(after.history!.at(-1)).toEqual(expect.objectContaining({ type: 'auto_close', actor: 'system', applied: true }));
    // Idempotent: a second run writes nothing more for it.
    expect((await runSupervisionChecks(env.t.db)).autoClosed).not.toContain(n.actionId);
    // A case that has ended cannot get a new case notice.
    const r = await post('inspector', '/api/supervision/actions', { caseId: 'K3', reason: 'x', deadlineWorkdays: 1 });
    expect([r.status, r.body.error.code]).toEqual([409, 'case_ended']);
  });

  test('validation of notices', async () => {
    const bad = async (body: unknown, status = 400) => expect((await post('inspector', '/api/supervision/actions', body)).status).toBe(status);
    await bad({ caseId: 'K1', unit: { kind: 'dept', code: 'D4' }, reason: 'x', deadlineWorkdays: 1 });
    await bad({ reason: 'x', deadlineWorkdays: 1 });
    await bad({ caseId: 'K1', reason: '', deadlineWorkdays: 1 });
    await bad({ caseId: 'K1', reason: 'x', deadlineWorkdays: 0 });
    await bad({ unit: { kind: 'region', code: '330106' }, reason: 'x', deadlineWorkdays: 1 });
    await bad({ unit: { kind: 'dept', code: 'NOPE' }, reason: 'x', deadlineWorkdays: 1 });
    await bad({ caseId: 'NOPE', reason: 'x', deadlineWorkdays: 1 }, 404);
    expect((await env.as.inspector.get('/api/supervision/actions?state=bogus')).status).toBe(400);
    expect((await env.as.inspector.get('/api/supervision/actions/does-not-exist')).status).toBe(404);
  });
});
