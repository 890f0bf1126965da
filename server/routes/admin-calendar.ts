// Holiday calendar administration (api.md: `GET/POST /api/admin/calendar`, admin;
// data-contract.md § calendar):
//   GET  /api/admin/calendar?year=YYYY   the effective calendar of a year (national schedule + overrides),
//                                        whether the year is a fallback year (no announced schedule →
//                                        Monday–Friday), and that year's override rows
//   POST /api/admin/calendar             raw body: CSV (text/csv) or XLSX; runs the real import
//                                        (validation, quarantine, calendar rebuild, recompute of affected
//                                        cases) as source `admin-upload`; audited
// Why the real pipeline: an upload must behave exactly like a dropped calendar*.csv|xlsx file.
import express, { Router } from 'express';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { ApiError, badRequest } from '../errors.ts';
import { audit } from '../auth/audit.ts';
import { requireAuth } from '../auth/sessions.ts';
import { int, sql, str } from '../sql/literal.ts';
import { runImport } from '../../etl/import.ts';
import { fileDropConnector } from '../../etl/sources/file-drop.ts';
import { emptyStats, type KindStats } from '../../etl/load/runs.ts';
import { JobBusyError, withJobLock } from '../../etl/job-lock.ts';
import { announcedYears, nationalDayNote, nationalIsWorkday } from '../../etl/clock/national-schedule.ts';
import { CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR } from '../../etl/clock/work-calendar.ts';

export const UPLOAD_SOURCE = 'admin-upload';
export const UPLOAD_JOB = 'admin:calendar-upload';
export const MAX_CALENDAR_BYTES = 2 * 1024 * 1024;
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const FALLBACK_NOTE = '未公布节假日安排，按周一至周五推算';

export const CalendarQuery = z.object({ year: z.coerce.number().int().min(CALENDAR_FIRST_YEAR).max(CALENDAR_LAST_YEAR) });

export interface CalendarDay {
  date: string;
  isWorkday: boolean;
  /** national = built-in schedule (or the Mon–Fri fallback); override = an uploaded calendar row. */
  source: 'national' | 'override';
  /** The national rule for the day, so an override shows what it changed. */
  nationalIsWorkday: boolean;
  note: string;
  /** The year has no announced national schedule: Monday–Friday assumed. */
  fallback: boolean;
}

export interface CalendarOverrideRow {
  date: string;
  isWorkday: boolean;
  note: string;
  sourceSystem: string;
  batchId: string;
}

export interface CalendarYear {
  year: number;
  fallback: boolean;
  /** Set for a fallback year: the banner text. */
  fallbackNote: string | null;
  announcedYears: number[];
  days: CalendarDay[];
  overrides: CalendarOverrideRow[];
  workdays: number;
  holidays: number;
}

export interface CalendarQuarantined {
  file: string;
  line: number;
  field: string;
  reason: string;
  detail: string;
}

