// Process records (办理环节) of one case: submit → accept → review →
// [补正 / 特别程序 suspensions, closed by ended_at or a resume step] → decide →
// finish → deliver, cut at as_of (an open case has only the steps so far).
import type { Rng } from './prng.ts';
import { isOfficeMinute, officeTimeOn, pickBetween } from './timing.ts';
import { dayOfMs, iso, minuteOfDay, MS_PER_HOUR, MS_PER_MINUTE, type WorkCalendar } from './time.ts';
import type { RawRow } from './types.ts';

export interface Suspension {
  type: 'correction' | 'special';
  name: string;
  start: number;
  end: number;
  /** Recorded as an open step closed by a later `resume` step instead of ended_at. */
  viaResume: boolean;
}

export interface StepPlan {
  caseId: string;
  channel: string;
  submitted: number;
  /** Planned acceptance (null: never accepted). */
  accepted: number | null;
  autoAccepted: boolean;
  /** Planned finish (may lie after the cut: the case is then open). */
  finished: number | null;
  denied: boolean;
  immediate: boolean;
  suspensions: Suspension[];
  /** Records stop here: min(as_of, withdrawal time). */
  cut: number;
  actors: { acceptor: string; reviewer: string; approver: string };
  /** Anomalies: no review/decide records; a review recorded before acceptance. */
  noProcess: boolean;
  reviewBeforeAccept: boolean;
}

interface Draft {
  type: string;
  name: string;
  actor: string | null;
  start: number;
  end: number | null;
}

/** Builds the step rows (updated_at filled in later by the case builder). */
export interface BuiltSteps {
  rows: RawRow[];
  /** Per row: its latest recorded instant (ended_at, else started_at), epoch ms. */
  lastAt: number[];
  /** Start of the review step, when it exists by the cut. */
  review: number | null;
}

export function buildSteps(rng: Rng, cal: WorkCalendar, plan: StepPlan): BuiltSteps {
  const d: Draft[] = [];
  const online = plan.channel === 'online' || plan.channel === 'mobile';
  d.push({ type: 'submit', name: online ? '网上申报' : '申请', actor: null, start: plan.submitted, end: plan.submitted });
  let review: number | null = null;
  const A = plan.accepted;
  if (A !== null) {
    d.push({
      type: 'accept', name: plan.autoAccepted ? '系统自动受理' : '受理',
      actor: plan.autoAccepted ? null : plan.actors.acceptor, start: A, end: A + rng.int(0, 8) * MS_PER_MINUTE,
    });
    const F = plan.finished ?? A + 30 * 24 * MS_PER_HOUR;
    const firstSuspension = plan.suspensions[0]?.start ?? F;
    const lastResume = plan.suspensions.length ? (plan.suspensions[plan.suspensions.length - 1] as Suspension).end : null;
    const withReview = !plan.noProcess && (!plan.immediate || rng.chance(0.5));
    if (withReview) {
      review = plan.reviewBeforeAccept ? A - rng.int(20, 30) * MS_PER_HOUR : pickBetween(rng, cal, A, firstSuspension, 0.05, 0.4);
      const reviewEnd = Math.min(firstSuspension - MS_PER_MINUTE, review + rng.int(10, 150) * MS_PER_MINUTE);
      d.push({ type: 'review', name: plan.immediate ? '审核' : '审查', actor: plan.actors.reviewer, start: review, end: Math.max(review, reviewEnd) });
    }
    for (const s of plan.suspensions) {
      d.push({ type: s.type, name: s.name, actor: plan.actors.reviewer, start: s.start, end: s.viaResume ? null : s.end });
      if (s.viaResume) d.push({ type: 'resume', name: '恢复计时', actor: plan.actors.reviewer, start: s.end, end: null });
    }
    if (!plan.noProcess && !plan.immediate) {
      const after = lastResume ?? (review !== null ? review + MS_PER_MINUTE : A);
      // TRICKY: in a 秒办 case the review may end after F would allow; never start the decision after the finish.
      const decide = pickBetween(rng, cal, Math.min(Math.max(after, A), F), F, 0.5, 0.95);
      d.push({ type: 'decide', name: plan.denied ? '不予许可决定' : '审批决定', actor: plan.actors.approver, start: decide, end: Math.min(F, decide + rng.int(5, 60) * MS_PER_MINUTE) });
    }
    if (plan.finished !== null) {
      d.push({ type: 'finish', name: plan.denied ? '办结(不予许可)' : '办结', actor: plan.actors.approver, start: F, end: F });
      if (rng.chance(0.85)) {
        let at: number;
        let name: string;
        if (plan.channel === 'mail') [name, at] = ['EMS寄递送达', F + rng.int(18, 48) * MS_PER_HOUR];
        else if (online) [name, at] = ['电子证照推送', F + rng.int(1, 5) * MS_PER_MINUTE];
        else {
          // Collected at the window: later that day if the office is still open, else the next working day.
          name = '窗口领取';
          at = F + rng.int(10, 120) * MS_PER_MINUTE;
          if (!cal.isWorkday(dayOfMs(at)) || !isOfficeMinute(minuteOfDay(at))) at = officeTimeOn(rng, cal, dayOfMs(F) + 1);
        }
        d.push({ type: 'deliver', name, actor: plan.channel === 'mail' || online ? null : plan.actors.acceptor, start: at, end: at });
      }
    }
  }
  // Cut at as_of / withdrawal: later steps do not exist yet, later ends are still open.
  const kept = d.filter((s) => s.start <= plan.cut).sort((a, b) => a.start - b.start);
  const rows: RawRow[] = [];
  const lastAt: number[] = [];
  kept.forEach((s, i) => {
    const ended = s.end !== null && s.end <= plan.cut ? s.end : null;
    rows.push({
      case_id: plan.caseId,
      seq: i + 1,
      step_type: s.type,
      step_name: s.name,
      actor_id: s.actor,
      started_at: iso(s.start),
      ended_at: ended === null ? null : iso(ended),
      updated_at: null,
    });
    lastAt.push(ended ?? s.start);
  });
  return { rows, lastAt, review: review !== null && review <= plan.cut ? review : null };
}
