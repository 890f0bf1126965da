// Scorecard exports: XLSX (cover, ranking, one sheet per top-level dimension,
// methodology), CSV (UTF-8 BOM) and PDF (embedded CJK font, paginated table
// with a repeated header, page numbers, SHA-256 + short code + QR). Every
// file carries the scorecard's SHA-256 so /verify can find the scorecard and
// check the numbers; the cell layout comes from the same column lists that
// verify.ts reads back.
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Scorecard, ScorecardLine } from '../api/evaluation-schemas.ts';
import { unitKey } from '../metrics/engine/units.ts';
import { isMetricId, metricsByIds } from '../metrics/index.ts';
import type { LeafSpec } from './score.ts';
import { systemLeaves } from './scorecards.ts';

export const CJK_FONT_PATH = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
export const CJK_FONT_FAMILY = 'NotoSansCJKsc-Regular';

export interface Column {
  header: string;
  /** Excel number format; absent = text. */
  numFmt?: string;
  width: number;
  get(l: ScorecardLine): number | string | null;
}

const SCORE_FMT = '0.00';
const METHOD_NAMES: Readonly<Record<string, string>> = {
  linear: '线性', minmax: '极差(min-max)', target: '目标值', bands: '分档', rank: '名次', zscore: 'Z 分数',
};
const MISSING_NAMES: Readonly<Record<string, string>> = { no_data: '无数据', insufficient: '样本不足', unavailable: '指标未提供' };

const leafValueFmt = (leaf: LeafSpec): string => {
  const src = leaf.node.source;
  if (src?.kind === 'metric' && isMetricId(src.id)) return metricsByIds([src.id])[0]!.unit === '%' ? '0.0%' : '0.00';
  return '0.00';
};

/** The unit key printed in files (unique: 本级 rows carry `#self`). */
export const lineKey = (l: ScorecardLine): string => unitKey(l.unit);

export function rankingColumns(card: Scorecard): Column[] {
  return [
    { header: '排名', numFmt: '0', width: 8, get: (l) => l.rank },
    { header: '单位编码', width: 16, get: lineKey },
    { header: '单位名称', width: 22, get: (l) => l.unit.name },
    { header: '综合指数', numFmt: SCORE_FMT, width: 12, get: (l) => l.composite },
    ...card.system.children.map((d): Column => ({ header: `${d.name}得分`, numFmt: SCORE_FMT, width: 14, get: (l) => l.subtotals[d.name] ?? null })),
    { header: '缺失指标', width: 30, get: (l) => missingText(card, l) },
  ];
}

export function leafColumns(leaves: readonly LeafSpec[]): Column[] {
  return leaves.flatMap((leaf): Column[] => [
    { header: `${leaf.name}·值`, numFmt: leafValueFmt(leaf), width: 14, get: (l) => l.leaves[leaf.key]?.value ?? null },
    { header: `${leaf.name}·得分`, numFmt: SCORE_FMT, width: 12, get: (l) => l.leaves[leaf.key]?.score ?? null },
  ]);
}

export function dimensionColumns(card: Scorecard, dim: number): Column[] {
  const d = card.system.children[dim]!;
  const leaves = systemLeaves(card.system).filter((l) => l.path[0] === d.name);
  return [
    { header: '单位编码', width: 16, get: lineKey },
    { header: '单位名称', width: 22, get: (l) => l.unit.name },
    { header: `${d.name}得分`, numFmt: SCORE_FMT, width: 14, get: (l) => l.subtotals[d.name] ?? null },
    ...leafColumns(leaves),
  ];
}

export const csvColumns = (card: Scorecard): Column[] => [...rankingColumns(card), ...leafColumns(systemLeaves(card.system))];

function missingText(card: Scorecard, l: ScorecardLine): string {
  const names = new Map(systemLeaves(card.system).map((x) => [x.key, x.name]));
  return l.missingLeaves.map((k) => `${names.get(k) ?? k}(${MISSING_NAMES[l.leaves[k]?.missing ?? 'no_data'] ?? ''})`).join('；');
}

export interface ExportMeta { generatedAt: string; generatedBy: string }

