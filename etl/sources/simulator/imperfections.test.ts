// The imperfections the product exists to find are really in the data:
// late and overdue cases, 预警/黄牌/红牌 at as_of, anomalies, broken rows.
// Counted from the rows themselves, not from the generator's own bookkeeping.
import { describe, expect, it } from 'vitest';
import { KINDS, type Kind } from '../../contract/records.ts';
import { violations } from './testing/contract-rules.ts';
import { fixture } from './testing/fixture.ts';
import { dayOf, dayOfMs, endOfDay, minuteOfDay, WorkCalendar } from './time.ts';
import type { RawRow } from './types.ts';

const d = fixture();
const now = Date.now();
const valid = Object.fromEntries(KINDS.map((k) => [k, d[k].filter((r) => violations(k, r, now).length === 0)])) as Record<Kind, RawRow[]>;
const ms = (v: unknown): number => Date.parse(String(v));
const asOf = ms(d.asOf);

/** Latest version of each id (newer updated_at wins, later row on a tie). */
function current(rows: RawRow[], id: (r: RawRow) => string): Map<string, RawRow> {
  const m = new Map<string, RawRow>();
  for (const r of rows) {
    const prev = m.get(id(r));
    if (!prev || ms(r.updated_at) >= ms(prev.updated_at)) m.set(id(r), r);
  }
  return m;
}

const cases = [...current(valid.cases, (r) => String(r.case_id)).values()];
const items = current(valid.items, (r) => String(r.item_code));
const stepsByCase = new Map<string, RawRow[]>();
for (const s of current(valid.steps, (r) => `${String(r.case_id)}#${String(r.seq)}`).values()) {
  const k = String(s.case_id);
  stepsByCase.set(k, [...(stepsByCase.get(k) ?? []), s]);
}
const overrides = new Map(valid.calendar.map((r) => [dayOf(String(r.date)), r.is_workday === true]));
const cal = new WorkCalendar(dayOf(d.startDate) - 400, dayOf(d.endDate) + 800, overrides);
const done = (r: RawRow): boolean => r.status === 'finished' || r.status === 'denied';

interface Deadline {
  N: number;
  dueAt: number;
  legalDueAt: number;
  dueDay: number;
  suspendedAtAsOf: boolean;
}

/** metrics.md Time rules, simplified to what the simulator emits (no overlapping suspensions). */
function deadline(c: RawRow): Deadline | null {
  const item = items.get(String(c.item_code));
  const N = typeof c.promised_limit === 'number' ? c.promised_limit : item ? (item.promised_limit as number) : null;
  if (N === null || !c.accepted_at) return null;
  const L = typeof c.legal_limit === 'number' ? c.legal_limit : item ? (item.legal_limit as number) : N;
  const unit = (c.limit_unit ?? item?.limit_unit ?? 'workday') as 'workday' | 'natural_day';
  const steps = (stepsByCase.get(String(c.case_id)) ?? []).sort((a, b) => ms(a.started_at) - ms(b.started_at));
  const finished = c.finished_at ? ms(c.finished_at) : null;
  let ext = 0;
  let suspendedAtAsOf = false;
  for (const s of steps) {
    if (s.step_type !== 'correction' && s.step_type !== 'special') continue;
    const start = ms(s.started_at);
    const resume = steps.find((x) => x.step_type === 'resume' && ms(x.started_at) >= start);
    let end = s.ended_at ? ms(s.ended_at) : resume ? ms(resume.started_at) : null;
    if (end === null && finished !== null) end = finished;
    if (end === null || end > asOf) {
      if (start <= asOf) suspendedAtAsOf = true;
      continue;
    }
    ext += unit === 'workday' ? cal.workdaysBetween(dayOfMs(start), dayOfMs(end)) : dayOfMs(end) - dayOfMs(start);
  }
  const acceptDay = dayOfMs(ms(c.accepted_at));
  const dueDay = cal.dueDay(acceptDay, N + ext, unit);
  return { N, dueAt: endOfDay(dueDay), legalDueAt: endOfDay(cal.dueDay(acceptDay, L + ext, unit)), dueDay, suspendedAtAsOf };
}

