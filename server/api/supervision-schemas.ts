// zod schemas of the supervision endpoints (api.md: /api/supervision/*).
// The dashboard imports the inferred types only (`import type`). Messages are
// "中文 / English"; routes parse with parseQuery (server/metrics/request.ts),
// which names the parameter. Query objects are strict: an unknown parameter
// is a 400, never silently ignored (a mistyped `state` must not list every case).
import { z } from 'zod';
import { ANOMALY_TYPES } from '../../etl/anomalies/types.ts';
import { REGION_LEVELS } from '../sql/regions.ts';
import { isValidDate } from '../sql/literal.ts';
import { FilterQuery } from './schemas.ts';

// ---- building blocks ----------------------------------------------------------

const day = z.string().refine(isValidDate, '日期格式应为 YYYY-MM-DD / expected a YYYY-MM-DD date');

/** A comma-separated list of allowed values. */
const csvOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z
    .string()
    .transform((s) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))])
    .pipe(z.array(z.enum(values, `未知${what} / unknown ${what}`)).min(1, '至少一个取值 / at least one value'));

/** '1'/'true' → true, '0'/'false' → false (query flags). */
const flag = z.enum(['0', '1', 'true', 'false'], '应为 0 或 1 / expected 0 or 1').transform((v) => v === '1' || v === 'true');

const page = z.coerce.number().int('应为整数 / expected an integer').min(1, '页码从 1 开始 / pages start at 1').max(1_000_000).default(1);
/** api: page size at most 200. */
export const MAX_PAGE_SIZE = 200;
const pageSize = z.coerce.number().int('应为整数 / expected an integer').min(1).max(MAX_PAGE_SIZE, `每页最多 ${MAX_PAGE_SIZE} 条 / at most ${MAX_PAGE_SIZE} rows per page`).default(50);

const asOf = z.string().max(40);

export const CASE_STATES = ['warning', 'yellow', 'red', 'late_finished', 'anomaly'] as const;
export type CaseState = (typeof CASE_STATES)[number];
export const CASE_BASES = ['accepted', 'finished', 'open', 'ratings', 'catalogue'] as const;
export type CaseBase = (typeof CASE_BASES)[number];

/** Sort keys of the case list (the allow-list; `-key` = descending). */
export const CASE_SORT_KEYS = ['accepted_at', 'finished_at', 'due_date', 'legal_due_date', 'overdue', 'case_id', 'dept', 'region', 'item', 'rated_at', 'level'] as const;
export type CaseSortKey = (typeof CASE_SORT_KEYS)[number];
const sort = z
  .string()
  .regex(new RegExp(`^-?(?:${CASE_SORT_KEYS.join('|')})$`), `排序字段应为 ${CASE_SORT_KEYS.join('|')}（可加 - 前缀表示降序） / sort is one of ${CASE_SORT_KEYS.join('|')}, optionally prefixed with -`);

// ---- case list / export -------------------------------------------------------

/**
 * The case list's filters: exactly the drill-down keys of server/metrics/drill.ts
 * (from, to, asOf, region, dept, item, channel, ratingChannel, regionSelf,
 * regionUnknown, base, state, bad, card) plus the list's own.
 */
const caseFilterShape = {
  ...FilterQuery.shape,
  // `dept=` / `item=` (empty): the drill-down of a 未知部门 / 未知事项 unit — records
  // without one (ratings of a service without a case). Parsed to an empty list.
  dept: z.union([z.literal('').transform((): string[] => []), FilterQuery.shape.dept.unwrap()]).optional(),
  item: z.union([z.literal('').transform((): string[] => []), FilterQuery.shape.item.unwrap()]).optional(),
  from: day.optional(),
  to: day.optional(),
  asOf: asOf.optional(),
  regionSelf: flag.optional(),
  regionUnknown: flag.optional(),
  /** Grouping level a 本级 drill came from (default: one below the region). */
  level: z.enum(REGION_LEVELS, 'level 应为 province|city|county|township / level is province|city|county|township').optional(),
  base: z.enum(CASE_BASES, 'base 应为 accepted|finished|open|ratings / base is accepted|finished|open|ratings').optional(),
  state: csvOf(CASE_STATES, '办件状态 state').optional(),
  card: z.enum(['yellow', 'red'], 'card 应为 yellow|red / card is yellow|red').optional(),
  bad: flag.optional(),
  anomalyType: csvOf(ANOMALY_TYPES, '异常类型 anomalyType').optional(),
  minOverdue: z.coerce.number().int('应为整数 / expected an integer').min(0).max(100_000).optional(),
  sort: sort.optional(),
};

