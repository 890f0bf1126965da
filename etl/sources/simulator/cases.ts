// One case at a time: the case row, its process steps and its ratings, as
// they stand at as_of. Case i depends only on (seed, i) and the province plan,
// so any number of cases can be streamed. Rows are raw contract rows.
import type { Item } from './catalogue.ts';
import { pad } from './codes.ts';
import type { Episode } from './episodes.ts';
import { corrupt, tally, variantCount } from './invalid.ts';
import { applicant } from './people.ts';
import { Rng, Stream } from './prng.ts';
import type { Province } from './province.ts';
import { buildRating } from './ratings.ts';
import { dayOffsetOfCase } from './seasonality.ts';
import { buildSteps, type Suspension } from './steps.ts';
import { dateOf, dayOfMs, endOfDay, iso, msAt, MS_PER_HOUR, MS_PER_MINUTE } from './time.ts';
import { isOfficeMinute, officeMinute, onlineMinute } from './timing.ts';
import type { CaseBundle, Manifest, RawRow } from './types.ts';

type Channel = 'window' | 'online' | 'mobile' | 'self_service' | 'mail' | 'other';

const ONLINE_SHARE_BY_DEPTH = [0, 0.03, 0.15, 0.42, 0.62];
const OFFLINE_CHANNELS = [['window', 86], ['self_service', 8], ['mail', 4], ['other', 2]] as const;
const OUTCOMES = [['not_accepted', 15], ['withdrawn', 10], ['normal', 975]] as const;
const WINDOW_TRIPS = [[1, 75], [2, 19], [3, 6]] as const;

function pickChannel(rng: Rng, depth: number, progress: number, workday: boolean): Channel {
  if (!workday) return rng.chance(0.12) ? 'self_service' : rng.chance(0.55) ? 'mobile' : 'online';
  const online = (ONLINE_SHARE_BY_DEPTH[depth] ?? 0.3) + 0.08 * progress;
  if (rng.chance(online)) return rng.chance(0.5 + 0.15 * progress) ? 'mobile' : 'online';
  return rng.choose(OFFLINE_CHANNELS);
}

/** Timeliness class of a case, more often late in less diligent offices. */
function lateness(rng: Rng, diligence: number): 'ontime' | 'yellow' | 'red' | 'stuck' {
  const q = 1 / diligence;
  const r = rng.float();
  if (r < 0.003 * q) return 'stuck';
  if (r < 0.013 * q) return 'red';
  if (r < 0.053 * q) return 'yellow';
  return 'ontime';
}

export class CaseFactory {
  /** Every `every`-th case row is broken; steps and ratings at similar row rates (all by case index, so shards agree). */
  private readonly every: number;
  private readonly stepEvery: number;
  private readonly ratingEvery: number;
  private readonly days: number;

  constructor(
    private readonly p: Province,
    private readonly m: Manifest,
  ) {
    this.every = p.opts.invalidRate > 0 ? Math.max(2, Math.round(1 / p.opts.invalidRate)) : 0;
    this.stepEvery = Math.max(2, Math.round(this.every / 5)); // ~5 steps per case
    this.ratingEvery = Math.max(2, Math.round(this.every * 0.45)); // ~0.45 ratings per case
    this.days = p.endDay - p.startDay + 1;
  }

