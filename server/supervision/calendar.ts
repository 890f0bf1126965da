// The working-day calendar for supervision's TypeScript arithmetic (due dates
// of 督办 notices, deadline explanations), read like the ETL reads it
// (etl/load/context.ts loadCalendar) and cached briefly per database.
import type { Db } from '../sql/client.ts';
import { loadCalendar } from '../../etl/load/context.ts';
import type { WorkCalendar } from '../../etl/clock/work-calendar.ts';

const TTL_MS = 30_000;
const cache = new WeakMap<Db, { at: number; calendar: Promise<WorkCalendar> }>();

export function workCalendar(db: Db, nowMs = Date.now()): Promise<WorkCalendar> {
  const hit = cache.get(db);
  if (hit && nowMs - hit.at < TTL_MS) return hit.calendar;
  const calendar = loadCalendar(db);
  cache.set(db, { at: nowMs, calendar });
  calendar.catch(() => cache.delete(db));
  return calendar;
}