export const CaseListQuery = z.strictObject({ ...caseFilterShape, page, pageSize });
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export const CaseExportQuery = z.strictObject({
  ...caseFilterShape,
  format: z.enum(EXPORT_FORMATS, 'format 应为 xlsx|csv / format is xlsx|csv').default('xlsx'),
});
export type CaseExportQuery = z.infer<typeof CaseExportQuery>;

export const CaseDetailQuery = z.strictObject({ asOf: asOf.optional() });

// ---- responses: cases -----------------------------------------------------------

export const CARDS = ['warning', 'yellow', 'red'] as const;
export type Card = (typeof CARDS)[number];

/** Applicant data as a role may see it (server/supervision/masking.ts); null for evaluators. */
export const Applicant = z.object({
  type: z.enum(['person', 'org']),
  /** First 8 hex characters of the HMAC hash + '…', inspector/admin only; null otherwise or when absent. */
  idHashPrefix: z.string().nullable(),
  /** Always masked (138****5678); null when absent. */
  phone: z.string().nullable(),
}).nullable();

export const RatingSummary = z.object({
  ratingId: z.string(),
  level: z.number().int(),
  channel: z.string(),
  ratedAt: z.string(),
});

export const CaseRow = z.object({
  caseId: z.string(),
  itemCode: z.string(),
  itemName: z.string(),
  deptCode: z.string(),
  deptName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  channel: z.string(),
  status: z.string(),
  acceptedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  dueDate: z.string().nullable(),
  legalDueDate: z.string().nullable(),
  /** #{working days d : due_date < d ≤ date(finished_at or as_of)}; null without a deadline or for a withdrawn case. */
  overdueWorkdays: z.number().int().nullable(),
  /** Card at as_of: open cases' 预警/黄牌/红牌, or the record card of a case finished late (黄牌/红牌). */
  card: z.enum(CARDS).nullable(),
  openAtAsOf: z.boolean(),
  suspendedAtAsOf: z.boolean(),
  hasDeadline: z.boolean(),
  anomalyTypes: z.array(z.string()),
  /** state=anomaly lists: each anomaly with its evidence. */
  anomalies: z.array(z.object({ type: z.string(), ratingId: z.string(), evidence: z.unknown() })).optional(),
  applicant: Applicant,
  /** base=ratings lists: the rating this row stands for (the case fields are empty for a rating without a case). */
  rating: RatingSummary.optional(),
});
export type CaseRow = z.infer<typeof CaseRow>;

export const CaseListResponse = z.object({
  base: z.enum(['accepted', 'finished', 'open', 'ratings']),
  states: z.array(z.enum(CASE_STATES)),
  period: z.object({ from: z.string(), to: z.string() }),
  asOf: z.string(),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  sort: z.string(),
  rows: z.array(CaseRow),
});
export type CaseListResponse = z.infer<typeof CaseListResponse>;

export const CaseStep = z.object({
  seq: z.number().int(),
  type: z.string(),
  name: z.string(),
  actorId: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /** ended_at − started_at, else the next step's start − started_at; null for the last open step. */
  durationSeconds: z.number().nullable(),
  durationBasis: z.enum(['ended_at', 'next_step']).nullable(),
});

export const CaseSuspension = z.object({
  start: z.string(),
  end: z.string(),
  /** Working days this interval added to the deadline (workday unit), #{wd d : date(s) < d ≤ date(e)}. */
  workdays: z.number().int(),
  naturalDays: z.number().int(),
  label: z.string(),
});

