// 电子监察 endpoints (server/supervision/README.md): case list / export / detail,
// 督办 notices and their events, the 差评 closed loop and appeals.
// Payload types are the server's (style.md: `import type` only).
import type { z } from 'zod';
import type {
  Action,
  ActionListResponse as ActionListSchema,
  Appeal,
  BadRatingsResponse as BadRatingsSchema,
  CaseListResponse,
  CaseRow,
  IssueActionBody,
  UserActionEvent,
} from '../../../server/api/supervision-schemas.ts';
import type { CaseDetail } from '../../../server/supervision/detail.ts';
import { getJson, postJson } from './http.ts';

export type { Action, Appeal, CaseDetail, CaseListResponse, CaseRow, IssueActionBody, UserActionEvent };
export type ActionListResponse = z.infer<typeof ActionListSchema>;
export type BadRatingsResponse = z.infer<typeof BadRatingsSchema>;
export type BadRatingRow = BadRatingsResponse['rows'][number];
export type ActionEvent = NonNullable<Action['history']>[number];

export interface Paged<T> {
  total: number;
  page: number;
  pageSize: number;
  rows: T[];
}

/**
 * `?k=v…` keeping empty values: `dept=` / `item=` (empty) is the drill-down of a
 * 未知部门 / 未知事项 unit, which http.ts's toQueryString would drop.
 */
export function rawQuery(params: Record<string, string>): string {
  const text = new URLSearchParams(params).toString();
  return text ? `?${text}` : '';
}

export const fetchCases = (params: Record<string, string>) =>
  getJson<CaseListResponse>(`/api/supervision/cases${rawQuery(params)}`);

/** The export is a plain download link (the server streams the file and audits it). */
export const caseExportUrl = (params: Record<string, string>, format: 'xlsx' | 'csv'): string => {
  const { page: _p, pageSize: _s, ...filters } = params;
  return `/api/supervision/cases/export${rawQuery({ ...filters, format })}`;
};

export const fetchCase = (caseId: string, asOf?: string) =>
  getJson<CaseDetail>(`/api/supervision/cases/${encodeURIComponent(caseId)}`, { asOf });

export const issueAction = (body: IssueActionBody) => postJson<Action>('/api/supervision/actions', body);

export const postActionEvent = (actionId: string, type: UserActionEvent, text: string) =>
  postJson<Action>(`/api/supervision/actions/${encodeURIComponent(actionId)}/events`, { type, text, attachments: [] });

export interface ActionListParams {
  state?: string;
  escalation?: string;
  caseId?: string;
  page: number;
  pageSize: number;
}
export const fetchActions = (q: ActionListParams) => getJson<ActionListResponse>('/api/supervision/actions', { ...q });
export const fetchAction = (actionId: string) => getJson<Action>(`/api/supervision/actions/${encodeURIComponent(actionId)}`);

export const fetchBadRatings = (params: Record<string, string>) =>
  getJson<BadRatingsResponse>(`/api/supervision/bad-ratings${rawQuery(params)}`);

export const submitAppeal = (ratingId: string, reason: string) => postJson<Appeal>('/api/supervision/appeals', { ratingId, reason });
export const decideAppeal = (appealId: string, decision: 'uphold' | 'reject', note: string) =>
  postJson<Appeal>(`/api/supervision/appeals/${encodeURIComponent(appealId)}/decision`, { decision, note });
export const fetchAppeals = (q: { status?: string; page: number; pageSize: number }) =>
  getJson<Paged<Appeal>>('/api/supervision/appeals', { ...q });
