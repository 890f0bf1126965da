// Case list exports (GET /api/supervision/cases/export): XLSX (exceljs:
// Chinese headers, frozen header row, instants and dates as real Excel
// dates in Beijing wall time) and CSV (UTF-8 with BOM, so Excel opens it as
// UTF-8). The rows are exactly the list's (same resolution, scope and
// masking), streamed chunk by chunk (cases.ts streamCaseList).
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CaseRow } from '../api/supervision-schemas.ts';
import type { Role } from '../auth/types.ts';
import { seesApplicant, seesHashPrefix } from './masking.ts';

const CHANNEL_NAMES: Readonly<Record<string, string>> = {
  window: '窗口', online: '网上(PC)', mobile: '移动端', self_service: '自助终端', mail: '寄递', other: '其他',
};
const STATUS_NAMES: Readonly<Record<string, string>> = {
  submitted: '已申请', not_accepted: '不予受理', accepted: '已受理', in_progress: '办理中', suspended: '暂停计时',
  finished: '办结(准予)', denied: '办结(不予许可)', withdrawn: '撤回',
};
const CARD_NAMES: Readonly<Record<string, string>> = { warning: '预警', yellow: '黄牌', red: '红牌' };
const ANOMALY_NAMES: Readonly<Record<string, string>> = {
  time_inversion: '时间倒挂', no_process: '无过程记录', instant_finish: '秒办', offhours_bulk: '非工作时间集中办结',
  unrectified_bad: '差评逾期未整改', repeat_bad: '同一经办人重复差评',
};
const RATING_CHANNEL_NAMES: Readonly<Record<string, string>> = {
  window_device: '窗口评价器', pc: '网上', app: '移动端', mini_program: '小程序', self_service: '自助终端', hotline: '12345热线', sms: '短信', other: '其他',
};

type Cell = string | number | boolean | null | { instant: string } | { date: string };

export interface Column {
  header: string;
  width: number;
  /** Instants and dates become real Excel dates with this format. */
  kind?: 'instant' | 'date';
  value: (r: CaseRow) => Cell;
}

const instantOf = (v: string | null): Cell => (v === null ? null : { instant: v });
const dateOf = (v: string | null): Cell => (v === null ? null : { date: v });

/** The export's columns for a role and list kind (applicant columns only where the role may see them). */
export function exportColumns(role: Role, ratings: boolean): Column[] {
  const cols: Column[] = [];
  if (ratings) {
    cols.push(
      { header: '评价编号', width: 18, value: (r) => r.rating?.ratingId ?? null },
      { header: '评价等级', width: 10, value: (r) => r.rating?.level ?? null },
      { header: '评价渠道', width: 12, value: (r) => (r.rating ? RATING_CHANNEL_NAMES[r.rating.channel] ?? r.rating.channel : null) },
      { header: '评价时间', width: 20, kind: 'instant', value: (r) => instantOf(r.rating?.ratedAt ?? null) },
    );
  }
  cols.push(
    { header: '办件编号', width: 22, value: (r) => r.caseId },
    { header: '事项编码', width: 16, value: (r) => r.itemCode },
    { header: '事项名称', width: 24, value: (r) => r.itemName },
    { header: '实施部门', width: 22, value: (r) => r.deptName },
    { header: '部门编码', width: 12, value: (r) => r.deptCode },
    { header: '行政区划', width: 16, value: (r) => r.regionName },
    { header: '区划代码', width: 14, value: (r) => r.regionCode },
    { header: '申请渠道', width: 10, value: (r) => CHANNEL_NAMES[r.channel] ?? r.channel },
    { header: '办件状态', width: 12, value: (r) => STATUS_NAMES[r.status] ?? r.status },
    { header: '受理时间', width: 20, kind: 'instant', value: (r) => instantOf(r.acceptedAt) },
    { header: '办结时间', width: 20, kind: 'instant', value: (r) => instantOf(r.finishedAt) },
    { header: '应办结日期', width: 12, kind: 'date', value: (r) => dateOf(r.dueDate) },
    { header: '法定办结日期', width: 12, kind: 'date', value: (r) => dateOf(r.legalDueDate) },
    { header: '超期工作日', width: 10, value: (r) => r.overdueWorkdays },
    { header: '监察状态', width: 10, value: (r) => (r.card ? CARD_NAMES[r.card]! : r.suspendedAtAsOf ? '暂停计时' : r.hasDeadline ? '' : '无时限') },
    { header: '异常类型', width: 20, value: (r) => r.anomalyTypes.map((t) => ANOMALY_NAMES[t] ?? t).join('、') },
  );
  if (seesApplicant(role)) {
    cols.push({ header: '申请人类型', width: 10, value: (r) => (r.applicant ? (r.applicant.type === 'org' ? '法人' : '自然人') : null) });
    if (seesHashPrefix(role)) cols.push({ header: '申请人标识(前缀)', width: 14, value: (r) => r.applicant?.idHashPrefix ?? null });
    cols.push({ header: '联系电话(脱敏)', width: 14, value: (r) => r.applicant?.phone ?? null });
  }
  return cols;
}

