// Figure group `scorecard`: a frozen scorecard of the built-in 电子监察综合指数
// for all departments over the year (POST /api/evaluation/scorecards as an
// evaluator) of a completed year (client.ts completedYearEnding), then its XLSX
// and PDF exports, through the real server. Each
// run creates a new scorecard (the bench database keeps them).
import { HttpClient, ensureUser, login, type Period } from './client.ts';
import { atMost, figure, type Figure } from './stats.ts';

const GROUP = 'scorecard';
/** Performance issue: all departments, compute + XLSX within 5 s. */
const MAX_COMPUTE_XLSX_S = 5;
const EVALUATOR = { username: 'bench-evaluator', password: 'bench-evaluator-password-1', role: 'evaluator' };

export async function scorecardGroup(
  opts: { base: string; adminCookie: string; period: Period; runs: number },
  log: (line: string) => void,
): Promise<Figure[]> {
  await ensureUser(opts.base, opts.adminCookie, EVALUATOR);
  const client = new HttpClient(opts.base, await login(opts.base, EVALUATOR.username, EVALUATOR.password));
  const compute: number[] = [];
  const xlsx: number[] = [];
  const pdf: number[] = [];
  let lines = 0;
  const bytes = { xlsx: 0, pdf: 0 };
  try {
    for (let i = 0; i < 1 + opts.runs; i++) {
      const created = await client.send('POST', '/api/evaluation/scorecards', { systemId: 'default', from: opts.period.from, to: opts.period.to, by: 'dept' });
      if (created.status !== 201) throw new Error(`scorecard: HTTP ${created.status} ${created.body.toString('utf8').slice(0, 300)}`);
      const card = JSON.parse(created.body.toString('utf8')) as { id: string; lines: unknown[] };
      const exports = { xlsx: 0, pdf: 0 };
      for (const format of ['xlsx', 'pdf'] as const) {
        const res = await client.get(`/api/evaluation/scorecards/${encodeURIComponent(card.id)}/export?format=${format}`);
        if (res.status !== 200) throw new Error(`scorecard ${format} export: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 300)}`);
        exports[format] = res.ms;
        bytes[format] = res.body.length;
      }
      lines = card.lines.length;
      if (i === 0) continue; // warm-up
      compute.push(created.ms / 1000);
      xlsx.push(exports.xlsx / 1000);
      pdf.push(exports.pdf / 1000);
    }
  } finally {
    client.close();
  }
  const name = `scorecard, all departments (${lines} lines)`;
  const both = compute.map((c, i) => c + xlsx[i]!);
  log(`scorecard: ${lines} lines; compute ${compute.map((s) => s.toFixed(2)).join('/')} s, XLSX ${xlsx.map((s) => s.toFixed(2)).join('/')} s, PDF ${pdf.map((s) => s.toFixed(2)).join('/')} s`);
  return [
    figure(GROUP, `${name}: compute`, 's', compute, null, { period: opts.period }),
    figure(GROUP, `${name}: XLSX export`, 's', xlsx, null, { bytes: bytes.xlsx }),
    figure(GROUP, `${name}: compute + XLSX`, 's', both, atMost(MAX_COMPUTE_XLSX_S)),
    figure(GROUP, `${name}: PDF export`, 's', pdf, null, { bytes: bytes.pdf }),
  ];
}