export const CaseRating = z.object({
  ratingId: z.string(),
  level: z.number().int(),
  channel: z.string(),
  ratedAt: z.string(),
  tags: z.array(z.string()),
  /** null for evaluators (api.md: no free-text comments). */
  comment: z.string().nullable(),
  isActive: z.boolean(),
  invalidated: z.boolean(),
  verifiedAt: z.string().nullable(),
  rectifiedAt: z.string().nullable(),
  rectifyResult: z.string(),
  rectifyLimitAt: z.string().nullable(),
  /** 差评 closed-loop status at as_of; null for levels 3–5. */
  badStatus: z.string().nullable(),
});

export const AnomalyFinding = z.object({
  type: z.string(),
  ratingId: z.string(),
  actorId: z.string(),
  eventAt: z.string(),
  detectedAt: z.string(),
  evidence: z.unknown(),
});

// ---- 督办 ------------------------------------------------------------------------

export const ACTION_STATES = ['issued', 'responded', 'returned', 'accepted', 'closed'] as const;
export type ActionState = (typeof ACTION_STATES)[number];
export const ESCALATIONS = ['none', 'yellow', 'red'] as const;
export type Escalation = (typeof ESCALATIONS)[number];
export const ACTION_EVENT_TYPES = ['issue', 'respond', 'accept', 'return', 'close', 'auto_close', 'escalate'] as const;
export type ActionEventType = (typeof ACTION_EVENT_TYPES)[number];
/** Events a user may post (issue has its own endpoint; auto_close and escalate are the scheduled check's). */
export const USER_ACTION_EVENTS = ['respond', 'accept', 'return', 'close'] as const;
export type UserActionEvent = (typeof USER_ACTION_EVENTS)[number];

const code = z.string().trim().min(1).max(128, '代码过长 / code too long');
const longText = (max: number) => z.string().trim().max(max, `最多 ${max} 字 / at most ${max} characters`);

export const IssueActionBody = z.strictObject({
  /** A notice for one case … */
  caseId: code.optional(),
  /** … or for a unit. */
  unit: z.strictObject({ kind: z.enum(['dept', 'region'], 'unit.kind 应为 dept|region / unit.kind is dept|region'), code }).optional(),
  reason: longText(2000).min(1, '请填写督办事由 / a reason is required'),
  /** Deadline in working days after the issue date (the issue day itself does not count). */
  deadlineWorkdays: z.number().int('应为整数 / expected an integer').min(1).max(250),
  /** Default: the case's dept, or the unit dept. Required for a region notice. */
  responsibleDept: code.optional(),
  /** Working days after the due date until the notice turns red (default: config, 5). */
  redAfterWorkdays: z.number().int().min(1).max(250).optional(),
}).refine((b) => (b.caseId === undefined) !== (b.unit === undefined), {
  message: '应且仅应指定 caseId 或 unit 之一 / give exactly one of caseId and unit',
  path: ['caseId'],
});
export type IssueActionBody = z.infer<typeof IssueActionBody>;

export const ActionEventBody = z.strictObject({
  type: z.enum(USER_ACTION_EVENTS, 'type 应为 respond|accept|return|close / type is respond|accept|return|close'),
  text: longText(4000).default(''),
  /** Attachment file names (the files themselves live in the document system). */
  attachments: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
});
export type ActionEventBody = z.infer<typeof ActionEventBody>;

export const ActionListQuery = z.strictObject({
  state: csvOf(ACTION_STATES, '督办状态 state').optional(),
  escalation: csvOf(ESCALATIONS, '升级状态 escalation').optional(),
  targetKind: z.enum(['case', 'dept', 'region']).optional(),
  caseId: code.optional(),
  dept: code.optional(),
  region: z.string().regex(/^(?:\d{6}|\d{12})$/, '区划代码应为 6 或 12 位数字 / a region code has 6 or 12 digits').optional(),
  asOf: asOf.optional(),
  page,
  pageSize,
});
export type ActionListQuery = z.infer<typeof ActionListQuery>;
export const ActionDetailQuery = z.strictObject({ asOf: asOf.optional() });

