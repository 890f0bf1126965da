// The scheduled supervision check for 督办 and appeals (etl/jobs.ts runs it
// as `supervision:actions`): auto_close events for case notices whose case
// finished, escalate events for notices that turned yellow/red, and the
// re-application of upheld appeals whose rating a newer source version
// replaced (appeals.ts). Reads never depend on it: state and escalation are
// derived at read time; this keeps the record (and notifications) current.
import type { Db } from '../sql/client.ts';
import { runActionChecks, type ActionCheckResult } from './actions.ts';
import { reapplyUpheldAppeals } from './appeals.ts';

export interface SupervisionCheckResult extends ActionCheckResult {
  reinvalidatedRatings: string[];
}

export async function runSupervisionChecks(db: Db, nowMs = Date.now()): Promise<SupervisionCheckResult> {
  const actions = await runActionChecks(db, nowMs);
  const reinvalidatedRatings = await reapplyUpheldAppeals(db);
  return { ...actions, reinvalidatedRatings };
}

/** The job table's entry (etl/jobs.ts: {name, cron, description, run}). */
export const supervisionActionsJob = {
  name: 'supervision:actions',
  cron: '*/15 * * * *',
  description: '督办检查：办件办结自动关闭督办、逾期督办升级黄/红、重新应用已采纳的差评申诉',
  run: ({ db }: { db: Db }) => runSupervisionChecks(db),
} as const;
