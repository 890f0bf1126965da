// 排行榜 as a file (dashboard issue: rankings "sort and export (XLSX/CSV)"):
// the same rows as GET /api/rankings, numbers as numbers.
import ExcelJS from 'exceljs';
import type { RankingsResponse } from '../../api/schemas.ts';

const HEADERS = ['排名', '上期排名', '单位', '单位编码', '值', '区间下限', '区间上限', '样本量 n', '分子', '分母', '备注'] as const;

function cells(r: RankingsResponse['rows'][number]): Array<string | number | null> {
  return [
    r.rank, r.prevRank, r.unit.name, r.unit.code, r.value, r.ci?.[0] ?? null, r.ci?.[1] ?? null, r.n,
    r.numerator, r.denominator, r.insufficient ? '样本不足' : '',
  ];
}

const title = (report: RankingsResponse) =>
  `${report.metric.name} 排行榜（${report.period.from} 至 ${report.period.to}，统计时点 ${report.asOf}）`;

export async function rankingsXlsx(report: RankingsResponse): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('排行榜', { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.addRow([title(report)]).font = { bold: true };
  sheet.addRow([...HEADERS]).font = { bold: true };
  for (const r of report.rows) sheet.addRow(cells(r));
  const rate = report.metric.unit === '%';
  for (const col of [5, 6, 7]) sheet.getColumn(col).numFmt = rate ? '0.0%' : '0.00';
  sheet.getColumn(3).width = 28;
  return Buffer.from(await book.xlsx.writeBuffer());
}

const csvField = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** UTF-8 with BOM so that Excel opens the Chinese headers correctly. */
export function rankingsCsv(report: RankingsResponse): string {
  const lines = [HEADERS.join(','), ...report.rows.map((r) => cells(r).map(csvField).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
