// External indicators (外部指标: survey scores, mystery-shopper checks) that
// evaluators upload per unit and period, referenced by index leaves as
// {kind: 'external', code}. Upload is all-or-nothing: every row is validated
// (format, unknown unit, out-of-range value, duplicate key) and if ANY row is
// bad nothing is written and the per-row errors come back.
import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { xlsxRecords } from './external-xlsx.ts';
import { beijingIso, nextVersion, toSeconds } from '../auth/version.ts';
import type { Db } from '../sql/client.ts';
import { int, isValidDate, list, sql, str } from '../sql/literal.ts';

export const EXTERNAL_COLUMNS = ['indicator_code', 'unit_kind', 'unit_code', 'period_from', 'period_to', 'value'] as const;
/** Values are scores or proportions: 0–100 covers both (a proportion is scored with `linear`, a score with `target` 100). */
export const VALUE_RANGE: readonly [number, number] = [0, 100];
export const MAX_ROWS = 100_000;

export const TEMPLATE_CSV = `\uFEFF${EXTERNAL_COLUMNS.join(',')}\r\nsurvey_satisfaction,region,330102,2025-01-01,2025-03-31,92.5\r\nmystery_shopper,dept,D1,2025-01-01,2025-03-31,0.875\r\n`;

export interface RowError { line: number; column: string | null; message: string }
export interface ExternalRow { indicatorCode: string; unitKind: 'region' | 'dept'; unitCode: string; periodFrom: string; periodTo: string; value: number }
export type UploadResult = { ok: true; batchId: string; imported: number } | { ok: false; errors: RowError[] };

const CODE_RE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const UNIT_RE = /^[0-9A-Za-z_-]{1,64}$/;

/** CSV text (UTF-8, BOM allowed) → rows of fields. */
export function csvRecords(text: string): string[][] {
  return parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
}

/** An uploaded file: XLSX (a zip, first sheet) or CSV. */
export async function uploadedRecords(body: Buffer): Promise<string[][]> {
  const isZip = body.length > 4 && body[0] === 0x50 && body[1] === 0x4b && body[2] === 0x03 && body[3] === 0x04;
  return isZip ? xlsxRecords(body) : csvRecords(body.toString('utf8'));
}

