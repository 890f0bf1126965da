// Verification of an exported scorecard file (POST /api/evaluation/scorecards/verify):
// 1. a file byte-identical to one we issued (eval_exports) is valid at once;
// 2. otherwise the scorecard is found by the SHA-256 (or short code) printed
//    in the file, and every number the file shows is compared with the stored
//    scorecard — a re-saved but unchanged file passes, a changed number fails.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Scorecard, ScorecardLine, VerifyResult } from '../api/evaluation-schemas.ts';
import { ApiError } from '../errors.ts';
import type { Db } from '../sql/client.ts';
import { sql, str } from '../sql/literal.ts';
import { csvColumns, dimensionColumns, lineKey, pdfCells, rankingColumns, sheetName, type Column } from './export.ts';
import { loadScorecard, sha256Hex } from './scorecards.ts';

const run = promisify(execFile);
const HASH_RE = /SHA-256[^0-9a-f]{0,8}([0-9a-f]{64})/i;
const CODE_RE = /校验码[:：,\s]*([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})/;

const invalid = (reason: string, scorecardId: string | null = null): VerifyResult => ({ valid: false, scorecardId, reason });

export async function verifyFile(db: Db, file: Buffer): Promise<VerifyResult> {
  if (file.length === 0) return invalid('文件为空 / empty file');
  const fileSha = sha256Hex(file);
  const [issued] = await db.query<{ scorecard_id: string; format: string }>(sql`SELECT scorecard_id, format FROM eval_exports
    WHERE file_sha256 = ${str(fileSha)} LIMIT 1`);
  if (issued) {
    const card = await findCard(db, { id: issued.scorecard_id });
    if (card) return { valid: true, scorecardId: card.id, reason: `文件与签发的 ${issued.format.toUpperCase()} 文件逐字节一致 / byte-identical to an issued file` };
  }
  const kind = file.subarray(0, 4).toString('latin1') === '%PDF' ? 'pdf' : file[0] === 0x50 && file[1] === 0x4b ? 'xlsx' : 'csv';
  try {
    if (kind === 'xlsx') return await verifyXlsx(db, file);
    if (kind === 'pdf') return await verifyPdf(db, file);
    return await verifyCsv(db, file.toString('utf8'));
  } catch (err) {
    if (err instanceof ApiError) throw err;
    return invalid(`无法解析文件 / unreadable file: ${(err as Error).message}`);
  }
}