  /** Case i and everything that hangs off it (a pure function of the seed, the plan and i). */
  build(i: number): CaseBundle {
    const p = this.p;
    const { cal, asOf } = p;
    const m = this.m;
    const rng = new Rng(p.opts.seed, Stream.cases, i);
    const dayOff = dayOffsetOfCase(p.cum, i);
    const day = p.startDay + dayOff;
    const ep: Episode | undefined = p.episodes.get(i);
    const item: Item = ep ? ep.item : p.itemTable.sample(rng);
    const tpl = item.template;
    const dept = item.dept;
    const unknownItem = !ep && rng.chance(0.002);

    // Where: the implementing unit's region, a township service centre, or (rarely) an unregistered township code.
    let region = dept.region;
    if (tpl.township && region.townships.length > 0 && rng.chance(0.3)) region = rng.pick(region.townships);
    let regionCode = region.code;
    const unknownRegion = !ep && dept.level === 'county' && rng.chance(0.0005);
    if (unknownRegion) regionCode = `${dept.region.code}${rng.int(400, 499)}000`;
    const county = dept.level === 'county' ? dept.region : rng.pick(p.geo.counties);

    // How and when it was submitted.
    const workday = cal.isWorkday(day);
    const channel: Channel = ep ? 'window' : pickChannel(rng, item.depth, dayOff / this.days, workday);
    const onlineLike = channel === 'online' || channel === 'mobile';
    let minute: number;
    if (onlineLike) minute = onlineMinute(rng);
    else if (channel === 'self_service' && !workday) minute = 8 * 60 + rng.float() * 14 * 60;
    else minute = officeMinute(rng);
    let submitted = Math.round(msAt(day, minute) / 1000) * 1000;
    const who = applicant(rng, rng.chance(tpl.org) ? 'org' : 'person', county.code, county.name);

    // Acceptance.
    const autoAccepted = onlineLike && item.depth === 4 && rng.chance(0.3);
    let accepted: number;
    if (channel === 'window' || channel === 'other' || (channel === 'self_service' && workday && isOfficeMinute(minute))) {
      accepted = submitted + rng.int(1, 15) * MS_PER_MINUTE;
    } else if (autoAccepted) {
      accepted = submitted + rng.int(0, 120) * 1000;
    } else if (channel === 'mail') {
      accepted = msAt(cal.nthWorkdayAfter(day, rng.int(1, 2)), officeMinute(rng));
    } else if (workday && isOfficeMinute(minute) && minute < 960) {
      accepted = submitted + rng.int(10, 90) * MS_PER_MINUTE;
    } else if (workday && minute < 510) {
      accepted = msAt(day, 540 + rng.float() * 120);
    } else {
      accepted = msAt(cal.nthWorkdayAfter(day, 1), 540 + rng.float() * 150);
    }
    accepted = Math.round(accepted / 1000) * 1000;
    const acceptDay = dayOfMs(accepted);

    // Limits in force when it was accepted (the catalogue may have been revised since).
    const N = item.revision && accepted >= item.revision.at ? item.revision.promised : item.promised;
    const L = item.legal;
    const unit = item.unit;

    // Outcome plan: how long it really takes (k, in limit units) and its suspensions.
    const outcome = ep ? 'normal' : rng.choose(OUTCOMES);
    let cls = ep ? 'ontime' : lateness(rng, dept.diligence);
    if (cls === 'yellow' && L <= N) cls = 'red';
    const u = rng.float();
    let k: number;
    if (cls === 'ontime') k = Math.round(N * Math.pow(u, 1.6));
    else if (cls === 'yellow') k = N + 1 + Math.floor(u * (L - N));
    else if (cls === 'red') k = L + 1 + Math.floor(u * Math.max(3, L / 3));
    else k = L + 10 + Math.floor(u * 120);

    const suspensions: Suspension[] = [];
    let ext = 0;
    const instant = !ep && N >= 1 && rng.chance(0.002);
    if (!ep && !instant && k >= 2) {
      const plans: [Suspension['type'], string, number, number][] = [];
      if (rng.chance(tpl.correction ?? 0.03)) plans.push(['correction', '补正材料', rng.int(1, k - 1), rng.int(1, 8)]);
      if (tpl.special && rng.chance(tpl.special[1])) plans.push(['special', tpl.special[0], rng.int(1, k - 1), rng.int(3, 15)]);
      plans.sort((a, b) => a[2] - b[2]);
      for (const [type, name, pos, dur] of plans) {
        const sDay = unit === 'workday' ? cal.nthWorkdayAfter(acceptDay, pos + ext) : acceptDay + pos + ext;
        const eDay = unit === 'workday' ? cal.nthWorkdayAfter(sDay, dur) : sDay + dur;
        ext += dur;
        suspensions.push({ type, name, start: msAt(sDay, officeMinute(rng)), end: msAt(eDay, officeMinute(rng)), viaResume: rng.chance(0.4) });
      }
    }
    const total = k + ext;
    let finished: number;
    if (ep && ep.kind !== 'repeat_bad') finished = Math.round(ep.finishAt / 1000) * 1000;
    else if (instant) finished = accepted + rng.int(60, 540) * 1000;
    else {
      const fDay = unit === 'natural_day' ? cal.workdayOnOrAfter(acceptDay + total) : total === 0 ? cal.workdayOnOrAfter(acceptDay) : cal.nthWorkdayAfter(acceptDay, total);
      // A same-day finish of a non-immediate item still takes a while (10 min would be 秒办).
      finished = fDay === acceptDay ? accepted + rng.int(N === 0 ? 5 : 30, N === 0 ? 90 : 240) * MS_PER_MINUTE : msAt(fDay, officeMinute(rng));
      finished = Math.round(finished / 1000) * 1000;
    }
    const denied = item.type === 'permit' && !ep && rng.chance(0.04);

    // Withdrawal / non-acceptance cut the story short.
    let withdrawnAt: number | null = null;
    let notAcceptedAt: number | null = null;
    if (outcome === 'withdrawn') {
      withdrawnAt = Math.max(submitted + 5 * MS_PER_MINUTE, Math.min(submitted + rng.int(30, 60 * 24 * 5) * MS_PER_MINUTE, finished - MS_PER_HOUR));
    }
    if (outcome === 'not_accepted') notAcceptedAt = accepted;
    if (withdrawnAt !== null && (withdrawnAt > asOf || withdrawnAt >= finished)) withdrawnAt = null; // not (yet) withdrawn

    // 先办后受: the case was registered after it had been handled.
    const inverted = !ep && outcome === 'normal' && finished - accepted > 20 * MS_PER_MINUTE && finished <= asOf && rng.chance(0.0015);
    if (inverted) submitted = accepted + Math.min(rng.int(10, 60 * 48) * MS_PER_MINUTE, Math.floor((finished - accepted) / 2 / 1000) * 1000);
    const reviewBeforeAccept = !ep && !inverted && outcome === 'normal' && finished <= asOf && rng.chance(0.0008);
    const noProcess = !ep && N >= 1 && rng.chance(0.004);

    // State at as_of.
    const cut = Math.min(asOf, withdrawnAt ?? Infinity);
    let status: string;
    let acceptedOut: number | null = accepted <= cut ? accepted : null;
    let finishedOut: number | null = null;
    if (notAcceptedAt !== null) {
      status = notAcceptedAt <= asOf ? 'not_accepted' : 'submitted';
      acceptedOut = null;
    } else if (withdrawnAt !== null) status = 'withdrawn';
    else if (acceptedOut === null) status = 'submitted';
    else if (finished <= asOf) {
      status = denied ? 'denied' : 'finished';
      finishedOut = finished;
    } else status = 'open'; // refined below from the steps

    const actors = ep
      ? { acceptor: dept.staff[0] as string, reviewer: ep.actor, approver: ep.actor }
      : { acceptor: rng.pick(dept.staff), reviewer: rng.pick(dept.staff), approver: rng.pick(dept.staff) };
    const caseId = this.caseId(i, regionCode, day);
    const { rows: stepRows, lastAt, review } = notAcceptedAt !== null
      ? buildSteps(rng, cal, { caseId, channel, submitted, accepted: null, autoAccepted, finished: null, denied, immediate: N === 0, suspensions: [], cut: Math.min(cut, notAcceptedAt), actors, noProcess, reviewBeforeAccept: false })
      : buildSteps(rng, cal, { caseId, channel, submitted, accepted, autoAccepted, finished, denied, immediate: N === 0, suspensions, cut, actors, noProcess, reviewBeforeAccept });
    if (status === 'open') {
      const suspendedNow = suspensions.some((s) => s.start <= asOf && asOf < s.end);
      status = suspendedNow ? 'suspended' : review !== null ? 'in_progress' : 'accepted';
    }

    // Trips: what the applicant physically did.
    let trips: number | null = channel === 'window' ? rng.choose(WINDOW_TRIPS)
      : onlineLike ? (rng.chance(0.85) ? 0 : 1)
      : channel === 'mail' ? 0 : 1;
    if (trips !== null && suspensions.some((s) => s.type === 'correction') && channel === 'window') trips += 1;
    if (rng.chance(0.06)) trips = null;

    const carryLimits = !unknownItem && rng.chance(0.7);
    const itemCode = unknownItem ? `${dept.code}10${pad(90_000 + rng.int(0, 999), 5)}000` : item.code;
    let lastStep = 0;
    for (const t of lastAt) if (t > lastStep) lastStep = t;
    const lastEvent = Math.max(submitted, acceptedOut ?? 0, finishedOut ?? 0, withdrawnAt ?? 0, notAcceptedAt !== null && notAcceptedAt <= asOf ? notAcceptedAt : 0, lastStep);
    const batch = rng.chance(0.05);
    const updated = Math.min(asOf, batch ? Math.max(lastEvent, msAt(dayOfMs(lastEvent) + 1, 120)) : lastEvent + rng.int(0, 120) * 1000);
    // Optional fields are sometimes left out entirely (absent ≠ null in NDJSON, same meaning).
    const row: RawRow = { case_id: caseId, item_code: itemCode };
    if (rng.chance(0.8)) row.item_name = unknownItem ? `${item.name}(旧版)` : item.name;
    row.dept_code = dept.code;
    if (rng.chance(0.7)) row.dept_name = dept.name;
    row.region_code = regionCode;
    row.channel = channel;
    if (channel === 'window') row.window_type = rng.chance(county.oneWindow) ? 'comprehensive' : rng.chance(0.88) ? 'department' : 'unknown';
    else if (rng.chance(0.8)) row.window_type = 'none';
    row.applicant_type = who.type;
    row.applicant_id = rng.chance(0.97) ? who.id : null;
    row.applicant_name = rng.chance(0.95) ? who.name : null;
    row.contact_phone = rng.chance(0.9) ? who.phone : null;
    row.submitted_at = iso(submitted);
    row.accepted_at = acceptedOut === null ? null : iso(acceptedOut);
    row.finished_at = finishedOut === null ? null : iso(finishedOut);
    row.withdrawn_at = withdrawnAt !== null && rng.chance(0.75) ? iso(withdrawnAt) : null;
    row.status = status;
    if (carryLimits) {
      row.promised_limit = N;
      row.legal_limit = L;
      row.limit_unit = unit;
    }
    row.trips = trips;
    if (tpl.fee > 0 && (status === 'finished' || status === 'denied')) row.fee = tpl.fee;
    else if (rng.chance(0.5)) row.fee = 0;
    row.updated_at = iso(updated);
    stepRows.forEach((s, n) => {
      s.updated_at = iso(batch ? updated : Math.min(asOf, (lastAt[n] as number) + rng.int(0, 60) * 1000));
    });

    const bundle: CaseBundle = { cases: [row], steps: stepRows, ratings: [] };
    const valid = !this.isBroken(i, ep);
    if (valid) {
      this.count(row, { acceptDay, N, L, unit, suspensions, unknownItem, unknownRegion, status, finished: finishedOut, inverted, reviewBeforeAccept, instant, noProcess, ep });
    } else {
      const broken = corrupt('cases', row, Math.floor(i / this.every), asOf);
      bundle.cases[0] = broken.row;
      tally(m.invalid, 'cases', broken.reason);
    }

    // Ratings of a finished case.
    if (finishedOut !== null) {
      const late = finishedOut > endOfDay(cal.dueDay(acceptDay, N + ext, unit));
      const regionForRating = p.geo.byCode.get(regionCode) ?? dept.region;
      const wantsRating = ep?.kind === 'repeat_bad' || rng.chance(regionForRating.ratingPropensity * p.opts.ratingScale * (late ? 1.15 : 1));
      const raters = wantsRating ? (rng.chance(0.02) ? 2 : 1) : 0;
      for (let n = 1; n <= raters; n++) {
        const out = buildRating(rng, { asOf, cal }, {
          ratingId: `PJ${caseId}${n}`,
          caseId,
          item: { code: itemCode, dept: dept.code, region: regionCode },
          withDims: rng.chance(0.5),
          caseChannel: channel,
          from: finishedOut,
          late,
          diligence: dept.diligence,
          ...(ep?.kind === 'repeat_bad' && n === 1 ? { forcedLevel: ep.level } : {}),
        });
        if (out) this.addRating(i, bundle, out, ep?.kind === 'repeat_bad' && n === 1);
      }
    }
    this.serviceRating(i, day, bundle);
    this.reSend(i, row, bundle, status, valid);
    this.breakSteps(i, bundle);
    return bundle;
  }

