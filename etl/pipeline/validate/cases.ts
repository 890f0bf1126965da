// cases — 办件, data-contract.md § cases: field rules, then the semantic checks
// ("quarantine with a reason, do not guess"). Irregular-but-valid cases
// (accepted before submitted, 秒办 …) pass: they are anomalies, flagged later
// as evidence, not bad input.

import {
  APPLICANT_TYPES, CASE_STATUSES, CHANNELS, LIMIT_UNITS, WINDOW_TYPES,
  type CaseRecord, type CaseStatus, type RawRecord,
} from '../../contract/records.ts';
import { hashApplicantId, maskPhone } from '../protect.ts';
import {
  optDecimal, optEnum, optInstant, optText, optWhole, reject, reqEnum, reqInstant, reqRegion, reqText, validator,
  type ValidateContext,
} from './fields.ts';

/** Cases carry personal data, so their validator also needs the deployment's HMAC secret. */
export interface CaseValidateContext extends ValidateContext {
  secret: string;
}

export const CASE_ID_MAX = 64;

/** accepted_at may be absent only for these. */
const NOT_YET_ACCEPTED: ReadonlySet<CaseStatus> = new Set(['submitted', 'not_accepted', 'withdrawn']);
/** finished_at is required for these… */
const CLOSED: ReadonlySet<CaseStatus> = new Set(['finished', 'denied']);
/** …and allowed only for these ("withdrawn aside"). */
const MAY_HAVE_FINISHED_AT: ReadonlySet<CaseStatus> = new Set(['finished', 'denied', 'withdrawn']);

/**
 * Personal data (data-contract.md § cases; protect.ts): only the keyed hash
 * of applicant_id and the masked phone are kept; applicant_name is never read.
 */
function personalData(raw: RawRecord, secret: string): Pick<CaseRecord, 'applicant_id_hash' | 'contact_phone_masked'> {
  const id = optText(raw, 'applicant_id');
  const phone = optText(raw, 'contact_phone');
  return {
    applicant_id_hash: id === null ? null : hashApplicantId(id, secret),
    contact_phone_masked: phone === null ? null : maskPhone(phone),
  };
}

export const validateCase = validator<CaseRecord, CaseValidateContext>((raw, ctx) => {
  if (ctx.secret.length === 0) throw new Error('validateCase: ctx.secret is empty; configure the deployment HMAC secret');
  const { now } = ctx;
  const case_id = reqText(raw, 'case_id', CASE_ID_MAX);
  const item_code = reqText(raw, 'item_code');
  const item_name = optText(raw, 'item_name');
  const dept_code = reqText(raw, 'dept_code');
  const dept_name = optText(raw, 'dept_name');
  const region_code = reqRegion(raw, 'region_code');
  const channel = reqEnum(raw, 'channel', CHANNELS);
  const givenWindowType = optEnum(raw, 'window_type', WINDOW_TYPES);
  const applicant_type = reqEnum(raw, 'applicant_type', APPLICANT_TYPES);
  const status = reqEnum(raw, 'status', CASE_STATUSES);
  const submitted_at = reqInstant(raw, 'submitted_at', now);
  const accepted_at = optInstant(raw, 'accepted_at', now);
  const finished_at = optInstant(raw, 'finished_at', now);
  const withdrawn_at = optInstant(raw, 'withdrawn_at', now);
  const promised_limit = optWhole(raw, 'promised_limit');
  const legal_limit = optWhole(raw, 'legal_limit');
  const limit_unit = optEnum(raw, 'limit_unit', LIMIT_UNITS);
  const trips = optWhole(raw, 'trips');
  const fee = optDecimal(raw, 'fee');
  const updated_at = reqInstant(raw, 'updated_at', now);

  // window_type: required when channel=window (`unknown` allowed); `none`
  // would contradict the channel, so it counts as missing. Off-window cases
  // without one are `none` (records.ts).
  let window_type = givenWindowType;
  if (channel === 'window') {
    if (window_type === null || window_type === 'none') {
      reject('window_type', 'window_type_missing', 'window_type is required when channel is window (unknown allowed)');
    }
  } else if (window_type === null) {
    window_type = 'none';
  }

  if (accepted_at === null && !NOT_YET_ACCEPTED.has(status)) {
    reject('accepted_at', 'accepted_at_missing', `accepted_at is required for status ${status}`);
  }
  if (finished_at === null && CLOSED.has(status)) {
    reject('finished_at', 'finished_without_finished_at', `status ${status} needs finished_at`);
  }
  if (finished_at !== null && !MAY_HAVE_FINISHED_AT.has(status)) {
    reject('finished_at', 'finished_at_with_open_status', `finished_at is not allowed with status ${status}`);
  }
  if (finished_at !== null && accepted_at !== null && finished_at < accepted_at) {
    reject('finished_at', 'finished_before_accepted', 'finished_at is before accepted_at');
  }
  if (promised_limit !== null && legal_limit !== null && legal_limit < promised_limit) {
    reject('legal_limit', 'legal_below_promised', `legal_limit ${legal_limit} is below promised_limit ${promised_limit}`);
  }

  return {
    case_id, item_code, item_name, dept_code, dept_name, region_code, channel, window_type, applicant_type,
    ...personalData(raw, ctx.secret),
    submitted_at, accepted_at, finished_at, withdrawn_at, status, promised_limit, legal_limit, limit_unit, trips, fee,
    // "set by the connector": the connector's name wins over anything in the row.
    source_system: ctx.sourceSystem,
    updated_at,
  };
});
