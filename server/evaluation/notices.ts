// Monthly 通报: on the 1st of each month, the previous month's scorecard of
// the default system (cities) and its 红黑榜 (top / bottom N, ties at the cut
// kept), stored in eval_notices and listed at GET /api/evaluation/notices.
import { randomBytes } from 'node:crypto';
import { beijingIso, nextVersion, toSeconds } from '../auth/version.ts';
import { beijingToday } from '../metrics/engine/periods.ts';
import type { Db } from '../sql/client.ts';
import { sql } from '../sql/literal.ts';
import { createScorecard } from './scorecards.ts';
import { DEFAULT_SYSTEM } from './systems.ts';

export const NOTICE_LIST_SIZE = 3;

export interface NoticeEntry { rank: number; code: string; name: string; composite: number }
export interface Notice {
  id: string;
  month: string;
  title: string;
  scorecardId: string;
  sha256: string;
  createdAt: string;
  red: NoticeEntry[];
  black: NoticeEntry[];
}

/** [first, last] day of the month before `today` (YYYY-MM-DD). */
export function previousMonth(today: string): { month: string; from: string; to: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const py = m === 1 ? y - 1 : y;
  const pm = m === 1 ? 12 : m - 1;
  const last = new Date(Date.UTC(py, pm, 0)).getUTCDate();
  const mm = String(pm).padStart(2, '0');
  return { month: `${py}-${mm}`, from: `${py}-${mm}-01`, to: `${py}-${mm}-${String(last).padStart(2, '0')}` };
}

export async function generateMonthlyNotice(db: Db, nowMs = Date.now()): Promise<Notice> {
  const { month, from, to } = previousMonth(beijingToday(nowMs));
  const title = `${month.replace('-', '年')}月 ${DEFAULT_SYSTEM.name} 通报`;
  const card = await createScorecard(db, { systemId: DEFAULT_SYSTEM.id, from, to, by: 'region', level: 'city' },
    { nowMs, actor: 'system', title });
  const ranked = card.lines.filter((l) => l.rank !== null && l.composite !== null)
    .map((l) => ({ rank: l.rank!, code: l.unit.code, name: l.unit.name, composite: l.composite! }));
  const n = ranked.length;
  // 红榜: rank ≤ N; 黑榜: counted from the bottom with ties (competition ranks from the worst end).
  const red = ranked.filter((e) => e.rank <= NOTICE_LIST_SIZE);
  const fromBottom = (e: NoticeEntry) => 1 + ranked.filter((x) => x.composite < e.composite).length;
  const black = n > NOTICE_LIST_SIZE ? ranked.filter((e) => fromBottom(e) <= NOTICE_LIST_SIZE).reverse() : [];
  const notice: Notice = {
    id: `NT-${month.replace('-', '')}-${randomBytes(3).toString('hex')}`, month, title, scorecardId: card.id, sha256: card.sha256,
    createdAt: card.createdAt, red, black,
  };
  await db.insert('eval_notices', [{
    notice_id: notice.id, month, scorecard_id: card.id, created_at: toSeconds(nowMs), content: JSON.stringify(notice), seq: nextVersion(),
  }]);
  return notice;
}

export async function listNotices(db: Db): Promise<Notice[]> {
  const rows = await db.query<{ content: string; created_at: string }>(sql`SELECT content, created_at FROM eval_notices
    ORDER BY month DESC, created_at DESC, seq DESC LIMIT 240`);
  return rows.map((r) => ({ ...(JSON.parse(r.content) as Notice), createdAt: beijingIso(r.created_at) }));
}

/**
 * The scheduled job (etl/jobs.ts's table, same shape as its `Job`): 01:30 on
 * the 1st of each month. Whether the scheduler runs in UTC or Beijing time,
 * that instant lies on the 1st in Beijing, so the previous month is right.
 */
export const monthlyNoticeJob = {
  name: 'evaluation:monthly-notice',
  cron: '30 1 1 * *',
  description: '月度通报：上月电子监察综合指数评估结果与红黑榜',
  run: ({ db }: { db: Db }): Promise<Notice> => generateMonthlyNotice(db),
};