  /** National-style 办件编号: region code + submission date + serial (unique by construction). */
  private caseId(i: number, regionCode: string, day: number): string {
    return `${regionCode.slice(0, 6)}${dateOf(day).replaceAll('-', '')}${pad(i + 1, 9)}`;
  }

  private isBroken(i: number, ep: Episode | undefined): boolean {
    return this.every > 0 && !ep && (i + 7) % this.every === 0;
  }

  private addRating(i: number, bundle: CaseBundle, out: NonNullable<ReturnType<typeof buildRating>>, planted: boolean): void {
    const m = this.m;
    const last = out.rows.length - 1;
    if (this.every > 0 && !planted && bundle.ratings.length === 0 && (i + 5) % this.ratingEvery === 0) {
      const broken = corrupt('ratings', out.rows[last] as RawRow, Math.floor(i / this.ratingEvery), this.p.asOf);
      out.rows[last] = broken.row;
      tally(m.invalid, 'ratings', broken.reason);
    } else {
      m.ratings.total++;
      if (out.systemDefault) m.ratings.system_default++;
      if (out.bad) m.ratings.bad++;
      if (out.invalidated) m.ratings.invalidated++;
      if (out.verified) m.ratings.verified++;
      if (out.rectified) m.ratings.rectified++;
      if (out.rows.length > 1) m.revisions.rating_updates++;
      if (planted) m.anomalies.repeat_bad++;
    }
    bundle.ratings.push(...out.rows);
  }

