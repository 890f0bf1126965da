// 好差评 closed loop (GET /api/supervision/bad-ratings): the 差评 rated in the
// period with their status at as_of — 待回访 pending_visit, 已回访 visited,
// 已整改 rectified, 逾期未整改 overdue (against rectify_limit_at, the
// unrectified_bad rule) — and, listed separately, the invalidated ones
// (status=invalidated: 申诉复核 upheld, out of every metric).
import type { BadRatingsQuery } from '../api/supervision-schemas.ts';
import { badRequest } from '../errors.ts';
import { beijingIsoOf } from '../metrics/engine/periods.ts';
import { filtersOf, resolvePeriod } from '../metrics/request.ts';
import type { Db } from '../sql/client.ts';
import { regionTree } from '../sql/regions.ts';
import { appealsOfRatings } from './appeals.ts';
import type { Viewer } from './cases.ts';
import { commentForRole } from './masking.ts';
import { namesFor } from './names.ts';
import { countRatingSql, pagedRatingSql, type RatingQuery, type RatingSqlRow } from './rating-sql.ts';

const iso = (s: number | null): string | null => (s === null ? null : beijingIsoOf(Number(s) * 1000));

export async function listBadRatings(db: Db, viewer: Viewer, q: BadRatingsQuery, nowMs = Date.now()) {
  const statuses = q.status ?? [];
  const invalidated = statuses.includes('invalidated');
  if (invalidated && statuses.length > 1) {
    throw badRequest('参数 status 无效：无效差评 (invalidated) 单独列出，不能与其他状态组合', 'Invalid parameter status: invalidated is listed on its own');
  }
  const period = resolvePeriod(q, nowMs);
  const tree = await regionTree(db);
  const query: RatingQuery = {
    population: invalidated ? 'invalidated' : 'valid',
    badOnly: true,
    statuses: invalidated ? [] : statuses,
    period, filters: filtersOf(q), regionUnit: {}, scope: viewer.scope, tree,
  };
  const [count, rows] = await Promise.all([
    db.query<{ n: string }>(countRatingSql(query)),
    db.query<RatingSqlRow>(pagedRatingSql(query, { key: 'rated_at', desc: true }, (q.page - 1) * q.pageSize, q.pageSize)),
  ]);
  const [names, appeals] = await Promise.all([
    namesFor(db, tree, { depts: rows.map((r) => r._dept), items: rows.map((r) => r._item) }),
    appealsOfRatings(db, rows.map((r) => r.rating_id)),
  ]);
  return {
    period: { from: period.from, to: period.to },
    asOf: beijingIsoOf(period.asOfMs),
    total: Number(count[0]?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
    rows: rows.map((r) => {
      const appeal = appeals.get(r.rating_id);
      return {
        ratingId: r.rating_id,
        caseId: r.case_id,
        level: Number(r.level),
        channel: r.channel,
        ratedAt: iso(r.rated)!,
        deptCode: r._dept,
        deptName: names.dept(r._dept),
        regionCode: r._region,
        regionName: names.region(r._region),
        itemCode: r._item,
        itemName: names.item(r._item),
        verifiedAt: iso(r.verified),
        rectifiedAt: iso(r.rectified),
        rectifyResult: r.rectify_result,
        rectifyLimitAt: iso(r.rectify_limit),
        status: r._status,
        comment: commentForRole(viewer.role, r.comment),
        appeal: appeal ? { appealId: appeal.appealId, status: appeal.status } : null,
      };
    }),
  };
}
