// 第三方评估: index systems, scorecards (create, recompute, export, verify), 通报
// (server/routes/evaluation.ts; payload types from server/api/evaluation-schemas.ts).
import type {
  IndexNode, IndexSystem, IndexSystemInput, LeafResult, Scorecard, ScorecardLine, ScorecardRequest, ScorecardSummary, VerifyResult,
} from '../../../server/api/evaluation-schemas.ts';
import type { LineDiff } from '../../../server/evaluation/scorecards.ts';
import type { Notice } from '../../../server/evaluation/notices.ts';
import type { ExternalValue, RowError } from '../../../server/evaluation/external.ts';
import { ApiRequestError, chineseMessage, getJson, postJson } from './http.ts';
import { uploadFile } from './calendar.ts';

export type {
  ExternalValue, IndexNode, IndexSystem, IndexSystemInput, LeafResult, LineDiff, Notice, RowError, Scorecard, ScorecardLine, ScorecardRequest, ScorecardSummary, VerifyResult,
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

// 外部指标 (evaluator uploads; admin reads): template link, CSV upload (all-or-nothing, per-row errors), listing.
export const EXTERNAL_TEMPLATE_URL = '/api/evaluation/external-indicators/template';
export const fetchExternalValues = (code?: string) =>
  getJson<{ values: ExternalValue[] }>('/api/evaluation/external-indicators', { code }).then((r) => r.values);
export type ExternalUploadResult = { ok: true; imported: number; batchId: string } | { ok: false; message: string; rows: RowError[] };
/** POSTs a CSV or XLSX file; a 400 with per-row errors comes back as { ok: false, rows } (other failures throw ApiRequestError). */
export async function uploadExternalFile(file: Blob | string): Promise<ExternalUploadResult> {
  let res: Response;
  try {
    res = await fetch('/api/evaluation/external-indicators', {
      method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json', 'content-type': typeof file === 'string' || !file.type ? 'text/csv' : file.type }, body: file,
    });
  } catch {
    throw new ApiRequestError(0, 'network', '无法连接服务器，请检查网络');
  }
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(await res.text());
  } catch {
    /* not JSON */
  }
  if (res.ok) {
    const r = parsed as { batchId: string; imported: number };
    return { ok: true, imported: r.imported, batchId: r.batchId };
  }
  const error = (parsed as { error?: { code?: string; message?: string; rows?: RowError[] } } | null)?.error;
  const message = chineseMessage(error?.message ?? `请求失败（${res.status}）`);
  if (res.status === 400 && Array.isArray(error?.rows)) return { ok: false, message, rows: error.rows };
  throw new ApiRequestError(res.status, error?.code ?? `http_${res.status}`, message);
}
