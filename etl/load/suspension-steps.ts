// The current versions of the steps that drive the clock (补正/特别程序 and
// 恢复计时) for a set of cases, read from ClickHouse.
import type { Db } from '../../server/sql/client.ts';
import { list, sql, str } from '../../server/sql/literal.ts';
import type { SuspensionStep } from './rows/facts.ts';

export const SUSPENSION_STEP_TYPES = ['correction', 'special', 'resume'] as const;

export async function readSuspensionSteps(db: Db, caseIds: readonly string[]): Promise<Map<string, SuspensionStep[]>> {
  const byCase = new Map<string, SuspensionStep[]>();
  if (caseIds.length === 0) return byCase;
  const rows = await db.query<{ case_id: string; seq: number; current_type: string; started: number; ended: number | null }>(
    sql`SELECT case_id, seq, argMax(step_type, version) AS current_type, toUnixTimestamp(argMax(started_at, version)) AS started,
        toUnixTimestamp(argMax(ended_at, version)) AS ended
        FROM steps WHERE case_id IN ${list([...new Set(caseIds)], str)}
        GROUP BY case_id, seq HAVING current_type IN ('correction', 'special', 'resume')`,
  );
  for (const r of rows) {
    const steps = byCase.get(r.case_id) ?? [];
    steps.push({
      seq: Number(r.seq),
      step_type: r.current_type,
      started_at: Number(r.started) * 1000,
      ended_at: r.ended === null ? null : Number(r.ended) * 1000,
    });
    byCase.set(r.case_id, steps);
  }
  return byCase;
}
