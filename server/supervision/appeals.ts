// 差评 申诉复核 (supervision issue, item 4): a dept appeals a valid 差评 within
// its scope; an inspector upholds or rejects it. An upheld appeal invalidates
// the rating so that it leaves every rating metric (metrics.md: Ratings — "A
// valid rating is any rating except a 差评 marked invalidated").
//
// Design (chosen over a query-time overlay, which would need the metric code
// to change): the upheld appeal writes a NEW VERSION of the rating row through
// the ETL's versioning — same columns, same partition_month, same row_hash and
// updated_ms, invalidated = 1, a higher `version` — then merges that partition
// (OPTIMIZE … PARTITION … FINAL) exactly as an import does (sql/README.md:
// Deduplication design). So the metrics, the anomalies (VALID_BAD_RATING) and
// every list read the invalidation with their unchanged SQL.
// - The partition is marked in etl_pending_optimize BEFORE the insert and the
//   marker is left for the next import to clear: a crash between insert and
//   merge is finished by that import, and we never clear a marker an
//   import running at the same time may have set.
// - Keeping row_hash/updated_ms means a re-pull of the identical source
//   record is a duplicate (no-op) and the invalidation stands. A genuinely
//   newer source version (updated_at later) replaces the row with the source's
//   own `invalidated`; the scheduled check (reapplyUpheldAppeals) then writes
//   the invalidation again, since the appeal decision is kept in
//   supervision_appeal_events forever.
import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { beijingDate } from '../../etl/clock/beijing.ts';
import { markCasePartitionsOf, markDerivedPending, refreshDerived } from '../../etl/load/derived.ts';
import { markPending, optimizeOne } from '../../etl/load/optimize.ts';
import { nextVersion as nextRowVersion } from '../../etl/load/version.ts';
import type { Appeal } from '../api/supervision-schemas.ts';
import { audit } from '../auth/audit.ts';
import { nextVersion } from '../auth/version.ts';
import { ApiError, badRequest, notFound } from '../errors.ts';
import { beijingIsoOf } from '../metrics/engine/periods.ts';
import { SOURCES } from '../metrics/engine/sources.ts';
import type { Db } from '../sql/client.ts';
import { compileScope } from '../sql/filters.ts';
import { list, raw, sql, str, type Sql } from '../sql/literal.ts';
import { regionTree, type RegionTree } from '../sql/regions.ts';
import type { Viewer } from './cases.ts';
import { withKeyLock } from './lock.ts';

const conflict = (zh: string, en: string, code: string) => new ApiError(409, code, zh, en);
const RATING_COLUMNS = SOURCES.ratings.columns;

interface RatingScoped {
  rating_id: string;
  case_id: string;
  level: number;
  invalidated: number;
  _dept: string;
  _region: string;
}

/** The current version of a rating with its effective dept/region, if the viewer's scope covers it. */
async function scopedRating(db: Db, viewer: Viewer, tree: RegionTree, ratingId: string): Promise<RatingScoped | null> {
  const rows = await db.query<RatingScoped>(sql`SELECT rating_id, case_id, level, invalidated,
      ${RATING_COLUMNS.dept!} AS _dept, ${RATING_COLUMNS.region!} AS _region
    FROM ratings ALL LEFT JOIN (
      SELECT case_id, argMax(dept_code, version) AS _c_dept, argMax(region_code, version) AS _c_region, argMax(item_code, version) AS _c_item
      FROM cases WHERE case_id IN (SELECT case_id FROM ratings WHERE rating_id = ${str(ratingId)} AND case_id != '')
      GROUP BY case_id) USING case_id
    WHERE rating_id = ${str(ratingId)} AND ${compileScope(viewer.scope, RATING_COLUMNS, tree)}
    ORDER BY version DESC LIMIT 1`);
  return rows[0] ? { ...rows[0], level: Number(rows[0].level), invalidated: Number(rows[0].invalidated) } : null;
}

interface AppealRow {
  appeal_id: string;
  rating_id: string;
  case_id: string;
  dept_code: string;
  region_code: string;
  reason: string;
  submitted_by: string;
  submitted: number;
  decision: string;
  decided_by: string;
  decided: number | null;
  note: string;
}