export async function uploadExternal(db: Db, file: Buffer, actor: string): Promise<UploadResult> {
  let records: string[][];
  try {
    records = await uploadedRecords(file);
  } catch (err) {
    return { ok: false, errors: [{ line: 0, column: null, message: `文件格式错误 / malformed file: ${(err as Error).message}` }] };
  }
  const [header, ...data] = records;
  const missing = EXTERNAL_COLUMNS.filter((c) => !header?.includes(c));
  if (!header || missing.length > 0) {
    return { ok: false, errors: [{ line: 1, column: null, message: `缺少列：${missing.join(', ')} / missing columns` }] };
  }
  if (data.length === 0) return { ok: false, errors: [{ line: 2, column: null, message: '没有数据行 / no data rows' }] };
  if (data.length > MAX_ROWS) return { ok: false, errors: [{ line: 0, column: null, message: `行数超过上限 ${MAX_ROWS} / too many rows` }] };
  const at = Object.fromEntries(EXTERNAL_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof EXTERNAL_COLUMNS)[number], number>;

  const errors: RowError[] = [];
  const rows: Array<ExternalRow & { line: number }> = [];
  const seen = new Map<string, number>();
  data.forEach((rec, i) => {
    const line = i + 2;
    const get = (c: (typeof EXTERNAL_COLUMNS)[number]) => rec[at[c]] ?? '';
    const bad = (column: string | null, message: string) => errors.push({ line, column, message });
    const code = get('indicator_code');
    const kind = get('unit_kind');
    const unit = get('unit_code');
    const from = get('period_from');
    const to = get('period_to');
    const valueText = get('value');
    const before = errors.length;
    if (!CODE_RE.test(code)) bad('indicator_code', '指标编码应以字母开头，由字母、数字、_ 组成 / invalid indicator code');
    if (kind !== 'region' && kind !== 'dept') bad('unit_kind', '单位类型应为 region 或 dept / unit_kind is region or dept');
    if (!UNIT_RE.test(unit)) bad('unit_code', '单位编码无效 / invalid unit code');
    if (!isValidDate(from)) bad('period_from', '开始日期应为 YYYY-MM-DD / invalid date');
    if (!isValidDate(to)) bad('period_to', '结束日期应为 YYYY-MM-DD / invalid date');
    if (isValidDate(from) && isValidDate(to) && from > to) bad('period_from', '开始日期晚于结束日期 / period_from is after period_to');
    const value = valueText === '' ? NaN : Number(valueText);
    if (!Number.isFinite(value)) bad('value', '数值无效 / value is not a number');
    else if (value < VALUE_RANGE[0] || value > VALUE_RANGE[1]) bad('value', `数值 ${value} 超出范围 [${VALUE_RANGE[0]}, ${VALUE_RANGE[1]}] / value out of range`);
    if (errors.length > before) return;
    const key = [code, kind, unit, from, to].join('|');
    const first = seen.get(key);
    if (first !== undefined) { bad(null, `与第 ${first} 行重复（同一指标、单位、期间）/ duplicate of line ${first}`); return; }
    seen.set(key, line);
    rows.push({ line, indicatorCode: code, unitKind: kind as 'region' | 'dept', unitCode: unit, periodFrom: from, periodTo: to, value });
  });

  // Unknown units: one lookup per kind.
  for (const kind of ['region', 'dept'] as const) {
    const codes = [...new Set(rows.filter((r) => r.unitKind === kind).map((r) => r.unitCode))];
    if (codes.length === 0) continue;
    const known = new Set((await db.query<{ c: string }>(kind === 'region'
      ? sql`SELECT DISTINCT region_code AS c FROM regions WHERE region_code IN ${list(codes, str)}`
      : sql`SELECT DISTINCT dept_code AS c FROM depts WHERE dept_code IN ${list(codes, str)}`)).map((r) => r.c));
    for (const r of rows) {
      if (r.unitKind === kind && !known.has(r.unitCode)) {
        errors.push({ line: r.line, column: 'unit_code', message: `未知${kind === 'region' ? '行政区划' : '部门'}：${r.unitCode} / unknown ${kind}` });
      }
    }
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };

  const batchId = `EXT-${randomBytes(6).toString('hex')}`;
  const now = toSeconds(Date.now());
  await db.insert('eval_external_values', rows.map((r) => ({
    indicator_code: r.indicatorCode, unit_kind: r.unitKind, unit_code: r.unitCode, period_from: r.periodFrom, period_to: r.periodTo,
    value: r.value, batch_id: batchId, uploaded_by: actor, uploaded_at: now, version: nextVersion(),
  })));
  return { ok: true, batchId, imported: rows.length };
}

export interface ExternalValue extends ExternalRow { batchId: string; uploadedBy: string; uploadedAt: string }

/** The current value of every key (the newest version). */
export async function listExternal(db: Db, code: string | undefined, limit: number): Promise<ExternalValue[]> {
  const where = code ? sql`WHERE indicator_code = ${str(code)}` : sql``;
  // Aliases differ from column names: ClickHouse would substitute them into GROUP BY / ORDER BY.
  const rows = await db.query<Record<string, string | number>>(sql`SELECT indicator_code, toString(unit_kind) AS kind, unit_code,
      toString(period_from) AS pf, toString(period_to) AS pt,
      argMax(value, version) AS value, argMax(batch_id, version) AS batch_id, argMax(uploaded_by, version) AS uploaded_by,
      toString(argMax(uploaded_at, version)) AS uploaded
    FROM eval_external_values ${where}
    GROUP BY indicator_code, unit_kind, unit_code, period_from, period_to
    ORDER BY indicator_code, unit_kind, unit_code, period_from LIMIT ${int(limit)}`);
  return rows.map((r) => ({
    indicatorCode: String(r.indicator_code), unitKind: r.kind as 'region' | 'dept', unitCode: String(r.unit_code),
    periodFrom: String(r.pf), periodTo: String(r.pt), value: Number(r.value), batchId: String(r.batch_id),
    uploadedBy: String(r.uploaded_by), uploadedAt: beijingIso(String(r.uploaded)),
  }));
}
