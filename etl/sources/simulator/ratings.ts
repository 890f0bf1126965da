// 好差评: ratings of finished cases (and a few of services without a case),
// with the follow-up of 差评 (回访核实, 整改, 申诉复核) and system default ratings.
import { mobile, personName } from './people.ts';
import type { Rng } from './prng.ts';
import { officeMinute } from './timing.ts';
import { dayOfMs, iso, minuteOfDay, msAt, MS_PER_DAY, MS_PER_MINUTE, type WorkCalendar } from './time.ts';
import type { RawRow } from './types.ts';

const GOOD_TAGS = ['办事效率高', '服务态度好', '一次办好', '材料精简', '网上办理便捷', '指引清晰', '窗口服务热情'];
const MID_TAGS = ['等候时间较长', '流程可以更简化', '停车不方便'];
const BAD_TAGS = ['办理时间长', '多次跑动', '态度冷淡', '材料要求多', '系统卡顿', '指引不清', '超时办理', '推诿扯皮'];
const GOOD_COMMENTS = ['很满意，工作人员耐心细致', '全程网办，很方便', '一次就办好了，点赞', '效率很高，谢谢', '比预想的快'];
const BAD_COMMENTS = ['跑了三趟还没办好', '等了很久没人处理', '电话一直打不通', '材料反复要求补交', '超过承诺时间还没办结', '窗口人员态度不好'];

const RATING_CHANNELS_BY_CASE: Record<string, readonly (readonly [string, number])[]> = {
  window: [['window_device', 70], ['sms', 15], ['hotline', 5], ['app', 10]],
  online: [['pc', 60], ['sms', 25], ['app', 15]],
  mobile: [['app', 55], ['mini_program', 35], ['sms', 10]],
  self_service: [['self_service', 85], ['sms', 15]],
  mail: [['sms', 60], ['app', 30], ['hotline', 10]],
  other: [['other', 60], ['hotline', 40]],
};

export interface RatingContext {
  asOf: number;
  cal: WorkCalendar;
}

export interface RatingInput {
  ratingId: string;
  caseId: string | null;
  item: { code: string; dept: string; region: string };
  /** Attach item/dept/region even when the case is known (they are optional then). */
  withDims: boolean;
  caseChannel: string;
  /** Earliest rating time (the case's finish, or the service time). */
  from: number;
  late: boolean;
  diligence: number;
  /** Forced outcome (planted repeat-bad episode). */
  forcedLevel?: 1 | 2;
}

export interface RatingOutcome {
  rows: RawRow[];
  level: number;
  bad: boolean;
  invalidated: boolean;
  systemDefault: boolean;
  verified: boolean;
  rectified: boolean;
}

function level(rng: Rng, late: boolean, diligence: number): number {
  const badBoost = 1 / diligence;
  const w = late ? [0.11, 0.14, 0.13, 0.2, 0.42] : [0.013, 0.022, 0.045, 0.16, 0.76];
  w[0] = (w[0] as number) * badBoost;
  w[1] = (w[1] as number) * badBoost;
  return rng.weighted(w) + 1;
}

/** Tags of a level, CSV-friendly (no ';' inside a tag). */
function tags(rng: Rng, lvl: number): string[] {
  const pool = lvl >= 4 ? GOOD_TAGS : lvl === 3 ? MID_TAGS : BAD_TAGS;
  const n = rng.int(0, lvl <= 2 ? 3 : 2);
  const out = new Set<string>();
  for (let i = 0; i < n; i++) out.add(rng.pick(pool));
  return [...out];
}

function comment(rng: Rng, lvl: number): string | null {
  if (lvl >= 3) return rng.chance(0.15) ? rng.pick(GOOD_COMMENTS) : null;
  if (!rng.chance(0.7)) return null;
  const base = rng.pick(BAD_COMMENTS);
  // Citizens often leave their name and number in a complaint: personal data in free text.
  return rng.chance(0.2) ? `${base}。本人${personName(rng)}，电话${mobile(rng)}，请尽快联系我。` : base;
}

/** Instant on the n-th working day after `ms`, office hours. */
const workdaysLater = (rng: Rng, cal: WorkCalendar, ms: number, n: number): number =>
  msAt(cal.nthWorkdayAfter(dayOfMs(ms), n), officeMinute(rng));