/** Appeals with their decision (the first decision event; later ones are refused at write time). */
async function readAppeals(db: Db, where: Sql): Promise<Appeal[]> {
  const rows = await db.query<AppealRow>(sql`SELECT appeal_id, rating_id, case_id, dept_code, region_code, reason, submitted_by,
      toUnixTimestamp(submitted_at) AS submitted, decision, decided_by, decided, note
    FROM supervision_appeals ALL LEFT JOIN (
      SELECT appeal_id, toString(argMin(event_type, seq)) AS decision, argMin(actor, seq) AS decided_by,
        toUnixTimestamp(argMin(at, seq)) AS decided, argMin(note, seq) AS note
      FROM supervision_appeal_events GROUP BY appeal_id) USING appeal_id
    WHERE ${where}
    ORDER BY submitted_at DESC, appeal_id ASC`);
  return rows.map((r): Appeal => {
    const decided = r.decision === 'uphold' || r.decision === 'reject';
    return {
      appealId: r.appeal_id,
      ratingId: r.rating_id,
      caseId: r.case_id,
      deptCode: r.dept_code,
      regionCode: r.region_code,
      reason: r.reason,
      submittedBy: r.submitted_by,
      submittedAt: beijingIsoOf(Number(r.submitted) * 1000),
      status: r.decision === 'uphold' ? 'upheld' : r.decision === 'reject' ? 'rejected' : 'pending',
      decidedBy: decided ? r.decided_by : null,
      decidedAt: decided && r.decided !== null ? beijingIsoOf(Number(r.decided) * 1000) : null,
      note: decided ? r.note : null,
    };
  });
}

const appealScope = (viewer: Viewer, tree: RegionTree): Sql =>
  compileScope(viewer.scope, { dept: raw('dept_code'), region: raw('region_code'), item: null, channel: null, ratingChannel: null }, tree);

export async function listAppeals(db: Db, viewer: Viewer, q: { status?: Appeal['status'][]; page: number; pageSize: number }) {
  const tree = await regionTree(db);
  const all = (await readAppeals(db, appealScope(viewer, tree))).filter((a) => !q.status || q.status.includes(a.status));
  const start = (q.page - 1) * q.pageSize;
  return { total: all.length, page: q.page, pageSize: q.pageSize, rows: all.slice(start, start + q.pageSize) };
}

/** The latest appeal of each rating (for the bad-ratings list). */
export async function appealsOfRatings(db: Db, ratingIds: readonly string[]): Promise<Map<string, Appeal>> {
  const out = new Map<string, Appeal>();
  if (ratingIds.length === 0) return out;
  for (const a of await readAppeals(db, sql`rating_id IN ${list([...new Set(ratingIds)], str)}`)) {
    if (!out.has(a.ratingId)) out.set(a.ratingId, a); // newest first
  }
  return out;
}

export async function submitAppeal(db: Db, req: Request, viewer: Viewer, body: { ratingId: string; reason: string }, nowMs = Date.now()): Promise<Appeal> {
  return withKeyLock(`rating:${body.ratingId}`, async () => {
    const tree = await regionTree(db);
    const rating = await scopedRating(db, viewer, tree, body.ratingId);
    if (!rating) throw notFound('评价');
    if (rating.level > 2) throw badRequest('只能对差评（不满意、非常不满意）申诉', 'Only a 差评 (level 1–2) can be appealed', 'not_bad_rating');
    if (rating.invalidated === 1) throw conflict('该差评已被认定无效', 'This 差评 is already invalidated', 'already_invalidated');
    const existing = (await appealsOfRatings(db, [body.ratingId])).get(body.ratingId);
    if (existing && existing.status !== 'rejected') {
      throw conflict(existing.status === 'pending' ? '该差评已有待复核的申诉' : '该差评的申诉已被采纳', `This 差评 already has a ${existing.status} appeal`, 'appeal_exists');
    }
    const appealId = `SS${beijingDate(nowMs).replaceAll('-', '')}-${randomBytes(4).toString('hex')}`;
    await db.insert('supervision_appeals', [{
      appeal_id: appealId, rating_id: body.ratingId, case_id: rating.case_id, dept_code: rating._dept, region_code: rating._region,
      reason: body.reason, submitted_by: viewer.username, submitted_at: Math.floor(nowMs / 1000), seq: nextVersion(),
    }]);
    await audit(db, { req, action: 'supervision.appeal.submit', target: appealId, detail: { ratingId: body.ratingId, reason: body.reason } });
    const [appeal] = await readAppeals(db, sql`appeal_id = ${str(appealId)}`);
    return appeal!;
  });
}