  /** About 3 % of ratings concern a service without a case (consultations, hotline). */
  private serviceRating(i: number, day: number, bundle: CaseBundle): void {
    if (i % 75 !== 40) return;
    const p = this.p;
    const rng = new Rng(p.opts.seed, Stream.serviceRatings, i);
    const item = p.itemTable.sample(rng);
    const from = msAt(p.cal.workdayOnOrAfter(day), officeMinute(rng));
    const out = buildRating(rng, { asOf: p.asOf, cal: p.cal }, {
      ratingId: `PJ${item.dept.region.code}${dateOf(day).replaceAll('-', '')}F${pad(i + 1, 9)}`,
      caseId: null,
      item: { code: item.code, dept: item.dept.code, region: item.dept.region.code },
      withDims: true,
      caseChannel: rng.pick(['window', 'mobile', 'other']),
      from,
      late: false,
      diligence: item.dept.diligence,
    });
    if (!out) return;
    this.m.ratings.without_case++;
    this.addRating(i + 1, bundle, out, false);
  }

  /** Re-sent rows: an older version after the newer one (stale) or an identical repeat (duplicate). */
  private reSend(i: number, row: RawRow, bundle: CaseBundle, status: string, valid: boolean): void {
    if (!valid) return;
    if (i % 400 === 123 && status === 'finished' && row.accepted_at) {
      const acc = Date.parse(String(row.accepted_at));
      bundle.cases.push({ ...row, status: 'in_progress', finished_at: null, updated_at: iso(acc + 30 * MS_PER_MINUTE) });
      this.m.revisions.stale_cases++;
    } else if (i % 500 === 321) {
      bundle.cases.push({ ...row });
      bundle.steps.push(...bundle.steps.map((s) => ({ ...s })));
      this.m.revisions.duplicate_cases++;
      this.m.revisions.duplicate_steps += bundle.steps.length / 2;
    }
  }