export const ActionEvent = z.object({
  eventId: z.string(),
  type: z.enum(ACTION_EVENT_TYPES),
  actor: z.string(),
  actorRole: z.string(),
  at: z.string(),
  text: z.string(),
  attachments: z.array(z.string()),
  level: z.string(),
  /** False for an event that was not a valid transition when replayed (a concurrent write lost the race). */
  applied: z.boolean(),
});

export const Action = z.object({
  actionId: z.string(),
  target: z.object({ kind: z.enum(['case', 'dept', 'region']), code: z.string(), name: z.string() }),
  caseId: z.string().nullable(),
  deptCode: z.string(),
  regionCode: z.string(),
  responsibleDept: z.object({ code: z.string(), name: z.string() }),
  reason: z.string(),
  deadlineWorkdays: z.number().int(),
  redAfterWorkdays: z.number().int(),
  issuedAt: z.string(),
  issuedBy: z.string(),
  dueDate: z.string(),
  dueAt: z.string(),
  redDate: z.string(),
  asOf: z.string(),
  state: z.enum(ACTION_STATES),
  /** 黄/红 at as_of: past the due date without an accepted response / past it by red_after working days. */
  escalation: z.enum(ESCALATIONS),
  closedBy: z.enum(['inspector', 'auto']).nullable(),
  /** The case finished by as_of but the scheduled check has not written its auto_close yet. */
  autoClosePending: z.boolean(),
  lastEventAt: z.string(),
  history: z.array(ActionEvent).optional(),
});
export type Action = z.infer<typeof Action>;

export const ActionListResponse = z.object({
  asOf: z.string(),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  rows: z.array(Action),
});

// ---- 好差评 closed loop and appeals ---------------------------------------------------

export const BAD_STATUSES = ['pending_visit', 'visited', 'rectified', 'overdue'] as const;
export type BadStatus = (typeof BAD_STATUSES)[number] | 'invalidated';

export const BadRatingsQuery = z.strictObject({
  ...FilterQuery.shape,
  from: day.optional(),
  to: day.optional(),
  asOf: asOf.optional(),
  status: csvOf([...BAD_STATUSES, 'invalidated'] as const, '差评状态 status').optional(),
  page,
  pageSize,
});
export type BadRatingsQuery = z.infer<typeof BadRatingsQuery>;

export const BadRatingRow = z.object({
  ratingId: z.string(),
  caseId: z.string(),
  level: z.number().int(),
  channel: z.string(),
  ratedAt: z.string(),
  deptCode: z.string(),
  deptName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  itemCode: z.string(),
  itemName: z.string(),
  verifiedAt: z.string().nullable(),
  rectifiedAt: z.string().nullable(),
  rectifyResult: z.string(),
  rectifyLimitAt: z.string().nullable(),
  status: z.enum([...BAD_STATUSES, 'invalidated']),
  comment: z.string().nullable(),
  appeal: z.object({ appealId: z.string(), status: z.enum(['pending', 'upheld', 'rejected']) }).nullable(),
});

export const BadRatingsResponse = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  asOf: z.string(),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  rows: z.array(BadRatingRow),
});

export const AppealBody = z.strictObject({
  ratingId: code,
  reason: longText(2000).min(1, '请填写申诉理由 / a reason is required'),
});
export const AppealDecisionBody = z.strictObject({
  decision: z.enum(['uphold', 'reject'], 'decision 应为 uphold|reject / decision is uphold|reject'),
  note: longText(2000).default(''),
});
export const AppealListQuery = z.strictObject({
  status: csvOf(['pending', 'upheld', 'rejected'] as const, '申诉状态 status').optional(),
  page,
  pageSize,
});

export const Appeal = z.object({
  appealId: z.string(),
  ratingId: z.string(),
  caseId: z.string(),
  deptCode: z.string(),
  regionCode: z.string(),
  reason: z.string(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  status: z.enum(['pending', 'upheld', 'rejected']),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  note: z.string().nullable(),
});
export type Appeal = z.infer<typeof Appeal>;