function coverRows(card: Scorecard, meta: ExportMeta): Array<[string, string]> {
  return [
    ['标题', card.title],
    ['评估期间', `${card.period.from} 至 ${card.period.to}`],
    ['数据截止时刻', card.asOf],
    ['指标体系', `${card.system.name}（${card.system.id}，版本 ${card.system.version}）`],
    ['评估单位', card.by === 'region' ? `行政区划（${card.level ?? ''}）` : '部门'],
    ['评估结果编号', card.id],
    ['计算时间', card.createdAt],
    ['生成时间', meta.generatedAt],
    ['生成人', meta.generatedBy],
    ['SHA-256', card.sha256],
    ['校验码', card.shortCode],
  ];
}

// ---- XLSX -------------------------------------------------------------------

export async function toXlsx(card: Scorecard, lines: readonly ScorecardLine[], meta: ExportMeta): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tianping 天平';
  wb.created = new Date(Date.parse(meta.generatedAt));
  wb.keywords = `sha256:${card.sha256}`;

  const cover = wb.addWorksheet('封面');
  cover.columns = [{ width: 16 }, { width: 80 }];
  cover.addRow([card.title]).font = { bold: true, size: 16 };
  cover.mergeCells('A1:B1');
  for (const row of coverRows(card, meta)) cover.addRow(row);
  cover.getColumn(1).font = { bold: true };

  const table = (name: string, cols: Column[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = cols.map((c) => ({ header: c.header, width: c.width }));
    ws.getRow(1).font = { bold: true };
    for (const l of lines) ws.addRow(cols.map((c) => c.get(l)));
    cols.forEach((c, i) => {
      if (c.numFmt) ws.getColumn(i + 1).eachCell((cell, row) => { if (row > 1) cell.numFmt = c.numFmt!; });
    });
    return ws;
  };
  table('排名', rankingColumns(card));
  card.system.children.forEach((d, i) => table(sheetName(d.name, i), dimensionColumns(card, i)));

  const m = wb.addWorksheet('方法说明', { views: [{ state: 'frozen', ySplit: 1 }] });
  m.columns = [
    { header: '维度', width: 14 }, { header: '指标', width: 20 }, { header: '数据来源', width: 22 }, { header: '方向', width: 8 },
    { header: '标准化方法', width: 16 }, { header: '参数', width: 24 }, { header: '本级权重', width: 10 }, { header: '综合权重', width: 10 },
  ];
  m.getRow(1).font = { bold: true };
  for (const leaf of systemLeaves(card.system)) {
    const src = leaf.node.source!;
    const row = m.addRow([
      leaf.path[0], leaf.name, src.kind === 'metric' ? `指标库：${src.id}` : `外部指标：${src.code}`, leaf.direction === 'up' ? '↑' : '↓',
      METHOD_NAMES[leaf.normalization.method], JSON.stringify({ ...(leaf.normalization.params ?? {}), ...(leaf.clip ? { clip: leaf.clip } : {}) }),
      leaf.node.weight, leaf.effectiveWeight,
    ]);
    row.getCell(7).numFmt = '0.00%';
    row.getCell(8).numFmt = '0.00%';
  }
  m.addRow([]);
  m.addRow(['规则', '各叶子指标按本级所有有值单位标准化为 0–100 分（与查看者权限范围无关）；综合指数 = Σ 权重 × 得分。']);
  m.addRow(['缺失', '单位缺少某指标（无数据或样本不足）时，其权重按比例分配给同级其他指标；同级全部缺失时上级节点缺失，规则上推一级。']);
  m.addRow(['排名', '按综合指数从高到低，并列同名次（1, 2, 2, 4）。']);
  for (const n of card.notes) m.addRow(['说明', n]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Excel sheet names: ≤ 31 chars, none of []:*?/\ and unique. */
export const sheetName = (name: string, i: number): string => `${i + 1}-${name.replace(/[[\]:*?/\\]/g, '_')}`.slice(0, 31);

// ---- CSV --------------------------------------------------------------------

const csvCell = (v: number | string | null): string => {
  if (v === null) return '';
  const s = typeof v === 'number' ? String(v) : v;
  return /[",\r\n]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s;
};

export function toCsv(card: Scorecard, lines: readonly ScorecardLine[], meta: ExportMeta): string {
  const cols = csvColumns(card);
  const out: string[] = coverRows(card, meta).map(([k, v]) => `${csvCell(k)},${csvCell(v)}`);
  out.push('');
  out.push(cols.map((c) => csvCell(c.header)).join(','));
  for (const l of lines) out.push(cols.map((c) => csvCell(c.get(l))).join(','));
  return `\uFEFF${out.join('\r\n')}\r\n`;
}

// ---- PDF --------------------------------------------------------------------

/** The PDF table's cells of a line, as printed (verify.ts compares these strings). */
export function pdfCells(card: Scorecard, l: ScorecardLine): string[] {
  const f = (x: number | null) => (x === null ? '—' : x.toFixed(2));
  return [l.rank === null ? '—' : String(l.rank), lineKey(l), l.unit.name, f(l.composite), ...card.system.children.map((d) => f(l.subtotals[d.name] ?? null))];
}

export async function toPdf(card: Scorecard, lines: readonly ScorecardLine[], meta: ExportMeta): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 40, bufferPages: true,
    info: { Title: card.title, Author: meta.generatedBy, Subject: `sha256:${card.sha256}`, Keywords: `tianping-scorecard ${card.shortCode}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((ok, fail) => { doc.on('end', () => ok(Buffer.concat(chunks))); doc.on('error', fail); });
  doc.registerFont('cjk', CJK_FONT_PATH, CJK_FONT_FAMILY);
  doc.font('cjk');

  const qr = await QRCode.toBuffer(`tianping:scorecard:${card.id}:${card.sha256}`, { margin: 1, width: 120 });
  doc.fontSize(18).text(card.title, { width: 620 });
  doc.moveDown(0.5).fontSize(10);
  for (const [k, v] of coverRows(card, meta)) doc.text(`${k}：${v}`, { width: 620 });
  doc.image(qr, doc.page.width - 40 - 110, 40, { width: 110 });

  const headers = ['排名', '单位编码', '单位名称', '综合指数', ...card.system.children.map((d) => `${d.name}得分`)];
  const widths = [40, 110, 170, 70, ...card.system.children.map(() => Math.min(110, Math.max(60, Math.floor(370 / Math.max(1, card.system.children.length)))))];
  const rowH = 18;
  const left = 40;
  const bottom = doc.page.height - 60;
  const drawRow = (cells: string[], y: number, bold: boolean) => {
    let x = left;
    if (bold) doc.rect(left, y - 3, widths.reduce((a, b) => a + b, 0), rowH).fill('#eeeeee').fillColor('#000000');
    cells.forEach((c, i) => {
      doc.fontSize(9).text(c, x + 2, y, { width: widths[i]! - 4, lineBreak: false, ellipsis: true, align: i === 1 || i === 2 ? 'left' : 'right' });
      x += widths[i]!;
    });
  };
  let y = Math.max(doc.y + 12, 180);
  drawRow(headers, y, true);
  y += rowH;
  for (const l of lines) {
    if (y + rowH > bottom) {
      doc.addPage();
      y = 40;
      drawRow(headers, y, true); // the header repeats on every page
      y += rowH;
    }
    drawRow(pdfCells(card, l), y, false);
    y += rowH;
  }
  if (y + 60 > bottom) { doc.addPage(); y = 40; }
  doc.fontSize(8).text('说明：综合指数 = Σ 权重 × 得分（0–100）；缺失指标的权重按比例分配给同级指标；并列同名次。', left, y + 10, { width: 740 });

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const fy = doc.page.height - 40;
    // TRICKY: writing below the bottom margin would make pdfkit add a page; lift the margin for the footer.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(7).fillColor('#444444')
      .text(`SHA-256: ${card.sha256}    校验码: ${card.shortCode}    编号: ${card.id}`, left, fy, { width: 600, lineBreak: false })
      .text(`第 ${i + 1} / ${range.count} 页`, doc.page.width - 140, fy, { width: 100, align: 'right', lineBreak: false });
    doc.page.margins.bottom = margin;
    doc.fillColor('#000000');
  }
  doc.end();
  return done;
}