describe('deliberately invalid rows', () => {
  it.each(KINDS)('%s: each broken row breaks exactly one rule, and the counts match the manifest', (kind) => {
    const broken = d[kind].map((r) => violations(kind, r, now)).filter((v) => v.length > 0);
    expect(broken.filter((v) => v.length !== 1)).toEqual([]);
    const byReason: Record<string, number> = {};
    for (const [reason] of broken) byReason[reason as string] = (byReason[reason as string] ?? 0) + 1;
    expect(byReason).toEqual(d.manifest.invalid[kind]);
    expect(broken.length).toBeGreaterThan(0);
  });

  it('covers every quarantine rule a case row can break', () => {
    expect(Object.keys(d.manifest.invalid.cases).sort()).toEqual([
      'accepted_at_missing', 'bad_number', 'bad_region_code', 'bad_timestamp', 'finished_at_with_open_status',
      'finished_before_accepted', 'finished_without_finished_at', 'future_timestamp', 'legal_below_promised',
      'required_missing', 'too_long', 'unknown_enum', 'window_type_missing',
    ]);
  });
});

describe('timeliness at as_of', () => {
  const finished = cases.filter(done).map((c) => ({ c, dl: deadline(c) })).filter((x) => x.dl !== null);
  const open = cases
    .filter((c) => c.accepted_at && !c.finished_at && c.status !== 'withdrawn' && c.status !== 'not_accepted')
    .map((c) => ({ c, dl: deadline(c) as Deadline }))
    .filter((x) => x.dl !== null);

  it('has cases finished late, beyond the promised and beyond the legal limit', () => {
    const latePromised = finished.filter(({ c, dl }) => ms(c.finished_at) > dl!.dueAt).length;
    const lateLegal = finished.filter(({ c, dl }) => ms(c.finished_at) > dl!.legalDueAt).length;
    expect(latePromised / finished.length).toBeGreaterThan(0.02);
    expect(latePromised / finished.length).toBeLessThan(0.15);
    expect(lateLegal).toBeGreaterThan(20);
    expect(lateLegal).toBeLessThan(latePromised);
  });

  it('has open cases in 预警, 黄牌 and 红牌, and suspended ones', () => {
    const running = open.filter(({ dl }) => !dl.suspendedAtAsOf);
    const red = running.filter(({ dl }) => asOf > dl.legalDueAt).length;
    const yellow = running.filter(({ dl }) => dl.dueAt < asOf && asOf <= dl.legalDueAt).length;
    const warning = running.filter(({ dl }) => {
      if (asOf > dl.dueAt) return false;
      const warnDays = Math.max(1, Math.floor(0.2 * dl.N + 0.5));
      return cal.workdaysBetween(dayOfMs(asOf), dl.dueDay) <= warnDays;
    }).length;
    expect({ red: red > 0, yellow: yellow > 0, warning: warning > 0 }).toEqual({ red: true, yellow: true, warning: true });
    expect(open.some(({ dl }) => dl.suspendedAtAsOf)).toBe(true);
    expect(cases.some((c) => c.status === 'suspended')).toBe(true);
  });

  it('has every status, 即办件 and natural-day items, and cases without a deadline', () => {
    expect(new Set(cases.map((c) => c.status))).toEqual(
      new Set(['submitted', 'not_accepted', 'accepted', 'in_progress', 'suspended', 'finished', 'denied', 'withdrawn']),
    );
    const cat = [...items.values()];
    expect(cat.some((i) => i.promised_limit === 0)).toBe(true);
    expect(cat.some((i) => i.limit_unit === 'natural_day')).toBe(true);
    expect(cat.every((i) => (i.legal_limit as number) >= (i.promised_limit as number))).toBe(true);
    expect(new Set(cat.map((i) => i.item_type)).size).toBe(6);
    expect(new Set(cat.map((i) => i.online_depth))).toEqual(new Set([1, 2, 3, 4]));
    expect(cases.filter((c) => !items.has(String(c.item_code))).length).toBeGreaterThan(10);
  });
});