export interface CalendarUploadResult {
  runId: string;
  format: 'csv' | 'xlsx';
  bytes: number;
  summary: KindStats;
  quarantined: CalendarQuarantined[];
  /** Cases whose deadline facts changed because of the new calendar (rows written by this run). */
  recomputedCases: number;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Every day of `year` with the national rule and the overrides layered on top (pure). */
export function effectiveYear(year: number, overrides: readonly CalendarOverrideRow[]): Omit<CalendarYear, 'overrides' | 'announcedYears'> {
  const byDate = new Map(overrides.map((o) => [o.date, o]));
  const fallback = !announcedYears().has(year);
  const days: CalendarDay[] = [];
  for (let m = 1; m <= 12; m++) {
    const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
    for (let d = 1; d <= last; d++) {
      const date = `${year}-${pad(m)}-${pad(d)}`;
      const national = nationalIsWorkday(date);
      const o = byDate.get(date);
      const festival = nationalDayNote(date);
      const nationalNote = festival ? (festival.off ? festival.name : `${festival.name}调休上班`) : '';
      days.push({
        date,
        isWorkday: o ? o.isWorkday : national,
        source: o ? 'override' : 'national',
        nationalIsWorkday: national,
        note: o ? o.note || nationalNote : nationalNote,
        fallback,
      });
    }
  }
  const workdays = days.filter((d) => d.isWorkday).length;
  return { year, fallback, fallbackNote: fallback ? FALLBACK_NOTE : null, days, workdays, holidays: days.length - workdays };
}

function formatOf(contentType: string | undefined): 'csv' | 'xlsx' | null {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/csv' || type === 'application/csv') return 'csv';
  if (type === XLSX_MIME) return 'xlsx';
  return null;
}

export function adminCalendarRoutes(ctx: AppContext): Router {
  const { db } = ctx;
  const router = Router();

  router.get('/admin/calendar', requireAuth('admin'), async (req, res) => {
    const { year } = CalendarQuery.parse(req.query);
    const rows = await db.query<{ d: string; w: number; note: string; src: string; batch: string }>(
      sql`SELECT toString(date) AS d, argMax(is_workday, version) AS w, argMax(note, version) AS note,
          argMax(source_system, version) AS src, argMax(batch_id, version) AS batch
        FROM calendar_overrides WHERE toYear(date) = ${int(year)} GROUP BY date ORDER BY date`,
    );
    const overrides = rows.map((r): CalendarOverrideRow => ({
      date: r.d, isWorkday: Number(r.w) === 1, note: r.note, sourceSystem: r.src, batchId: r.batch,
    }));
    const body: CalendarYear = { ...effectiveYear(year, overrides), overrides, announcedYears: [...announcedYears()].sort() };
    res.json(body);
  });

  router.post('/admin/calendar', requireAuth('admin'),
    express.raw({ type: () => true, limit: MAX_CALENDAR_BYTES }), async (req, res) => {
      const format = formatOf(req.headers['content-type']);
      if (!format) {
        throw new ApiError(415, 'unsupported_media_type', '请上传 CSV（text/csv）或 XLSX 文件', 'Upload a CSV (text/csv) or XLSX file');
      }
      const file = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (file.length === 0) throw badRequest('上传的文件为空', 'The uploaded file is empty');
      const sha256 = createHash('sha256').update(file).digest('hex');
      // Recorded before it runs, so no upload changes the calendar unaudited.
      await audit(db, { req, action: 'calendar.upload', target: `calendar.${format}`, detail: { bytes: file.length, sha256 } });
      const dir = mkdtempSync(join(tmpdir(), 'tianping-calendar-'));
      try {
        writeFileSync(join(dir, `calendar.${format}`), file);
        const { runId, stats } = await withJobLock(UPLOAD_JOB, () => runImport({
          db, connector: fileDropConnector({ dir, source: UPLOAD_SOURCE }), job: UPLOAD_JOB, secret: ctx.secret,
        }));
        const quarantined = await db.query<CalendarQuarantined & { line: string | number }>(
          sql`SELECT file, line, field, reason, detail FROM quarantine FINAL
            WHERE run_id = ${str(runId)} AND kind = 'calendar' ORDER BY line LIMIT 1000`,
        );
        const [recomputed] = await db.query<{ n: string }>(
          sql`SELECT uniqExact(case_id) AS n FROM cases WHERE batch_id = ${str(runId)}`,
        );
        const result: CalendarUploadResult = {
          runId, format, bytes: file.length,
          summary: stats.calendar ?? emptyStats(),
          quarantined: quarantined.map((q) => ({ ...q, line: Number(q.line) })),
          recomputedCases: Number(recomputed?.n ?? 0),
        };
        res.json(result);
      } catch (err) {
        if (err instanceof JobBusyError) throw new ApiError(409, 'job_busy', '另一个日历上传正在处理，请稍后重试', 'Another calendar upload is running');
        throw err;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

  return router;
}

