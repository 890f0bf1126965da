// Test support: a small, independent reading of data-contract.md's validation
// rules, to check that every deliberately broken row breaks exactly one rule
// and every other row breaks none. Not the ETL's validator (that lives in
// etl/pipeline); deliberately simpler and written from the spec text.
import type { Kind } from '../../../contract/records.ts';
import type { RawRow } from '../types.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const REGION = /^(?:\d{6}|\d{12})$/;

const absent = (v: unknown): boolean => v === null || v === undefined || v === '';

function instant(v: unknown): number | null {
  if (typeof v !== 'string' || !ISO.test(v)) return null;
  const ms = Date.parse(v);
  // Date.parse accepts 2025-02-30 and rolls it over: compare the wall-clock fields back.
  if (Number.isNaN(ms)) return null;
  const offset = v.endsWith('Z') ? 0 : (v.slice(-6, -5) === '-' ? -1 : 1) * (Number(v.slice(-5, -3)) * 60 + Number(v.slice(-2)));
  const wall = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  return wall === v.slice(0, 19) ? ms : null;
}

const wholeNumber = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isBool = (v: unknown): boolean => v === true || v === false || v === 'true' || v === 'false';

function validDate(v: unknown): boolean {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const ms = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === v;
}

const ENUMS = {
  channel: ['window', 'online', 'mobile', 'self_service', 'mail', 'other'],
  window_type: ['comprehensive', 'department', 'unknown', 'none'],
  applicant_type: ['person', 'org'],
  status: ['submitted', 'not_accepted', 'accepted', 'in_progress', 'suspended', 'finished', 'denied', 'withdrawn'],
  limit_unit: ['workday', 'natural_day'],
  step_type: ['submit', 'accept', 'review', 'decide', 'finish', 'deliver', 'correction', 'special', 'resume'],
  rating_channel: ['window_device', 'pc', 'app', 'mini_program', 'self_service', 'hotline', 'sms', 'other'],
  rectify_result: ['rectified', 'not_substantiated', 'explained'],
  item_type: ['permit', 'payment', 'confirmation', 'ruling', 'public_service', 'other'],
};

/** Reasons (QUARANTINE_REASONS names) a row breaks; empty when valid. `now` bounds the future check. */
export function violations(kind: Kind, r: RawRow, now: number): string[] {
  const out = new Set<string>();
  const req = (...fields: string[]): void => {
    for (const f of fields) if (absent(r[f])) out.add('required_missing');
  };
  const ts = (f: string, required: boolean): number | null => {
    const v = r[f];
    if (absent(v)) {
      if (required) out.add('required_missing');
      return null;
    }
    const ms = instant(v);
    if (ms === null) out.add('bad_timestamp');
    else if (ms > now + 86_400_000) out.add('future_timestamp');
    return ms;
  };
  const en = (f: string, values: string[], required: boolean): void => {
    const v = r[f];
    if (absent(v)) {
      if (required) out.add('required_missing');
    } else if (!values.includes(String(v))) out.add('unknown_enum');
  };
  const region = (f: string, required: boolean): void => {
    if (absent(r[f])) {
      if (required) out.add('required_missing');
    } else if (!REGION.test(String(r[f]))) out.add('bad_region_code');
  };
  const num = (f: string): void => {
    if (!absent(r[f]) && !wholeNumber(r[f])) out.add('bad_number');
  };

  switch (kind) {
    case 'cases': {
      req('case_id', 'item_code', 'dept_code');
      if (String(r.case_id ?? '').length > 64) out.add('too_long');
      region('region_code', true);
      en('channel', ENUMS.channel, true);
      en('window_type', ENUMS.window_type, false);
      en('applicant_type', ENUMS.applicant_type, true);
      en('status', ENUMS.status, true);
      en('limit_unit', ENUMS.limit_unit, false);
      for (const f of ['promised_limit', 'legal_limit', 'trips']) num(f);
      if (wholeNumber(r.promised_limit) && wholeNumber(r.legal_limit) && (r.legal_limit as number) < (r.promised_limit as number)) out.add('legal_below_promised');
      if (r.channel === 'window' && absent(r.window_type)) out.add('window_type_missing');
      ts('submitted_at', true);
      ts('updated_at', true);
      ts('withdrawn_at', false);
      const accepted = ts('accepted_at', false);
      const finished = ts('finished_at', false);
      const status = String(r.status);
      if (absent(r.accepted_at) && !['submitted', 'not_accepted', 'withdrawn'].includes(status)) out.add('accepted_at_missing');
      if ((status === 'finished' || status === 'denied') && absent(r.finished_at)) out.add('finished_without_finished_at');
      if (!absent(r.finished_at) && !['finished', 'denied', 'withdrawn'].includes(status)) out.add('finished_at_with_open_status');
      if (accepted !== null && finished !== null && finished < accepted) out.add('finished_before_accepted');
      break;
    }
    case 'steps': {
      req('case_id');
      if (absent(r.seq)) out.add('required_missing');
      else if (!(typeof r.seq === 'number' && Number.isInteger(r.seq) && r.seq >= 1)) out.add('bad_number');
      en('step_type', ENUMS.step_type, true);
      const s = ts('started_at', true);
      const e = ts('ended_at', false);
      ts('updated_at', true);
      if (s !== null && e !== null && e < s) out.add('ended_before_started');
      break;
    }
    case 'ratings': {
      req('rating_id');
      if (absent(r.case_id)) req('item_code', 'dept_code', 'region_code');
      region('region_code', false);
      en('channel', ENUMS.rating_channel, true);
      if (absent(r.level)) out.add('required_missing');
      else if (!(typeof r.level === 'number' && Number.isInteger(r.level) && r.level >= 1 && r.level <= 5)) out.add('bad_level');
      ts('rated_at', true);
      ts('verified_at', false);
      ts('rectified_at', false);
      ts('updated_at', true);
      for (const f of ['is_active', 'invalidated']) if (!absent(r[f]) && !isBool(r[f])) out.add('bad_boolean');
      en('rectify_result', ENUMS.rectify_result, false);
      if (typeof r.comment === 'string' && r.comment.length > 2000) out.add('too_long');
      break;
    }
    case 'items': {
      req('item_code', 'item_name', 'dept_code');
      en('item_type', ENUMS.item_type, true);
      region('region_code', true);
      for (const f of ['legal_limit', 'promised_limit']) {
        if (absent(r[f])) out.add('required_missing');
        else num(f);
      }
      num('max_trips');
      if (wholeNumber(r.promised_limit) && wholeNumber(r.legal_limit) && (r.legal_limit as number) < (r.promised_limit as number)) out.add('legal_below_promised');
      en('limit_unit', ENUMS.limit_unit, false);
      if (!absent(r.is_immediate) && !isBool(r.is_immediate)) out.add('bad_boolean');
      ts('updated_at', true);
      break;
    }
    case 'regions':
      region('region_code', true);
      req('region_name');
      region('parent_code', false);
      ts('updated_at', false);
      break;
    case 'depts':
      req('dept_code', 'dept_name');
      region('region_code', true);
      ts('updated_at', false);
      break;
    case 'calendar':
      if (absent(r.date)) out.add('required_missing');
      else if (!validDate(r.date)) out.add('bad_date');
      if (absent(r.is_workday)) out.add('required_missing');
      else if (!isBool(r.is_workday)) out.add('bad_boolean');
      break;
  }
  return [...out];
}