describe('anomalies (evidence, valid rows)', () => {
  const N = (c: RawRow): number | null => deadline(c)?.N ?? null;
  const fin = cases.filter((c) => done(c) && c.accepted_at);
  const m = d.manifest.anomalies;

  it('time inversion: accepted before submitted, and steps before acceptance', () => {
    const inverted = cases.filter((c) => c.accepted_at && ms(c.accepted_at) < ms(c.submitted_at) - 5 * 60_000).length;
    expect(inverted).toBeGreaterThanOrEqual(m.time_inversion);
    expect(m.time_inversion).toBeGreaterThan(5);
    const early = fin.filter((c) =>
      (stepsByCase.get(String(c.case_id)) ?? []).some((s) => ['review', 'decide', 'finish'].includes(String(s.step_type)) && ms(s.started_at) < ms(c.accepted_at)),
    ).length;
    expect(early).toBeGreaterThanOrEqual(m.steps_before_accept);
    expect(m.steps_before_accept).toBeGreaterThan(3);
  });

  it('秒办 and missing process records on non-immediate items', () => {
    const instant = fin.filter((c) => (N(c) ?? 0) >= 1 && ms(c.finished_at) - ms(c.accepted_at) < 10 * 60_000).length;
    expect(instant).toBeGreaterThanOrEqual(m.instant_finish);
    expect(m.instant_finish).toBeGreaterThan(5);
    const noProcess = fin.filter(
      (c) => (N(c) ?? 0) >= 1 && !(stepsByCase.get(String(c.case_id)) ?? []).some((s) => s.step_type === 'review' || s.step_type === 'decide'),
    ).length;
    expect(noProcess).toBeGreaterThanOrEqual(m.no_process);
    expect(m.no_process).toBeGreaterThan(10);
  });

  it('off-hours bulk finishing by one actor (≥ 20 in 30 min), and a night owl below the threshold', () => {
    const byActor = new Map<string, number[]>();
    for (const c of fin) {
      const finish = (stepsByCase.get(String(c.case_id)) ?? []).filter((s) => s.step_type === 'finish').sort((a, b) => (b.seq as number) - (a.seq as number))[0];
      if (!finish?.actor_id) continue;
      const t = ms(c.finished_at);
      const mod = minuteOfDay(t);
      if (mod >= 8 * 60 && mod < 20 * 60 && cal.isWorkday(dayOfMs(t))) continue;
      byActor.set(String(finish.actor_id), [...(byActor.get(String(finish.actor_id)) ?? []), t]);
    }
    let flagged = 0;
    let actors = 0;
    let nightOwls = 0;
    for (const times of byActor.values()) {
      times.sort((a, b) => a - b);
      const hit = new Set<number>();
      for (let i = 0, j = 0; i < times.length; i++) {
        while (j < times.length && (times[j] as number) <= (times[i] as number) + 30 * 60_000) j++;
        if (j - i >= 20) for (let k = i; k < j; k++) hit.add(k);
      }
      flagged += hit.size;
      if (hit.size) actors++;
      else if (times.length >= 10) nightOwls++;
    }
    expect(actors).toBe(3);
    expect(flagged).toBeGreaterThanOrEqual(m.offhours_bulk);
    expect(flagged).toBeLessThanOrEqual(m.offhours_bulk + 5);
    expect(nightOwls).toBeGreaterThanOrEqual(1);
  });

  it('repeated 差评 on the same actor within 30 days', () => {
    const actorOf = new Map<string, string>();
    for (const [caseId, steps] of stepsByCase) {
      const f = steps.filter((s) => s.step_type === 'finish').sort((a, b) => (b.seq as number) - (a.seq as number))[0];
      if (f?.actor_id) actorOf.set(caseId, String(f.actor_id));
    }
    const bad = new Map<string, number[]>();
    for (const r of current(valid.ratings, (x) => String(x.rating_id)).values()) {
      if ((r.level as number) > 2 || r.invalidated === true || !r.case_id) continue;
      const actor = actorOf.get(String(r.case_id));
      if (actor) bad.set(actor, [...(bad.get(actor) ?? []), ms(r.rated_at)]);
    }
    const repeaters = [...bad.values()].filter((ts) => {
      ts.sort((a, b) => a - b);
      return ts.some((t, i) => ts.filter((u, j) => j >= i && u <= t + 30 * 86_400_000).length >= 3);
    }).length;
    expect(repeaters).toBeGreaterThanOrEqual(2);
  });
});