interface StoredRating {
  rating_id: string; case_id: string; item_code: string; dept_code: string; region_code: string; channel: string; level: number;
  rated_at: number; tags: string[]; comment: string; is_active: number; invalidated: number; verified_at: number | null;
  rectified_at: number | null; rectify_result: string; rectify_limit_at: number | null; source_system: string;
  updated_ms: string; row_hash: string; batch_id: string; partition_month: number;
}

/**
 * Writes a new version of the rating with invalidated = 1 (see the header).
 * Returns false when the current version is already invalidated.
 */
export async function invalidateRating(db: Db, ratingId: string, marker: string): Promise<boolean> {
  const [r] = await db.query<StoredRating>(sql`SELECT rating_id, case_id, item_code, dept_code, region_code, toString(channel) AS channel,
      level, toUnixTimestamp(rated_at) AS rated_at, tags, comment, is_active, invalidated,
      toUnixTimestamp(verified_at) AS verified_at, toUnixTimestamp(rectified_at) AS rectified_at,
      toString(rectify_result) AS rectify_result, toUnixTimestamp(rectify_limit_at) AS rectify_limit_at,
      source_system, updated_ms, row_hash, batch_id, partition_month
    FROM ratings WHERE rating_id = ${str(ratingId)} ORDER BY version DESC LIMIT 1`);
  if (!r) throw notFound('评价');
  if (Number(r.invalidated) === 1) return false;
  const partition = Number(r.partition_month);
  await markPending(db, 'ratings', [partition], marker);
  // Its rating partition's rollup, and its case's (评价率), are stale until rebuilt below.
  await markDerivedPending(db, 'ratings', [partition], marker);
  if (r.case_id !== '') await markCasePartitionsOf(db, str(r.case_id), marker);
  await db.insert('ratings', [{
    ...r,
    level: Number(r.level),
    is_active: Number(r.is_active),
    invalidated: 1,
    updated_ms: Number(r.updated_ms),
    partition_month: partition,
    batch_id: marker,
    version: nextRowVersion(),
  }]);
  await optimizeOne(db, 'ratings', partition);
  // Until this returns the decider reads raw rows (the marker is pending), so figures are exact either way.
  await refreshDerived(db, marker);
  return true;
}

export async function decideAppeal(
  db: Db, req: Request, appealId: string, body: { decision: 'uphold' | 'reject'; note: string }, nowMs = Date.now(),
): Promise<Appeal> {
  return withKeyLock(`appeal:${appealId}`, async () => {
    const [appeal] = await readAppeals(db, sql`appeal_id = ${str(appealId)}`);
    if (!appeal) throw notFound('申诉');
    if (appeal.status !== 'pending') {
      throw conflict(`该申诉已${appeal.status === 'upheld' ? '采纳' : '驳回'}，不能再次决定`, `The appeal is already ${appeal.status}`, 'invalid_transition');
    }
    const user = req.user!;
    // The decision is recorded first: if invalidating the rating fails, the
    // scheduled check re-applies every upheld appeal (reapplyUpheldAppeals).
    await db.insert('supervision_appeal_events', [{
      appeal_id: appealId, event_type: body.decision, actor: user.username, actor_role: user.role,
      at: Math.floor(nowMs / 1000), seq: nextVersion(), note: body.note,
    }]);
    let invalidated = false;
    if (body.decision === 'uphold') invalidated = await invalidateRating(db, appeal.ratingId, `appeal:${appealId}`);
    await audit(db, {
      req, action: `supervision.appeal.${body.decision}`, target: appealId,
      detail: { ratingId: appeal.ratingId, note: body.note, ratingInvalidated: invalidated },
    });
    const [after] = await readAppeals(db, sql`appeal_id = ${str(appealId)}`);
    return after!;
  });
}

/** Upheld appeals whose rating's current version is not invalidated (a newer source version replaced it): invalidate again. */
export async function reapplyUpheldAppeals(db: Db): Promise<string[]> {
  const rows = await db.query<{ appeal_id: string; rating_id: string }>(raw(`SELECT appeal_id, rating_id FROM supervision_appeals
    WHERE appeal_id IN (SELECT appeal_id FROM supervision_appeal_events GROUP BY appeal_id HAVING argMin(event_type, seq) = 'uphold')
      AND rating_id IN (SELECT rating_id FROM ratings GROUP BY rating_id HAVING argMax(invalidated, version) = 0)`));
  const done: string[] = [];
  for (const r of rows) {
    if (await invalidateRating(db, r.rating_id, `appeal:${r.appeal_id}`)) done.push(r.rating_id);
  }
  return done;
}

