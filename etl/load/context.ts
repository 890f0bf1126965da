// What the loader needs besides the rows: the catalogue's limits (for case
// deadlines) and the working-day calendar (national schedule + overrides),
// read from ClickHouse, and the calendar table rebuilt when overrides change.
import type { Db } from '../../server/sql/client.ts';
import { raw } from '../../server/sql/literal.ts';
import type { LimitUnit } from '../contract/records.ts';
import { WorkCalendar } from '../clock/work-calendar.ts';
import type { ItemLimits } from './rows/facts.ts';
import { optimizeOne } from './optimize.ts';
import { nextVersion } from './version.ts';

export async function loadItemLimits(db: Db): Promise<Map<string, ItemLimits>> {
  const rows = await db.query<{ item_code: string; promised_limit: number; legal_limit: number; limit_unit: LimitUnit }>(
    raw(`SELECT item_code, argMax(promised_limit, version) AS promised_limit, argMax(legal_limit, version) AS legal_limit,
         argMax(limit_unit, version) AS limit_unit FROM items GROUP BY item_code`),
  );
  return new Map(rows.map((r) => [r.item_code, {
    promised_limit: Number(r.promised_limit), legal_limit: Number(r.legal_limit), limit_unit: r.limit_unit,
  }]));
}

export async function loadCalendar(db: Db): Promise<WorkCalendar> {
  const rows = await db.query<{ date: string; is_workday: number }>(
    raw('SELECT toString(date) AS date, argMax(is_workday, version) AS is_workday FROM calendar_overrides GROUP BY date'),
  );
  return new WorkCalendar(rows.map((r) => ({ date: r.date, is_workday: Number(r.is_workday) === 1 })));
}

/** Rewrites the `calendar` table from the effective calendar (one row per day, 2000–2100). */
export async function rebuildCalendarTable(db: Db, calendar: WorkCalendar): Promise<void> {
  const version = nextVersion();
  const rows: object[] = [];
  let seq = 0;
  for (const day of calendar.days()) {
    if (day.is_workday) seq++;
    rows.push({ date: day.date, is_workday: day.is_workday ? 1 : 0, is_fallback: day.fallback ? 1 : 0, workday_seq: seq, version });
  }
  await db.insert('calendar', rows);
  await optimizeOne(db, 'calendar', 0); // small: merge at once so reads never see two versions
}

export async function calendarTableIsEmpty(db: Db): Promise<boolean> {
  const rows = await db.query<{ n: string }>(raw('SELECT count() AS n FROM calendar'));
  return Number(rows[0]?.n ?? 0) === 0;
}
