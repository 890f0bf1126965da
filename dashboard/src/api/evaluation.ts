// 第三方评估: index systems, scorecards (create, recompute, export, verify), 通报
// (server/routes/evaluation.ts; payload types from server/api/evaluation-schemas.ts).
import type {
  IndexNode, IndexSystem, IndexSystemInput, LeafResult, Scorecard, ScorecardLine, ScorecardRequest, ScorecardSummary, VerifyResult,
} from '../../../server/api/evaluation-schemas.ts';
import type { LineDiff } from '../../../server/evaluation/scorecards.ts';
import type { Notice } from '../../../server/evaluation/notices.ts';
import { getJson, postJson } from './http.ts';
import { uploadFile } from './calendar.ts';

export type {
  IndexNode, IndexSystem, IndexSystemInput, LeafResult, LineDiff, Notice, Scorecard, ScorecardLine, ScorecardRequest, ScorecardSummary, VerifyResult,
};

export interface RecomputeResult {
  scorecard: Scorecard;
  differences: LineDiff[];
}

export type ExportFormat = 'xlsx' | 'csv' | 'pdf';

export const fetchSystems = () => getJson<{ systems: IndexSystem[] }>('/api/evaluation/index-systems').then((r) => r.systems);
export const fetchSystem = (id: string) => getJson<IndexSystem>(`/api/evaluation/index-systems/${encodeURIComponent(id)}`);
export const createSystem = (input: unknown) => postJson<IndexSystem>('/api/evaluation/index-systems', input);
export const fetchScorecards = () => getJson<{ scorecards: ScorecardSummary[] }>('/api/evaluation/scorecards').then((r) => r.scorecards);
export const fetchScorecard = (id: string) => getJson<Scorecard>(`/api/evaluation/scorecards/${encodeURIComponent(id)}`);
export const createScorecard = (req: ScorecardRequest) => postJson<Scorecard>('/api/evaluation/scorecards', req);
export const recomputeScorecard = (id: string) => postJson<RecomputeResult>(`/api/evaluation/scorecards/${encodeURIComponent(id)}/recompute`);
export const fetchNotices = () => getJson<{ notices: Notice[]; today: string }>('/api/evaluation/notices');
/** A plain link: the browser downloads it (Content-Disposition: attachment). */
export const exportUrl = (id: string, format: ExportFormat) =>
  `/api/evaluation/scorecards/${encodeURIComponent(id)}/export?format=${format}`;
export const verifyFile = (file: Blob) => uploadFile<VerifyResult>('/api/evaluation/scorecards/verify', file, 'application/octet-stream');
