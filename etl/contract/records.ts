// Canonical records of data-contract.md after validation and normalization.
// Instants are epoch milliseconds (UTC-correct); dates are 'YYYY-MM-DD'
// Beijing dates. `null` means absent (the contract treats '' and null alike).

export const KINDS = ['regions', 'depts', 'items', 'calendar', 'cases', 'steps', 'ratings'] as const;
export type Kind = (typeof KINDS)[number];

export const CHANNELS = ['window', 'online', 'mobile', 'self_service', 'mail', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];
export const WINDOW_TYPES = ['comprehensive', 'department', 'unknown', 'none'] as const;
export type WindowType = (typeof WINDOW_TYPES)[number];
export const APPLICANT_TYPES = ['person', 'org'] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];
export const CASE_STATUSES = [
  'submitted', 'not_accepted', 'accepted', 'in_progress', 'suspended', 'finished', 'denied', 'withdrawn',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const LIMIT_UNITS = ['workday', 'natural_day'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];
export const STEP_TYPES = [
  'submit', 'accept', 'review', 'decide', 'finish', 'deliver', 'correction', 'special', 'resume',
] as const;
export type StepType = (typeof STEP_TYPES)[number];
export const RATING_CHANNELS = [
  'window_device', 'pc', 'app', 'mini_program', 'self_service', 'hotline', 'sms', 'other',
] as const;
export type RatingChannel = (typeof RATING_CHANNELS)[number];
export const RECTIFY_RESULTS = ['rectified', 'not_substantiated', 'explained'] as const;
export type RectifyResult = (typeof RECTIFY_RESULTS)[number];
export const ITEM_TYPES = ['permit', 'payment', 'confirmation', 'ruling', 'public_service', 'other'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export interface CaseRecord {
  case_id: string;
  item_code: string;
  item_name: string | null;
  dept_code: string;
  dept_name: string | null;
  region_code: string;
  channel: Channel;
  window_type: WindowType; // 'none' when channel is not window and none was given
  applicant_type: ApplicantType;
  applicant_id_hash: string | null; // HMAC-SHA256 hex of the clear id; the clear value is never kept
  contact_phone_masked: string | null; // '138****5678'
  submitted_at: number;
  accepted_at: number | null;
  finished_at: number | null;
  withdrawn_at: number | null;
  status: CaseStatus;
  promised_limit: number | null; // as given by the source; catalogue defaults are applied by the deadline step
  legal_limit: number | null;
  limit_unit: LimitUnit | null;
  trips: number | null;
  fee: number | null;
  source_system: string;
  updated_at: number;
}

export interface StepRecord {
  case_id: string;
  seq: number;
  step_type: StepType;
  step_name: string | null;
  actor_id: string | null;
  started_at: number;
  ended_at: number | null;
  source_system: string;
  updated_at: number;
}

export interface RatingRecord {
  rating_id: string;
  case_id: string | null;
  item_code: string | null;
  dept_code: string | null;
  region_code: string | null;
  channel: RatingChannel;
  level: 1 | 2 | 3 | 4 | 5;
  rated_at: number;
  tags: string[];
  comment: string | null;
  is_active: boolean;
  invalidated: boolean;
  verified_at: number | null;
  rectified_at: number | null;
  rectify_result: RectifyResult | null;
  source_system: string;
  updated_at: number;
}

export interface ItemRecord {
  item_code: string;
  item_name: string;
  item_type: ItemType;
  dept_code: string;
  region_code: string;
  legal_limit: number;
  promised_limit: number;
  limit_unit: LimitUnit;
  is_immediate: boolean;
  max_trips: number | null;
  online_depth: number | null;
  updated_at: number;
}

export interface RegionRecord {
  region_code: string;
  region_name: string;
  parent_code: string | null; // derived from the code when absent (see etl/pipeline/region-parent.ts)
  updated_at: number | null;
}

export interface DeptRecord {
  dept_code: string;
  dept_name: string;
  region_code: string;
  updated_at: number | null;
}

export interface CalendarRecord {
  date: string; // YYYY-MM-DD
  is_workday: boolean;
  note: string | null;
}

export interface RecordOfKind {
  regions: RegionRecord;
  depts: DeptRecord;
  items: ItemRecord;
  calendar: CalendarRecord;
  cases: CaseRecord;
  steps: StepRecord;
  ratings: RatingRecord;
}

/** A source row before mapping/validation: field name → raw value as read. */
export type RawRecord = Record<string, unknown>;

/** Where a raw row came from, for quarantine and import order. */
export interface RowOrigin {
  source: string; // source system / connector name
  file: string; // file name, or 'page:<cursor>' for HTTP pulls
  line: number; // 1-based data line (header excluded) or index within the page
}

/** Machine-readable reasons a row is quarantined (one test each). */
export const QUARANTINE_REASONS = [
  'required_missing',
  'unknown_enum',
  'bad_timestamp',
  'future_timestamp',
  'bad_region_code',
  'bad_number',
  'too_long',
  'finished_before_accepted',
  'finished_without_finished_at',
  'finished_at_with_open_status',
  'accepted_at_missing',
  'window_type_missing',
  'legal_below_promised',
  'ended_before_started',
  'bad_boolean',
  'bad_date',
  'bad_level',
  'malformed_row',
  'bad_type', // a JSON object/array where the contract wants a scalar (or tags that are not strings)
] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

export interface Rejection {
  field: string | null;
  reason: QuarantineReason;
  detail: string; // human-readable English, with the offending value (truncated)
}

export type Validated<T> = { ok: true; record: T } | { ok: false; rejection: Rejection };