async function findCard(db: Db, lookup: { id?: string; sha256?: string; shortCode?: string }): Promise<Scorecard | null> {
  try {
    return await loadScorecard(db, lookup);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

async function cardFromText(db: Db, text: string): Promise<Scorecard | VerifyResult> {
  const hash = HASH_RE.exec(text)?.[1]?.toLowerCase();
  const code = CODE_RE.exec(text)?.[1];
  if (!hash && !code) return invalid('文件中没有评估结果的 SHA-256 或校验码 / no scorecard hash or code in the file');
  const card = hash ? await findCard(db, { sha256: hash }) : await findCard(db, { shortCode: code! });
  if (!card) return invalid('未找到与文件中 SHA-256 / 校验码对应的评估结果 / no scorecard with that hash or code');
  if (hash && code && card.shortCode !== code) return invalid('文件中的校验码与 SHA-256 不符 / the code does not match the hash', card.id);
  return card;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/** Compares one table (header row + data rows) of a file with the scorecard. */
function compareTable(card: Scorecard, table: string, cols: Column[], header: string[], rows: Array<Array<unknown>>): string | null {
  const byKey = new Map(card.lines.map((l) => [lineKey(l), l]));
  const keyAt = header.indexOf('单位编码');
  if (keyAt < 0) return `${table}：缺少“单位编码”列`;
  for (const [r, cells] of rows.entries()) {
    const key = String(cells[keyAt] ?? '').trim();
    if (key === '') continue;
    const line = byKey.get(key);
    if (!line) return `${table} 第 ${r + 2} 行：单位 ${key} 不在该评估结果中`;
    for (const c of cols) {
      if (!c.numFmt) continue;
      const at = header.indexOf(c.header);
      if (at < 0) return `${table}：缺少“${c.header}”列`;
      const expected = c.get(line) as number | null;
      const raw = cells[at];
      const got = raw === null || raw === undefined || raw === '' ? null : Number(raw);
      if (expected === null ? got !== null : got === null || !Number.isFinite(got) || !close(got, expected)) {
        return `${table} 单位 ${key} 的“${c.header}”为 ${got ?? '空'}，评估结果为 ${expected ?? '空'} / ${c.header} of ${key} differs`;
      }
    }
  }
  return null;
}

async function verifyXlsx(db: Db, file: Buffer): Promise<VerifyResult> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  const cover = wb.getWorksheet('封面');
  const coverText: string[] = [];
  cover?.eachRow((row) => coverText.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')).join(' ')));
  const found = await cardFromText(db, coverText.join('\n'));
  if (!('lines' in found)) return found;
  const card = found;
  const tables: Array<[string, Column[]]> = [['排名', rankingColumns(card)],
    ...card.system.children.map((d, i): [string, Column[]] => [sheetName(d.name, i), dimensionColumns(card, i)])];
  let checked = 0;
  for (const [name, cols] of tables) {
    const ws = wb.getWorksheet(name);
    if (!ws) return invalid(`缺少工作表“${name}” / missing sheet ${name}`, card.id);
    const grid: unknown[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => grid.push((row.values as unknown[]).slice(1).map(cellValue)));
    const [header = [], ...rows] = grid;
    const problem = compareTable(card, name, cols, header.map((h) => String(h ?? '')), rows);
    if (problem) return invalid(problem, card.id);
    checked += rows.length;
  }
  return { valid: true, scorecardId: card.id, reason: `文件中的 ${checked} 行数据与评估结果一致 / all numbers match` };
}

const cellValue = (v: unknown): unknown => {
  if (v && typeof v === 'object' && 'result' in v) return (v as { result: unknown }).result; // a formula: its cached result
  if (v && typeof v === 'object' && 'richText' in v) return (v as { richText: Array<{ text: string }> }).richText.map((t) => t.text).join('');
  return v;
};

async function verifyCsv(db: Db, text: string): Promise<VerifyResult> {
  const body = text.replace(/^\uFEFF/, '');
  const found = await cardFromText(db, body);
  if (!('lines' in found)) return found;
  const card = found;
  const lines = body.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('排名,'));
  if (start < 0) return invalid('文件中没有排名表 / no ranking table', card.id);
  const [header = [], ...rows] = parse(lines.slice(start).join('\n'), { relax_column_count: true, skip_empty_lines: true }) as string[][];
  const problem = compareTable(card, 'CSV', csvColumns(card), header, rows);
  if (problem) return invalid(problem, card.id);
  return { valid: true, scorecardId: card.id, reason: `文件中的 ${rows.length} 行数据与评估结果一致 / all numbers match` };
}

async function verifyPdf(db: Db, file: Buffer): Promise<VerifyResult> {
  const dir = await mkdtemp(join(tmpdir(), 'tianping-verify-'));
  let text: string;
  try {
    await writeFile(join(dir, 'in.pdf'), file);
    text = (await run('pdftotext', ['-layout', '-enc', 'UTF-8', join(dir, 'in.pdf'), '-'], { maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (err) {
    return invalid(`无法提取 PDF 文本（需要 poppler-utils 的 pdftotext）/ cannot extract the PDF text: ${(err as Error).message.split('\n')[0]}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const found = await cardFromText(db, text);
  if (!('lines' in found)) return found;
  const card = found;
  const rows = text.split('\n').map((l) => l.trim().split(/\s+/));
  let checked = 0;
  for (const l of card.lines as ScorecardLine[]) {
    const cells = pdfCells(card, l);
    const tokens = rows.find((t) => t[1] === cells[1]);
    if (!tokens) continue; // a partial (scoped) export lists only some units
    const tail = cells.slice(3);
    const got = [tokens[0], ...tokens.slice(tokens.length - tail.length)];
    const want = [cells[0], ...tail];
    if (got.join(' ') !== want.join(' ')) {
      return invalid(`PDF 中单位 ${cells[1]} 的数值为 ${got.join(' ')}，评估结果为 ${want.join(' ')} / numbers of ${cells[1]} differ`, card.id);
    }
    checked++;
  }
  if (checked === 0) return invalid('PDF 中没有可核对的数据行 / no table rows found', card.id);
  return { valid: true, scorecardId: card.id, reason: `PDF 中的 ${checked} 行数据与评估结果一致 / all numbers match` };
}