export function buildRating(rng: Rng, ctx: RatingContext, r: RatingInput): RatingOutcome | null {
  const systemDefault = r.forcedLevel === undefined && r.caseId !== null && rng.chance(0.12);
  let ratedAt: number;
  let channel: string;
  let lvl: number;
  if (systemDefault) {
    // 系统默认好评: written by a nightly job once the rating window closes.
    ratedAt = msAt(dayOfMs(r.from) + rng.int(5, 7), 30);
    channel = 'other';
    lvl = 5;
  } else {
    channel = rng.choose(RATING_CHANNELS_BY_CASE[r.caseChannel] ?? RATING_CHANNELS_BY_CASE.other!);
    const delay = channel === 'window_device' || channel === 'self_service'
      ? rng.int(0, 10) * MS_PER_MINUTE
      : rng.int(10, 60 * 24 * 3) * MS_PER_MINUTE;
    ratedAt = r.forcedLevel !== undefined ? r.from + MS_PER_DAY + rng.int(0, 600) * MS_PER_MINUTE : r.from + delay;
    // People rate while awake: a time in the small hours moves to the morning.
    if (minuteOfDay(ratedAt) < 7 * 60) ratedAt += 7 * 60 * MS_PER_MINUTE;
    lvl = r.forcedLevel ?? level(rng, r.late, r.diligence);
  }
  ratedAt = Math.round(ratedAt / 1000) * 1000;
  if (ratedAt > ctx.asOf) return null;
  const bad = lvl <= 2;
  let invalidated = false;
  let verifiedAt: number | null = null;
  let rectifiedAt: number | null = null;
  let result: string | null = null;
  if (bad && r.forcedLevel === undefined && rng.chance(0.12)) {
    // 申诉复核通过: the 差评 is ruled unfounded and leaves every metric.
    invalidated = true;
    verifiedAt = workdaysLater(rng, ctx.cal, ratedAt, rng.int(1, 3));
    rectifiedAt = verifiedAt + rng.int(0, 2) * MS_PER_DAY;
    result = 'not_substantiated';
  } else if (bad && rng.chance(0.85)) {
    verifiedAt = workdaysLater(rng, ctx.cal, ratedAt, rng.int(1, 4));
    if (rng.chance(0.75)) {
      // Mostly within the 15-working-day rectification limit, some late.
      rectifiedAt = workdaysLater(rng, ctx.cal, verifiedAt, rng.chance(0.8) ? rng.int(1, 10) : rng.int(13, 25));
      result = rng.choose([['rectified', 60], ['explained', 30], ['not_substantiated', 10]] as const);
    }
  } else if (!bad && rng.chance(0.001)) {
    invalidated = true; // ignored on levels 3–5 (metrics.md), present in real feeds anyway
  }
  if (verifiedAt !== null && verifiedAt > ctx.asOf) verifiedAt = null;
  if (rectifiedAt !== null && (rectifiedAt > ctx.asOf || verifiedAt === null)) {
    rectifiedAt = null;
    result = null;
  }
  if (invalidated && bad && verifiedAt === null) invalidated = false; // the appeal is not decided yet
  const lag = rng.int(0, 90) * 1000;
  const last = Math.max(ratedAt, verifiedAt ?? 0, rectifiedAt ?? 0);
  const row: RawRow = {
    rating_id: r.ratingId,
    case_id: r.caseId,
    ...(r.withDims || r.caseId === null ? { item_code: r.item.code, dept_code: r.item.dept, region_code: r.item.region } : {}),
    channel,
    level: lvl,
    rated_at: iso(ratedAt),
    tags: systemDefault ? [] : tags(rng, lvl),
    comment: systemDefault ? null : comment(rng, lvl),
    is_active: !systemDefault,
    invalidated,
    verified_at: verifiedAt === null ? null : iso(verifiedAt),
    rectified_at: rectifiedAt === null ? null : iso(rectifiedAt),
    rectify_result: result,
    updated_at: iso(Math.min(ctx.asOf, last + lag)),
  };
  if (!systemDefault && rng.chance(0.3)) delete row.is_active; // optional, default true
  if (!invalidated && rng.chance(0.5)) delete row.invalidated; // optional, default false
  const rows: RawRow[] = [];
  if (verifiedAt !== null && rng.chance(0.6)) {
    // The feed first sent the bare rating, then the follow-up as an update.
    rows.push({ ...row, invalidated: false, verified_at: null, rectified_at: null, rectify_result: null, updated_at: iso(Math.min(ctx.asOf, ratedAt + lag)) });
  }
  rows.push(row);
  return { rows, level: lvl, bad, invalidated: invalidated && bad, systemDefault, verified: verifiedAt !== null, rectified: rectifiedAt !== null };
}