  /** Roughly invalidRate of step rows: the last step of every stepEvery-th case. */
  private breakSteps(i: number, bundle: CaseBundle): void {
    if (this.every === 0 || bundle.steps.length === 0 || (i + 3) % this.stepEvery !== 0) return;
    const idx = bundle.steps.length - 1;
    const broken = corrupt('steps', bundle.steps[idx] as RawRow, Math.floor(i / this.stepEvery), this.p.asOf);
    bundle.steps[idx] = broken.row;
    tally(this.m.invalid, 'steps', broken.reason);
  }

  private count(
    row: RawRow,
    c: {
      acceptDay: number; N: number; L: number; unit: 'workday' | 'natural_day'; suspensions: Suspension[];
      unknownItem: boolean; unknownRegion: boolean; status: string; finished: number | null;
      inverted: boolean; reviewBeforeAccept: boolean; instant: boolean; noProcess: boolean; ep: Episode | undefined;
    },
  ): void {
    const m = this.m;
    const { cal, asOf } = this.p;
    const t = m.timeliness;
    const a = m.anomalies;
    if (c.unknownRegion) t.unknown_region++;
    const done = c.status === 'finished' || c.status === 'denied';
    if (done && c.inverted) a.time_inversion++;
    if (done && c.reviewBeforeAccept && !c.noProcess) a.steps_before_accept++;
    if (done && c.instant) a.instant_finish++;
    if (done && c.noProcess) a.no_process++;
    if (done && c.ep?.kind === 'offhours_bulk') a.offhours_bulk++;
    if (done && c.ep?.kind === 'offhours_below_threshold') a.offhours_below_threshold++;
    if (c.unknownItem) {
      t.unknown_item++;
      return;
    }
    // Deadlines with the suspensions closed by as_of (metrics.md: Time rules).
    let ext = 0;
    let suspendedNow = false;
    for (const s of c.suspensions) {
      if (s.start <= asOf && asOf < s.end) suspendedNow = true;
      if (s.end > (c.finished ?? asOf)) continue;
      ext += c.unit === 'workday' ? cal.workdaysBetween(dayOfMs(s.start), dayOfMs(s.end)) : dayOfMs(s.end) - dayOfMs(s.start);
    }
    const dueAt = endOfDay(cal.dueDay(c.acceptDay, c.N + ext, c.unit));
    const legalDueAt = endOfDay(cal.dueDay(c.acceptDay, c.L + ext, c.unit));
    if (done && c.finished !== null) {
      t.finished++;
      if (c.finished > dueAt) t.finished_late_promised++;
      if (c.finished > legalDueAt) t.finished_late_legal++;
    } else if (row.accepted_at && c.status !== 'withdrawn') {
      t.open++;
      if (suspendedNow) t.open_suspended++;
      else {
        if (asOf > dueAt) t.open_past_promised++;
        if (asOf > legalDueAt) t.open_past_legal++;
      }
    }
  }
}