describe('ratings, channels and time patterns look like a real province', () => {
  const ratings = [...current(valid.ratings, (r) => String(r.rating_id)).values()];

  it('rates 30–60 % of finished cases, mostly 5/4, with a followed-up tail of 差评', () => {
    const finishedIds = new Set(cases.filter(done).map((c) => String(c.case_id)));
    const rated = new Set(ratings.filter((r) => r.case_id && finishedIds.has(String(r.case_id))).map((r) => String(r.case_id)));
    expect(rated.size / finishedIds.size).toBeGreaterThan(0.3);
    expect(rated.size / finishedIds.size).toBeLessThan(0.6);
    const high = ratings.filter((r) => (r.level as number) >= 4).length;
    expect(high / ratings.length).toBeGreaterThan(0.8);
    const bad = ratings.filter((r) => (r.level as number) <= 2);
    expect(bad.length / ratings.length).toBeGreaterThan(0.02);
    expect(bad.some((r) => r.verified_at && r.rectified_at && r.rectify_result)).toBe(true);
    expect(bad.some((r) => !r.verified_at)).toBe(true);
    expect(bad.some((r) => r.invalidated === true)).toBe(true);
    expect(ratings.some((r) => r.is_active === false)).toBe(true);
    expect(ratings.some((r) => !r.case_id && r.item_code && r.dept_code && r.region_code)).toBe(true);
    expect(ratings.some((r) => Array.isArray(r.tags) && r.tags.length > 1)).toBe(true);
  });

  it('uses every channel and window type', () => {
    expect(new Set(cases.map((c) => c.channel))).toEqual(new Set(['window', 'online', 'mobile', 'self_service', 'mail', 'other']));
    const windowTypes = new Set(cases.filter((c) => c.channel === 'window').map((c) => c.window_type));
    expect(windowTypes).toEqual(new Set(['comprehensive', 'department', 'unknown']));
    expect(cases.some((c) => c.channel !== 'window' && c.window_type === undefined)).toBe(true);
    expect(cases.some((c) => c.trips === null)).toBe(true);
  });

  it('is submitted mostly on working days, windows in office hours, with seasonality', () => {
    const days = cases.map((c) => dayOfMs(ms(c.submitted_at)));
    expect(days.filter((x) => cal.isWorkday(x)).length / days.length).toBeGreaterThan(0.9);
    const window = cases.filter((c) => c.channel === 'window');
    const office = window.filter((c) => {
      const mod = minuteOfDay(ms(c.submitted_at));
      return mod >= 8 * 60 + 30 && mod <= 17 * 60 + 30;
    });
    expect(office.length / window.length).toBeGreaterThan(0.97);
    const perMonth = new Map<string, number>();
    for (const c of cases) perMonth.set(String(c.submitted_at).slice(0, 7), (perMonth.get(String(c.submitted_at).slice(0, 7)) ?? 0) + 1);
    expect(perMonth.size).toBeGreaterThanOrEqual(12);
    expect(perMonth.get('2026-02')!).toBeLessThan(perMonth.get('2026-03')! * 0.85); // 春节
  });

  it('overrides the calendar with a local day off and a make-up day', () => {
    const off = valid.calendar.find((r) => r.is_workday === false && String(r.note).includes('台风'));
    const on = valid.calendar.find((r) => r.is_workday === true);
    expect(off).toBeDefined();
    expect(on).toBeDefined();
  });
});