const BEIJING_MS = 8 * 3_600_000;

/** Excel has no time zones: a Date whose UTC fields are the Beijing wall time displays as Beijing time. */
const excelInstant = (iso: string): Date => new Date(Date.parse(iso) + BEIJING_MS);
const excelDate = (d: string): Date => new Date(`${d}T00:00:00Z`);

const excelValue = (v: Cell): ExcelJS.CellValue => {
  if (v !== null && typeof v === 'object') return 'instant' in v ? excelInstant(v.instant) : excelDate(v.date);
  return v;
};

/**
 * Streams an XLSX to `out` (exceljs' streaming writer: rows are committed as
 * they come, so 100,000 rows need neither the whole workbook in memory nor
 * shared strings). The header row is frozen.
 */
export async function writeXlsx(out: Writable, chunks: AsyncIterable<readonly CaseRow[]>, columns: readonly Column[], meta: { title: string; asOf: string }): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Tianping 天平';
  wb.title = meta.title;
  wb.subject = `as_of ${meta.asOf}`;
  const ws = wb.addWorksheet('办件清单', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({
    header: c.header,
    width: c.width,
    style: c.kind ? { numFmt: c.kind === 'instant' ? 'yyyy-mm-dd hh:mm:ss' : 'yyyy-mm-dd' } : {},
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  let n = 0;
  for await (const rows of chunks) {
    for (const r of rows) {
      ws.addRow(columns.map((c) => excelValue(c.value(r)))).commit();
      n++;
    }
  }
  ws.commit();
  await wb.commit();
  return n;
}

/** A CSV field: quoted when needed; text that a spreadsheet would run as a formula is prefixed with '. */
function csvField(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'object') {
    if ('date' in v) return v.date;
    return new Date(Date.parse(v.instant) + BEIJING_MS).toISOString().slice(0, 19).replace('T', ' ');
  }
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const CSV_BOM = '\uFEFF';

const csvLine = (cells: readonly Cell[]): string => `${cells.map(csvField).join(',')}\r\n`;

/** The CSV text of some rows (with the BOM and header when `header` is set). */
export function toCsv(rows: readonly CaseRow[], columns: readonly Column[], header = true): string {
  const head = header ? `${CSV_BOM}${csvLine(columns.map((c) => c.header))}` : '';
  return head + rows.map((r) => csvLine(columns.map((c) => c.value(r)))).join('');
}

/** Streams a CSV (UTF-8 with BOM, CRLF) to `out`, respecting back-pressure. */
export async function writeCsv(out: Writable, chunks: AsyncIterable<readonly CaseRow[]>, columns: readonly Column[]): Promise<number> {
  const write = (text: string) => (out.write(text) ? Promise.resolve() : once(out, 'drain').then(() => undefined));
  await write(toCsv([], columns));
  let n = 0;
  for await (const rows of chunks) {
    await write(toCsv(rows, columns, false));
    n += rows.length;
  }
  await new Promise<void>((ok) => out.end(ok));
  return n;
}
