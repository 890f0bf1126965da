// workday_seq of the as_of dates (预警 counts working days in (date(as_of),
// due_date] as seq(due_date) − seq(date(as_of)); sql/README.md: calendar).
import { beijingDate } from '../../../etl/clock/beijing.ts';
import type { Db } from '../../sql/client.ts';
import { date, list, sql } from '../../sql/literal.ts';

export async function workdaySeqs(db: Db, asOfMs: readonly number[]): Promise<number[]> {
  const days = asOfMs.map((ms) => beijingDate(ms));
  const rows = await db.query<{ d: string; s: string | number }>(sql`SELECT toString(date) AS d, argMax(workday_seq, version) AS s
    FROM calendar WHERE date IN ${list([...new Set(days)], date)} GROUP BY date`);
  const seq = new Map(rows.map((r) => [r.d, Number(r.s)]));
  return days.map((d) => {
    const s = seq.get(d);
    if (s === undefined) throw new Error(`the calendar table has no row for ${d}`);
    return s;
  });
}
